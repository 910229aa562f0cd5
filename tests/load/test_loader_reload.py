"""Re-loading: unchanged files are a no-op, changed files replace their tables atomically."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import gdpr_audit.load.loader as loader_module
from gdpr_audit.core.db import connect, list_tables
from gdpr_audit.core.errors import InputError
from gdpr_audit.load.loader import load_paths


@pytest.fixture
def con(db_path: Path):
    connection = connect(db_path)
    yield connection
    connection.close()


def state(con: duckdb.DuckDBPyConnection) -> tuple:
    """Everything the loader owns, for before/after comparisons."""
    return (
        con.execute("SELECT * FROM load_log ORDER BY path, table_name").fetchall(),
        con.execute("SELECT * FROM load_quarantine ORDER BY path, record_no").fetchall(),
        {
            t: con.execute(f'SELECT * FROM raw."{t}" ORDER BY _record_no').fetchall()
            for t in list_tables(con, "raw")
        },
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "contacts.csv").write_text("id,name\n1,Anna\n2,Ben,extra\n3,Clara\n")
    (folder / "notes.jsonl").write_text('{"id": 1}\n{"id": 2}\n')
    return folder


def test_unchanged_reload_is_a_noop(con: duckdb.DuckDBPyConnection, export: Path) -> None:
    first = load_paths(con, [export])
    before = state(con)
    second = load_paths(con, [export])
    assert state(con) == before  # loaded_at and quarantined_at unchanged too
    assert all(s.skipped_unchanged for s in second.sources)
    assert [(s.table_name, s.rows_read, s.rows_quarantined) for s in second.sources] == [
        (s.table_name, s.rows_read, s.rows_quarantined) for s in first.sources
    ]
    assert second.tables_loaded == 0 and second.rows_read == 0


def test_force_reloads(con: duckdb.DuckDBPyConnection, export: Path) -> None:
    load_paths(con, [export])
    again = load_paths(con, [export], force=True)
    assert not any(s.skipped_unchanged for s in again.sources)
    assert con.execute("SELECT count(*) FROM load_log").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM load_quarantine").fetchone()[0] == 1


def test_changed_file_replaces_table_quarantine_and_log(
    con: duckdb.DuckDBPyConnection, export: Path
) -> None:
    load_paths(con, [export])
    notes_before = state(con)[2]["notes"]
    (export / "contacts.csv").write_text("id,name,city\n1,Anna,Berlin\n")
    report = load_paths(con, [export])
    by_path = {s.path: s for s in report.sources}
    assert not by_path["contacts.csv"].skipped_unchanged
    assert by_path["notes.jsonl"].skipped_unchanged
    log, quarantine, tables = state(con)
    assert [(r[0], r[7], r[9]) for r in log] == [("contacts.csv", 1, 0), ("notes.jsonl", 2, 0)]
    assert quarantine == []  # the old file's quarantined record is gone with it
    assert tables["contacts"] == [("1", "Anna", "Berlin", "contacts.csv", 1)]
    assert tables["notes"] == notes_before


def test_failed_reload_leaves_the_previous_load_intact(
    con: duckdb.DuckDBPyConnection, export: Path
) -> None:
    (export / "roles.json").write_text('[{"role": "admin"}]')
    load_paths(con, [export])
    before = state(con)
    (export / "roles.json").write_text('[{"role": "admin"}, {"role": ')  # now broken
    with pytest.raises(InputError, match="roles.json: not valid JSON"):
        load_paths(con, [export])
    assert state(con) == before


def test_failure_after_the_table_is_written_rolls_back(
    con: duckdb.DuckDBPyConnection, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_paths(con, [export])
    before = state(con)
    (export / "contacts.csv").write_text("id,name\n9,Zoe\n")

    def fail(*args, **kwargs):
        raise duckdb.IOException("disk full while writing 'Zoe'")

    monkeypatch.setattr(loader_module, "_record", fail)
    with pytest.raises(InputError) as info:
        load_paths(con, [export])
    assert "Zoe" not in str(info.value) and "contacts.csv" in str(info.value)
    assert state(con) == before


def test_removed_sheet_table_is_dropped_on_reload(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    def save(sheets: list[str]) -> None:
        wb = Workbook()
        wb.remove(wb.active)
        for name in sheets:
            wb.create_sheet(name).append(["id"])
        wb.save(tmp_path / "book.xlsx")

    save(["a", "b"])
    load_paths(con, [tmp_path / "book.xlsx"])
    assert list_tables(con, "raw") == ["book__a", "book__b"]
    save(["a"])
    load_paths(con, [tmp_path / "book.xlsx"])
    assert list_tables(con, "raw") == ["book__a"]
    assert con.execute("SELECT table_name FROM load_log").fetchall() == [("book__a",)]


def test_colliding_names_get_suffixes(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    (tmp_path / "a b.csv").write_text("x\n1\n")
    (tmp_path / "a_b.csv").write_text("x\n2\n")
    (tmp_path / "a-b.json").write_text('[{"x": 3}]')
    report = load_paths(con, [tmp_path])
    assert [(s.path, s.table_name) for s in report.sources] == [
        ("a b.csv", "a_b"),
        ("a-b.json", "a_b_2"),
        ("a_b.csv", "a_b_3"),
    ]
    # a reload keeps every source on its own table
    (tmp_path / "a_b.csv").write_text("x\n22\n")
    load_paths(con, [tmp_path])
    assert con.execute("SELECT x FROM raw.a_b_3").fetchall() == [("22",)]
    assert con.execute("SELECT x FROM raw.a_b").fetchall() == [("1",)]


def test_two_sources_with_the_same_recorded_path_are_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    for folder in ("jan", "feb"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "contacts.csv").write_text("id\n1\n")
    with pytest.raises(InputError, match="both be recorded as 'contacts.csv'"):
        load_paths(con, [tmp_path / "jan", tmp_path / "feb"])
    # the same file named twice is loaded once
    report = load_paths(con, [tmp_path / "jan", tmp_path / "jan"])
    assert [s.path for s in report.sources] == ["contacts.csv"]
