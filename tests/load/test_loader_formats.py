"""Each source format into raw tables: values verbatim as text, provenance, exact counts."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gdpr_audit.core.db import columns_of, connect
from gdpr_audit.load.loader import LoadReport, load_paths

DATA = Path(__file__).parent.parent / "data" / "load"


@pytest.fixture
def con(db_path: Path):
    connection = connect(db_path)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, table: str, order: str = "_record_no") -> list[tuple]:
    return con.execute(f'SELECT * FROM raw."{table}" ORDER BY {order}').fetchall()


def assert_invariant(con: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    """rows_read = loaded + quarantined, in the report and in the database."""
    for src in report.sources:
        assert src.rows_read == src.rows_loaded + src.rows_quarantined
        in_table = con.execute(f'SELECT count(*) FROM raw."{src.table_name}"').fetchone()[0]
        in_quarantine = con.execute(
            "SELECT count(*) FROM load_quarantine WHERE table_name = ?", [src.table_name]
        ).fetchone()[0]
        assert (in_table, in_quarantine) == (src.rows_loaded, src.rows_quarantined)
    bad = con.execute(
        "SELECT count(*) FROM load_log WHERE rows_read <> rows_loaded + rows_quarantined"
    ).fetchone()[0]
    assert bad == 0


def test_german_excel_export(con: duckdb.DuckDBPyConnection) -> None:
    report = load_paths(con, [DATA / "german_excel_export.csv"])
    assert_invariant(con, report)
    (src,) = report.sources
    assert (src.table_name, src.format, src.encoding, src.delimiter) == (
        "german_excel_export",
        "csv",
        "cp1252",
        ";",
    )
    assert (src.rows_read, src.rows_loaded, src.rows_quarantined) == (4, 4, 0)
    assert columns_of(con, "german_excel_export", "raw") == [
        "Kundennummer",
        "Anrede",
        "Vorname",
        "Nachname",
        "Straße",
        "PLZ",
        "Ort",
        "Geburtsdatum",
        "Umsatz",
        "Bemerkung",
        "_source_file",
        "_record_no",
    ]
    got = rows(con, "german_excel_export")
    assert got[0] == (
        "K-000001",
        "Herr",
        "Jürgen",
        "Weiß",
        "Hauptstraße 5",
        "10115",
        "Berlin",
        "14.03.1987",
        "1.234,56",
        "Preis 12 € – „Sonderkondition“",
        "german_excel_export.csv",
        1,
    )
    assert got[1][9] == 'Rückruf; bitte "vormittags"'
    assert got[2][7:10] == ("29.02.2000", "99,90", "zwei\r\nZeilen")  # verbatim, not parsed
    assert got[3][2:4] == ("Óscar", "Núñez")
    assert got[3][9] == '=HYPERLINK("http://example.invalid")'
    types = {r[1] for r in con.execute("DESCRIBE raw.german_excel_export").fetchall()}
    assert types == {"VARCHAR", "BIGINT"}


def test_multiline_records_and_ragged_rows(con: duckdb.DuckDBPyConnection) -> None:
    report = load_paths(con, [DATA / "contacts_multiline.csv"])
    assert_invariant(con, report)
    (src,) = report.sources
    assert (src.rows_read, src.rows_loaded, src.rows_quarantined) == (7, 5, 2)
    got = {r[0]: r for r in rows(con, "contacts_multiline")}
    # _record_no counts records, not lines: C0000004 is record 4 after two multi-line records
    assert {k: v[-1] for k, v in got.items()} == {
        "C0000001": 1,
        "C0000002": 2,
        "C0000004": 4,
        "C0000005": 5,
        "C0000007": 7,
    }
    assert got["C0000001"][4] == "Line one\nline two, with comma"
    assert got["C0000002"][4] == 'He said "hi"'
    assert got["C0000007"][4] == '=HYPERLINK("x")'
    quarantine = con.execute(
        "SELECT record_no, reason, raw_record FROM load_quarantine ORDER BY record_no"
    ).fetchall()
    assert [q[0] for q in quarantine] == [3, 6]
    assert "fewer fields" in quarantine[0][1] and "more fields" in quarantine[1][1]
    assert quarantine[0][2] == "C0000003,Clara,Kurz,clara@example.invalid"
    assert quarantine[1][2] == "C0000006,Fritz,Lang,fritz@example.invalid,one,two"
    for _, reason, _ in quarantine:  # reasons never carry cell values
        assert "Clara" not in reason and "Fritz" not in reason


def test_bom_csv_and_tsv(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    (folder / "privacy").mkdir(parents=True)
    shutil.copy(DATA / "consents_bom.csv", folder / "consents.csv")
    shutil.copy(DATA / "contact_changes.tsv", folder / "privacy" / "contact_changes.tsv")
    report = load_paths(con, [folder])
    assert_invariant(con, report)
    by_table = {s.table_name: s for s in report.sources}
    assert by_table["consents"].encoding == "utf-8-sig"
    assert columns_of(con, "consents", "raw")[0] == "consent_id"  # BOM not in the name
    assert rows(con, "consents")[1][2] == "Ünterlagen"
    tsv = by_table["privacy__contact_changes"]
    assert (tsv.format, tsv.delimiter, tsv.rows_loaded) == ("tsv", "\t", 2)
    assert rows(con, "privacy__contact_changes")[1][3] == "Phone, mobile"
    assert rows(con, "privacy__contact_changes")[1][5] == "privacy/contact_changes.tsv"


def test_jsonl_flattened_with_broken_lines_quarantined(con: duckdb.DuckDBPyConnection) -> None:
    report = load_paths(con, [DATA / "notes.jsonl"])
    assert_invariant(con, report)
    (src,) = report.sources
    assert (src.format, src.rows_read, src.rows_loaded, src.rows_quarantined) == ("jsonl", 5, 3, 2)
    assert columns_of(con, "notes", "raw") == [
        "note_id",
        "author.user_id",
        "author.team",
        "tags",
        "score",
        "ok",
        "body",
        "extra",
        "author",
        "Body_2",
        "_source_file",
        "_record_no",
    ]
    got = rows(con, "notes")
    assert got[0][:6] == ("N1", "U0001", "sales", '["a",1]', "1.10", "true")
    assert [r[-1] for r in got] == [1, 3, 6]  # line numbers; line 2 is blank
    assert got[1][6:8] == ("Grüße", None)
    assert got[2][8:10] == ("{}", "case clash")
    quarantine = con.execute(
        "SELECT record_no, reason FROM load_quarantine ORDER BY record_no"
    ).fetchall()
    assert quarantine == [(4, "broken JSON line"), (5, "JSON line is not an object")]


def test_json_array_with_nested_objects(con: duckdb.DuckDBPyConnection) -> None:
    report = load_paths(con, [DATA / "breaches.json"])
    assert_invariant(con, report)
    (src,) = report.sources
    assert (src.format, src.rows_read, src.rows_loaded, src.rows_quarantined) == ("json", 3, 2, 1)
    assert rows(con, "breaches") == [
        ("B1", "high", "120", "2025-03-01", None, "breaches.json", 1),
        ("B2", "low", "3", None, None, "breaches.json", 3),
    ]
    assert columns_of(con, "breaches", "raw")[3:5] == [
        "notification.authority_at",
        "notification.subjects_at",
    ]
    raw = con.execute("SELECT raw_record FROM load_quarantine").fetchone()[0]
    assert json.loads(raw) == "not an object"


def test_xlsx_every_sheet_a_table(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "requests"
    ws.append(["Request ID", "Received", "Count", "Ratio", "Done", "", "Request ID"])
    ws.append(["R1", dt.datetime(2025, 3, 1), 3, 0.25, True, "x", "dup"])
    ws.append([None] * 7)  # blank row: not a record
    ws.append(["R2", dt.datetime(2025, 3, 2, 9, 30), 4.0, None, False, None, None])
    ws.append(
        [
            "R3",
            '=HYPERLINK("http://example.invalid")',
            None,
            None,
            None,
            None,
            None,
            "beyond the header",
        ]
    )
    other = wb.create_sheet("Anfragen alt")
    other.append(["id"])
    other.append(["A1"])
    wb.create_sheet("leer")
    path = tmp_path / "privacy" / "requests.xlsx"
    path.parent.mkdir()
    wb.save(path)

    report = load_paths(con, [tmp_path / "privacy"])
    assert_invariant(con, report)
    by_table = {s.table_name: s for s in report.sources}
    assert set(by_table) == {"requests__requests", "requests__anfragen_alt", "requests__leer"}
    main = by_table["requests__requests"]
    assert (
        main.format,
        main.encoding,
        main.rows_read,
        main.rows_loaded,
        main.rows_quarantined,
    ) == ("xlsx", None, 3, 2, 1)
    assert columns_of(con, "requests__requests", "raw") == [
        "Request ID",
        "Received",
        "Count",
        "Ratio",
        "Done",
        "column_6",
        "Request ID_2",
        "_source_file",
        "_record_no",
    ]
    assert rows(con, "requests__requests") == [
        ("R1", "2025-03-01", "3", "0.25", "true", "x", "dup", "requests.xlsx", 1),
        ("R2", "2025-03-02T09:30:00", "4", None, "false", None, None, "requests.xlsx", 3),
    ]
    assert con.execute("SELECT record_no FROM load_quarantine").fetchall() == [(4,)]
    assert by_table["requests__leer"].rows_read == 0
    assert rows(con, "requests__anfragen_alt") == [("A1", "requests.xlsx", 1)]


def test_parquet_cast_to_text(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    table = pa.table(
        {
            "send_id": ["S1", "S2", "S3"],
            "n": pa.array([1, None, 3], pa.int64()),
            "sent_at": pa.array(
                [dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC)] * 3, pa.timestamp("us", tz="UTC")
            ),
            "meta": [{"campaign": "spring", "cost": 1.5}, {"campaign": None, "cost": None}, None],
            "tags": [["a", "b"], [], None],
        }
    )
    path = tmp_path / "sends.parquet"
    pq.write_table(table, path)
    report = load_paths(con, [path])
    assert_invariant(con, report)
    (src,) = report.sources
    assert (src.format, src.encoding, src.delimiter, src.rows_loaded) == ("parquet", None, None, 3)
    assert columns_of(con, "sends", "raw") == [
        "send_id",
        "n",
        "sent_at",
        "meta.campaign",
        "meta.cost",
        "tags",
        "_source_file",
        "_record_no",
    ]
    got = rows(con, "sends")
    assert got[0] == (
        "S1",
        "1",
        "2025-01-01 12:00:00+00",
        "spring",
        "1.5",
        '["a","b"]',
        "sends.parquet",
        1,
    )
    assert got[1][1] is None and got[2][-1] == 3


def test_header_only_and_empty_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "header_only.csv").write_bytes(b"Id;Name;E-Mail\r\n")
    (tmp_path / "empty.csv").write_bytes(b"")
    report = load_paths(con, [tmp_path])
    assert_invariant(con, report)
    assert [(s.table_name, s.rows_read) for s in report.sources] == [
        ("empty", 0),
        ("header_only", 0),
    ]
    assert columns_of(con, "header_only", "raw") == [
        "Id",
        "Name",
        "E-Mail",
        "_source_file",
        "_record_no",
    ]
    assert columns_of(con, "empty", "raw") == ["_source_file", "_record_no"]
    assert "empty.csv: empty file" in report.notes
    logged = con.execute("SELECT path, rows_read FROM load_log ORDER BY path").fetchall()
    assert logged == [("empty.csv", 0), ("header_only.csv", 0)]


def test_headerless_csv_gets_numbered_columns(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    (tmp_path / "noheader.csv").write_bytes(b"1,anna@example.invalid\n2,ben@example.invalid\n")
    load_paths(con, [tmp_path / "noheader.csv"])
    assert columns_of(con, "noheader", "raw")[:2] == ["column_1", "column_2"]
    assert [r[-1] for r in rows(con, "noheader")] == [1, 2]


def test_directory_walk_skips_hidden_truth_and_unknown(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    (tmp_path / "crm").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "crm" / "b.csv").write_text("x\n1\n")
    (tmp_path / "crm" / "a.csv").write_text("x\n1\n")
    (tmp_path / ".hidden" / "c.csv").write_text("x\n1\n")
    (tmp_path / ".dot.csv").write_text("x\n1\n")
    (tmp_path / "truth.json").write_text("{}")
    (tmp_path / "old.duckdb").write_bytes(b"\x00" * 10)
    (tmp_path / "README.md").write_text("hi")
    (tmp_path / "README.txt").write_text("About this export, in prose.\n")
    seen: list[str] = []
    report = load_paths(con, [tmp_path], progress=seen.append)
    assert seen == ["crm/a.csv", "crm/b.csv"]
    assert [s.path for s in report.sources] == ["crm/a.csv", "crm/b.csv"]
    assert report.notes == [
        "skipped README.md: unknown file type",
        "skipped README.txt: unknown file type",
    ]
    assert rows(con, "crm__a")[0][-2:] == ("crm/a.csv", 1)


def test_ten_megabyte_field_loads(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    big = "x" * 10_000_000
    (tmp_path / "big.csv").write_text(f'id,blob\n1,"{big}"\n2,small\n')
    report = load_paths(con, [tmp_path / "big.csv"])
    assert (report.sources[0].rows_loaded, report.sources[0].rows_quarantined) == (2, 0)
    got = con.execute("SELECT id, length(blob) FROM raw.big ORDER BY _record_no").fetchall()
    assert got == [("1", 10_000_000), ("2", 5)]


def test_utf16_csv_and_cp1252_jsonl(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "u16.csv").write_bytes("id;name\r\n1;Jürgen\r\n2;Zoë\r\n".encode("utf-16"))
    (tmp_path / "win.jsonl").write_bytes('{"id": "1", "city": "Köln – Süd"}\n'.encode("cp1252"))
    report = load_paths(con, [tmp_path])
    assert {s.table_name: s.encoding for s in report.sources} == {"u16": "utf-16", "win": "cp1252"}
    assert rows(con, "u16") == [("1", "Jürgen", "u16.csv", 1), ("2", "Zoë", "u16.csv", 2)]
    assert rows(con, "win") == [("1", "Köln – Süd", "win.jsonl", 1)]


def test_empty_objects_are_records(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "e.jsonl").write_text("{}\n{}\n")
    (tmp_path / "f.json").write_text('[{}, {"a": 1}, {}]')
    report = load_paths(con, [tmp_path])
    assert [(s.table_name, s.rows_read, s.rows_loaded) for s in report.sources] == [
        ("e", 2, 2),
        ("f", 3, 3),
    ]
    assert rows(con, "e") == [("e.jsonl", 1), ("e.jsonl", 2)]
    assert rows(con, "f") == [(None, "f.json", 1), ("1", "f.json", 2), (None, "f.json", 3)]


def test_jsonl_line_separator_inside_strings(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    text = '{"id": "1", "body": "a\u2028b\x0cc"}\n{"id": "2"}\n'
    (tmp_path / "u8.jsonl").write_bytes(text.encode("utf-8"))
    (tmp_path / "u16.jsonl").write_bytes(text.encode("utf-16"))
    report = load_paths(con, [tmp_path])
    assert [(s.table_name, s.rows_loaded, s.rows_quarantined) for s in report.sources] == [
        ("u16", 2, 0),
        ("u8", 2, 0),
    ]
    for table in ("u16", "u8"):
        assert rows(con, table)[0][1] == "a\u2028b\x0cc"
