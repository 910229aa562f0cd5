"""A lake audit end to end: Spark scan + Spark assess, imported into a new audit database,
feeds the normal report with the numbers the DuckDB path gives (slow: Spark, notebooks)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from tests.spark.conftest import AS_OF

pytestmark = pytest.mark.slow

#: Every column of audit_findings but run_at (when it ran), as text.
_FINDING_SQL = ("SELECT check_id, area, article, severity, record_ref, detail, subject_ref, "
                "CAST(event_date AS VARCHAR) AS event_date, measured_value, limit_value, unit, "
                "detail_key, params FROM audit_findings WHERE as_of = $as_of")


def _rows(frame: pd.DataFrame) -> list[tuple]:
    part = frame.astype(object)
    part = part.where(part.notna(), None)
    return sorted(tuple(str(v) for v in r) for r in part.itertuples(index=False))


def _stored(db, sql: str) -> pd.DataFrame:
    from gdpr_audit.core.db import connect

    con = connect(db, read_only=True)
    try:
        return con.execute(sql, {"as_of": AS_OF}).df()
    finally:
        con.close()


def _index_totals(db) -> pd.DataFrame:
    """The per-check totals the report's index shows (summary.findings_by_check)."""
    from gdpr_audit.report import open_audit
    from gdpr_audit.report.summary import findings_by_check

    audit = open_audit(db, AS_OF.isoformat())
    try:
        return findings_by_check(audit).sort_values("check_id").reset_index(drop=True)
    finally:
        audit.release()


def test_spark_scan_and_assess_feed_the_report(spark, demo_lake, scans, assessed, tmp_path,
                                               monkeypatch):
    from typer.testing import CliRunner

    from gdpr_audit.cli import app
    from gdpr_audit.core.db import connect
    from gdpr_audit.core.errors import InputError
    from gdpr_audit.spark.assess import write_assessment, write_bookkeeping, write_run

    _, result = assessed
    assert not result.failed, result.errors  # all 28 checks ran on Spark
    # as a spark-submit job runs: the audit's salt from the environment, so the new
    # database's pseudonyms are the DuckDB reference's and every column can be compared
    monkeypatch.setenv("GDPR_AUDIT_SALT", assessed.salt)
    runner = CliRunner()
    db = tmp_path / "lake.duckdb"  # a new audit database: nothing was loaded into it
    connect(db).close()
    out = tmp_path / "run"
    shutil.copytree(scans.out, out)  # the Spark scan: pii_columns, pii_findings, load_log
    # what `assess --engine spark` writes (run_assess_job; the CLI test runs that path)
    write_assessment(spark, result, str(out))
    written = write_run(spark, result, str(out), None, assessed.salt)
    written.update(write_bookkeeping(spark, assessed.views, str(out)))
    assert written["audit_assessability"] > 0 and written["model_log"] > 0
    imported = runner.invoke(app, ["import-results", str(out), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    assert "audit_charts" in imported.output and "load_log 14" in imported.output

    # the DuckDB path: the reference database assessed by `gdpr-audit assess`
    ref = tmp_path / "ref.duckdb"
    shutil.copy(demo_lake["db"], ref)
    duck_run = runner.invoke(app, ["assess", "--db", str(ref), "--as-of", AS_OF.isoformat()])
    assert duck_run.exit_code in (0, 1), duck_run.output

    report = tmp_path / "report"
    built = runner.invoke(app, ["report", "--db", str(db), "--out", str(report)])
    assert built.exit_code == 0, built.output
    assert (report / "index.html").is_file()

    # the index's per-check totals, every check of the 28 with findings on both paths
    got, want = _index_totals(db), _index_totals(ref)
    assert len(want) == 28 and (want["findings"] > 0).all()
    assert got.astype(str).values.tolist() == want.astype(str).values.tolist()
    # the findings CSVs the report links hold those rows
    for row in want.itertuples(index=False):
        csv = pd.read_csv(report / "findings" / f"{row.check_id}.csv")
        assert len(csv) == row.findings, row.check_id
    # stored rows identical: findings (all columns), assessability, the access matrix
    assert _rows(_stored(db, _FINDING_SQL)) == _rows(_stored(ref, _FINDING_SQL))
    judged = ("SELECT check_id, area, source, status, missing, detail_key "
              "FROM audit_assessability WHERE as_of = $as_of")
    assert _rows(_stored(db, judged)) == _rows(_stored(ref, judged))
    matrix = "SELECT * EXCLUDE (run_id) FROM audit_chart__access__matrix WHERE as_of = $as_of"
    assert _rows(_stored(db, matrix)) == _rows(_stored(ref, matrix))
    charts = ("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'audit_chart__%' "
              "AND $as_of IS NOT NULL ORDER BY 1")
    assert _stored(db, charts).values.tolist() == _stored(ref, charts).values.tolist()

    # a database with another salt refuses the run: its pseudonyms would not match
    monkeypatch.delenv("GDPR_AUDIT_SALT")
    other = tmp_path / "other.duckdb"
    refused = runner.invoke(app, ["import-results", str(out), "--db", str(other)])
    assert isinstance(refused.exception, InputError) and "salt" in str(refused.exception)
    assert refused.exception.exit_code == 2
    assert _stored(other, "SELECT count(*) FROM duckdb_tables() WHERE "
                   "table_name = 'audit_findings' AND $as_of IS NOT NULL").iloc[0, 0] == 0
