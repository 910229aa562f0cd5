"""Breach checks (GDPR Art. 33, 34): notification within 72 hours, documentation.

A breach needs notifying unless ``risk_level = 'none'`` (an unknown risk level counts
as needing it). "Now" is midnight UTC of the audit day. Rules: ``docs/checks.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess.base import Area, AreaResult, AssessContext, make_context, run_checks

AREA = Area("breaches")


def _hours(ctx: AssessContext) -> dict[str, Any]:
    return {"notify_hours": float(ctx.integer("breaches", "notify_within_hours"))}


@AREA.check("breach.late_notification", article="33(1)", severity="high",
            needs=["breaches.detected_at", "breaches.authority_notified_at"])
def late_notification(ctx: AssessContext) -> pd.DataFrame:
    """Authority notified after 72 hours without a recorded reason for the delay."""
    return ctx.query("breach_late_notification", _hours(ctx))


@AREA.check("breach.not_notified", article="33(1)", severity="critical",
            needs=["breaches.detected_at", "breaches.authority_notified_at"])
def not_notified(ctx: AssessContext) -> pd.DataFrame:
    """Breaches needing notification, not notified 72 hours after detection."""
    return ctx.query("breach_not_notified", _hours(ctx))


@AREA.check("breach.subjects_not_notified", article="34(1)", severity="high",
            needs=["breaches.risk_level", "breaches.subjects_notified_at"])
def subjects_not_notified(ctx: AssessContext) -> pd.DataFrame:
    """High-risk breaches not communicated to the data subjects."""
    return ctx.query("breach_subjects_not_notified")


@AREA.check("breach.incomplete_record", article="33(5)", severity="medium",
            needs=["breaches"],
    evidence=["breaches.detected_at", "breaches.risk_level", "breaches.affected_count",
              "breaches.category"])
def incomplete_record(ctx: AssessContext) -> pd.DataFrame:
    """Breach records lacking detection time, risk level, affected count or category."""
    return ctx.query("breach_incomplete_record")




def run(con: duckdb.DuckDBPyConnection, as_of: dt.date, config: Mapping[str, Any],
        *, salt: str | None = None) -> AreaResult:
    """Run the breach checks.

    Returns:
        AreaResult whose ``tables["timeline"]`` has one row per breach: breach_id,
        detected_at, authority_notified_at (UTC), hours_to_notify (NULL while not
        notified), risk_level, affected_count, late (72-hour limit missed without a
        reason, or not notified and already past it on ``as_of``).
    """
    return run_area(make_context(con, as_of, config, salt))


def run_area(ctx: AssessContext) -> AreaResult:
    """Breach checks on a prepared context."""
    ctx.run_file("breach_timeline", _hours(ctx))
    try:
        result = run_checks(AREA, ctx)
        result.tables["timeline"] = ctx.query("breach_timeline_table")
    finally:
        ctx.execute("DROP TABLE IF EXISTS assess_breaches")
    return result
