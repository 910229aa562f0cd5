"""One local[2] SparkSession and one small demo lake for every Spark test (slow)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

AS_OF = dt.date(2026, 11, 28)
#: Above every column's distinct count in this demo: both engines classify all values.
SAMPLE = 5000


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
    """A 500-contact demo loaded into DuckDB, its raw tables and model written as a lake,
    and that lake loaded back into a second audit database (the DuckDB reference)."""
    from gdpr_audit.demo.generator import generate_demo
    from gdpr_audit.spark.lake import lake_from_exports

    root = tmp_path_factory.mktemp("spark_demo")
    generate_demo(root / "exports", contacts=500, seed=7)
    lake_from_exports(root / "exports", root)
    return {"root": root, "raw": root / "lake" / "raw", "model": root / "lake" / "model",
            "db": root / "ref.duckdb"}
