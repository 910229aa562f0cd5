"""Retention checks (GDPR Art. 5(1)(e), 17) with German statutory holds.

Policies: the source's ``retention_policies`` table, or when it is empty the shipped
set ``gdpr_audit/assess/retention_defaults.yaml`` (HGB §257 / AO §147 with the BEG IV
shortening of vouchers to 8 years); ``assess.retention.policies`` in the config replaces
or adds policies per record type on top. Rules: ``docs/checks.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess import prepare
from gdpr_audit.assess.base import Area, AreaResult, AssessContext, make_context, run_checks
from gdpr_audit.assess.views import default_retention_policies
from gdpr_audit.core.db import table_exists
from gdpr_audit.core.errors import ConfigError

AREA = Area("retention")
POLICY_COLUMNS = [
    "record_type", "period_months", "previous_period_months", "shortened_from",
    "start_event", "legal_basis", "legal_hold",
]
START_EVENTS = {"end_of_year_created", "creation", "last_activity", "contract_end"}


@AREA.check("retention.past_period", article="5(1)(e)", severity="high",
            needs=["business_records.created_at", "business_records.record_type"])
def past_period(ctx: AssessContext) -> pd.DataFrame:
    """Business records kept after their retention period, without an individual hold."""
    return ctx.query("retention_past_period")


@AREA.check("retention.no_policy", article="5(1)(e)", severity="medium",
            needs=["business_records.record_type"])
def no_policy(ctx: AssessContext) -> pd.DataFrame:
    """Record types held without any retention policy."""
    return ctx.query("retention_no_policy")


@AREA.check("retention.inactive_contact", article="5(1)(e), 17(1)(a)", severity="medium",
            needs=["contacts.last_activity_at|created_at",
                   "contacts.is_customer|customer_number"])
def inactive_contact(ctx: AssessContext) -> pd.DataFrame:
    """Non-customers inactive for longer than the configured months, no open request."""
    months = ctx.integer("retention", "inactive_months")
    prepare.requests(ctx)
    return ctx.query("retention_inactive_contact", {"inactive_months": months})


@AREA.check("retention.missing_date", article="5(1)(e)", severity="medium",
            needs=["business_records.created_at"])
def missing_date(ctx: AssessContext) -> pd.DataFrame:
    """Business records without a (parseable) creation date."""
    return ctx.query("retention_missing_date")




def _normalise(policy: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """One policy as a row of :data:`POLICY_COLUMNS`, validated."""
    row: dict[str, Any] = {col: policy.get(col) for col in POLICY_COLUMNS}
    if not row["record_type"]:
        raise ConfigError(f"retention policy from {origin} without record_type")
    try:
        row["period_months"] = int(row["period_months"])
        if row["previous_period_months"] is not None:
            row["previous_period_months"] = int(row["previous_period_months"])
    except (TypeError, ValueError):
        raise ConfigError(
            f"retention policy {row['record_type']} from {origin}: period_months must be a number"
        ) from None
    if row["shortened_from"] is not None and not isinstance(row["shortened_from"], dt.date):
        try:
            row["shortened_from"] = dt.date.fromisoformat(str(row["shortened_from"]))
        except ValueError:
            raise ConfigError(
                f"retention policy {row['record_type']} from {origin}: shortened_from must be a "
                "date (YYYY-MM-DD)"
            ) from None
    row["start_event"] = row["start_event"] or "creation"
    if row["start_event"] not in START_EVENTS:
        raise ConfigError(
            f"retention policy {row['record_type']} from {origin}: start_event must be one of "
            f"{', '.join(sorted(START_EVENTS))}"
        )
    row["legal_hold"] = bool(row["legal_hold"])
    return row


def effective_policies(
    con: duckdb.DuckDBPyConnection, overrides: Sequence[Mapping[str, Any]] = ()
) -> pd.DataFrame:
    """The policies in force: the source's table (else the shipped set), then ``overrides``.

    Returns:
        DataFrame with :data:`POLICY_COLUMNS`, one row per record type.
    """
    source: list[dict[str, Any]] = []
    if table_exists(con, "retention_policies"):
        source = con.execute(
            "SELECT record_type, period_months, start_event, legal_basis, legal_hold "
            "FROM retention_policies WHERE record_type IS NOT NULL AND period_months IS NOT NULL"
        ).df().to_dict("records")
    origin = "retention_policies" if source else "retention_defaults.yaml"
    policies = {
        p["record_type"]: p
        for p in (_normalise(x, origin) for x in (source or default_retention_policies()))
    }
    for p in overrides:
        row = _normalise(p, "config assess.retention.policies")
        policies[row["record_type"]] = row
    frame = pd.DataFrame(list(policies.values()), columns=POLICY_COLUMNS)
    frame["shortened_from"] = pd.to_datetime(frame["shortened_from"]).dt.date
    return frame.astype({"period_months": "Int64", "previous_period_months": "Int64"})


def run(con: duckdb.DuckDBPyConnection, as_of: dt.date, config: Mapping[str, Any],
        *, salt: str | None = None) -> AreaResult:
    """Run the retention checks.

    Returns:
        AreaResult whose ``tables`` are

        - ``ageing``: record_type, age_bucket (``0-1y`` … ``10y+`` since creation), count,
          limit_months (retention period in force), past_limit (records past it);
        - ``held``: record_type, hold (``individual`` legal hold or ``statutory`` duty
          still running), count, legal_basis;
        - ``policies``: the policies applied (:data:`POLICY_COLUMNS`).
    """
    return run_area(make_context(con, as_of, config, salt))


def create_policy_table(ctx: AssessContext) -> pd.DataFrame:
    """Temp table ``assess_retention_policies`` (read by ``retention_records.sql``).

    Returns:
        The :func:`effective_policies` written to it.
    """
    policies = effective_policies(ctx.con, ctx.setting("retention").get("policies") or [])
    ctx.con.register("_assess_policies", policies)
    try:
        ctx.execute(
            "CREATE OR REPLACE TEMP TABLE assess_retention_policies AS "
            "SELECT record_type, CAST(period_months AS INTEGER) AS period_months, "
            "CAST(previous_period_months AS INTEGER) AS previous_period_months, "
            "CAST(shortened_from AS DATE) AS shortened_from, start_event, legal_basis, "
            "legal_hold FROM _assess_policies"
        )
    finally:
        ctx.con.unregister("_assess_policies")
    return policies


def run_area(ctx: AssessContext) -> AreaResult:
    """Retention checks on a prepared context."""
    policies = create_policy_table(ctx)
    try:
        prepare.requests(ctx)
        ctx.run_file("retention_records", {"zone": str(ctx.setting("timezone"))})
        result = run_checks(AREA, ctx)
        result.tables["ageing"] = ctx.query("retention_ageing")
        result.tables["held"] = ctx.query("retention_held")
        result.tables["policies"] = policies
    finally:
        ctx.execute("DROP TABLE IF EXISTS assess_record_status")
        ctx.execute("DROP TABLE IF EXISTS assess_retention_policies")
    return result
