"""Every quarantined record carries a reason code and value-free parameters (issue #13/6).

The report words ``reason_code`` + ``reason_params`` per language; the English
``reason`` prose stays for people reading the table. Fixtures are tiny made-up files, one
per way a reader can quarantine a record.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.core.db import connect
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.readers.reasons import CSV_ERROR_CODES, REASONS, csv_reject

SECRET = "Geheimnis-4711"  # a cell value that must never reach a reason or its parameters


@pytest.fixture
def con(db_path: Path):
    connection = connect(db_path)
    yield connection
    connection.close()


def reasons(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    rows = con.execute(
        "SELECT record_no, reason_code, CAST(reason_params AS VARCHAR), reason "
        "FROM load_quarantine ORDER BY path, record_no"
    ).fetchall()
    return [(n, code, json.loads(params), prose) for n, code, params, prose in rows]


def _xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name"])
    sheet.append(["1", "Anna"])
    sheet.append(["2", SECRET, "spill", "over"])
    book.save(path)


CASES = [
    # (file name, content, expected (record_no, code, params))
    ("wide.csv", f"id,name,city\n1,a,b\n2,{SECRET},b,c\n3,a,b\n".encode(),
     (2, "too_many_fields", {"expected": 3, "found": 4})),
    ("narrow.csv", f"id,name,city\n1,a,b\n2,{SECRET}\n".encode(),
     (2, "too_few_fields", {"expected": 3, "found": 2})),
    ("utf8.csv", "id,name\n1,Müller\n".encode() + b"2,\xff\xfe" + SECRET.encode() + b"\n",
     (2, "undecodable_bytes", {})),
    ("cp1252.csv", "id;name\n1;Weiß\n".encode("cp1252") + b"2;x\x81" + SECRET.encode() + b"\n",
     (2, "cp1252_undefined_bytes", {})),
    ("quote.csv", f'id,name\n1,a\n2,"{SECRET}\n'.encode(), (2, "bad_quote", {})),
    ("lines.jsonl", f'{{"id": 1}}\n{{"id": "{SECRET}"\n'.encode(), (2, "broken_json", {})),
    ("list.jsonl", f'{{"id": 1}}\n["{SECRET}"]\n'.encode(),
     (2, "json_line_not_object", {"json_type": "array"})),
    ("bom.jsonl", codecs.BOM_UTF8 + b'{"id": 1}\n' + b'{"n": "\xe4"}\n',
     (2, "undecodable_bytes", {"encoding": "utf-8-sig"})),
    ("array.json", f'[{{"id": 1}}, "{SECRET}"]'.encode(),
     (2, "json_element_not_object", {"json_type": "string"})),
    ("deep.jsonl", b'{"id": 1}\n' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"\n",
     (2, "json_too_deep", {})),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_way_to_quarantine_has_its_code(con, tmp_path: Path, name: str, content: bytes,
                                             expected: tuple) -> None:
    (tmp_path / name).write_bytes(content)
    report = load_paths(con, [tmp_path / name])
    assert report.rows_quarantined == 1
    ((record_no, code, params, prose),) = reasons(con)
    if name == "bom.jsonl":  # the detected encoding is whatever the sniffer named
        assert set(params) == {"encoding"} and params["encoding"].startswith("utf")
        params = expected[2]
    assert (record_no, code, params) == expected
    assert prose.startswith(REASONS[code].split("{")[0][:20])
    assert SECRET not in prose and SECRET not in json.dumps(params)


def test_xlsx_cells_beyond_the_header(con, tmp_path: Path) -> None:
    _xlsx(tmp_path / "sheet.xlsx")
    load_paths(con, [tmp_path / "sheet.xlsx"])
    assert [r[:3] for r in reasons(con)] == [(2, "cells_beyond_header", {"columns": 2})]


def test_record_over_the_line_limit(con, tmp_path: Path, monkeypatch) -> None:
    import gdpr_audit.load.readers.delimited as delimited

    monkeypatch.setattr(delimited, "MIN_LINE_BYTES", 4096)
    monkeypatch.setattr(delimited, "MAX_LINE_BYTES", 4096)
    (tmp_path / "long.csv").write_text(f"id,v\n1,a\n2,{'y' * 20_000}\n3,c\n")
    load_paths(con, [tmp_path / "long.csv"])
    assert [r[:3] for r in reasons(con)] == [(2, "line_too_long", {})]


def test_ragged_counts_read_only_from_the_count_message() -> None:
    """DuckDB's message may quote the line: only 'Expected ... Found' counts are kept."""
    q = csv_reject(7, "TOO MANY COLUMNS", f"Expected Number of Columns: 2 Found: 5 '{SECRET}'",
                   "raw")
    assert (q.code, dict(q.params)) == ("too_many_fields", {"expected": 2, "found": 5})
    assert SECRET not in q.reason
    bare = csv_reject(7, "MISSING COLUMNS", f"row '{SECRET}' too short", "raw")
    assert (bare.code, dict(bare.params)) == ("too_few_fields", {})


def test_unknown_engine_errors_keep_only_the_error_class() -> None:
    q = csv_reject(3, "SOMETHING NEW", f"value '{SECRET}' broke it", "raw")
    assert (q.code, dict(q.params)) == ("engine_error", {"error_class": "SOMETHING NEW"})
    # an error type that is not an upper-case enum name is not shown at all
    odd = csv_reject(3, f"weird {SECRET}", None, "raw")
    assert (odd.code, dict(odd.params)) == ("engine_error", {"error_class": "UNKNOWN"})
    assert SECRET not in odd.reason


def test_several_errors_on_one_line_keep_the_others_as_codes() -> None:
    q = csv_reject(3, "UNQUOTED VALUE, TOO MANY COLUMNS", "Expected Number of Columns: 2 Found: 3",
                   "raw")
    assert q.code == "too_many_fields"
    assert dict(q.params) == {"expected": 2, "found": 3, "also": ["bad_quote"]}


def test_every_duckdb_error_type_maps_to_a_known_code() -> None:
    assert set(CSV_ERROR_CODES.values()) <= set(REASONS)


def test_old_database_gets_the_columns_on_the_next_load(db_path: Path, tmp_path: Path) -> None:
    """A database loaded before reason codes: its rows keep NULL codes, new rows get codes."""
    con = connect(db_path)
    con.execute("CREATE TABLE load_quarantine (path VARCHAR NOT NULL, table_name VARCHAR NOT "
                "NULL, record_no BIGINT, reason VARCHAR NOT NULL, raw_record VARCHAR, "
                "quarantined_at TIMESTAMPTZ NOT NULL)")
    con.execute("INSERT INTO load_quarantine VALUES ('old.csv', 'old', 2, 'ragged row', 'x', "
                "now())")
    (tmp_path / "wide.csv").write_text("id,name,city\n1,a,b\n2,a,b,c\n3,a,b\n")
    load_paths(con, [tmp_path / "wide.csv"])
    rows = con.execute("SELECT path, reason_code FROM load_quarantine ORDER BY path").fetchall()
    assert rows == [("old.csv", None), ("wide.csv", "too_many_fields")]
    con.close()
