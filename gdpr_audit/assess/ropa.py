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
#: Canonical tables whose columns make up the data categories of marketing purposes.
_CATEGORY_TABLES = ["contacts", "consents", "communications"]
_CONTACT_COLUMNS = ["first_name", "last_name", "email", "phone", "street", "postcode", "city",
                    "country", "birth_date", "company"]


def _prepare(ctx: AssessContext) -> None:
    ctx.execute("CREATE OR REPLACE TEMP TABLE assess_ropa_categories (category VARCHAR)")
    if table_exists(ctx.con, "pii_columns") and table_exists(ctx.con, "column_lineage"):
        ctx.execute(
            "INSERT INTO assess_ropa_categories "
            "SELECT DISTINCT upper(p.entity_type) FROM column_lineage l "
            "JOIN pii_columns p ON p.column_name = l.raw_column "
            "AND (p.table_name = l.raw_table OR p.table_name = 'raw.' || l.raw_table) "
            "WHERE list_contains($tables, l.canonical_table)",
            {"tables": _CATEGORY_TABLES},
        )
    found = ctx.execute("SELECT count(*) FROM assess_ropa_categories").fetchone()
    if not found or not found[0]:
        # Without an inventory (or none of it mapped): the contact attributes that hold data.
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
        AreaResult with no findings and ``tables["overview"]``: one row per purpose with
        purpose, data_categories (PII types, comma-separated), subject_categories
        (``customers (n), prospects (m)``), recipients (role ids), retention (policies
        recorded for the purpose, else ``assess.ropa.default_retention``), legal_basis
        (legal bases with their number of consent rows).
    """
    return run_area(make_context(con, as_of, config, salt))


def run_area(ctx: AssessContext) -> AreaResult:
    """Art. 30 overview on a prepared context."""
    try:
        _prepare(ctx)
        overview = ctx.query(
            "ropa_overview",
            {"default_retention": str(ctx.setting("ropa", "default_retention"))},
        )
    finally:
        ctx.execute("DROP TABLE IF EXISTS assess_ropa_categories")
        ctx.execute("DROP TABLE IF EXISTS assess_ropa_recipients")
    return AreaResult(area=AREA.name, findings=empty_findings(), tables={"overview": overview})
