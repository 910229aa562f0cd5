"""Archives (.zip, .gz) and Excel "Unicode text" as sources; hostile archives refused cleanly.

Every fixture is built here in tmp_path: member names and contents follow the vendors'
documented shapes (Salesforce's weekly export ZIP of object CSVs, Mailchimp's audience ZIP),
the bombs are generated small.
"""

from __future__ import annotations

import codecs
import gzip
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.core.db import connect, list_tables
from gdpr_audit.core.errors import InputError
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.readers import archive

SECRET = "Geheimnis-4711"  # a cell value that must never appear in an error message
CONTACT_CSV = (
    "Id,FirstName,LastName,Email,MailingCity\n"
    f"0035g00000AbCdEAAV,Ann,Lee,ann@example.com,{SECRET}\n"
    "0035g00000AbCdFAAV,Bo,Ray,bo@example.org,Köln\n"
)
MAILCHIMP_CSV = (
    '"Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME\n'
    'ann@example.com,Ann,Lee,2,"2024-01-31 10:00:00"\n'
)


@pytest.fixture
def con(db_path: Path):
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temporary folder redirected, to see what extraction leaves behind."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def write_zip(path: Path, members: dict[str, bytes | str], **kw: object) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **kw) as zf:  # type: ignore[arg-type]
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def log_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT path, table_name, sha256, rows_read, rows_loaded, loaded_at FROM load_log "
        "ORDER BY path"
    ).fetchall()


def test_zip_members_load_with_provenance_into_the_archive(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, private_tmp: Path
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    write_zip(
        export / "WE_00D5g000001_1.zip",
        {
            "Contact.csv": CONTACT_CSV,
            "Data/Individual.csv": "Id,FirstName\n0PK5g000000AbCdEAA,Ann\n",
            "Attachments/00P5g00000XyZ.pdf": b"%PDF-1.4 binary",
            "__MACOSX/._Contact.csv": b"\x00\x05\x16\x07",
            ".hidden.csv": "a,b\n1,2\n",
        },
    )
    report = load_paths(con, [export])
    assert [(s.path, s.table_name, s.rows_loaded) for s in report.sources] == [
        ("WE_00D5g000001_1.zip!Contact.csv", "we_00d5g000001_1_zip_contact", 2),
        ("WE_00D5g000001_1.zip!Data/Individual.csv", "we_00d5g000001_1_zip_data__individual", 1),
    ]
    assert report.notes == [
        "skipped WE_00D5g000001_1.zip!Attachments/00P5g00000XyZ.pdf: unknown file type"
    ]
    rows = con.execute(
        'SELECT "Id", "MailingCity", _source_file, _record_no '
        "FROM raw.we_00d5g000001_1_zip_contact ORDER BY _record_no"
    ).fetchall()
    assert rows == [
        ("0035g00000AbCdEAAV", SECRET, "WE_00D5g000001_1.zip!Contact.csv", 1),
        ("0035g00000AbCdFAAV", "Köln", "WE_00D5g000001_1.zip!Contact.csv", 2),
    ]
    sizes = con.execute("SELECT size_bytes FROM load_log ORDER BY path").fetchall()
    assert sizes[0][0] == len(CONTACT_CSV.encode())  # the member's size, not the archive's
    assert list(private_tmp.iterdir()) == []  # extracted members are gone after the load


def test_unchanged_archive_is_a_no_op_and_a_changed_member_reloads(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = write_zip(
        tmp_path / "audience.zip",
        {"subscribed.csv": MAILCHIMP_CSV, "unsubscribed.csv": '"Email Address",UNSUB_TIME\n'},
    )
    load_paths(con, [path])
    before = log_rows(con)
    again = load_paths(con, [path])
    assert all(s.skipped_unchanged for s in again.sources) and len(again.sources) == 2
    assert log_rows(con) == before  # not even loaded_at moved
    write_zip(
        path,
        {
            "subscribed.csv": MAILCHIMP_CSV + "bo@example.org,Bo,Ray,3,\n",
            "unsubscribed.csv": '"Email Address",UNSUB_TIME\n',
        },
    )
    third = load_paths(con, [path])
    assert [(s.path, s.skipped_unchanged, s.rows_loaded) for s in third.sources] == [
        ("audience.zip!subscribed.csv", False, 2),
        ("audience.zip!unsubscribed.csv", True, 0),
    ]
    assert con.execute("SELECT count(*) FROM raw.audience_zip_subscribed").fetchone() == (2,)


def test_gzip_nested_archives_and_depth_limit(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "contacts.csv.gz").write_bytes(gzip.compress(CONTACT_CSV.encode()))
    write_zip(
        folder / "outer.zip",
        {
            "inner.zip": zip_bytes({"Contact.csv": CONTACT_CSV}),
            "leads.csv.gz": gzip.compress(b"Id,Company\n00Q1,ACME\n"),
        },
    )
    report = load_paths(con, [folder])
    assert sorted((s.path, s.table_name, s.rows_loaded) for s in report.sources) == [
        ("contacts.csv.gz", "contacts_csv", 2),
        ("outer.zip!inner.zip!Contact.csv", "outer_zip_inner_zip_contact", 2),
        ("outer.zip!leads.csv.gz", "outer_zip_leads_csv", 1),
    ]
    deep = write_zip(
        tmp_path / "deep.zip", {"a.zip": zip_bytes({"b.zip": zip_bytes({"c.csv": "x,y\n1,2\n"})})}
    )
    with pytest.raises(InputError, match=r"deep\.zip!a\.zip!b\.zip: archives nested more than 2"):
        load_paths(con, [deep])


def test_excel_unicode_text_is_a_source_other_txt_is_not(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # Excel "Save as Unicode Text": UTF-16 LE with BOM, tab-separated, CRLF
    text = 'Kundennummer\tName\tOrt\r\nK-1\tMüller\tMünchen\r\nK-2\tÇelik\t"Köln, Süd"\r\n'
    (tmp_path / "Kunden.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (tmp_path / "README.txt").write_text("Export of 2026-11-28\n", "utf-8")
    write_zip(
        tmp_path / "more.zip",
        {
            "Lieferanten.txt": codecs.BOM_UTF16_LE + "Nr\tName\r\n7\tWeiß\r\n".encode("utf-16-le"),
            "notes.txt": "not a table\n",
        },
    )
    report = load_paths(con, [tmp_path])
    by_path = {s.path: s for s in report.sources}
    assert set(by_path) == {"Kunden.txt", "more.zip!Lieferanten.txt"}
    assert (by_path["Kunden.txt"].encoding, by_path["Kunden.txt"].delimiter) == ("utf-16", "\t")
    rows = con.execute('SELECT "Name", "Ort" FROM raw.kunden ORDER BY _record_no').fetchall()
    assert rows == [("Müller", "München"), ("Çelik", "Köln, Süd")]
    assert con.execute('SELECT "Name" FROM raw.more_zip_lieferanten').fetchall() == [("Weiß",)]
    assert "skipped README.txt: unknown file type" in report.notes
    assert "skipped more.zip!notes.txt: .txt without a UTF-16 byte-order mark" in report.notes


@pytest.mark.parametrize(
    "member",
    [
        "../evil.csv",
        "ok/../../evil.csv",
        "/etc/evil.csv",
        "C:/evil.csv",
        "C:evil.csv",
        "..\\evil.csv",
        "\\\\server\\share\\evil.csv",
    ],
)
def test_member_names_that_escape_are_refused_before_anything_is_written(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, member: str
) -> None:
    write_zip(tmp_path / "a_first.zip", {"Contact.csv": CONTACT_CSV})
    write_zip(tmp_path / "trick.zip", {"fine.csv": "a,b\n1,2\n", member: "a,b\n1,2\n"})
    with pytest.raises(InputError, match=r"trick\.zip!.*points outside the archive") as err:
        load_paths(con, [tmp_path])
    assert SECRET not in str(err.value)
    assert not [t for t in list_tables(con) if t.startswith("raw.")]
    assert not (tmp_path.parent / "evil.csv").exists()


def test_encrypted_member_and_symlink_are_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    if shutil.which("zip") is None:
        pytest.skip("the zip tool makes a real ZipCrypto archive")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "Contact.csv").write_text(CONTACT_CSV, "utf-8")
    subprocess.run(
        ["zip", "-q", "-P", "pw", str(tmp_path / "locked.zip"), "Contact.csv"],
        cwd=tmp_path / "src",
        check=True,
    )
    with pytest.raises(InputError, match=r"locked\.zip!Contact\.csv: encrypted member"):
        load_paths(con, [tmp_path / "locked.zip"])
    link = zipfile.ZipInfo("Contact.csv")
    link.external_attr = 0o120777 << 16  # a symlink entry, as `zip --symlinks` writes it
    with zipfile.ZipFile(tmp_path / "link.zip", "w") as zf:
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(InputError, match=r"link\.zip!Contact\.csv: symbolic link"):
        load_paths(con, [tmp_path / "link.zip"])


def _corrupt_member(path: Path) -> None:
    data = bytearray(path.read_bytes())
    start = data.index(b"Contact.csv") + len(b"Contact.csv")  # local header name, then data
    for i in range(start + 5, start + 25):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 not really"), r"bad\.zip: corrupt or truncated zip"),
        (
            lambda p: p.write_bytes(zip_bytes({"Contact.csv": CONTACT_CSV * 50})[:-30]),
            r"bad\.zip: corrupt or truncated zip",
        ),
        (
            lambda p: (write_zip(p, {"Contact.csv": CONTACT_CSV * 50}), _corrupt_member(p)),
            r"bad\.zip!Contact\.csv: corrupt member",
        ),
    ],
)
def test_corrupt_zip_is_one_clear_error(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, make, message: str
) -> None:
    make(tmp_path / "bad.zip")
    with pytest.raises(InputError, match=message) as err:
        load_paths(con, [tmp_path / "bad.zip"])
    assert SECRET not in str(err.value)


def test_truncated_gzip_is_one_clear_error(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    data = gzip.compress((CONTACT_CSV * 200).encode())
    (tmp_path / "contacts.csv.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"contacts\.csv\.gz: corrupt or truncated gzip"):
        load_paths(con, [tmp_path / "contacts.csv.gz"])


BOMB_BYTES = 9 * 1024 * 1024  # above the 8 MB floor; zeros deflate about 1000:1


def test_zip_bomb_refused_by_ratio(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, private_tmp: Path
) -> None:
    bomb = write_zip(tmp_path / "bomb.zip", {"Contact.csv": b"0" * BOMB_BYTES})
    assert bomb.stat().st_size < 64 * 1024
    with pytest.raises(InputError, match=r"bomb\.zip!Contact\.csv: refused, compression ratio"):
        load_paths(con, [bomb])
    nested = write_zip(tmp_path / "nested.zip", {"inner.zip": bomb.read_bytes()})
    with pytest.raises(InputError, match=r"nested\.zip!inner\.zip!Contact\.csv: refused"):
        load_paths(con, [nested])
    (tmp_path / "bomb.csv.gz").write_bytes(gzip.compress(b"0" * BOMB_BYTES))
    with pytest.raises(InputError, match=r"bomb\.csv\.gz: refused, compression ratio"):
        load_paths(con, [tmp_path / "bomb.csv.gz"])
    assert list(private_tmp.iterdir()) == []


def test_zip_whose_header_understates_its_size_is_stopped_while_streaming(
    tmp_path: Path,
) -> None:
    """Declared sizes can lie: the ratio is enforced on the bytes actually produced."""
    bomb = write_zip(tmp_path / "liar.zip", {"Contact.csv": b"0" * BOMB_BYTES})
    data = bomb.read_bytes()
    with zipfile.ZipFile(bomb) as zf:
        info = zf.getinfo("Contact.csv")
    real = info.file_size.to_bytes(4, "little")
    fake = (1000).to_bytes(4, "little")
    # uncompressed size sits 22 bytes into the local header and 24 into the central one
    (tmp_path / "liar.zip").write_bytes(data.replace(real, fake))
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(InputError, match=r"liar\.zip!Contact\.csv: (refused|corrupt member)"):
        archive.expand(tmp_path / "liar.zip", "liar.zip", work)


def test_total_size_and_member_count_limits(tmp_path: Path) -> None:
    members = {f"part{i}.csv": "a,b\n" + "1,2\n" * 200 for i in range(5)}
    path = write_zip(tmp_path / "many.zip", members)
    work = tmp_path / "work"
    work.mkdir()
    ok = archive.expand(path, "many.zip", work)
    assert [label for _, label in ok.files] == [f"many.zip!part{i}.csv" for i in range(5)]
    small = archive.ArchiveLimits(max_total_bytes=3000)
    with pytest.raises(InputError, match=r"many\.zip!part3\.csv: refused, expands to more than"):
        archive.expand(path, "many.zip", work, small)
    with pytest.raises(InputError, match=r"many\.zip: holds 5 files, more than 4"):
        archive.expand(path, "many.zip", work, archive.ArchiveLimits(max_members=4))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdpr_audit.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_refuses_a_bomb_with_exit_2_and_loads_a_good_zip(tmp_path: Path) -> None:
    write_zip(tmp_path / "bomb.zip", {"Contact.csv": b"0" * BOMB_BYTES})
    db = tmp_path / "audit.duckdb"
    bad = _cli("load", str(tmp_path / "bomb.zip"), "--db", str(db))
    assert bad.returncode == 2
    message = " ".join(bad.stderr.split())  # rich wraps long lines at 80 columns
    assert message.startswith("error: bomb.zip!Contact.csv: refused, compression ratio")
    assert message.count("error:") == 1 and "Traceback" not in bad.stderr
    write_zip(tmp_path / "export.zip", {"Contact.csv": CONTACT_CSV})
    ok = _cli("load", str(tmp_path / "export.zip"), "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    assert "canonical model (salesforce): contacts 2" in ok.stdout
    assert SECRET not in ok.stdout + ok.stderr
