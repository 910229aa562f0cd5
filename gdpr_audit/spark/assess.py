"""The assessment on Spark: the registered checks and their SQL files, run by Spark SQL.

Every area module's ``run_area`` runs as it does on DuckDB, on an
:class:`~gdpr_audit.assess.base.AssessContext` whose connection is a
:class:`~gdpr_audit.spark.sqlconn.SparkConnection` (DuckDB SQL transpiled by sqlglot).
The canonical tables come from the lake (``model/<table>``: the output of the model
build, e.g. written by :func:`gdpr_audit.spark.lake.export_lake`) as temp views.

A check that fails on Spark (a DuckDB feature with no Spark counterpart) is reported in
:attr:`SparkAssessment.failed` with the error type and not silently dropped; the
DuckDB path remains the reference for it. :data:`DUCKDB_ONLY` lists the checks known
to need DuckDB, and why.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from gdpr_audit.assess import prepare
from gdpr_audit.assess.assessability import ASSESSABILITY_COLUMNS
from gdpr_audit.assess.base import (
    FINDING_COLUMNS,
    REF_RE,
    AssessContext,
    CheckSpec,
    make_context,
)
from gdpr_audit.assess.registry import AREAS, AUDIT_FINDINGS_COLUMNS
from gdpr_audit.core.db import sql_text
from gdpr_audit.core.errors import UsageError
from gdpr_audit.load.naming import PROVENANCE_COLUMNS, column_names
from gdpr_audit.spark.inputs import discover_tables, read_typed
from gdpr_audit.spark.sqlconn import REF_FUNCTION, SparkConnection

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Checks that need DuckDB (run them on the imported results with ``gdpr-audit assess``).
DUCKDB_ONLY: dict[str, str] = {
    "rights.erasure_not_effective": (
        "searches every raw and canonical table of the audit database for the erased "
        "identifiers (gdpr_audit/assess/subject_search.py walks DuckDB's raw schema)"
    ),
}


@dataclass
class SparkAssessContext(AssessContext):
    """An assessment context for Spark: ``{ref:P:col}`` pseudonyms spelled for Spark SQL,
    the :data:`DUCKDB_ONLY` checks left out, and a check failing on Spark recorded in
    ``failed`` / ``errors`` (its area goes on) instead of stopping the run."""

    #: check id -> error type ("duckdb only" for :data:`DUCKDB_ONLY`)
    failed: dict[str, str] = field(default_factory=dict)
    #: check or area -> Spark's error text (SQL and plan; never data values)
    errors: dict[str, str] = field(default_factory=dict)

    def run_file(self, name: str, params: Mapping[str, Any] | None = None) -> Any:
        text = REF_RE.sub(lambda m: f"{REF_FUNCTION}{m.group(1)}({m.group(2)})",
                          sql_text("assess", name))
        return self.execute(text, params)

    def runs(self, spec: CheckSpec) -> bool:
        if spec.check_id in DUCKDB_ONLY:
            self.failed[spec.check_id] = "duckdb only"
            return False
        return True

    def run_check(self, spec: CheckSpec) -> pd.DataFrame:
        try:
            return spec.func(self)
        except Exception as exc:  # a DuckDB feature without Spark counterpart
            self.failed[spec.check_id] = type(exc).__name__
            self.errors[spec.check_id] = str(exc)[:400]
            return pd.DataFrame({"record_ref": [], "detail": []})


@dataclass
class SparkAssessment:
    """Findings (``audit_findings`` columns), assessability, and what could not run."""

    findings: pd.DataFrame
    assessability: pd.DataFrame
    failed: dict[str, str] = field(default_factory=dict)  # check id -> error type
    timings: dict[str, float] = field(default_factory=dict)
    statements: int = 0
    #: The areas' report tables (``access`` -> ``{"matrix": ...}``), as on DuckDB.
    tables: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    #: check id (or area, when its shared preparation failed) -> Spark's error text
    errors: dict[str, str] = field(default_factory=dict)


def register_model(spark: SparkSession, uri: str) -> list[str]:
    """Register every table under ``uri`` (``model/``) as a temp view; their names."""
    names = []
    for table in discover_tables(spark, [uri]):
        read_typed(spark, table).createOrReplaceTempView(table.name)
        names.append(table.name)
    return names


def raw_columns(spark: SparkSession, uri: str) -> dict[str, list[str]]:
    """Raw table -> columns (loader naming, provenance last) of the lake tables under
    ``uri``, read from their schemas only: what DuckDB's ``raw`` schema lists."""
    return {t.name: [*column_names(read_typed(spark, t).columns), *PROVENANCE_COLUMNS]
            for t in discover_tables(spark, [uri])}


def run_spark_assessment(
    spark: SparkSession, as_of: dt.date, salt: str, config: dict[str, Any] | None = None,
    areas: Sequence[str] | None = None, raw: Mapping[str, Sequence[str]] | None = None,
) -> SparkAssessment:
    """Run the checks of ``areas`` (default all) on the session's canonical temp views.

    ``raw`` (:func:`raw_columns`) lists the lake's raw tables: permissions on
    ``raw.<table>`` and raw columns holding personal data count for the access checks
    and matrix as on DuckDB; without it only canonical columns do.
    """
    con = SparkConnection(spark, salt, raw)
    base = make_context(con, as_of, config, salt)  # type: ignore[arg-type]
    ctx = SparkAssessContext(con=base.con, as_of=as_of, salt=salt, config=base.config)
    frames: list[pd.DataFrame] = []
    judged: list[pd.DataFrame] = []
    timings: dict[str, float] = {}
    tables: dict[str, dict[str, pd.DataFrame]] = {}
    chosen = list(areas) if areas else list(AREAS)
    unknown = [a for a in chosen if a not in AREAS]
    if unknown:
        raise UsageError(f"unknown area(s): {', '.join(unknown)} (known: {', '.join(AREAS)})")
    # run_assessment runs the areas in the audit's time zone (text dates in details)
    zone_before = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", str(ctx.setting("timezone")))
    try:
        for name in chosen:
            start = time.perf_counter()
            module = AREAS[name]
            try:
                result = module.run_area(ctx)
            except Exception as exc:  # an area's shared preparation failed on Spark
                ctx.errors[name] = str(exc)[:400]
                ctx.failed.update({c.check_id: type(exc).__name__ for c in module.AREA.checks
                                   if c.check_id not in ctx.failed})
                continue
            frames.append(result.findings)
            tables[name] = result.tables
            judged.append(result.assessability)
            timings[name] = time.perf_counter() - start
    finally:
        prepare.drop_prepared(ctx)
        spark.conf.set("spark.sql.session.timeZone", zone_before or "UTC")
    findings = (pd.concat([f for f in frames if len(f)], ignore_index=True)
                if any(len(f) for f in frames) else pd.DataFrame(columns=FINDING_COLUMNS))
    findings["as_of"] = as_of
    findings["run_at"] = pd.Timestamp.now(tz="UTC")
    assessability = (pd.concat([j for j in judged if len(j)], ignore_index=True)
                     if any(len(j) for j in judged)
                     else pd.DataFrame(columns=ASSESSABILITY_COLUMNS))
    return SparkAssessment(findings[AUDIT_FINDINGS_COLUMNS], assessability, ctx.failed,
                           timings, con.statements, tables, ctx.errors)


def write_assessment(spark: SparkSession, result: SparkAssessment, out: str) -> int:
    """Write ``<out>/audit_findings`` (and ``audit_assessability``) as Parquet."""
    findings = result.findings.astype({c: object for c in FINDING_COLUMNS})[
        AUDIT_FINDINGS_COLUMNS]
    schema = ("check_id string, area string, article string, severity string, "
              "record_ref string, detail string, subject_ref string, event_date date, "
              "measured_value double, limit_value double, unit string, detail_key string, "
              "params string, as_of date, run_at timestamp")
    # pandas Timestamps as datetime (PySpark's row converter rejects pandas.Timestamp)
    # NaN (a NULL figure in an object column) as NULL, not as a double NaN
    rows = [tuple(v.to_pydatetime() if isinstance(v, pd.Timestamp)
                  else None if isinstance(v, float) and v != v else v for v in r)
            for r in findings.itertuples(index=False)]
    spark.createDataFrame(rows, schema).coalesce(1).write.mode("overwrite").parquet(
        f"{out}/audit_findings")
    return len(rows)


