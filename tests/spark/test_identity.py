"""The demo through both engines: identical inventory, free-text findings and check findings.

Slow (a local[2] Spark session, spaCy in the executors): part of `make test`.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.spark.conftest import AS_OF, SAMPLE

pytestmark = pytest.mark.slow

_COLUMNS = ["table_name", "source", "column_name", "entity_type", "category", "score", "share",
            "why", "free_text", "rows"]
_FINDINGS = ["table_name", "column_name", "record_no", "entity_type", "category", "score",
             "hint", "language", "reason"]


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return sorted(tuple(r) for r in frame[columns].astype(str).itertuples(index=False))


@pytest.fixture(scope="module")
def scans(spark, demo_lake, tmp_path_factory):
    """DuckDB's scan of the reference database, Spark's scan of the lake, imported back."""
    from gdpr_audit.core.db import connect
    from gdpr_audit.discover.scan import ScanOptions, scan_database
    from gdpr_audit.spark.job import run_scan_job
    from gdpr_audit.spark.lake import import_results

    options = ScanOptions.from_config({}, sample=SAMPLE, workers=1)
    con = connect(demo_lake["db"])
    scan_database(con, options)
    duck = (con.execute("SELECT * FROM pii_columns").df(),
            con.execute("SELECT * FROM pii_findings").df())
    con.close()
    out = tmp_path_factory.mktemp("spark_results")
    job = run_scan_job([str(demo_lake["raw"])], str(out), master="local[2]", sample=SAMPLE)
    imported = tmp_path_factory.mktemp("imported") / "audit.duckdb"
    con = connect(imported)
    counts = import_results(con, out)
    spark_side = (con.execute("SELECT * FROM pii_columns").df(),
                  con.execute("SELECT * FROM pii_findings").df())
    con.close()
    return duck, spark_side, job, counts


def test_inventory_identical(scans):
    (duck_columns, _), (spark_columns, _), job, counts = scans
    assert job.tables == 14 and job.free_text_columns >= 2
    assert counts["pii_columns"] == len(duck_columns) > 30
    assert _rows(spark_columns, _COLUMNS) == _rows(duck_columns, _COLUMNS)


def test_free_text_findings_identical(scans):
    (_, duck_findings), (_, spark_findings), _, counts = scans
    assert counts["pii_findings"] == len(duck_findings) > 50
    assert set(spark_findings["category"]) == {"pii", "special"}
    assert _rows(spark_findings, _FINDINGS) == _rows(duck_findings, _FINDINGS)
    # masked hints only: no e-mail address survives unmasked
    assert not spark_findings["hint"].str.contains(r"^[^*]+@[^*]+$", regex=True).any()


@pytest.fixture(scope="module")
def assessed(spark, demo_lake):
    from gdpr_audit.assess.registry import run_assessment
    from gdpr_audit.core.db import audit_salt, connect
    from gdpr_audit.spark.assess import register_model, run_spark_assessment

    con = connect(demo_lake["db"])
    salt = audit_salt(con)
    duck = run_assessment(con, AS_OF, store=False)
    con.close()
    register_model(spark, str(demo_lake["model"]))
    return duck, run_spark_assessment(spark, AS_OF, salt)


def test_check_findings_identical_where_spark_runs(assessed):
    duck, result = assessed
    ran = {c for c in duck.findings["check_id"].unique() if c not in result.failed}
    assert len(ran) >= 18, sorted(result.failed)
    keys = ["check_id", "record_ref", "detail"]
    for check_id in sorted(ran):
        want = duck.findings[duck.findings["check_id"] == check_id]
        got = result.findings[result.findings["check_id"] == check_id]
        assert _rows(got, keys) == _rows(want, keys), check_id
    # no check that ran on Spark found something DuckDB did not
    assert set(result.findings["check_id"]) <= set(duck.findings["check_id"])


def test_spark_only_failures_are_reported_not_dropped(assessed):
    from gdpr_audit.spark.assess import DUCKDB_ONLY

    _, result = assessed
    assert set(DUCKDB_ONLY) <= set(result.failed)
    assert all(isinstance(v, str) and v for v in result.failed.values())
