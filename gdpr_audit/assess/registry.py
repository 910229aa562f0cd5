"""The one place that lists the assessment areas and their checks, and runs them.

Which checks exist never depends on import order: :data:`AREAS` names every area
module explicitly, and each module registers its checks on its ``AREA``
(:class:`gdpr_audit.assess.base.Area`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess import access, breaches, consent, prepare, retention, rights, ropa
from gdpr_audit.assess.assessability import ASSESSABILITY_COLUMNS, NOT_ASSESSABLE, PARTIAL
from gdpr_audit.assess.base import (
    FINDING_COLUMNS,
    AreaResult,
    AssessContext,
    CheckSpec,
    make_context,
)
from gdpr_audit.core.db import run_script, table_exists
from gdpr_audit.core.errors import InputError, UsageError
from gdpr_audit.core.types import Severity
from gdpr_audit.load.subjects import build_subjects

#: Area name -> module (with ``AREA`` and ``run_area``), in report order.
AREAS: dict[str, ModuleType] = {
    "consent": consent,
    "rights": rights,
    "retention": retention,
    "access": access,
    "breaches": breaches,
    "ropa": ropa,
}

#: Canonical tables each area reads (checked before running, for a clean exit 2).
REQUIRED_TABLES: dict[str, tuple[str, ...]] = {
    "consent": ("contacts", "consents", "communications"),
    "rights": ("dsr_requests", "contacts", "contact_changes", "automated_decisions",
               "communications"),
    "retention": ("business_records", "contacts", "dsr_requests"),
    "access": ("role_permissions", "roles", "users", "access_log", "column_lineage"),
    "breaches": ("breaches",),
    "ropa": ("consents", "communications", "contacts", "retention_policies",
             "role_permissions"),
}

#: Columns of ``audit_findings`` (docs/data-model.md).
AUDIT_FINDINGS_COLUMNS = [*FINDING_COLUMNS, "as_of", "run_at"]
#: Columns of ``audit_assessability`` (docs/data-model.md).
AUDIT_ASSESSABILITY_COLUMNS = [*ASSESSABILITY_COLUMNS, "as_of", "run_at"]
#: Statuses counted as a gap in the audit: a source the check could not judge fully.
#: (``no_source`` rows are stored too, but a table nobody exported is shown as "not
#: assessed" by area, not as a gap per check.)
GAP_STATUSES = (NOT_ASSESSABLE, PARTIAL)


def all_checks() -> list[CheckSpec]:
    """Every registered check, area by area in :data:`AREAS` order."""
    return [spec for module in AREAS.values() for spec in module.AREA.checks]


@dataclass
class AssessmentResult:
    """Outcome of :func:`run_assessment`.

    ``findings``: :data:`AUDIT_FINDINGS_COLUMNS`; ``assessability``:
    :data:`AUDIT_ASSESSABILITY_COLUMNS` (one row per check and source); ``areas``:
    area -> :class:`AreaResult`; ``timings``: seconds per area; ``summary``: one row per
    check (check_id, area, article, severity, findings, gaps = sources not or only
    partly assessable).
    """

    as_of: dt.date
    findings: pd.DataFrame
    areas: dict[str, AreaResult] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    assessability: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=AUDIT_ASSESSABILITY_COLUMNS)
    )

    @property
    def gaps(self) -> pd.DataFrame:
        """The assessability rows that are gaps in the audit (:data:`GAP_STATUSES`)."""
        return self.assessability[self.assessability["status"].isin(GAP_STATUSES)]

    @property
    def summary(self) -> pd.DataFrame:
        counts = self.findings.groupby("check_id").size() if len(self.findings) else {}
        gaps = self.gaps.groupby("check_id").size() if len(self.gaps) else {}
        rows = [
            {"check_id": spec.check_id, "area": spec.area, "article": spec.article,
             "severity": spec.severity.value, "findings": int(counts.get(spec.check_id, 0)),
             "gaps": int(gaps.get(spec.check_id, 0))}
            for area in self.areas.values() for spec in area.checks
        ]
        return pd.DataFrame(
            rows, columns=["check_id", "area", "article", "severity", "findings", "gaps"]
        )

    def at_or_above(self, severity: Severity | str) -> int:
        """Number of findings with at least ``severity``."""
        floor = Severity(severity).rank
        return int(sum(Severity(s).rank >= floor for s in self.findings["severity"]))


def _require_tables(con: duckdb.DuckDBPyConnection, areas: Sequence[str]) -> None:
    needed = sorted({t for a in areas for t in REQUIRED_TABLES[a]})
    missing = [t for t in needed if not table_exists(con, t)]
    if missing:
        raise InputError(
            f"canonical table(s) missing: {', '.join(missing)} (run `gdpr-audit load` first)"
        )


def _store(
    con: duckdb.DuckDBPyConnection, findings: pd.DataFrame, assessability: pd.DataFrame,
    as_of: dt.date, areas: Sequence[str],
) -> None:
    """Replace the ``audit_findings`` and ``audit_assessability`` rows of ``as_of`` and
    ``areas`` (one transaction). The DDL adds the structured columns to a table an older
    version created (``ADD COLUMN IF NOT EXISTS``)."""
    run_script(con, "assess", "audit_findings")
    run_script(con, "assess", "audit_assessability")
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("audit_findings", "audit_assessability"):
            con.execute(
                f"DELETE FROM {table} WHERE as_of = $as_of AND list_contains($areas, area)",
                {"as_of": as_of, "areas": list(areas)},
            )
        con.register("_new_findings", findings)
        con.execute(
            "INSERT INTO audit_findings (check_id, area, article, severity, record_ref, detail, "
            "as_of, run_at, subject_ref, event_date, measured_value, limit_value, unit, "
            "detail_key, params) SELECT check_id, area, article, severity, record_ref, detail, "
            "CAST(as_of AS DATE), CAST(run_at AS TIMESTAMPTZ), CAST(subject_ref AS VARCHAR), "
            "CAST(event_date AS DATE), CAST(measured_value AS DOUBLE), "
            "CAST(limit_value AS DOUBLE), CAST(unit AS VARCHAR), CAST(detail_key AS VARCHAR), "
            "CAST(params AS JSON) FROM _new_findings"
        )
        con.unregister("_new_findings")
        con.register("_new_assessability", assessability)
        con.execute(
            "INSERT INTO audit_assessability SELECT check_id, area, source, status, "
            "CAST(missing AS VARCHAR[]), detail_key, CAST(as_of AS DATE), "
            "CAST(run_at AS TIMESTAMPTZ) FROM _new_assessability"
        )
        con.unregister("_new_assessability")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def run_assessment(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    config: dict[str, Any] | None = None,
    *,
    areas: Sequence[str] | None = None,
    salt: str | None = None,
    store: bool = True,
    on_area: Callable[[str], None] | None = None,
) -> AssessmentResult:
    """Run every registered check (or those of ``areas``) and store the findings.

    Args:
        con: audit database holding the canonical model (writable when ``store``).
        as_of: the audit day, "now" of every rule.
        config: audit configuration (whole, or its ``assess`` section); shipped
            defaults fill what it leaves out.
        areas: subset of :data:`AREAS` to run (default all).
        salt: salt of pseudonymous ids (default ``GDPR_AUDIT_SALT``).
        store: rebuild ``subjects`` (one person across sources) and replace the
            ``audit_findings`` / ``audit_assessability`` rows of ``as_of`` (of the areas
            run) with the new ones.
        on_area: called with each area's name before it runs (progress display).

    Raises:
        UsageError: an unknown area.
        InputError: a canonical table the areas read is missing.
    """
    chosen = list(areas) if areas else list(AREAS)
    unknown = [a for a in chosen if a not in AREAS]
    if unknown:
        raise UsageError(f"unknown area(s): {', '.join(unknown)} (known: {', '.join(AREAS)})")
    _require_tables(con, chosen)
    ctx: AssessContext = make_context(con, as_of, config, salt)
    run_at = pd.Timestamp.now(tz="UTC")  # when the audit ran: metadata, not a rule's "now"
    results: dict[str, AreaResult] = {}
    timings: dict[str, float] = {}
    if store and table_exists(con, "contacts"):
        start = time.perf_counter()
        build_subjects(con)
        timings["subjects"] = time.perf_counter() - start
    # Dates in findings are days of the audit's zone: a German date-only value (midnight
    # Berlin) must not print as the UTC day before.
    zone_before = con.execute("SELECT current_setting('TimeZone')").fetchone()
    con.execute("SET TimeZone = $zone", {"zone": str(ctx.setting("timezone"))})
    try:
        for name in chosen:
            if on_area:
                on_area(name)
            start = time.perf_counter()
            results[name] = AREAS[name].run_area(ctx)
            timings[name] = time.perf_counter() - start
    finally:
        prepare.drop_prepared(ctx)
        con.execute("SET TimeZone = $zone", {"zone": zone_before[0] if zone_before else "UTC"})
    judged = [r.assessability for r in results.values() if len(r.assessability)]
    assessability = (pd.concat(judged, ignore_index=True) if judged
                     else pd.DataFrame(columns=ASSESSABILITY_COLUMNS))
    assessability["as_of"] = as_of
    assessability["run_at"] = run_at
    frames = [r.findings for r in results.values() if len(r.findings)]
    findings = (pd.concat(frames, ignore_index=True) if frames
                else pd.DataFrame({c: pd.Series(dtype="object") for c in FINDING_COLUMNS}))
    findings["as_of"] = as_of
    findings["run_at"] = run_at
    findings = findings[AUDIT_FINDINGS_COLUMNS]
    if store:
        start = time.perf_counter()
        _store(con, findings, assessability, as_of, chosen)
        timings["store"] = time.perf_counter() - start
    return AssessmentResult(as_of=as_of, findings=findings, areas=results, timings=timings,
                            assessability=assessability[AUDIT_ASSESSABILITY_COLUMNS])
