"""The canonical model built on Spark from the raw lake equals DuckDB's build of it, row for
row and type for type (slow: the session's one Spark build, ``spark_model``).

Both builds read the same Parquet files: ``demo_lake["db"]`` is DuckDB's load and build of
the lake's raw tables; ``spark_model`` is `gdpr-audit model --engine spark` of them. The
checks on the Spark-built model are compared with DuckDB's in test_identity.py (the
``assessed`` fixture reads this model).
"""

from __future__ import annotations

from pathlib import Path

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


def _identical(con: duckdb.DuckDBPyConnection, model: Path, tables: list[str]) -> dict[str, int]:
    """Assert each table under ``model`` (Spark's Parquet) has the rows and column types
    of the database's; rows compared per table."""
    compared = {}
    for table in tables:
        columns = _columns(con, table)
        want = _table(con, f'main."{table}"', columns)
        got = _table(con, f"read_parquet('{model / table}/*.parquet')", columns)
        assert got[0] == want[0], table  # TIMESTAMPTZ, DATE, BOOLEAN ... as DuckDB's
        assert got[1] == want[1], table
        compared[table] = len(want[1])
    return compared


def _canonical() -> list[str]:
    from gdpr_audit.load.profile import BOOKKEEPING_TABLES, canonical_schema

    return [t for t in canonical_schema() if t not in BOOKKEEPING_TABLES]


def test_every_canonical_table_identical(spark_model, demo_lake):
    con = _reference(demo_lake)
    try:
        compared = _identical(con, spark_model.model, _canonical())
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


def test_cli_builds_a_vendor_landscape_and_its_subjects_identically(spark, tmp_path):
    """`gdpr-audit model --engine spark` (on the tests' active session) of three vendors'
    exports: HubSpot (Unix milliseconds, e-mail events), Mailchimp (send times looked up
    in campaigns.csv), OroCRM; the same people under colliding numbers and a shared
    info@, so the subject map links records across systems. Every table and ``subjects``
    equal DuckDB's build and build_subjects of the same lake."""
    from typer.testing import CliRunner

    from gdpr_audit.cli import app
    from gdpr_audit.core.db import connect
    from gdpr_audit.load.subjects import build_subjects
    from gdpr_audit.spark.lake import lake_from_exports

    landscape = Path(__file__).parents[1] / "data" / "vendors" / "landscape"
    lake_from_exports(landscape, tmp_path)
    ref = connect(tmp_path / "ref.duckdb")
    try:
        done = build_subjects(ref)
    finally:
        ref.close()
    assert done.records > 10 and done.subjects > 3 and done.shared_ids > 0
    out = tmp_path / "spark"
    result = CliRunner().invoke(app, ["model", "--engine", "spark", "--raw",
                                      str(tmp_path / "lake" / "raw"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "contacts 23" in result.output and f"subjects {done.records}" in result.output
    con = duckdb.connect(str(tmp_path / "ref.duckdb"), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    try:
        compared = _identical(con, out / "model", [*_canonical(), "column_lineage", "subjects"])
    finally:
        con.close()
    assert compared["subjects"] == done.records
    assert {t for t, n in compared.items() if n} == {
        "communications", "consents", "contacts", "column_lineage", "subjects"}
