"""Build the canonical model (``main.<table>``) from the raw tables through vendor profiles.

The whole build is SQL: per (raw table, entity) one staging query
(:mod:`gdpr_audit.load.entity_sql`, the parsers of :mod:`gdpr_audit.load.parse`
inlined), one count over the stage and one ``INSERT ... SELECT``; all canonical
tables are emptied and refilled in one transaction. Rows are never looped over in
Python, and raw values never leave DuckDB: the report and ``model_log`` hold counts
only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from gdpr_audit.core.comments import apply_comments
from gdpr_audit.core.db import columns_of, quote_ident, run_script
from gdpr_audit.core.errors import UsageError
from gdpr_audit.load.entity_sql import stage_query
from gdpr_audit.load.mapping import plan_sources, record_mapping
from gdpr_audit.load.match import header_key
from gdpr_audit.load.profile import (
    BOOKKEEPING_TABLES,
    Entity,
    Profile,
    canonical_schema,
    list_profiles,
    load_profile,
)
from gdpr_audit.load.state import mark_model_built

_STAGE = "_gdpr_model_stage"


@dataclass(frozen=True)
class SourceMapping:
    """What one raw table contributed to one canonical table (counts only)."""

    raw_table: str
    profile: str
    entity: str
    canonical_table: str
    rows_in: int
    rows_mapped: int
    rows_rejected: int
    rows_skipped: int
    unparsed: dict[str, int]
    missing_headers: tuple[str, ...] = ()


@dataclass
class ModelReport:
    """Outcome of :func:`build_model`."""

    profile: str | None
    counts: dict[str, int] = field(default_factory=dict)
    sources: list[SourceMapping] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return sum(s.rows_rejected for s in self.sources)


@dataclass(frozen=True)
class _Plan:
    raw_table: str
    profile: Profile
    entity: Entity


def create_model_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the canonical tables, ``column_lineage`` and ``model_log`` if missing."""
    run_script(con, "model", "canonical")


def build_model(
    con: duckdb.DuckDBPyConnection,
    profile: str | None = None,
    *,
    timezone: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ModelReport:
    """Rebuild every canonical table from the ``raw`` schema.

    Args:
        con: the audit database.
        profile: force this profile (name or YAML path); ``None`` detects per raw table.
        timezone: read naive source times in this zone instead of the profile's.
        on_step: called with each raw table's name before it is mapped (progress bars).

    Returns:
        Row counts per canonical table, what each raw table contributed, the raw
        tables no entity matched (left in ``raw`` and still scanned) and warnings.

    Raises:
        UsageError: unknown profile, or a raw table fits two profiles equally well.
        ConfigError: an invalid profile file.
    """
    if timezone is not None:
        _check_timezone(timezone)
    profiles = [load_profile(profile)] if profile else [load_profile(n) for n in list_profiles()]
    create_model_tables(con)
    run_script(con, "load", "ddl")  # load_state, even for a database loaded by hand
    report = ModelReport(profile=profiles[0].name if profile else None)
    planned = plan_sources(con, profiles, forced=bool(profile))
    report.unmatched, report.warnings = planned.unmatched, list(planned.warnings)
    plans = [_Plan(p.raw_table, p.profile, p.entity) for p in planned.plans]
    entity_tables = _entity_tables(con, plans)
    targets = [t for t in canonical_schema() if t not in BOOKKEEPING_TABLES]
    built_at = dt.datetime.now(dt.UTC)
    con.execute("BEGIN TRANSACTION")
    try:
        for table in [*targets, *BOOKKEEPING_TABLES]:
            con.execute(f"DELETE FROM {quote_ident(table)}")
        for plan in plans:
            if on_step:
                on_step(plan.raw_table)
            for entity in (plan.entity, *plan.profile.derived(plan.entity.name)):
                mapping = _map_entity(
                    con, plan, entity, timezone, report, entity_tables[plan.profile.name]
                )
                report.sources.append(mapping)
                con.execute(
                    "INSERT INTO model_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        mapping.canonical_table,
                        mapping.raw_table,
                        mapping.profile,
                        mapping.entity,
                        mapping.rows_in,
                        mapping.rows_mapped,
                        mapping.rows_rejected,
                        mapping.rows_skipped,
                        json.dumps(mapping.unparsed, sort_keys=True),
                        built_at,
                    ],
                )
        con.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        # in the build's transaction: a build killed half-way leaves the model marked stale
        mark_model_built(con, str(profile) if profile else None, timezone)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    for table in targets:
        row = con.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()
        report.counts[table] = int(row[0]) if row else 0
    record_mapping(con, planned)
    apply_comments(con)  # table and column descriptions for other tools (core/comments.yaml)
    report.warnings = list(dict.fromkeys(report.warnings + _duplicate_warnings(con, targets)))
    return report


def _check_timezone(tz: str) -> None:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"unknown timezone {tz!r} (use an IANA name such as Europe/Berlin)"
        ) from None


def _entity_tables(
    con: duckdb.DuckDBPyConnection, plans: list[_Plan]
) -> dict[str, dict[str, list[tuple[str, list[str]]]]]:
    """profile -> entity -> [(raw table, columns)] this build matched: what lookups search."""
    out: dict[str, dict[str, list[tuple[str, list[str]]]]] = {}
    for plan in plans:
        out.setdefault(plan.profile.name, {}).setdefault(plan.entity.name, []).append(
            (plan.raw_table, columns_of(con, plan.raw_table, schema="raw"))
        )
    return out


def _map_entity(
    con: duckdb.DuckDBPyConnection,
    plan: _Plan,
    entity: Entity,
    timezone: str | None,
    report: ModelReport,
    entity_tables: dict[str, list[tuple[str, list[str]]]],
) -> SourceMapping:
    """Stage the parsed rows of one raw table for one entity, count, insert, record lineage."""
    raw_cols = columns_of(con, plan.raw_table, schema="raw")
    by_lower = {header_key(c): c for c in raw_cols}
    keys = [c for c, (_, nullable) in canonical_schema()[entity.table].items() if not nullable]
    stage = stage_query(
        entity,
        plan.profile,
        plan.raw_table,
        raw_cols,
        timezone or plan.profile.timezone,
        entity_tables,
    )
    report.warnings.extend(stage.warnings)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_STAGE} AS {stage.sql}")
    checked, lineage = stage.checked, stage.lineage

    key_ok = " AND ".join(f"{quote_ident(k)} IS NOT NULL" for k in keys) or "TRUE"
    req_ok = " AND ".join([f"{quote_ident(r)} IS NOT NULL" for r in entity.require] + ["_where_ok"])
    counts = [f"count_if(NOT ({key_ok}))", f"count_if(({key_ok}) AND NOT ({req_ok}))"]
    counts += [
        f"count_if({quote_ident('_nonempty_' + c)} AND {quote_ident(c)} IS NULL)" for c in checked
    ]
    row = con.execute(f"SELECT count(*), {', '.join(counts)} FROM {_STAGE}").fetchone()
    assert row is not None
    rows_in, rejected, skipped = int(row[0]), int(row[1]), int(row[2])
    unparsed = {c: int(n) for c, n in zip(checked, row[3:], strict=True) if n}

    target_cols = [s.column for s in entity.columns]
    col_sql = ", ".join(quote_ident(c) for c in target_cols)
    con.execute(
        f"INSERT INTO {quote_ident(entity.table)} ({col_sql}, source_table, source_row) "
        f"SELECT {col_sql}, ?, source_row FROM {_STAGE} WHERE ({key_ok}) AND ({req_ok})",
        [plan.raw_table],
    )
    if lineage:
        con.executemany(
            "INSERT INTO column_lineage VALUES (?, ?, ?, ?, ?)",
            [[entity.table, c, plan.raw_table, raw, plan.profile.name] for c, raw in lineage],
        )
    missing_keys = [k for k in keys if not _has_input(entity, k, by_lower)]
    if missing_keys:
        report.warnings.append(
            f"raw.{plan.raw_table} -> {entity.table}: no source for key column(s) "
            f"{', '.join(missing_keys)}; every row rejected"
        )
    return SourceMapping(
        raw_table=plan.raw_table,
        profile=plan.profile.name,
        entity=entity.name,
        canonical_table=entity.table,
        rows_in=rows_in,
        rows_mapped=rows_in - rejected - skipped,
        rows_rejected=rejected,
        rows_skipped=skipped,
        unparsed=unparsed,
        missing_headers=tuple(stage.missing),
    )


def _has_input(entity: Entity, column: str, by_lower: dict[str, str]) -> bool:
    """Whether the raw table can fill ``column`` at all (a source, a template or a constant)."""
    for spec in entity.columns:
        if spec.column == column:
            from_source = any(header_key(h) in by_lower for h in spec.sources)
            from_template = spec.template is not None and all(
                header_key(h) in by_lower for h in spec.template_fields
            )
            return spec.value is not None or from_source or from_template
    return False


def _duplicate_warnings(con: duckdb.DuckDBPyConnection, tables: list[str]) -> list[str]:
    """Count (never show) ids that occur more than once in a canonical table."""
    out = []
    for table in tables:
        keys = [c for c, (_, nullable) in canonical_schema()[table].items() if not nullable]
        if not keys:
            continue
        key_sql = ", ".join(quote_ident(k) for k in keys)
        row = con.execute(
            f"SELECT count(*) FROM (SELECT {key_sql} FROM {quote_ident(table)} "
            f"GROUP BY {key_sql} HAVING count(*) > 1)"
        ).fetchone()
        if row and row[0]:
            out.append(f"{table}: {row[0]} key value(s) occur more than once ({', '.join(keys)})")
    return out
