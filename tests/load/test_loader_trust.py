"""The Trust probes (issue #11): each ends in a load with exact counts, a quarantine or one
clear error; never a traceback, a lost record or a value shown as a name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.core.db import columns_of, connect
from gdpr_audit.core.errors import InputError
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model
from gdpr_audit.load.state import ensure_model_current, stale_model

TRUST = Path(__file__).parent.parent / "data" / "load" / "trust"


@pytest.fixture
def con(db_path: Path):
    connection = connect(db_path)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, table: str, cols: str) -> list[tuple]:
    return con.execute(f"SELECT {cols} FROM raw.{table} ORDER BY _record_no").fetchall()


def test_mixed_line_endings_load_every_record_with_quoted_breaks_kept(con) -> None:
    (src,) = load_paths(con, [TRUST / "mixed_newlines.csv"]).sources
    assert (src.rows_read, src.rows_loaded, src.rows_quarantined) == (4, 4, 0)
    assert rows(con, "mixed_newlines", "id, name, city, _record_no") == [
        ("1", "Anna", "Berlin", 1),
        ("2", "Ben\r\nJr.", "Hamburg", 2),  # the quoted CRLF is the value's, kept
        ("3", "Cem", "Köln", 3),
        ("4", "Dora", "Bonn", 4),
    ]


def test_cr_only_file_loads_instead_of_quarantining_every_record(con) -> None:
    (src,) = load_paths(con, [TRUST / "cr_only.csv"]).sources
    assert (src.rows_read, src.rows_loaded, src.delimiter) == (3, 3, ";")
    assert rows(con, "cr_only", "name, city") == [
        ("Anna", "Berlin"),
        ("Ben\rJr.", "Hamburg"),
        ("Cem", "Köln"),
    ]


def test_mixed_line_endings_with_a_ragged_row_quarantine_only_that_row(con, tmp_path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"id,name\r\n1,a\n2,b,EXTRA\r\n3,c\n")
    (src,) = load_paths(con, [path]).sources
    assert (src.rows_read, src.rows_loaded, src.rows_quarantined) == (3, 2, 1)
    assert con.execute("SELECT record_no FROM load_quarantine").fetchall() == [(2,)]


def test_headerless_file_keeps_its_first_record_and_no_value_becomes_a_name(con) -> None:
    (src,) = load_paths(con, [TRUST / "headerless.csv"]).sources
    assert (src.rows_read, src.rows_loaded) == (3, 3)
    names = columns_of(con, "headerless", schema="raw")
    assert names[:4] == ["column_1", "column_2", "column_3", "column_4"]
    assert not any("@" in n or n.startswith("K-") for n in names)
    assert rows(con, "headerless", "column_1, _record_no")[0] == ("K-1001", 1)


def test_numeric_header_names_stay_names(con) -> None:
    (src,) = load_paths(con, [TRUST / "numeric_header.csv"]).sources
    assert (src.rows_read, src.rows_loaded) == (3, 3)
    assert columns_of(con, "numeric_header", schema="raw")[:4] == ["id", "2024", "2025", "name"]


@pytest.mark.parametrize("columns", [3_000, pytest.param(12_000, marks=pytest.mark.slow)])
def test_headers_longer_than_the_sniff_sample_load_whole(con, tmp_path, columns: int) -> None:
    path = tmp_path / "wide.csv"
    header = ",".join(f"field_name_{i:05d}" for i in range(columns))  # 3,000 x 17 B > 64 KB
    path.write_text(header + "\n" + ",".join("v" for _ in range(columns)) + "\n")
    (src,) = load_paths(con, [path]).sources
    assert (src.rows_read, src.rows_loaded, src.rows_quarantined) == (1, 1, 0)
    assert len(columns_of(con, "wide", schema="raw")) == columns + 2


def test_more_columns_than_excel_allows_is_one_clear_error(con, tmp_path) -> None:
    path = tmp_path / "too_wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(20_000)) + "\n")
    with pytest.raises(InputError, match="20,000 columns"):
        load_paths(con, [path])


def test_deep_json_array_elements_are_quarantined_or_loaded_without_recursion(con) -> None:
    (src,) = load_paths(con, [TRUST / "deep_arrays.json"]).sources
    assert (src.rows_read, src.rows_loaded, src.rows_quarantined) == (2, 1, 1)
    reason = con.execute("SELECT reason FROM load_quarantine").fetchone()
    assert reason == ("array element is not an object",)


def test_a_json_object_too_deep_to_parse_is_one_quarantined_record(con) -> None:
    (src,) = load_paths(con, [TRUST / "deep_object.json"]).sources
    assert (src.rows_read, src.rows_loaded, src.rows_quarantined) == (1, 0, 1)
    assert con.execute("SELECT reason FROM load_quarantine").fetchone() == (
        "JSON nested too deeply to read",
    )


def test_json_lines_of_any_depth(con) -> None:
    (src,) = load_paths(con, [TRUST / "deep_lines.jsonl"]).sources
    assert (src.rows_read, src.rows_loaded, src.rows_quarantined) == (3, 2, 1)
    assert con.execute("SELECT record_no FROM load_quarantine").fetchall() == [(2,)]
    x, _ = con.execute("SELECT x, _record_no FROM raw.deep_lines WHERE id = '1'").fetchone()
    assert x == "[" * 500 + "]" * 500  # arrays stay JSON text, however deep
    cols = columns_of(con, "deep_lines", schema="raw")
    deep = [c for c in cols if c.startswith("z.")]
    assert len(deep) == 1 and deep[0].count(".") == 32  # 32 levels flattened, the rest text


def test_repeated_keys_and_flattening_clashes_keep_both_values(con) -> None:
    report = load_paths(con, [TRUST / "duplicate_keys.json"])
    (src,) = report.sources
    assert (src.rows_read, src.rows_loaded) == (2, 2)
    got = rows(con, "duplicate_keys", '"email", "email_2", "a.b", "a.b_2"')
    assert got == [
        ("a@example.invalid", "b@example.invalid", None, None),
        (None, None, "x", "y"),
    ]
    assert any("email_2" in n and "a.b_2" in n for n in report.notes)
    assert not any("example.invalid" in n for n in report.notes)


def test_parquet_list_of_structs_is_json_text(con, tmp_path) -> None:
    path = tmp_path / "orders.parquet"
    duckdb.execute(
        "COPY (SELECT 1 AS id, [{'sku': 'A', 'qty': 2}] AS items, "
        "{'tags': [{'k': 'v'}], 'n': 3} AS meta) TO '" + str(path) + "'"
    )
    (src,) = load_paths(con, [path]).sources
    assert (src.rows_read, src.rows_loaded) == (1, 1)
    assert rows(con, "orders", 'items, "meta.tags", "meta.n"') == [
        ('[{"sku":"A","qty":2}]', '[{"k":"v"}]', "3")
    ]


def _bad_name_dir(tmp_path: Path) -> Path:
    root = tmp_path / "export"
    root.mkdir()
    with open(os.fsencode(root) + b"/kontakte_\xff.csv", "wb") as fh:
        fh.write(b"id,email\n1,anna@example.invalid\n")
    return root


def test_a_file_name_that_is_not_utf8_loads_under_an_escaped_name(con, tmp_path) -> None:
    (src,) = load_paths(con, [_bad_name_dir(tmp_path)]).sources
    assert src.path == "kontakte_\\xff.csv"
    assert (src.table_name, src.rows_loaded) == ("kontakte__xff", 1)
    assert con.execute("SELECT _source_file FROM raw.kontakte__xff").fetchone() == (src.path,)


def test_cli_with_a_non_utf8_name_never_prints_the_raw_byte(tmp_path) -> None:
    root = _bad_name_dir(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "gdpr_audit.cli", "load", str(root), "--db", str(tmp_path / "a.db")],
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    assert b"\xff" not in result.stdout + result.stderr
    assert b"Traceback" not in result.stderr
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "gdpr_audit.cli",
            "load",
            os.fsencode(root) + b"/n\xe4.csv",
            "--db",
            str(tmp_path / "a.db"),
        ],
        capture_output=True,
    )
    assert missing.returncode == 2
    assert b"\\xe4" in missing.stderr and b"\xe4" not in missing.stderr.replace(b"\\xe4", b"")


def test_renamed_and_deleted_sources_are_reported_and_pruned(con, tmp_path) -> None:
    root = tmp_path / "export"
    root.mkdir()
    (root / "contacts.csv").write_text("id,name\n1,a\n2,b\n")
    (root / "old.csv").write_text("id\n9\n")
    load_paths(con, [root])
    (root / "contacts.csv").rename(root / "kontakte.csv")
    (root / "old.csv").unlink()
    report = load_paths(con, [root])
    assert report.missing == ["contacts.csv", "old.csv"]
    assert report.renamed == [("contacts.csv", "kontakte.csv")]
    assert {r[0] for r in con.execute("SELECT table_name FROM load_log").fetchall()} == {
        "contacts",
        "old",
        "kontakte",
    }
    report = load_paths(con, [root], prune=True)
    assert (report.pruned, report.missing) == (["contacts.csv", "old.csv"], [])
    assert con.execute("SELECT path FROM load_log").fetchall() == [("kontakte.csv",)]
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'")
    assert tables.fetchall() == [("kontakte",)]


def test_a_model_older_than_its_raw_data_is_refused(con, tmp_path, db_path) -> None:
    (tmp_path / "contacts.csv").write_text("id,name\n1,a\n")
    load_paths(con, [tmp_path / "contacts.csv"])
    assert stale_model(con)  # loaded, never built
    build_model(con)
    assert not stale_model(con)
    (tmp_path / "contacts.csv").write_text("id,name\n1,a\n2,b\n")
    load_paths(con, [tmp_path / "contacts.csv"])  # as if killed before the model build
    assert stale_model(con)
    con.close()
    with pytest.raises(InputError, match="older than its raw data.*gdpr-audit load"):
        ensure_model_current(db_path)
    result = subprocess.run(
        [sys.executable, "-m", "gdpr_audit.cli", "assess", "--db", str(db_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "gdpr-audit load" in result.stderr


def test_a_database_without_load_state_is_not_judged(db_path) -> None:
    con = connect(db_path)
    con.execute("CREATE TABLE contacts (contact_id VARCHAR)")
    assert not stale_model(con)
    con.close()
    ensure_model_current(db_path)
