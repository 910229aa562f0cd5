"""The demo through both engines: identical inventory, free-text findings and check findings.

Slow (a local[2] Spark session, spaCy in the executors): part of `make test`.
"""

from __future__ import annotations

from itertools import zip_longest

import pandas as pd
import pytest

from tests.spark.conftest import AS_OF

pytestmark = pytest.mark.slow

_COLUMNS = ["table_name", "source", "column_name", "entity_type", "category", "score", "share",
            "why", "free_text", "rows"]
_FINDINGS = ["table_name", "column_name", "record_no", "entity_type", "category", "score",
             "hint", "language", "reason"]


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return sorted(tuple(r) for r in frame[columns].astype(str).itertuples(index=False))


def _finding_rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """Like :func:`_rows`, a NULL figure or day the same whether NaN, NaT or None."""
    part = frame[columns].astype(object)
    return _rows(part.where(part.notna(), None), columns)


def test_inventory_identical(scans):
    assert scans.job.tables == 14 and scans.job.free_text_columns >= 2
    assert scans.counts["pii_columns"] == len(scans.duck_columns) > 30
    assert _rows(scans.spark_columns, _COLUMNS) == _rows(scans.duck_columns, _COLUMNS)


def test_free_text_findings_identical(scans):
    spark_findings = scans.spark_findings
    assert scans.counts["pii_findings"] == len(scans.duck_findings) > 40
    assert set(spark_findings["category"]) == {"pii", "special"}
    assert _rows(spark_findings, _FINDINGS) == _rows(scans.duck_findings, _FINDINGS)
    # masked hints only: no e-mail address survives unmasked
    assert not spark_findings["hint"].str.contains(r"^[^*]+@[^*]+$", regex=True).any()


def test_check_findings_identical_where_spark_runs(assessed):
    from gdpr_audit.assess.registry import all_checks
    from gdpr_audit.spark.assess import DUCKDB_ONLY

    duck, result = assessed
    # every check but the DuckDB-only ones ran on Spark, and each has findings to compare
    assert set(result.failed) == set(DUCKDB_ONLY), result.failed
    ran = {c for c in duck.findings["check_id"].unique() if c not in result.failed}
    assert ran == {c.check_id for c in all_checks()} - set(DUCKDB_ONLY)
    # the prose and the structured columns (issue #13 item 9) alike
    keys = ["check_id", "record_ref", "detail", "subject_ref", "event_date", "measured_value",
            "limit_value", "unit", "detail_key", "params"]
    differ = {}
    for check_id in sorted(ran):
        want = _finding_rows(duck.findings[duck.findings["check_id"] == check_id], keys)
        got = _finding_rows(result.findings[result.findings["check_id"] == check_id], keys)
        if got != want:  # every check compared, the first differing row of each shown
            differ[check_id] = next((g, w) for g, w in zip_longest(got, want) if g != w)
    assert differ == {}
    # no check that ran on Spark found something DuckDB did not
    assert set(result.findings["check_id"]) <= set(duck.findings["check_id"])


def test_every_access_check_and_the_matrix_identical(assessed):
    from gdpr_audit.assess.access import AREA

    duck, result = assessed
    access = {c.check_id for c in AREA.checks}
    assert len(access) == 5
    # each access check has findings on both engines (a special category in the
    # inventory, a user active after deactivation, a bulk export, ...)
    assert access <= set(duck.findings["check_id"])
    assert access <= set(result.findings["check_id"])
    want = duck.areas["access"].tables["matrix"].astype(str)
    got = result.tables["access"]["matrix"].astype(str)
    assert got.values.tolist() == want.values.tolist()
    # permissions on raw.<table> count: the lake's raw tables are listed as DuckDB's
    assert want["table"].str.startswith("raw.").any()
    assert (want["special_categories"] != "").any()


def test_a_check_failing_on_spark_is_reported_not_dropped(spark):
    """A real check whose input is missing on Spark: recorded with Spark's error type
    and message, an empty result instead of an exception that would stop its area."""
    from gdpr_audit.assess.base import make_context
    from gdpr_audit.assess.registry import all_checks
    from gdpr_audit.spark.assess import SparkAssessContext
    from gdpr_audit.spark.sqlconn import SparkConnection

    salt = "a-salt-for-this-test-only-0123456789"
    spec = next(c for c in all_checks() if c.check_id == "rights.open_overdue")
    spark.catalog.dropTempView("assess_requests")  # its area prepares it; not here
    base = make_context(SparkConnection(spark, salt), AS_OF, None, salt)  # type: ignore[arg-type]
    ctx = SparkAssessContext(con=base.con, as_of=AS_OF, salt=salt, config=base.config)
    assert ctx.runs(spec)
    got = ctx.run_check(spec)
    assert got.empty and list(got.columns) == ["record_ref", "detail"]
    assert ctx.failed == {"rights.open_overdue": "AnalysisException"}
    assert "assess_requests" in ctx.errors["rights.open_overdue"]


def test_cli_assess_on_spark_then_import(spark, demo_lake, scans, assessed, tmp_path,
                                        monkeypatch):
    """`gdpr-audit assess --engine spark` (the tests' active session) creates the audit
    database, then `import-results`: it holds the access findings DuckDB gives."""
    import shutil

    from typer.testing import CliRunner

    from gdpr_audit.cli import app
    from gdpr_audit.core.db import connect
    from gdpr_audit.core.errors import UsageError

    duck, _ = assessed
    runner = CliRunner()
    # as a spark-submit job runs: the audit's salt from the environment (the reference's)
    monkeypatch.setenv("GDPR_AUDIT_SALT", assessed.salt)
    db = tmp_path / "audit.duckdb"  # not there: a lake audit loads nothing
    # usage errors (exit 2 from gdpr-audit's main), before Spark does anything
    missing = runner.invoke(app, ["assess", "--engine", "spark", "--db", str(db)])
    assert isinstance(missing.exception, UsageError) and missing.exception.exit_code == 2
    assert "--model" in str(missing.exception)
    unknown = runner.invoke(app, ["assess", "--engine", "flink", "--db", str(db)])
    assert isinstance(unknown.exception, UsageError) and "flink" in str(unknown.exception)
    out = tmp_path / "results"
    # the model and the Spark scan's pii_columns side by side, as a lake audit lays them out
    model = tmp_path / "model"
    shutil.copytree(demo_lake["model"], model)
    shutil.copytree(scans.out / "pii_columns", model / "pii_columns")
    done = runner.invoke(app, [
        "assess", "--engine", "spark", "--db", str(db), "--model", str(model),
        "--raw", str(demo_lake["raw"]), "--out", str(out), "--area", "access",
        "--as-of", AS_OF.isoformat()])
    assert done.exit_code == 0, done.output
    assert "not on Spark: none" in done.output
    imported = runner.invoke(app, ["import-results", str(out), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    con = connect(db)
    got = con.execute("SELECT check_id, record_ref, detail, subject_ref, "
                      "CAST(event_date AS VARCHAR) AS event_date, measured_value, limit_value, "
                      "unit, detail_key, params FROM audit_findings WHERE area = 'access'").df()
    con.close()
    want = duck.findings[duck.findings["area"] == "access"]
    keys = ["check_id", "record_ref", "detail", "subject_ref", "event_date", "measured_value",
            "limit_value", "unit", "detail_key", "params"]
    assert got["detail_key"].notna().all()
    assert len(got) >= 5 and _finding_rows(got, keys) == _finding_rows(want, keys)
