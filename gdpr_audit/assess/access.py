"""Access checks (GDPR Art. 5(1)(f), 9, 25, 32) and the role x column access matrix.

Permissions (``role_permissions``, canonical names or ``raw.<table>``, ``*`` expanding)
are joined through ``column_lineage`` to the PII inventory (``pii_columns``, written by
the discover stage; without it no column is known to hold special categories).
Rules: ``docs/checks.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess.base import Area, AreaResult, AssessContext, make_context, run_checks
from gdpr_audit.assess.subject_search import CANONICAL_TABLES, PROVENANCE_COLUMNS
from gdpr_audit.core.db import table_exists
from gdpr_audit.core.errors import ConfigError

AREA = Area("access")
_TEMP_TABLES = ("assess_columns", "assess_pii", "assess_permissions", "assess_column_pii")


@AREA.check("access.special_category_outside_allowlist", article="9, 32", severity="high",
            needs=["role_permissions.table_name", "role_permissions.can_read"])
def special_category_outside_allowlist(ctx: AssessContext) -> pd.DataFrame:
    """Roles reading special-category columns without being on the allow-list."""
    allow = ctx.setting("access", "special_allowlist") or {}
    pairs = [(str(k).upper(), str(r).lower()) for k, roles in allow.items()
             if str(k).lower() != "default" for r in (roles or [])]
    default_roles = [str(r).lower() for r in (allow.get("default") or [])]
    return ctx.query("access_special_outside_allowlist", {
        "allow_entity": [p[0] for p in pairs] or [""],
        "allow_role": [p[1] for p in pairs] or [""],
        "default_roles": default_roles or [""],
    })


@AREA.check("access.dormant_privileged_user", article="32", severity="medium",
            needs=["users.last_login_at", "users.is_active"])
def dormant_privileged_user(ctx: AssessContext) -> pd.DataFrame:
    """Active export/admin users who have not logged in for the configured days."""
    days = ctx.integer("access", "dormant_days")
    return ctx.query("access_dormant_privileged", {"dormant_days": days})


@AREA.check("access.access_by_deactivated_user", article="32", severity="critical",
            needs=["users.deactivated_at", "access_log.accessed_at", "access_log.user_id"])
def access_by_deactivated_user(ctx: AssessContext) -> pd.DataFrame:
    """Users with access events after their deactivation."""
    return ctx.query("access_deactivated_user")


@AREA.check("access.bulk_export", article="32", severity="high",
            needs=["access_log.action", "access_log.record_count"])
def bulk_export(ctx: AssessContext) -> pd.DataFrame:
    """Exports of at least the configured number of records."""
    return ctx.query("access_bulk_export",
                     {"bulk_records": ctx.integer("access", "bulk_export_records")})


@AREA.check("access.off_hours", article="32", severity="low",
            needs=["access_log.accessed_at", "access_log.user_id"])
def off_hours(ctx: AssessContext) -> pd.DataFrame:
    """Users with many access events outside working hours."""
    hours = ctx.setting("access", "off_hours")
    return ctx.query("access_off_hours", {
        "zone": str(hours["timezone"]),
        "weekdays": [int(d) for d in hours["weekdays"]],
        "holidays": public_holidays(ctx.con, hours.get("holidays"), str(hours["timezone"])),
        "start_time": clock_time(hours["start"], "start"),
        "end_time": clock_time(hours["end"], "end"),
        "min_events": ctx.integer("access", "off_hours", "min_events"),
    })


def public_holidays(
    con: duckdb.DuckDBPyConnection, setting: Any, zone: str
) -> list[str]:
    """ISO dates of the public holidays in the years the access log spans.

    ``setting`` is ``{country: DE, subdivision: BY}`` (python-holidays codes) or
    ``None`` / ``{country: null}`` for none.

    Raises:
        ConfigError: an unknown country or subdivision code.
    """
    if not setting or not isinstance(setting, Mapping) or not setting.get("country"):
        return []
    if not table_exists(con, "access_log"):
        return []
    span = con.execute(
        "SELECT min(year(timezone(?, accessed_at))), max(year(timezone(?, accessed_at))) "
        "FROM access_log",
        [zone, zone],
    ).fetchone()
    if not span or span[0] is None:
        return []
    import holidays  # imported here: only this check needs the calendars

    country = str(setting["country"]).upper()
    subdivision = setting.get("subdivision")
    try:
        calendar = holidays.country_holidays(
            country,
            subdiv=str(subdivision) if subdivision else None,
            years=range(int(span[0]), int(span[1]) + 1),
        )
    except NotImplementedError:
        raise ConfigError(
            f"assess.access.off_hours.holidays: unknown country/subdivision {country!r}/"
            f"{subdivision!r} (ISO 3166 codes as python-holidays knows them)"
        ) from None
    return sorted(day.isoformat() for day in calendar)


def clock_time(value: Any, key: str) -> str:
    """``HH:MM`` from the config; YAML reads an unquoted ``07:00`` as 420 (minutes)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    try:
        return dt.time.fromisoformat(str(value)).isoformat(timespec="minutes")
    except ValueError:
        raise ConfigError(f"assess.access.off_hours.{key} must be a time HH:MM") from None




def _prepare(ctx: AssessContext) -> None:
    """Temp tables: known columns, the PII inventory, effective permissions, column PII."""
    ctx.execute(
        "CREATE OR REPLACE TEMP TABLE assess_columns AS "
        "SELECT table_schema AS schema_name, table_name, column_name "
        "FROM information_schema.columns "
        "WHERE ((table_schema = 'main' AND list_contains($canonical, table_name)) "
        "OR table_schema = 'raw') AND NOT list_contains($provenance, column_name)",
        {"canonical": list(CANONICAL_TABLES), "provenance": sorted(PROVENANCE_COLUMNS)},
    )
    if table_exists(ctx.con, "pii_columns"):
        ctx.execute(
            "CREATE OR REPLACE TEMP TABLE assess_pii AS SELECT DISTINCT "
            "CASE WHEN starts_with(table_name, 'raw.') THEN substr(table_name, 5) "
            "ELSE table_name END AS raw_table, column_name AS raw_column, "
            "upper(entity_type) AS entity_type, lower(category) AS category FROM pii_columns"
        )
    else:
        ctx.execute(
            "CREATE OR REPLACE TEMP TABLE assess_pii (raw_table VARCHAR, raw_column VARCHAR, "
            "entity_type VARCHAR, category VARCHAR)"
        )
    ctx.run_file("access_permissions")
    ctx.run_file("access_column_pii")


def run(con: duckdb.DuckDBPyConnection, as_of: dt.date, config: Mapping[str, Any],
        *, salt: str | None = None) -> AreaResult:
    """Run the access checks.

    Returns:
        AreaResult whose ``tables["matrix"]`` has one row per role and column the role
        may read or export: role, table (canonical name, or ``raw.<table>``), column,
        pii_types and special_categories (comma-separated entity types from the PII
        inventory, empty when none), can_read, can_export.
    """
    return run_area(make_context(con, as_of, config, salt))


def run_area(ctx: AssessContext) -> AreaResult:
    """Access checks on a prepared context."""
    try:
        _prepare(ctx)
        result = run_checks(AREA, ctx)
        result.tables["matrix"] = ctx.query("access_matrix")
    finally:
        for name in _TEMP_TABLES:
            ctx.execute(f"DROP TABLE IF EXISTS {name}")
    return result
