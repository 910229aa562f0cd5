"""Records of processing activities (GDPR Art. 30): an overview per purpose, no findings.

The overview is a starting point for the controller's Art. 30 record, built from what
the data shows: purposes (consents, communications, retention policies), legal bases,
subject categories, recipients (roles allowed to read contacts), retention and the
categories of personal data (PII inventory, when the discover stage has run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb

from gdpr_audit.assess.base import Area, AreaResult, AssessContext, empty_findings, make_context
from gdpr_audit.core.db import table_exists

AREA = Area("ropa")  # an overview: no checks
_CONTACT_COLUMNS = ["first_name", "last_name", "email", "phone", "street", "postcode", "city",
                    "country", "birth_date", "company"]


def _prepare(ctx: AssessContext) -> None:
    ctx.execute("CREATE OR REPLACE TEMP TABLE assess_ropa_categories (category VARCHAR)")
    # Every type the inventory found, wherever it was found (a religion column of an
    # unmapped table is still a data category of the processing).
    sources = [t for t in ("pii_columns", "pii_findings") if table_exists(ctx.con, t)]
    if sources:
        union = " UNION ".join(
            f"SELECT upper(trim(entity_type)) FROM {t} WHERE trim(entity_type) <> ''"
            for t in sources)
        ctx.execute(f"INSERT INTO assess_ropa_categories SELECT DISTINCT * FROM ({union})")
    found = ctx.execute("SELECT count(*) FROM assess_ropa_categories").fetchone()
    if not found or not found[0]:
        # Without an inventory: the contact attributes that hold data.
        counts = ", ".join(f"count({c}) AS {c}" for c in _CONTACT_COLUMNS)
        row = ctx.execute(f"SELECT {counts} FROM contacts").fetchone() or ()
        present = [c for c, n in zip(_CONTACT_COLUMNS, row, strict=True) if n]
        ctx.execute(
            "INSERT INTO assess_ropa_categories SELECT unnest($cats)", {"cats": present or [""]}
        )
        ctx.execute("DELETE FROM assess_ropa_categories WHERE category = ''")
    ctx.execute(
        "CREATE OR REPLACE TEMP TABLE assess_ropa_recipients AS "
        "SELECT DISTINCT lower(trim(role_id)) AS role_id FROM role_permissions "
        "WHERE (can_read OR can_export) AND trim(table_name) IN ('*', 'contacts')"
    )


def run(con: duckdb.DuckDBPyConnection, as_of: dt.date, config: Mapping[str, Any],
        *, salt: str | None = None) -> AreaResult:
    """Build the Art. 30 overview.

    Returns:
        AreaResult with no findings and ``tables["entries"]``: the overview in long form,
        one row per purpose, aspect and value (``purpose, aspect, value, n``; aspects
        legal_basis, subject_category, data_category, recipient, retention,
        retention_default, see ``sql/assess/ropa_overview.sql``). Values are codes and
        counts; the report words them per language
        (:func:`gdpr_audit.report.summary.ropa_overview`).
    """
    return run_area(make_context(con, as_of, config, salt))


def run_area(ctx: AssessContext) -> AreaResult:
    """Art. 30 overview on a prepared context."""
    try:
        _prepare(ctx)
        entries = ctx.query(
            "ropa_overview",
            {"default_retention": str(ctx.setting("ropa", "default_retention"))},
        )
    finally:
        ctx.execute("DROP TABLE IF EXISTS assess_ropa_categories")
        ctx.execute("DROP TABLE IF EXISTS assess_ropa_recipients")
    return AreaResult(area=AREA.name, findings=empty_findings(), tables={"entries": entries})
