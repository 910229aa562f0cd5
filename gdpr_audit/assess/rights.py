"""Data-subject rights checks (GDPR Art. 12, 15-22).

Legal deadline (Art. 12(3)) = received + 1 calendar month, + 3 calendar months when an
extension is recorded, on the calendar of ``assess.timezone``; the CRM's own
``deadline_at`` is reported but not trusted. Rules: ``docs/checks.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess.base import AreaResult, AssessContext, check, make_context, run_checks
from gdpr_audit.assess.subject_search import (
    identifier_hits,
    load_identifiers,
    quarantine_hits,
    search_tables,
)
from gdpr_audit.core.privacy import pseudonym

AREA = "rights"
_IDS_TABLE = "assess_erasure_ids"


@check("rights.late_response", article="12(3)", severity="high", area=AREA)
def late_response(ctx: AssessContext) -> pd.DataFrame:
    """Requests answered after the legal deadline."""
    return ctx.query("rights_late_response")


@check("rights.open_overdue", article="12(3)", severity="high", area=AREA)
def open_overdue(ctx: AssessContext) -> pd.DataFrame:
    """Open requests past their legal deadline."""
    return ctx.query("rights_open_overdue")


@check("rights.open_due_soon", article="12(3)", severity="low", area=AREA)
def open_due_soon(ctx: AssessContext) -> pd.DataFrame:
    """Open requests whose legal deadline falls within the next days."""
    return ctx.query(
        "rights_open_due_soon", {"due_soon_days": ctx.integer("rights", "due_soon_days")}
    )


@check("rights.request_missing_date", article="12(3)", severity="medium", area=AREA)
def request_missing_date(ctx: AssessContext) -> pd.DataFrame:
    """Requests without a (parseable) received date."""
    return ctx.query("rights_missing_date")


@check("rights.erasure_not_effective", article="17(1)", severity="critical", area=AREA)
def erasure_not_effective(ctx: AssessContext) -> pd.DataFrame:
    """Completed erasures whose subject's contact id or e-mail still occurs somewhere."""
    con = ctx.con
    requests = con.execute(
        "SELECT r.request_id, r.contact_id, r.completed_at FROM dsr_requests r "
        "WHERE r.request_type = 'erasure' AND r.completed_at IS NOT NULL "
        "AND r.contact_id IS NOT NULL"
    ).df()
    if requests.empty:
        return pd.DataFrame({"record_ref": [], "detail": []})
    # The e-mail is only known while the contact row exists; that row is a hit anyway,
    # but the address may also survive in tables keyed differently (raw exports, notes).
    pairs = con.execute(
        "SELECT request_id AS key, contact_id AS ident FROM dsr_requests "
        "WHERE request_type = 'erasure' AND completed_at IS NOT NULL "
        "UNION SELECT r.request_id, k.email FROM dsr_requests r "
        "JOIN contacts k ON k.contact_id = r.contact_id "
        "WHERE r.request_type = 'erasure' AND r.completed_at IS NOT NULL"
    ).df()
    load_identifiers(con, _IDS_TABLE, pairs)
    try:
        tables = search_tables(con, exclude_canonical={"dsr_requests"})
        hits = identifier_hits(con, tables, _IDS_TABLE)
        quarantined = quarantine_hits(con, _IDS_TABLE)
        if not quarantined.empty:
            hits = pd.concat([hits, quarantined], ignore_index=True)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {_IDS_TABLE}")
    if hits.empty:
        return pd.DataFrame({"record_ref": [], "detail": []})
    rows = []
    by_key = requests.set_index("request_id")
    for key, group in hits.sort_values(["key", "table"]).groupby("key", sort=True):
        req = by_key.loc[key]
        places = ", ".join(f"{t} ({n} row{'s' if n != 1 else ''})" for t, n in
                           zip(group["table"], group["rows"], strict=True))
        completed = pd.Timestamp(req["completed_at"]).strftime("%Y-%m-%d")
        rows.append({
            "record_ref": pseudonym(key, ctx.salt, prefix="R"),
            "detail": f"subject {pseudonym(req['contact_id'], ctx.salt)}: erasure completed "
                      f"{completed}, identifiers still held in {len(group)} table(s): {places}",
        })
    return pd.DataFrame(rows, columns=["record_ref", "detail"])


@check("rights.rectification_without_change", article="16", severity="medium", area=AREA)
def rectification_without_change(ctx: AssessContext) -> pd.DataFrame:
    """Completed rectifications without any recorded change of the contact's data."""
    return ctx.query("rights_rectification")


@check("rights.processing_after_objection", article="21", severity="high", area=AREA)
def processing_after_objection(ctx: AssessContext) -> pd.DataFrame:
    """Profiling or communications after an objection."""
    return ctx.query("rights_processing_after_objection")


@check("rights.automated_decision_after_optout", article="22", severity="high", area=AREA)
def automated_decision_after_optout(ctx: AssessContext) -> pd.DataFrame:
    """Automated decisions about a subject after their opt-out."""
    return ctx.query("rights_automated_after_optout")


CHECKS = [
    late_response,
    open_overdue,
    open_due_soon,
    request_missing_date,
    erasure_not_effective,
    rectification_without_change,
    processing_after_objection,
    automated_decision_after_optout,
]


def run(con: duckdb.DuckDBPyConnection, as_of: dt.date, config: Mapping[str, Any],
        *, salt: str | None = None) -> AreaResult:
    """Run the data-subject rights checks.

    Returns:
        AreaResult whose ``tables["requests"]`` has one row per request:
        request_ref (pseudonymous ``R-…``), request_type, received_at (UTC),
        legal_deadline (DATE, local calendar), completed_at (UTC), status,
        days_late (days past the legal deadline at completion, or on ``as_of`` while
        open; 0 when on time or rejected, NULL without a received date).
    """
    return run_area(make_context(con, as_of, config, salt))


def run_area(ctx: AssessContext) -> AreaResult:
    """Rights checks on a prepared context (the request deadlines are computed first)."""
    ctx.run_file("rights_requests", {"zone": str(ctx.setting("timezone"))})
    try:
        result = run_checks(AREA, [f.check_spec for f in CHECKS], ctx)  # type: ignore[attr-defined]
        result.tables["requests"] = ctx.query("rights_requests_table")
    finally:
        ctx.execute("DROP TABLE IF EXISTS assess_requests")
    return result
