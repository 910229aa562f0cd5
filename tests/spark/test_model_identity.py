"""The canonical model built on Spark from the raw lake equals DuckDB's build of it, row for
row and type for type (slow: the session's one Spark build, ``spark_model``).

Both builds read the same Parquet files: ``demo_lake["db"]`` is DuckDB's load and build of
the lake's raw tables; ``spark_model`` is `gdpr-audit model --engine spark` of them. The
checks on the Spark-built model are compared with DuckDB's in test_identity.py (the
``assessed`` fixture reads this model).
"""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.slow

#: Canonical tables the demo fills (retention_policies: no raw table feeds it).
_FILLED = {"access_log", "automated_decisions", "breaches", "business_records",
           "communications", "consents", "contact_changes", "contacts", "dsr_requests",
           "notes", "role_permissions", "roles", "users"}


def _reference(demo_lake) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(demo_lake["db"]), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    return con


def _table(con: duckdb.DuckDBPyConnection, source: str, columns: list[str]) -> tuple[list, list]:
    """(column types, rows sorted) of ``source`` (a table or a read_parquet call)."""
    select = ", ".join(f'"{c}"' for c in columns)
    types = [r[1] for r in con.execute(f"DESCRIBE SELECT {select} FROM {source}").fetchall()]
    rows = con.execute(f"SELECT {select} FROM {source}").fetchall()
    return types, sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
        "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]


def test_every_canonical_table_identical(spark_model, demo_lake):
    from gdpr_audit.load.profile import BOOKKEEPING_TABLES, canonical_schema

    con = _reference(demo_lake)
    compared = {}
    try:
        for table in canonical_schema():
            if table in BOOKKEEPING_TABLES:
                continue
            columns = _columns(con, table)
            want = _table(con, f'main."{table}"', columns)
            got = _table(con, f"read_parquet('{spark_model.model / table}/*.parquet')",
                         columns)
            assert got[0] == want[0], table  # TIMESTAMPTZ, DATE, BOOLEAN ... as DuckDB's
            assert got[1] == want[1], table
            compared[table] = len(want[1])
    finally:
        con.close()
    assert {t for t, n in compared.items() if n} == _FILLED
    assert sum(compared.values()) > 1500
    assert spark_model.report.counts == compared


def test_model_log_and_lineage_identical(spark_model, demo_lake):
    con = _reference(demo_lake)
    try:
        for table, columns in (
                ("model_log", ["canonical_table", "raw_table", "profile", "entity", "rows_in",
                               "rows_mapped", "rows_rejected", "rows_skipped",
                               "CAST(unparsed AS VARCHAR) AS unparsed"]),
                ("column_lineage", _columns(con, "column_lineage"))):
            select = ", ".join(c if " " in c else f'"{c}"' for c in columns)
            want = sorted(con.execute(f'SELECT {select} FROM main."{table}"').fetchall(),
                          key=str)
            got = sorted(con.execute(
                f"SELECT {select} FROM read_parquet('{spark_model.model / table}/*.parquet')"
            ).fetchall(), key=str)
            assert got == want, table
            assert len(want) > 10
        # an unparsed value is counted on Spark too (the demo plants one breach date)
        unparsed = con.execute(
            f"SELECT unparsed FROM read_parquet('{spark_model.model}/model_log/*.parquet') "
            "WHERE canonical_table = 'breaches'").fetchone()
        assert unparsed == ('{"detected_at": 1}',)
    finally:
        con.close()
    report = spark_model.report
    assert not report.unmatched and report.rows_rejected == 0
    assert len(report.sources) == 16
    # the demo has no person in two systems: an empty subject map, written all the same
    assert report.written["subjects"] == 0
    assert (spark_model.model / "subjects").is_dir()
