"""Views over the canonical model that state one GDPR rule per row.

The Great Expectations suites in ``expectations/`` validate these views (see
:mod:`gdpr_audit.check`), and other tools opening the audit database (DuckDB CLI,
DBeaver, a BI tool) read them. They are built on the assessment's own per-record tables
(per-send consent status, request deadlines, record retention status), so a suite and the
check it guards apply the same rule.

Two ways, one SQL (``sql/assess/views.sql``):

- :func:`store_views` (``gdpr-audit assess``): persistent views and their rule tables
  ``audit_rule__*`` in the database; the audit day is the latest run's (``audit_runs``) and
  the salt the database's own (``audit_secrets``), both through the view
  ``audit_view_params``.
- :func:`create_views` (``gdpr-audit check``): the same views as TEMP views for any audit
  day, on a read-only database too; their temp tables of the same names shadow the stored
  ones on that connection only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources
from typing import Any

import duckdb
import yaml

from gdpr_audit.assess.base import REF_RE, AssessContext, make_context
from gdpr_audit.core.comments import describe
from gdpr_audit.core.db import quote_ident, run_script, sql_text, stored_salt, table_exists
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
#: The one-row view (or, for ``check``, temp table) of run id, audit day and salt.
PARAMS = "audit_view_params"
#: Rule table -> the assessment's per-record table it keeps (``assess_*`` are dropped
#: after each area).
RULE_TABLES = {
    "audit_rule__send_class": "assess_send_class",
    "audit_rule__send_consent": "assess_send_consent",
    "audit_rule__requests": "assess_requests",
    "audit_rule__record_status": "assess_record_status",
}

_POLICY_FIELDS = ("record_type", "period_months", "start_event", "legal_hold")
_PERSISTENT = "CREATE OR REPLACE VIEW"


def create_views(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    salt: str,
    config: Mapping[str, Any] | None = None,
) -> list[str]:
    """Create (or replace) the rule views as TEMP views on ``con`` for the audit date.

    Args:
        con: connection to an audit database holding the canonical model (read-only is
            fine: nothing is written to the file).
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
    _need_canonical(con)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {PARAMS} AS "
        "SELECT CAST(NULL AS VARCHAR) AS run_id, $as_of::DATE AS as_of, $salt AS salt",
        {"as_of": as_of, "salt": salt},
    )
    return _define(ctx, temp=True)


def store_views(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, config: Mapping[str, Any] | None = None
) -> list[str]:
    """Store the rule views in the database for the run just stored (``store_run``).

    Writes the rule tables ``audit_rule__*`` for ``as_of``, the view ``audit_view_params``
    (latest ``audit_runs`` row, the database's salt) and the ``v_*`` views with their
    descriptions (``COMMENT ON``, from ``core/comments.yaml``). With ``GDPR_AUDIT_SALT``
    set the stored views still pseudonymise with the database's own salt (the override
    is never written to the file), so their ``subject_ref`` differ from the findings'.

    Returns:
        The names of the views stored (as :func:`create_views`).

    Raises:
        InputError: a canonical table or the ``audit_runs`` row is missing.
    """
    _need_canonical(con)
    if not table_exists(con, "audit_runs"):
        raise InputError("audit_runs missing: store the run before its views")
    salt = stored_salt(con)
    ctx = make_context(con, as_of, config, salt)
    run_script(con, "assess", "views_params")
    created = _define(ctx, temp=False)
    for name in [PARAMS, *created]:
        _comment_view(con, name)
    return created


def _need_canonical(con: duckdb.DuckDBPyConnection) -> None:
    needed = sorted({t for tables in VIEWS.values() for t in tables} | {"retention_policies"})
    missing = [t for t in needed if not table_exists(con, t)]
    if missing:
        raise InputError(
            f"canonical table(s) missing: {', '.join(missing)} (run `gdpr-audit load` first)"
        )


def _define(ctx: AssessContext, *, temp: bool) -> list[str]:
    """Rule tables, then the views of ``views.sql`` (TEMP or persistent); their names."""
    _prepare_rule_tables(ctx, temp=temp)
    # {ref:PREFIX:column} in views.sql: the pseudonym of column (salt from audit_view_params p)
    script = REF_RE.sub(
        lambda m: pseudonym_sql(m.group(2), salt_param="p.salt", prefix=m.group(1)),
        sql_text("assess", "views"),
    )
    kind = "CREATE OR REPLACE TEMP VIEW" if temp else _PERSISTENT
    ctx.con.execute(script.replace(_PERSISTENT, kind))
    created = list(VIEWS)
    if table_exists(ctx.con, "pii_columns"):
        ctx.con.execute(sql_text("assess", "views_inventory").replace(_PERSISTENT, kind))
        created.extend(INVENTORY_VIEWS)
    return created


def _comment_view(con: duckdb.DuckDBPyConnection, view: str) -> None:
    """``COMMENT ON VIEW`` and on its columns, from ``core/comments.yaml``."""
    text, columns = describe(view)
    if text:
        con.execute(f"COMMENT ON VIEW {quote_ident(view)} IS {_literal(text)}")
    present = _view_columns(con, view)
    for column, note in columns.items():
        if note and column in present:
            con.execute(
                f"COMMENT ON COLUMN {quote_ident(view)}.{quote_ident(column)} IS {_literal(note)}"
            )


def _view_columns(con: duckdb.DuckDBPyConnection, view: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND table_name = ?",
        [view],
    ).fetchall()
    return {r[0] for r in rows}


def _literal(text: str) -> str:
    """SQL string literal (COMMENT ON takes no parameters; the text is our own YAML)."""
    return "'" + str(text).replace("'", "''") + "'"


def _prepare_rule_tables(ctx: AssessContext, *, temp: bool) -> None:
    """Run the assessment's per-record SQL and keep copies under :data:`RULE_TABLES` names
    (TEMP tables for ``check``, stored tables after ``assess``).

    The assessment drops its ``assess_*`` temp tables after each area; the copies keep
    the views valid, whatever runs on the connection next.
    """
    # retention imports default_retention_policies from here: import it when called.
    from gdpr_audit.assess import prepare
    from gdpr_audit.assess.retention import create_policy_table

    zone = {"zone": str(ctx.setting("timezone"))}
    create_policy_table(ctx)
    prepare.send_classes(ctx)
    prepare.requests(ctx)
    steps = [("consent_send_status", {}), ("rights_requests", zone), ("retention_records", zone)]
    for sql_name, params in steps:
        ctx.run_file(sql_name, params)
    create = "CREATE OR REPLACE TEMP TABLE" if temp else "CREATE OR REPLACE TABLE"
    for kept, produced in RULE_TABLES.items():
        ctx.execute(f"{create} {kept} AS SELECT * FROM {produced}")
        if produced != "assess_send_class":  # prepare.drop_prepared drops that one
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
