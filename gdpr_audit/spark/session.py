"""The SparkSession gdpr-audit runs on: offline, no UI, UTC, Arrow batches.

``spark_session()`` returns the active session when there is one (a Databricks or
Jupyter notebook, ``spark-submit``), otherwise builds a local one. Nothing is downloaded:
no ``spark.jars.packages``; Delta Lake is enabled only when ``delta-spark`` is importable
and its jars are already on the class path (pip's ``delta-spark`` ships them).
"""

from __future__ import annotations

import importlib.util
import os
from typing import TYPE_CHECKING

from gdpr_audit.core.config import enforce_offline
from gdpr_audit.core.errors import ConfigError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Settings of every session built here (an existing session keeps its own, except the
#: session time zone, which the checks need in UTC like the DuckDB connection).
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    # batches handed to mapInPandas: one spaCy pipe batch is 256 texts, so 2,000 keeps
    # the engine busy without holding many notes in an executor's memory
    "spark.sql.execution.arrow.maxRecordsPerBatch": "2000",
    # local runs: few shuffle partitions (200 is for clusters), no adaptive surprises
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.adaptive.enabled": "true",
    "spark.driver.memory": "1g",
    "spark.python.worker.reuse": "true",
    "spark.sql.ansi.enabled": "false",
    # size(NULL) is NULL as DuckDB's len(NULL), not -1
    "spark.sql.legacy.sizeOfNull": "false",
}
#: Settings the SQL of the checks relies on, set on an existing session too.
SQL_CONF = ("spark.sql.session.timeZone", "spark.sql.legacy.sizeOfNull")


def spark_available() -> bool:
    """Whether PySpark is installed (``pip install "gdpr-audit[spark]"``)."""
    return importlib.util.find_spec("pyspark") is not None


def delta_available() -> bool:
    """Whether Delta Lake can be read (``delta-spark`` installed; never downloaded)."""
    return importlib.util.find_spec("delta") is not None


def spark_session(master: str | None = None, app_name: str = "gdpr-audit") -> SparkSession:
    """The active SparkSession, or a new one on ``master`` (default ``local[*]``).

    Raises:
        ConfigError: PySpark is not installed.
    """
    if not spark_available():
        raise ConfigError('the Spark engine needs PySpark: pip install "gdpr-audit[spark]"')
    enforce_offline()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        for key in SQL_CONF:
            active.conf.set(key, LOCAL_CONF[key])
        return active
    # the executors' Python must be this interpreter (the venv with the recognizers)
    os.environ.setdefault("PYSPARK_PYTHON", _python())
    builder = SparkSession.builder.appName(app_name)
    if master or not os.environ.get("SPARK_HOME"):
        builder = builder.master(master or "local[*]")
    for key, value in LOCAL_CONF.items():
        builder = builder.config(key, value)
    if delta_available():
        builder = builder.config(
            "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension"
        ).config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _python() -> str:
    import sys

    return sys.executable
