"""A lake audit end to end: Spark scan + Spark assess, imported into a new audit database,
gives the report's numbers of the DuckDB path, and `gdpr-audit report` builds on it (slow:
Spark). The database holds no canonical table: every page reads what assess stored."""

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


@pytest.fixture(scope="module")
def lake_audit(spark, demo_lake, scans, assessed, tmp_path_factory):
    """The Spark scan and run imported into a new audit database (``db``), and the
    reference database assessed by `gdpr-audit assess` (``ref``, the DuckDB path)."""
    from typer.testing import CliRunner

    from gdpr_audit.cli import app
    from gdpr_audit.core.db import connect
    from gdpr_audit.spark.assess import write_assessment, write_bookkeeping, write_run

    _, result = assessed
    assert not result.failed, result.errors  # all 28 checks ran on Spark
    root = tmp_path_factory.mktemp("lake_audit")
    runner = CliRunner()
    db = root / "lake.duckdb"  # a new audit database: nothing was loaded into it
    out = root / "run"
    shutil.copytree(scans.out, out)  # the Spark scan: pii_columns, pii_findings, load_log
    # what `assess --engine spark` writes (run_assess_job; the CLI test runs that path)
    write_assessment(spark, result, str(out))
    written = write_run(spark, result, str(out), None, assessed.salt)
    written.update(write_bookkeeping(spark, assessed.views, str(out)))
    assert written["audit_assessability"] > 0 and written["model_log"] > 0
    with pytest.MonkeyPatch.context() as mp:
        # as a spark-submit job runs: the audit's salt from the environment, so the new
        # database's pseudonyms are the reference's and every column can be compared
        mp.setenv("GDPR_AUDIT_SALT", assessed.salt)
        connect(db).close()
        imported = runner.invoke(app, ["import-results", str(out), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    assert "audit_charts" in imported.output and "load_log 14" in imported.output
    ref = root / "ref.duckdb"
    shutil.copy(demo_lake["db"], ref)
    duck_run = runner.invoke(app, ["assess", "--db", str(ref), "--as-of", AS_OF.isoformat()])
    assert duck_run.exit_code in (0, 1), duck_run.output
    return {"db": db, "ref": ref, "out": out, "root": root}


def test_imported_spark_run_gives_the_duckdb_path_s_numbers(lake_audit, tmp_path):
    from gdpr_audit.report.actions import write_findings_csv

    db, ref = lake_audit["db"], lake_audit["ref"]
    # the index's per-check totals, every check of the 28 with findings on both paths
    got, want = _index_totals(db), _index_totals(ref)
    assert len(want) == 28 and (want["findings"] > 0).all()
    assert got.astype(str).values.tolist() == want.astype(str).values.tolist()
    # the findings CSVs the report links hold those rows
    write_findings_csv(db, AS_OF, tmp_path)
    for row in want.itertuples(index=False):
        csv = pd.read_csv(tmp_path / "findings" / f"{row.check_id}.csv")
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


def test_report_on_the_imported_run(lake_audit):
    from typer.testing import CliRunner

    from gdpr_audit.cli import app

    report = lake_audit["root"] / "report"
    built = CliRunner().invoke(app, ["report", "--db", str(lake_audit["db"]),
                                     "--out", str(report)])
    assert built.exit_code == 0, built.output
    assert (report / "index.html").is_file()
    # the consent page's funnel comes from the stored run: the DuckDB path's numbers
    from gdpr_audit.report import open_audit
    from gdpr_audit.report.summary import consent_funnel

    funnels = []
    for db in (lake_audit["db"], lake_audit["ref"]):
        audit = open_audit(db, AS_OF.isoformat())
        try:
            funnels.append(consent_funnel(audit)["count"].tolist())
        finally:
            audit.release()
    assert funnels[0] == funnels[1] and funnels[0][0] > 0


def test_a_database_of_another_salt_refuses_the_run(lake_audit, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from gdpr_audit.cli import app
    from gdpr_audit.core.errors import InputError

    monkeypatch.delenv("GDPR_AUDIT_SALT", raising=False)
    other = tmp_path / "other.duckdb"
    refused = CliRunner().invoke(app, ["import-results", str(lake_audit["out"]),
                                       "--db", str(other)])
    assert isinstance(refused.exception, InputError) and "salt" in str(refused.exception)
    assert refused.exception.exit_code == 2
    assert _stored(other, "SELECT count(*) FROM duckdb_tables() WHERE "
                   "table_name = 'audit_findings' AND $as_of IS NOT NULL").iloc[0, 0] == 0
