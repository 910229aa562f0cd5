"""One local[2] SparkSession, one small demo lake, one scan per engine and one Spark model
build for every Spark test (slow). Session-scoped, so `pytest tests/spark` starts one JVM,
scans once and builds the canonical model on Spark once."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

AS_OF = dt.date(2026, 11, 28)
#: Above every column's distinct count in this demo: both engines classify all values.
SAMPLE = 5000
#: The demo generator's minimum: every planted case (one or more per check) is there.
CONTACTS = 200


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason='pip install "gdpr-audit[spark]"')
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java 17+ (make java)")
    from gdpr_audit.spark.session import spark_session

    session = spark_session("local[2]", app_name="gdpr-audit-tests")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def demo_lake(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small demo loaded into DuckDB, its raw tables and model written as a lake,
    and that lake loaded back into a second audit database (the DuckDB reference)."""
    from gdpr_audit.demo.generator import generate_demo
    from gdpr_audit.spark.lake import lake_from_exports

    root = tmp_path_factory.mktemp("spark_demo")
    generate_demo(root / "exports", contacts=CONTACTS, seed=7)
    lake_from_exports(root / "exports", root)
    return {"root": root, "raw": root / "lake" / "raw", "model": root / "lake" / "model",
            "db": root / "ref.duckdb"}


@dataclass
class Scans:
    """Both engines' inventories of the demo; Spark's written under ``out``."""

    duck_columns: pd.DataFrame
    duck_findings: pd.DataFrame
    spark_columns: pd.DataFrame  # imported back into a DuckDB database
    spark_findings: pd.DataFrame
    job: object  # gdpr_audit.spark.job.ScanJob
    counts: dict[str, int]
    out: Path


@pytest.fixture(scope="session")
def scans(spark, demo_lake, tmp_path_factory) -> Scans:
    """DuckDB's scan of the reference database (its pii_columns stay there for the
    checks), Spark's scan of the lake on the shared session, imported back."""
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
    con = connect(tmp_path_factory.mktemp("imported") / "audit.duckdb")
    counts = import_results(con, out)
    spark_side = (con.execute("SELECT * FROM pii_columns").df(),
                  con.execute("SELECT * FROM pii_findings").df())
    con.close()
    return Scans(*duck, *spark_side, job, counts, out)


@dataclass
class SparkModelBuild:
    """The demo's canonical model built on Spark from the raw lake (``model`` folder)."""

    report: object  # gdpr_audit.spark.model.SparkModel
    model: Path
    seconds: float


@pytest.fixture(scope="session")
def spark_model(spark, demo_lake, tmp_path_factory) -> SparkModelBuild:
    """`gdpr-audit model --engine spark` of the demo lake's raw tables (once per session):
    the model the Spark assessment reads (``assessed``), compared table by table with the
    DuckDB build of the same lake (``demo_lake["db"]``) in test_model_identity.py."""
    from gdpr_audit.spark.model import build_model_spark

    out = tmp_path_factory.mktemp("spark_model")
    start = time.perf_counter()
    report = build_model_spark(spark, str(demo_lake["raw"]), str(out))
    return SparkModelBuild(report, out / "model", round(time.perf_counter() - start, 1))


class Assessed(tuple):
    """(DuckDB's assessment, Spark's) of the demo, with the salt and model views used."""

    salt: str
    views: list[str]


@pytest.fixture(scope="session")
def assessed(spark, demo_lake, scans, spark_model):
    """DuckDB's assessment of the reference database (with DuckDB's inventory; its model
    built by DuckDB) and Spark's of the model built on Spark from the raw lake
    (``spark_model``), with Spark's inventory (``<out>/pii_columns``) and the raw tables'
    columns, as a lake audit runs: model and scan on Spark, then the checks. Once per
    session: the identity tests and the lake report test read the same run."""
    from gdpr_audit.assess.registry import run_assessment
    from gdpr_audit.core.db import audit_salt, connect
    from gdpr_audit.spark.assess import raw_columns, register_model, run_spark_assessment

    con = connect(demo_lake["db"])
    salt = audit_salt(con)
    duck = run_assessment(con, AS_OF, store=False)
    con.close()
    views = register_model(spark, str(spark_model.model))
    spark.read.parquet(str(scans.out / "pii_columns")).createOrReplaceTempView("pii_columns")
    raw = raw_columns(spark, str(demo_lake["raw"]))
    out = Assessed((duck, run_spark_assessment(spark, AS_OF, salt, raw=raw)))
    out.salt, out.views = salt, views
    return out
