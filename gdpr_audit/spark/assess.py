"""The assessment on Spark: the registered checks and their SQL files, run by Spark SQL.

Every area module's ``run_area`` runs as it does on DuckDB, on an
:class:`~gdpr_audit.assess.base.AssessContext` whose connection is a
:class:`~gdpr_audit.spark.sqlconn.SparkConnection` (DuckDB SQL transpiled by sqlglot).
The canonical tables come from the lake (``model/<table>``: the output of the model
build: :func:`gdpr_audit.spark.model.build_model_spark`, or a DuckDB model copied by
:func:`gdpr_audit.spark.lake.export_lake`) as temp views.

A check that fails on Spark (a DuckDB feature with no Spark counterpart) is reported in
:attr:`SparkAssessment.failed` with the error type and not silently dropped; the
DuckDB path remains the reference for it. :data:`DUCKDB_ONLY` lists the checks known
to need DuckDB, and why.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
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
from gdpr_audit.assess.registry import (
    AREAS,
    AUDIT_ASSESSABILITY_COLUMNS,
    AUDIT_FINDINGS_COLUMNS,
)
from gdpr_audit.core.db import sql_text
from gdpr_audit.core.errors import UsageError
from gdpr_audit.spark.inputs import discover_tables, read_raw, read_typed
from gdpr_audit.spark.lake import salt_check
from gdpr_audit.spark.sqlconn import (
    REF_FUNCTION,
    SparkConnection,
    frame_to_spark,
    raw_view,
)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Checks that need DuckDB (run them on the imported results with ``gdpr-audit assess``).
DUCKDB_ONLY: dict[str, str] = {}


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
    #: the audit day and the areas that ran (what an import replaces)
    as_of: dt.date | None = None
    areas: list[str] = field(default_factory=list)


def register_model(spark: SparkSession, uri: str) -> list[str]:
    """Register every table under ``uri`` (``model/``) as a temp view; their names."""
    names = []
    for table in discover_tables(spark, [uri]):
        read_typed(spark, table).createOrReplaceTempView(table.name)
        names.append(table.name)
    return names


def raw_columns(spark: SparkSession, uri: str) -> dict[str, list[str]]:
    """Raw table -> columns (loader naming, provenance last) of the lake tables under
    ``uri``: what DuckDB's ``raw`` schema lists. Each table is registered as the temp
    view the checks read for ``raw.<table>`` (:func:`~gdpr_audit.spark.sqlconn.raw_view`,
    text columns as the loader's; nothing is read until a check needs it)."""
    out = {}
    for table in discover_tables(spark, [uri]):
        frame = read_raw(spark, table)
        frame.createOrReplaceTempView(raw_view(table.name))
        out[table.name] = list(frame.columns)
    return out


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
    run_at = pd.Timestamp.now(tz="UTC")
    findings["as_of"] = as_of
    findings["run_at"] = run_at
    assessability = (pd.concat([j for j in judged if len(j)], ignore_index=True)
                     if any(len(j) for j in judged)
                     else pd.DataFrame(columns=ASSESSABILITY_COLUMNS))
    assessability["as_of"] = as_of
    assessability["run_at"] = run_at
    return SparkAssessment(findings[AUDIT_FINDINGS_COLUMNS],
                           assessability[AUDIT_ASSESSABILITY_COLUMNS], ctx.failed, timings,
                           con.statements, tables, ctx.errors, as_of, list(tables))


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


def write_run(spark: SparkSession, result: SparkAssessment, out: str,
              config: Mapping[str, Any] | None, salt: str) -> dict[str, int]:
    """Write what ``assess`` stores beside the findings, so the report can read an
    imported Spark run as a DuckDB one (docs/scale-out.md):

    - ``<out>/audit_assessability``: per check and source whether it could judge;
    - ``<out>/audit_charts/<area>__<name>``: the areas' report tables;
    - ``<out>/audit_run``: one row: audit day, areas, when, the configuration (JSON, for
      the run's config digest), the checks that did not run, and a salt check (an HMAC
      of a fixed text with the salt: import refuses a database whose salt differs).

    Returns rows written per table.
    """
    judged = result.assessability
    rows = [(r.check_id, r.area, r.source if isinstance(r.source, str) else None, r.status,
             [str(m) for m in r.missing] if _is_list(r.missing) else None, r.detail_key,
             r.as_of, r.run_at.to_pydatetime())
            for r in judged.itertuples(index=False)]
    spark.createDataFrame(rows, "check_id string, area string, source string, status string, "
                          "missing array<string>, detail_key string, as_of date, "
                          "run_at timestamp").coalesce(1).write.mode("overwrite").parquet(
        f"{out}/audit_assessability")
    written = {"audit_assessability": len(rows)}
    charts = []
    for area, named in result.tables.items():
        for name, frame in named.items():
            charts.append(f"{area}__{name}")
            frame_to_spark(spark, frame).coalesce(1).write.mode("overwrite").parquet(
                f"{out}/audit_charts/{area}__{name}")
            written[f"audit_charts/{area}__{name}"] = len(frame)
    run_at = (result.findings["run_at"].iloc[0] if len(result.findings)
              else pd.Timestamp.now(tz="UTC"))
    manifest = [(result.as_of, run_at.to_pydatetime(), result.areas, charts,
                 json.dumps(dict(config or {}), sort_keys=True, default=str),
                 json.dumps(result.failed, sort_keys=True), salt_check(salt))]
    spark.createDataFrame(manifest, "as_of date, run_at timestamp, areas array<string>, "
                          "charts array<string>, config string, failed string, "
                          "salt_check string").coalesce(1).write.mode("overwrite").parquet(
        f"{out}/audit_run")
    written["audit_run"] = 1
    return written


def write_bookkeeping(spark: SparkSession, views: Sequence[str], out: str) -> dict[str, int]:
    """The model build's ``model_log`` and ``column_lineage`` among the registered model
    ``views``, copied to ``<out>`` for an audit database without a model of its own."""
    written = {}
    for name in ("model_log", "column_lineage"):
        if name in views:
            frame = spark.table(name)
            frame.coalesce(1).write.mode("overwrite").parquet(f"{out}/{name}")
            written[name] = frame.count()
    return written


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)
