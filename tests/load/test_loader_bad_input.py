"""Bad input: a clear one-line InputError or quarantine, never a traceback or a lost row."""

from __future__ import annotations

import codecs
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.core.db import columns_of, connect, list_tables
from gdpr_audit.core.errors import InputError
from gdpr_audit.load.loader import load_paths

DATA = Path(__file__).parent.parent / "data" / "load"
SECRET = "Geheimnis-4711"  # a cell value that must never appear in an error message


@pytest.fixture
def con(db_path: Path):
    connection = connect(db_path)
    yield connection
    connection.close()


def quarantine(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT record_no, reason, raw_record FROM load_quarantine ORDER BY record_no"
    ).fetchall()


@pytest.mark.parametrize(
    ("data", "expected_good", "expected_bad"),
    [
        # BOM declares UTF-8, but a Windows-1252 'ä' follows: that record is quarantined
        (
            codecs.BOM_UTF8 + "id,name\n1,Grüße\n2,M".encode() + b"\xe4rz\n3,ok\n",
            [("1", 1), ("3", 3)],
            [(2, "2,M\\xe4rz")],
        ),
        # valid UTF-8 with a stray byte
        (
            "id,name\n1,Müller\n".encode() + b"2,\xff\xfe\n3,x\n",
            [("1", 1), ("3", 3)],
            [(2, "2,\\xff\\xfe")],
        ),
        # Windows-1252 with a byte Windows-1252 leaves undefined (0x81)
        (
            "id;name\n1;Weiß €\n".encode("cp1252") + b"2;x\x81y\n3;z\n",
            [("1", 1), ("3", 3)],
            [(2, "2;x\\x81y")],
        ),
    ],
)
def test_undecodable_records_are_quarantined_with_bytes_shown(
    con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    data: bytes,
    expected_good: list[tuple],
    expected_bad: list[tuple],
) -> None:
    (tmp_path / "enc.csv").write_bytes(data)
    report = load_paths(con, [tmp_path / "enc.csv"])
    (src,) = report.sources
    assert src.rows_read == 3 == src.rows_loaded + src.rows_quarantined
    got = con.execute("SELECT id, _record_no FROM raw.enc ORDER BY _record_no").fetchall()
    assert got == expected_good
    assert [(q[0], q[2]) for q in quarantine(con)] == expected_bad
    assert "undecodable" in quarantine(con)[0][1] or "undefined" in quarantine(con)[0][1]


def test_ragged_rows_keep_exact_record_numbers(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    lines = ["a,b,c"]
    for i in range(1, 301):
        if i % 50 == 0:
            lines.append(f"{i},short")
        elif i % 7 == 0:
            lines.append(f'{i},"multi\nline",x')
        else:
            lines.append(f"{i},y,z")
    (tmp_path / "r.csv").write_text("\r\n".join(lines) + "\r\n")
    report = load_paths(con, [tmp_path / "r.csv"])
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (300, 294, 6)
    mismatched = con.execute(
        "SELECT count(*) FROM raw.r WHERE CAST(a AS BIGINT) <> _record_no"
    ).fetchone()[0]
    assert mismatched == 0
    assert [(q[0], q[2]) for q in quarantine(con)] == [
        (i, f"{i},short") for i in range(50, 301, 50)
    ]


def test_duplicate_and_blank_column_names(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("Email,,email,Email, \n1,2,3,4,5\n")
    load_paths(con, [tmp_path / "d.csv"])
    assert columns_of(con, "d", "raw") == [
        "Email",
        "column_2",
        "email_2",
        "Email_3",
        "column_5",
        "_source_file",
        "_record_no",
    ]


def test_csv_that_is_really_xlsx(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Kontakte"
    wb.active.append(["id", "name"])
    wb.active.append(["1", "Anna"])
    wb.save(tmp_path / "export.csv")
    report = load_paths(con, [tmp_path / "export.csv"])
    (src,) = report.sources
    assert (src.format, src.table_name, src.rows_loaded) == ("xlsx", "export__kontakte", 1)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("garbage.csv", bytes(range(256)) * 100, "binary data"),
        ("broken.json", b'[{"a": "' + SECRET.encode() + b'"}, {"b": ', "not valid JSON"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 100, "zip archive"),
        ("broken.parquet", b"PAR1" + b"\x00" * 100, "not a readable Parquet"),
        ("legacy.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy Excel"),
    ],
)
def test_unusable_file_stops_the_load_before_any_table(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    (tmp_path / "a_good.csv").write_text("id\n1\n")
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        load_paths(con, [tmp_path])
    text = str(info.value)
    assert name in text and SECRET not in text and "\n" not in text
    if name.endswith((".csv", ".xlsx")):  # sniffing errors come before any table is written
        assert list_tables(con, "raw") == []


def test_missing_path_and_nothing_loadable(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="path not found"):
        load_paths(con, [tmp_path / "nope"])
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "truth.json").write_text("{}")
    with pytest.raises(InputError, match="no loadable files"):
        load_paths(con, [tmp_path])
    with pytest.raises(InputError, match="unsupported file type"):
        load_paths(con, [tmp_path / "notes.md"])


def test_not_a_duckdb_file(tmp_path: Path) -> None:
    bad = tmp_path / "audit.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError, match="cannot open database"):
        connect(bad)


def test_locked_database(tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time, duckdb
            con = duckdb.connect({str(db)!r})
            print("ready", flush=True)
            sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(InputError, match=r"is locked by python \(process \d+\)"):
            connect(db)
    finally:
        holder.communicate("\n", timeout=30)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdpr_audit.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_exit_codes_and_summary(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "contacts.csv").write_bytes((DATA / "contacts_multiline.csv").read_bytes())
    db = tmp_path / "audit.duckdb"
    ok = _cli("load", str(folder), "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    assert "contacts" in ok.stdout and "5 of 7 rows loaded" in ok.stdout
    assert "2 malformed record(s) quarantined" in ok.stderr
    assert "Clara" not in ok.stdout + ok.stderr  # quarantined values are never printed
    again = _cli("load", str(folder), "--db", str(db))
    assert again.returncode == 0 and "unchanged" in again.stdout
    missing = _cli("load", str(tmp_path / "nope"), "--db", str(db))
    assert missing.returncode == 2
    assert missing.stderr.strip().startswith("error: path not found")
    assert "Traceback" not in missing.stderr
    (folder / "bad.csv").write_bytes(bytes(range(256)) * 10)
    bad = _cli("load", str(folder), "--db", str(db))
    assert bad.returncode == 2 and "bad.csv: looks like binary data" in bad.stderr


@pytest.mark.parametrize(
    "data",
    [
        b"id,v\n1,a\n\n2,b\n3\n4,d\n",
        b"id,v\r\n1,a\r\n\r\n\r\n2,b\r\n3\r\n4,d\r\n\r\n",
        b'id,v\n1,"para one\n\npara two"\n\n2,b\n3\n4,d\n',
    ],
)
def test_blank_lines_are_not_records(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, data: bytes
) -> None:
    (tmp_path / "blank.csv").write_bytes(data)
    report = load_paths(con, [tmp_path / "blank.csv"])
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 3, 1)
    got = con.execute("SELECT id, _record_no FROM raw.blank ORDER BY _record_no").fetchall()
    assert got == [("1", 1), ("2", 2), ("4", 4)]
    assert [(q[0], q[2]) for q in quarantine(con)] == [(3, "3")]


def test_backslash_escaped_quotes(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    data = b'id,note\n1,"He said \\"hi\\", then left"\n2,"plain"\n3,x,y\n4,"a \\"b\\""\n'
    (tmp_path / "mysql.csv").write_bytes(data)
    report = load_paths(con, [tmp_path / "mysql.csv"])
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 3, 1)
    got = con.execute("SELECT note, _record_no FROM raw.mysql ORDER BY _record_no").fetchall()
    assert got == [('He said "hi", then left', 1), ("plain", 2), ('a "b"', 4)]
    assert [(q[0], q[2]) for q in quarantine(con)] == [(3, "3,x,y")]


def test_unterminated_quote_is_quarantined_not_lost(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    (tmp_path / "open.csv").write_bytes(b'id,note\n1,ok\n2,"never closed\n3,x\n')
    report = load_paths(con, [tmp_path / "open.csv"])
    (src,) = report.sources
    assert src.rows_read == src.rows_loaded + src.rows_quarantined
    assert src.rows_loaded >= 1 and src.rows_quarantined >= 1
    assert con.execute("SELECT id FROM raw.open WHERE _record_no = 1").fetchall() == [("1",)]
    assert quarantine(con)[0][0] == 2


def test_excel_sep_hint_line(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    data = "sep=;\r\nKunde;Ort\r\nK-1;Köln, Süd\r\nK-2\r\nK-3;Bonn\r\n".encode("cp1252")
    (tmp_path / "hint.csv").write_bytes(data)
    report = load_paths(con, [tmp_path / "hint.csv"])
    (src,) = report.sources
    assert (src.delimiter, src.encoding, src.rows_read, src.rows_quarantined) == (
        ";",
        "cp1252",
        3,
        1,
    )
    assert columns_of(con, "hint", "raw")[:2] == ["Kunde", "Ort"]
    got = con.execute("SELECT Kunde, Ort, _record_no FROM raw.hint ORDER BY 3").fetchall()
    assert got == [("K-1", "Köln, Süd", 1), ("K-3", "Bonn", 3)]
    assert [(q[0], q[2]) for q in quarantine(con)] == [(2, "K-2")]


def test_record_over_the_line_limit_is_quarantined(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gdpr_audit.load.readers.delimited as delimited

    monkeypatch.setattr(delimited, "MIN_LINE_BYTES", 4096)
    monkeypatch.setattr(delimited, "MAX_LINE_BYTES", 4096)
    long = "y" * 20_000
    (tmp_path / "long.csv").write_text(f"id,v\n1,a\n2,{long}\n3,c\n")
    report = load_paths(con, [tmp_path / "long.csv"])
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (3, 2, 1)
    (record_no, reason, raw) = quarantine(con)[0]
    assert (record_no, raw) == (2, f"2,{long}")
    assert "maximum line size" in reason


def test_report_title_lines_above_the_header(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    data = (
        b"\r\nKontakte Export;;;\r\nStand: 28.11.2026\r\n\r\n"
        b"Id;Name;Ort\r\n1;Anna;Berlin\r\n\r\n2;Ben\r\n3;Clara;Bonn\r\n"
    )
    (tmp_path / "report.csv").write_bytes(data)
    report = load_paths(con, [tmp_path / "report.csv"])
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (3, 2, 1)
    assert "report.csv: 4 line(s) above the header skipped" in report.notes
    assert columns_of(con, "report", "raw")[:3] == ["Id", "Name", "Ort"]
    got = con.execute("SELECT Id, _record_no FROM raw.report ORDER BY 2").fetchall()
    assert got == [("1", 1), ("3", 3)]
    assert [(q[0], q[2]) for q in quarantine(con)] == [(2, "2;Ben")]


def test_trailing_delimiter_on_data_rows(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "trail.csv").write_bytes(b"a;b\n1;2;\n3;4;\n")
    report = load_paths(con, [tmp_path / "trail.csv"])
    assert (report.rows_loaded, report.rows_quarantined) == (2, 0)
    assert columns_of(con, "trail", "raw")[:3] == ["a", "b", "column_3"]


def test_xlsx_title_rows_above_the_header(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Report"
    ws.append(["Opportunities by owner"])
    ws.append(["As of 2026-11-28"])
    ws.append([])
    ws.append(["Owner", "Amount"])
    ws.append(["U1", 10])
    ws.append(["U2", 20, "stray"])
    wb.save(tmp_path / "sf.xlsx")
    report = load_paths(con, [tmp_path / "sf.xlsx"])
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (2, 1, 1)
    assert "sf.xlsx: 2 row(s) above the header skipped" in report.notes
    assert con.execute("SELECT * FROM raw.sf__report").fetchall() == [("U1", "10", "sf.xlsx", 1)]
    assert quarantine(con)[0][0] == 2


def test_a_stray_nul_byte_is_data(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "nul.csv").write_bytes(b"a,b\n1,x\x00y\n2,z\n")
    report = load_paths(con, [tmp_path / "nul.csv"])
    assert (report.rows_loaded, report.rows_quarantined) == (2, 0)
    assert con.execute("SELECT b FROM raw.nul ORDER BY _record_no").fetchall() == [
        ("x\x00y",),
        ("z",),
    ]
