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

from gdpr_audit.assess import prepare
from gdpr_audit.assess.base import Area, AreaResult, AssessContext, make_context, run_checks
from gdpr_audit.assess.subject_search import (
    identifier_hits,
    load_identifiers,
    quarantine_hits,
    search_tables,
)
from gdpr_audit.core.privacy import pseudonym

AREA = Area("rights")
#: A request's type: recorded, or recognised from a case's type or subject by rule.
_TYPED = "dsr_requests.request_type|case_type|subject_line"
_IDS_TABLE = "assess_erasure_ids"


@AREA.check("rights.late_response", article="12(3)", severity="high",
            needs=["dsr_requests.received_at", "dsr_requests.completed_at"])
def late_response(ctx: AssessContext) -> pd.DataFrame:
    """Requests answered after the legal deadline."""
    return ctx.query("rights_late_response")


@AREA.check("rights.open_overdue", article="12(3)", severity="high",
            needs=["dsr_requests.received_at", "dsr_requests.completed_at"])
def open_overdue(ctx: AssessContext) -> pd.DataFrame:
    """Open requests past their legal deadline."""
    return ctx.query("rights_open_overdue")


@AREA.check("rights.open_due_soon", article="12(3)", severity="low",
            needs=["dsr_requests.received_at", "dsr_requests.completed_at"])
def open_due_soon(ctx: AssessContext) -> pd.DataFrame:
    """Open requests whose legal deadline falls within the next days."""
    return ctx.query(
        "rights_open_due_soon", {"due_soon_days": ctx.integer("rights", "due_soon_days")}
    )


@AREA.check("rights.request_missing_date", article="12(3)", severity="medium",
            needs=["dsr_requests.received_at"])
def request_missing_date(ctx: AssessContext) -> pd.DataFrame:
    """Requests without a (parseable) received date."""
    prepare.requests(ctx)
    return ctx.query("rights_missing_date")


@AREA.check("rights.erasure_not_effective", article="17(1)", severity="critical",
            needs=[_TYPED, "dsr_requests.completed_at"])
def erasure_not_effective(ctx: AssessContext) -> pd.DataFrame:
    """Completed erasures whose subject's contact id or e-mail still occurs somewhere.

    Also where another record's free text names them as a whole token ("duplicate of
    C3, merged"); the finding says where (table, and column for text), never the text.
    """
    prepare.requests(ctx)
    con = ctx.con
    requests = con.execute(
        "SELECT r.request_id, r.contact_id, r.completed_at, r.source_table "
        "FROM assess_dsr_requests r "
        "WHERE r.request_type = 'erasure' AND r.completed_at IS NOT NULL "
        "AND r.contact_id IS NOT NULL"
    ).df()
    if requests.empty:
        return pd.DataFrame({"record_ref": [], "detail": []})
    # The e-mail is only known while the contact row exists; that row is a hit anyway,
    # but the address may also survive in tables keyed differently (raw exports, notes).
    pairs = con.execute(
        "SELECT request_id AS key, contact_id AS ident FROM assess_dsr_requests "
        "WHERE request_type = 'erasure' AND completed_at IS NOT NULL "
        "UNION SELECT r.request_id, k.email FROM assess_dsr_requests r "
        "JOIN contacts k ON k.contact_id = r.contact_id "
        "WHERE r.request_type = 'erasure' AND r.completed_at IS NOT NULL"
    ).df()
    load_identifiers(con, _IDS_TABLE, pairs)
    try:
        # the requests' own records (a Case's ticket) document them: not held data
        tables = search_tables(con, exclude_canonical={"dsr_requests"},
                               documents="assess_dsr_requests")
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
    hits["place"] = [t if pd.isna(c) else f"{t}.{c}"
                     for t, c in zip(hits["table"], hits["column"], strict=True)]
    for key, group in hits.sort_values(["key", "place"]).groupby("key", sort=True):
        req = by_key.loc[key]
        places = ", ".join(
            f"{p} ({n} row{'s' if n != 1 else ''}{'' if pd.isna(c) else ', named in text'})"
            for p, c, n in zip(group["place"], group["column"], group["rows"], strict=True))
        completed = pd.Timestamp(req["completed_at"]).strftime("%Y-%m-%d")
        subject = pseudonym(req["contact_id"], ctx.salt)
        held = group["table"].nunique()
        rows.append({
            "record_ref": pseudonym(key, ctx.salt, prefix="R"),
            "detail": f"subject {subject}: erasure completed "
                      f"{completed}, identifiers still held in {held} "
                      f"table(s): {places}",
            "source_table": req["source_table"],
            "subject_ref": subject,
            "event_date": dt.date.fromisoformat(completed),
            "measured_value": float(held),
            "unit": "tables",
            "detail_key": "rights.erasure_not_effective",
            "p_completed": completed,
            "p_n": held,
            # one item per place; its kind picks the wording (row(s), named in text)
            "p_places": [{"place": p, "rows": int(n),
                          "kind": ("row" if n == 1 else "rows") + ("" if pd.isna(c) else "_text")}
                         for p, c, n in zip(group["place"], group["column"], group["rows"],
                                            strict=True)],
        })
    return pd.DataFrame(rows)


@AREA.check("rights.rectification_without_change", article="16", severity="medium",
            needs=[_TYPED, "dsr_requests.completed_at", "contact_changes.changed_at"])
def rectification_without_change(ctx: AssessContext) -> pd.DataFrame:
    """Completed rectifications without any recorded change of the contact's data."""
    prepare.requests(ctx)
    return ctx.query("rights_rectification")


@AREA.check("rights.processing_after_objection", article="21", severity="high",
            needs=[_TYPED, "dsr_requests.received_at"])
def processing_after_objection(ctx: AssessContext) -> pd.DataFrame:
    """Profiling or communications after an objection."""
    prepare.requests(ctx)
    prepare.send_classes(ctx)
    return ctx.query("rights_processing_after_objection")


@AREA.check("rights.automated_decision_after_optout", article="22", severity="high",
            needs=[_TYPED, "dsr_requests.received_at", "automated_decisions.decided_at"])
def automated_decision_after_optout(ctx: AssessContext) -> pd.DataFrame:
    """Automated decisions about a subject after their opt-out."""
    prepare.requests(ctx)
    return ctx.query("rights_automated_after_optout")




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
    prepare.requests(ctx)
    prepare.send_classes(ctx)
    ctx.run_file("rights_requests", {"zone": str(ctx.setting("timezone"))})
    try:
        result = run_checks(AREA, ctx)
        result.tables["requests"] = ctx.query("rights_requests_table")
    finally:
        ctx.execute("DROP TABLE IF EXISTS assess_requests")
    return result
