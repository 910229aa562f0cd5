"""What the DPO acts on: per check what a finding means and what to do, every finding as a
CSV download, "not checked" where a check had no data, totals and the change since the
previous audit.

Remediation texts are data (``i18n/remediation.<lang>.yaml``), rendered on the area pages
and in ``docs/checks.md`` (:func:`remediation_markdown`).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from gdpr_audit.assess.assessability import ASSESSABLE, PARTIAL
from gdpr_audit.assess.base import AreaResult
from gdpr_audit.core.db import connect, quote_ident, run_sql, table_exists
from gdpr_audit.report.context import ReportContext
from gdpr_audit.report.i18n import (
    check_lang,
    cite,
    finding_texts,
    format_date,
    label,
    number,
    t,
)
from gdpr_audit.report.results import select_list
from gdpr_audit.report.style import SEVERITY_COLOURS, SEVERITY_ORDER
from gdpr_audit.report.summary import AREA_RECORDS, article_status, assessability_notes

#: Folder of the per-check CSV files inside the report folder.
FINDINGS_DIR = "findings"
CSV_COLUMNS = ["check_id", "severity", "article", "record_ref", "subject_ref", "event_date",
               "measured_value", "limit_value", "unit", "detail", "detail_key", "params"]
#: Statuses under which a check judged (part of) a source.
_RAN = (ASSESSABLE, PARTIAL)


@cache
def remediation(lang: str) -> dict[str, dict[str, str]]:
    """``check_id -> {"means": ..., "do": ...}`` in ``lang``."""
    text = resources.files("gdpr_audit.report").joinpath(
        "i18n", f"remediation.{check_lang(lang)}.yaml").read_text("utf-8")
    return {k: {"means": str(v["means"]), "do": str(v["do"])}
            for k, v in (yaml.safe_load(text) or {}).items()}


def remediation_markdown() -> str:
    """The "What to do" section of ``docs/checks.md`` (English), generated from the YAML."""
    from gdpr_audit.assess.registry import all_checks

    texts = remediation("en")
    lines = ["## What to do, per check", "",
             "Generated from `gdpr_audit/report/i18n/remediation.en.yaml` (German: "
             "`remediation.de.yaml`); the report shows the same text beside each check.", ""]
    for spec in all_checks():
        entry = texts[spec.check_id]
        lines += [f"### `{spec.check_id}` ({cite(spec.article, 'en')})", "",
                  f"- **What this means:** {entry['means']}",
                  f"- **What to do:** {entry['do']}", ""]
    return "\n".join(lines)


def csv_name(check_id: str) -> str:
    """Relative path of a check's CSV inside the report folder."""
    return f"{FINDINGS_DIR}/{check_id}.csv"


def write_findings_csv(db_path: Path, as_of: dt.date, out_dir: Path, lang: str = "en") -> \
        dict[str, int]:
    """Every finding of ``as_of`` as one CSV per check in ``out_dir/findings/``.

    Columns :data:`CSV_COLUMNS`: pseudonymous references, the structured columns (day
    ISO, figures, unit, wording key, params JSON; empty in rows of an older database) and
    details without raw values, the detail and the article citation in ``lang``. Returns
    findings per check id.
    """
    con = connect(db_path, read_only=True)
    try:
        columns = select_list(con, "audit_findings", CSV_COLUMNS)
        frame = con.execute(
            f"SELECT {columns} FROM audit_findings "
            "WHERE as_of = $as_of ORDER BY check_id, record_ref", {"as_of": as_of}).df()
    finally:
        con.close()
    frame["event_date"] = [d.date().isoformat() if isinstance(d, pd.Timestamp) else None
                           for d in frame["event_date"]]
    folder = out_dir / FINDINGS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for check_id, part in frame.groupby("check_id", sort=True):
        part = part.assign(
            article=[cite(a, lang) for a in part["article"]],
            detail=finding_texts(part, lang))
        part[CSV_COLUMNS].to_csv(folder / f"{check_id}.csv", index=False,
                                 quoting=csv.QUOTE_MINIMAL)
        counts[str(check_id)] = len(part)
    return counts


def _area_has_records(con: duckdb.DuckDBPyConnection, area: str) -> bool:
    table = AREA_RECORDS.get(area)
    if table is None:
        return True
    if not table_exists(con, table):
        return False
    row = con.execute(f"SELECT EXISTS (SELECT 1 FROM {quote_ident(table)})").fetchone()
    return bool(row and row[0])


def check_states(result: AreaResult, ctx: ReportContext) -> pd.DataFrame:
    """Per check of the area: ``check_id, severity, article, findings, checked, note``.

    ``checked`` is false when the check judged no source (the area's records are absent,
    or every source lacks a field it needs): its count is not a "0 findings". ``note``
    names what is missing (``not assessable: field X missing in source Y``).
    """
    has_data = _area_has_records(ctx.con, result.area)
    notes = assessability_notes(result.assessability, ctx.lang)
    judged = result.assessability
    counts = result.findings.groupby("check_id").size() if len(result.findings) else {}
    rows = []
    for spec in result.checks:
        mine = judged[judged["check_id"] == spec.check_id] if len(judged) else judged
        ran = bool(mine["status"].isin(_RAN).any()) if len(mine) else has_data
        found = int(counts.get(spec.check_id, 0))
        checked = (ran and has_data) or found > 0
        note = notes.get(spec.check_id, "")
        if not checked and not note:
            note = t("actions.no_data", ctx.lang, table=AREA_RECORDS.get(result.area, "-"))
        rows.append((spec.check_id, spec.severity.value, spec.article, found, checked, note))
    frame = pd.DataFrame(rows, columns=["check_id", "severity", "article", "findings",
                                        "checked", "note"])
    rank = frame["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)})
    return frame.assign(_r=rank).sort_values(["_r", "check_id"]).drop(columns="_r") \
        .reset_index(drop=True)


def checks_html(result: AreaResult, ctx: ReportContext) -> str:
    """One block per check: title, citation, severity, findings (or "not checked" and
    why), what it means, what to do, and the link to all its findings as CSV."""
    lang = ctx.lang
    texts = remediation(lang)
    blocks = []
    for rec in check_states(result, ctx).itertuples(index=False):
        title = label(f"check.{rec.check_id}", lang, rec.check_id)
        colour = SEVERITY_COLOURS[rec.severity]
        if rec.checked:
            state = t("status.findings_count", lang, n=number(rec.findings, lang))
        else:
            state = t("actions.not_checked", lang)
        note = (f'<div class="gdpr-check-note">{html.escape(rec.note)}</div>'
                if rec.note else "")
        link = ""
        if rec.findings:
            text = (t("actions.download_one", lang) if rec.findings == 1
                    else t("actions.download", lang, n=number(rec.findings, lang)))
            link = (f'<div class="gdpr-check-csv"><a href="{html.escape(csv_name(rec.check_id))}"'
                    f" download>{html.escape(text)}</a></div>")
        entry = texts.get(rec.check_id, {"means": "", "do": ""})
        blocks.append(
            f'<div class="gdpr-check" data-check="{html.escape(rec.check_id)}" '
            f'data-checked="{str(rec.checked).lower()}" style="border-left:6px solid {colour}">'
            f'<div class="gdpr-check-head"><b>{html.escape(title)}</b> · '
            f'{html.escape(cite(rec.article, lang))} · '
            f'<span style="color:{colour};font-weight:600">'
            f'{html.escape(t(f"severity.{rec.severity}", lang))}</span> — '
            f'<span class="gdpr-check-state">{html.escape(state)}</span></div>{note}'
            f'<div><b>{html.escape(t("actions.means", lang))}</b> {html.escape(entry["means"])}'
            f'</div><div><b>{html.escape(t("actions.do", lang))}</b> '
            f'{html.escape(entry["do"])}</div>{link}</div>')
    return f'<div class="gdpr-checks">{"".join(blocks)}</div>'


def show_checks(result: AreaResult, ctx: ReportContext) -> None:
    """Display :func:`checks_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(checks_html(result, ctx)))


def special_category_rows(ctx: ReportContext) -> pd.DataFrame:
    """What the scan found of Art. 9 data, shaped like ``findings_by_check``:
    ``check_id = scan.special_categories``, article 9, severity medium, findings =
    columns plus free-text records holding a special category (0 when none).

    Holding such data is not a violation by itself, but it needs an Art. 9(2) exception
    and restricted access: the Art. 9 card must not say "not checked" when the scan
    found some.
    """
    found = 0
    if table_exists(ctx.con, "pii_columns"):
        row = ctx.con.execute("SELECT count(*) FROM pii_columns WHERE category = 'special' "
                              "AND NOT coalesce(free_text, false)").fetchone()
        found += int(row[0]) if row else 0
    if table_exists(ctx.con, "pii_findings"):
        row = ctx.con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT table_name, column_name, record_no "
            "FROM pii_findings WHERE category = 'special')").fetchone()
        found += int(row[0]) if row else 0
    return pd.DataFrame([("scan.special_categories", "inventory", "9", "medium", found)],
                        columns=["check_id", "area", "article", "severity", "findings"])


def index_status(ctx: ReportContext, by_check: pd.DataFrame,
                 catalogue: pd.DataFrame) -> pd.DataFrame:
    """The traffic lights of the index: the stored findings, the scan's Art. 9 evidence,
    and "not checked" for checks that judged no source (same rule as the area pages)."""
    catalogue = catalogue.copy()
    if table_exists(ctx.con, "audit_assessability"):
        ran = ctx.con.execute(
            "SELECT check_id, bool_or(list_contains($ran, status)) FROM audit_assessability "
            "WHERE as_of = $as_of GROUP BY check_id",
            {"ran": list(_RAN), "as_of": ctx.as_of}).fetchall()
        judged = dict(ran)
        catalogue["assessed"] = [bool(a) and judged.get(c, True)
                                 for c, a in zip(catalogue["check_id"], catalogue["assessed"],
                                                 strict=True)]
    special = special_category_rows(ctx)
    catalogue = pd.concat([catalogue, special.drop(columns="findings").assign(
        assessed=True, gaps=0)], ignore_index=True)
    return article_status(pd.concat([by_check, special], ignore_index=True), catalogue)


def totals_html(ctx: ReportContext, by_check: pd.DataFrame) -> str:
    """Total findings by severity and the change since the previous audit of the
    database (new, resolved, still open: matched by check and pseudonymous reference)."""
    lang = ctx.lang
    total = int(by_check["findings"].sum()) if len(by_check) else 0
    per = by_check.groupby("severity")["findings"].sum() if len(by_check) else pd.Series()
    parts = " · ".join(
        f'<span style="color:{SEVERITY_COLOURS[s]};font-weight:600">'
        f'{number(int(per.get(s, 0)), lang)} {html.escape(t(f"severity.{s}", lang))}</span>'
        for s in SEVERITY_ORDER)
    change = run_sql(ctx.con, "report", "findings_change", {"as_of": ctx.as_of}).df()
    if change.empty or change["previous"].isna().all():
        delta = html.escape(t("actions.no_previous", lang))
    else:
        previous = pd.Timestamp(change["previous"].dropna().iloc[0]).date()
        delta = html.escape(t(
            "actions.change", lang, previous=format_date(previous, lang),
            new=number(int(change["new"].sum()), lang),
            resolved=number(int(change["resolved"].sum()), lang),
            open=number(int(change["still_open"].sum()), lang)))
    return (f'<div class="gdpr-totals"><div class="gdpr-total"><b>'
            f'{html.escape(t("actions.total", lang, n=number(total, lang)))}</b> — {parts}</div>'
            f'<div class="gdpr-change">{delta}</div></div>')


def findings_change(ctx: ReportContext) -> pd.DataFrame:
    """Per check: ``check_id, severity, previous, new, resolved, still_open`` against the
    previous audit date of this database (``previous`` NULL when there is none)."""
    return run_sql(ctx.con, "report", "findings_change", {"as_of": ctx.as_of}).df()


def show_totals(ctx: ReportContext, by_check: pd.DataFrame) -> None:
    """Display :func:`totals_html`."""
    from IPython.display import HTML, display

    display(HTML(totals_html(ctx, by_check)))
