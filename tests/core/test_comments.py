"""Table and column descriptions in the audit database (COMMENT ON, core/comments.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.assess.command import assess_database
from gdpr_audit.assess.views import INVENTORY_VIEWS, PARAMS, VIEWS
from gdpr_audit.core.comments import apply_comments, describe, descriptions
from gdpr_audit.core.db import connect, run_script
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model
from gdpr_audit.load.subjects import build_subjects

SALESFORCE = Path(__file__).parents[1] / "data" / "profiles" / "salesforce"
#: Stage DDL files whose tables the dictionary must describe in full.
DDL = [("model", "canonical"), ("load", "ddl"), ("discover", "inventory_tables"),
       ("assess", "audit_findings"), ("assess", "audit_assessability"), ("assess", "audit_runs")]
RESULT_TABLES = {"audit_findings", "audit_assessability", "audit_runs"}
STORED_VIEWS = {*VIEWS, *INVENTORY_VIEWS, PARAMS}


def _ddl_tables(stage: str, name: str) -> list[str]:
    root = Path(__file__).parents[2] / "gdpr_audit" / "sql" / stage / f"{name}.sql"
    return re.findall(r"CREATE TABLE IF NOT EXISTS (?:main\.)?(\w+)", root.read_text())


def _uncommented(con: duckdb.DuckDBPyConnection, tables: set[str]) -> list[str]:
    rows = con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND list_contains($t, table_name)", {"t": sorted(tables)}
    ).fetchall()
    assert {r[0] for r in rows} == tables, "a table to check does not exist"
    return [f"{t}.{c}" for t, c, comment in rows if not (comment or "").strip()]


def _table_comments(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    return dict(con.execute("SELECT table_name, comment FROM duckdb_tables() "
                            "WHERE schema_name = 'main'").fetchall())


def test_every_described_table_and_column_gets_its_comment() -> None:
    con = duckdb.connect()
    for stage, name in DDL:
        run_script(con, stage, name)
    tables = {t for stage, name in DDL for t in _ddl_tables(stage, name)}
    assert {"contacts", "model_log", "column_lineage"} | RESULT_TABLES <= tables

    assert apply_comments(con) > 200
    assert _uncommented(con, tables) == []
    comments = _table_comments(con)
    assert all((comments[t] or "").strip() for t in tables), comments
    # read back exactly, quotes included (COMMENT ON takes a literal, not a parameter)
    text = con.execute("SELECT comment FROM duckdb_columns() "
                       "WHERE table_name = 'audit_runs' AND column_name = 'db_file'").fetchone()
    assert text == ("the database file's name",)
    # nothing to do when all comments are current
    assert apply_comments(con) == 0


def test_dictionary_names_only_columns_that_exist() -> None:
    """A column renamed in the DDL but not here would silently lose its description."""
    con = duckdb.connect()
    for stage, name in DDL:
        run_script(con, stage, name)
    build_subjects(con)  # made by load/subjects.py from the model (CREATE TABLE AS)
    actual: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                                     "WHERE schema_name = 'main'").fetchall():
        actual.setdefault(table, set()).add(column)
    for table, entry in descriptions().items():
        # the stored views: tests/check/test_stored_views.py checks theirs on real views
        if table.startswith("_") or "*" in table or table in STORED_VIEWS:
            continue
        assert table in actual, f"comments.yaml describes a table no DDL creates: {table}"
        extra = set(entry.get("columns") or {}) - actual[table]
        assert not extra, f"{table}: described but not in the DDL: {sorted(extra)}"


def test_chart_tables_and_unknown_tables() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE audit_chart__consent__coverage "
                "(run_id VARCHAR, as_of DATE, purpose VARCHAR)")
    con.execute("CREATE TABLE my_own_table (contact_id VARCHAR, source_table VARCHAR)")
    con.execute("CREATE TABLE contacts_backup (contact_id VARCHAR)")  # no glob matches it
    apply_comments(con)
    comments = dict(con.execute(
        "SELECT table_name || '.' || column_name, comment FROM duckdb_columns() "
        "WHERE schema_name = 'main'").fetchall())
    assert comments["audit_chart__consent__coverage.run_id"].startswith("the run")
    assert comments["audit_chart__consent__coverage.purpose"] is None  # the chart's own
    # a table the dictionary does not describe is left alone, common columns included
    assert comments["my_own_table.source_table"] is None
    assert comments["contacts_backup.contact_id"] is None
    assert _table_comments(con)["my_own_table"] is None
    assert describe("audit_chart__rights__timeline")[0] == describe("audit_chart__x__y")[0]
    assert describe("nope") == (None, {})


def test_a_changed_description_is_rewritten_not_duplicated() -> None:
    con = duckdb.connect()
    run_script(con, "assess", "audit_runs")
    apply_comments(con)
    con.execute("COMMENT ON COLUMN audit_runs.run_id IS 'stale text'")
    assert apply_comments(con) == 1
    assert con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'audit_runs' "
                       "AND column_name = 'run_id'").fetchone() == ("short hex id of the run",)


@pytest.fixture
def assessed(tmp_path: Path) -> Path:
    db = tmp_path / "audit.duckdb"
    con = connect(db)
    try:
        load_paths(con, [SALESFORCE])
        build_model(con)
    finally:
        con.close()
    assess_database(db, dt.date(2026, 11, 28))
    return db


def test_load_and_assess_leave_every_canonical_and_result_column_described(
        assessed: Path) -> None:
    con = duckdb.connect(str(assessed), read_only=True)
    try:
        canonical = set(_ddl_tables("model", "canonical"))
        assert _uncommented(con, canonical | RESULT_TABLES) == []
        comments = _table_comments(con)
        charts = [t for t in comments if t.startswith("audit_chart__")]
        assert charts and all(comments[t] for t in charts)
        assert comments["contacts"].startswith("Data subjects")
    finally:
        con.close()
