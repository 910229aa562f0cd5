"""Views over the canonical model that state one GDPR rule per row.

The Great Expectations suites in ``expectations/`` validate these views (see
:mod:`gdpr_audit.check`). They are built on the assessment's own per-record tables
(per-send consent status, request deadlines, record retention status), so a suite
and the check it guards apply the same rule. They are TEMP views of the connection:
they work on a read-only audit database and never persist; the audit date and the
pseudonym salt live in the one-row temp table ``audit_params``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources
from typing import Any

import duckdb
import yaml

from gdpr_audit.assess.base import REF_RE, AssessContext, make_context
from gdpr_audit.core.db import sql_text, table_exists
from gdpr_audit.core.errors import ConfigError, InputError
from gdpr_audit.core.privacy import pseudonym_sql

#: The views :func:`create_views` defines, with the canonical tables each one reads.
VIEWS: dict[str, tuple[str, ...]] = {
    "v_send_consent": ("communications", "consents", "contacts"),
    "v_consent_proof": ("consents", "contacts"),
    "v_request_deadlines": ("dsr_requests", "contacts"),
    "v_retention_status": ("business_records", "contacts"),
}
#: Views over the discovery inventory, created only once ``gdpr-audit scan`` wrote it.
INVENTORY_VIEWS: dict[str, tuple[str, ...]] = {"v_special_columns": ("pii_columns",)}

_POLICY_FIELDS = ("record_type", "period_months", "start_event", "legal_hold")


def create_views(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    salt: str,
    config: Mapping[str, Any] | None = None,
) -> list[str]:
    """Create (or replace) the rule views of ``views.sql`` on ``con`` for the audit date.

    Args:
        con: connection to an audit database holding the canonical model.
        as_of: the audit day ("now" of every rule).
        salt: salt of the pseudonymous subject ids (``subject_ref``).
        config: audit configuration (``assess`` section or whole); shipped defaults
            (time zone, retention policy overrides) when None.

    Returns:
        The names of the views created: :data:`VIEWS`, plus :data:`INVENTORY_VIEWS` when
        the discovery inventory ``pii_columns`` exists.

    Raises:
        InputError: a canonical table is missing (the database was not built by ``load``).
        ConfigError: ``as_of`` is not a date, or a retention policy is invalid.
    """
    ctx = make_context(con, as_of, config, salt)
    needed = sorted({t for tables in VIEWS.values() for t in tables} | {"retention_policies"})
    missing = [t for t in needed if not table_exists(con, t)]
    if missing:
        raise InputError(
            f"canonical table(s) missing: {', '.join(missing)} (run `gdpr-audit load` first)"
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE audit_params AS SELECT $as_of::DATE AS as_of, $salt AS salt",
        {"as_of": as_of, "salt": salt},
    )
    _prepare_rule_tables(ctx)
    # {ref:PREFIX:column} in views.sql: the pseudonym of column (salt from audit_params p)
    script = REF_RE.sub(
        lambda m: pseudonym_sql(m.group(2), salt_param="p.salt", prefix=m.group(1)),
        sql_text("assess", "views"),
    )
    con.execute(script)
    created = list(VIEWS)
    if table_exists(con, "pii_columns"):
        con.execute(sql_text("assess", "views_inventory"))
        created.extend(INVENTORY_VIEWS)
    return created


def _prepare_rule_tables(ctx: AssessContext) -> None:
    """Run the assessment's per-record SQL and keep copies under ``check_*`` names.

    The assessment drops its ``assess_*`` temp tables after each area; the copies keep
    the views valid for the connection's lifetime, whatever runs on it next.
    """
    # retention imports default_retention_policies from here: import it when called.
    from gdpr_audit.assess import prepare
    from gdpr_audit.assess.retention import create_policy_table

    zone = {"zone": str(ctx.setting("timezone"))}
    create_policy_table(ctx)
    prepare.send_classes(ctx)
    prepare.requests(ctx)
    ctx.execute("CREATE OR REPLACE TEMP TABLE check_send_class AS SELECT * FROM assess_send_class")
    steps = [
        ("consent_send_status", {}, "assess_send_consent", "check_send_consent"),
        ("rights_requests", zone, "assess_requests", "check_requests"),
        ("retention_records", zone, "assess_record_status", "check_record_status"),
    ]
    for sql_name, params, produced, kept in steps:
        ctx.run_file(sql_name, params)
        ctx.execute(f"CREATE OR REPLACE TEMP TABLE {kept} AS SELECT * FROM {produced}")
        ctx.execute(f"DROP TABLE IF EXISTS {produced}")
    ctx.execute("DROP TABLE IF EXISTS assess_retention_policies")
    prepare.drop_prepared(ctx)


def default_retention_policies() -> list[dict[str, Any]]:
    """The shipped default policies (``gdpr_audit/assess/retention_defaults.yaml``).

    Accepts a list of policies or a mapping with a ``policies`` list; each policy needs
    ``record_type``, ``period_months`` (or ``period_years``), ``start_event`` and
    ``legal_hold``; other fields are passed through. Empty when the file is not shipped.

    Raises:
        ConfigError: the file exists but a policy lacks a field.
    """
    ref = resources.files("gdpr_audit.assess").joinpath("retention_defaults.yaml")
    if not ref.is_file():
        return []
    data = yaml.safe_load(ref.read_text("utf-8")) or []
    items = data.get("policies", []) if isinstance(data, dict) else data
    policies: list[dict[str, Any]] = []
    for item in items:
        policy = dict(item)
        if "period_months" not in policy and "period_years" in policy:
            policy["period_months"] = int(policy["period_years"]) * 12
        lacking = [c for c in _POLICY_FIELDS if c not in policy]
        if lacking:
            raise ConfigError(f"retention_defaults.yaml: policy lacks {', '.join(lacking)}")
        policies.append(policy)
    return policies
