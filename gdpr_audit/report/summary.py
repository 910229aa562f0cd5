"""Report-side tables read from the audit database: counts and statuses, never raw values.

The DPO summary reuses what earlier stages wrote (``load_log``, ``pii_columns``,
``audit_findings``) instead of recomputing it.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess.base import AreaResult
from gdpr_audit.core.db import columns_of, quote_ident, run_sql, table_exists
from gdpr_audit.core.errors import InputError
from gdpr_audit.report.context import ReportContext
from gdpr_audit.report.i18n import cite, finding_texts, label, t
from gdpr_audit.report.quarantine import quarantine_reasons as worded_reasons
from gdpr_audit.report.style import SEVERITY_ORDER

_ARTICLE_RE = re.compile(r"(\d+)")
STATUS_ORDER = ["red", "amber", "green", "grey"]
#: Check ids of rows that hold what the scan found (``scan.special_categories``), not
#: assessment findings: a card shows them apart, the headline never counts them.
SCAN_PREFIX = "scan."


def _need(con: duckdb.DuckDBPyConnection, table: str, command: str) -> None:
    if not table_exists(con, table):
        raise InputError(f"table {table} is missing: run `gdpr-audit {command}` first")


def _text_gaps_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values of text columns as ``None``: pandas gives NaN, a float, which the
    table shows as a number (the "–" of a Parquet file's encoding right-aligned in a
    left-aligned column)."""
    for col in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[col])
                or pd.api.types.is_datetime64_any_dtype(frame[col])):
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def load_overview(ctx: ReportContext) -> pd.DataFrame:
    """Loaded files: ``path, format, encoding, rows_read, rows_loaded, rows_quarantined``
    (``encoding`` None for Parquet and XLSX)."""
    _need(ctx.con, "load_log", "load")
    return _text_gaps_as_none(run_sql(ctx.con, "report", "load_overview").df())


def quarantine_reasons(ctx: ReportContext) -> pd.DataFrame:
    """Quarantined records per file and reason in the report's language
    (``path, reason, records``; :mod:`gdpr_audit.report.quarantine`)."""
    _need(ctx.con, "load_quarantine", "load")
    return worded_reasons(ctx.con, ctx.lang)


def model_warning(key: Any, params: Any, lang: str, prose: Any) -> Any:
    """A ``model_match`` warning in ``lang`` from its key and JSON params
    (``model_warning.<key>``); the stored English prose for a database written before the
    key existed (or an unknown key)."""
    if not isinstance(key, str) or not key:
        return prose
    try:
        return t(f"model_warning.{key}", lang, **json.loads(params or "{}"))
    except (KeyError, ValueError):
        return prose


def model_overview(ctx: ReportContext) -> pd.DataFrame:
    """The model build's log: rows per canonical table and source (as written by load)."""
    _need(ctx.con, "model_log", "load")
    if table_exists(ctx.con, "model_match"):  # how each export was matched, and warnings
        keyed = "warning_key" in columns_of(ctx.con, "model_match")
        frame = ctx.con.execute(
            "SELECT l.canonical_table, l.raw_table, l.profile, l.rows_in, l.rows_mapped, "
            "l.rows_rejected, l.rows_skipped, m.decision AS matched_by, m.warning, "
            + ("m.warning_key, m.warning_params " if keyed
               else "NULL AS warning_key, NULL AS warning_params ")
            + "FROM model_log l LEFT JOIN model_match m USING (raw_table) "
            "ORDER BY l.canonical_table, l.raw_table"
        ).df()
        frame["warning"] = [
            model_warning(key, params, ctx.lang, prose)
            for key, params, prose in zip(frame.pop("warning_key"), frame.pop("warning_params"),
                                          frame["warning"], strict=True)
        ]
        return _text_gaps_as_none(frame)
    return _text_gaps_as_none(ctx.con.execute(
        "SELECT canonical_table, raw_table, profile, rows_in, rows_mapped, rows_rejected, "
        "rows_skipped FROM model_log ORDER BY canonical_table, raw_table"
    ).df())


def pii_columns(ctx: ReportContext) -> pd.DataFrame:
    """The discovered personal-data columns (``pii_columns``; header names, no values)."""
    _need(ctx.con, "pii_columns", "scan")
    return ctx.con.execute(
        "SELECT * FROM pii_columns ORDER BY category DESC, table_name, column_name, entity_type"
    ).df()


def free_text_summary(ctx: ReportContext) -> pd.DataFrame:
    """Free-text detections per column and type (``records`` = distinct records)."""
    _need(ctx.con, "pii_findings", "scan")
    return run_sql(ctx.con, "report", "pii_findings_summary").df()


def findings_by_check(ctx: ReportContext) -> pd.DataFrame:
    """Findings of the audit date per check: ``check_id, area, article, severity, findings``."""
    _need(ctx.con, "audit_findings", "assess")
    return run_sql(ctx.con, "report", "findings_by_check", {"as_of": ctx.as_of}).df()


def consent_funnel(ctx: ReportContext) -> pd.DataFrame:
    """Marketing sends → with a consent given before sending → not withdrawn
    (``stage, count``), from the send classification ``assess`` stored; empty when the
    consent area was not assessed (no stored send classification)."""
    _need(ctx.con, "audit_findings", "assess")
    if not table_exists(ctx.con, "audit_chart__consent__sends_by_class"):
        return pd.DataFrame({"stage": [], "count": []})
    return run_sql(ctx.con, "report", "consent_funnel", {"as_of": ctx.as_of}).df()


def findings_by_area(by_check: pd.DataFrame) -> pd.DataFrame:
    """``area, severity, findings`` summed from :func:`findings_by_check`."""
    if by_check.empty:
        return pd.DataFrame({"area": [], "severity": [], "findings": []})
    return by_check.groupby(["area", "severity"], as_index=False)["findings"].sum()


def articles_of(article: str) -> list[str]:
    """The article numbers a check cites: ``"5(1)(e), 17(1)(a)"`` -> ``["5", "17"]``."""
    found = (_ARTICLE_RE.search(part) for part in str(article).split(","))
    return list(dict.fromkeys(m.group(1) for m in found if m))


def article_status(by_check: pd.DataFrame, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Traffic light per GDPR article.

    Args:
        by_check: :func:`findings_by_check`.
        catalogue: every registered check (``check_id, area, article, severity`` and
            optionally ``assessed``, see :func:`check_catalogue`); articles whose assessed
            checks found nothing are green, articles with no assessed check grey.

    Returns:
        ``article, status (red|amber|green|grey), findings, critical, high, medium, low,
        checks, failing_checks, gaps, scan_found`` sorted by article number. ``findings``
        and the severity counts are rows of ``audit_findings`` only, the same count as the
        index headline. Red: a critical or high finding; amber: only medium or low ones,
        or none but data the scan found. ``gaps``: sources its checks could not (fully)
        assess, from the catalogue's ``gaps`` (0 without). ``scan_found``: what rows of
        :data:`SCAN_PREFIX` (the scan's Art. 9 evidence, ``actions.special_category_rows``)
        count, shown beside the findings, never added to them.
    """
    catalogue = catalogue if catalogue is not None else by_check
    if "assessed" not in catalogue.columns:
        catalogue = catalogue.assign(assessed=True)
    known = {a for art in catalogue["article"] for a in articles_of(str(art))}
    checks: dict[str, set[str]] = {a: set() for a in known}
    failing: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    gaps: Counter[str] = Counter()
    scan_found: Counter[str] = Counter()
    if "gaps" in catalogue.columns:
        for rec in catalogue[catalogue["gaps"] > 0].itertuples(index=False):
            for art in articles_of(str(rec.article)):
                gaps[art] += int(rec.gaps)
    ran = pd.concat([catalogue[catalogue["assessed"].astype(bool)], by_check], ignore_index=True)
    for rec in ran.itertuples(index=False):
        for art in articles_of(str(rec.article)):
            checks.setdefault(art, set()).add(str(rec.check_id))
    for rec in by_check[by_check["findings"] > 0].itertuples(index=False):
        for art in articles_of(str(rec.article)):
            if str(rec.check_id).startswith(SCAN_PREFIX):
                scan_found[art] += int(rec.findings)
                continue
            failing[art].add(str(rec.check_id))
            counts[art][str(rec.severity)] += int(rec.findings)
    rows = []
    for art, ids in checks.items():
        sev = counts[art]
        total = sum(sev.values())
        if sev["critical"] + sev["high"]:
            status = "red"
        elif total or scan_found[art]:
            status = "amber"
        else:
            status = "green" if ids else "grey"
        rows.append({"article": art, "status": status, "findings": total,
                     **{s: sev[s] for s in SEVERITY_ORDER}, "checks": len(ids),
                     "failing_checks": len(failing[art]), "gaps": gaps[art],
                     "scan_found": scan_found[art]})
    columns = ["article", "status", "findings", *SEVERITY_ORDER, "checks", "failing_checks",
               "gaps", "scan_found"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("article", key=lambda s: s.astype(int)).reset_index(drop=True)


def top_risks(by_check: pd.DataFrame, lang: str = "en", n: int = 10) -> pd.DataFrame:
    """The ``n`` most serious checks: by severity, then number of findings.

    Returns ``severity, check, article, area, findings, check_id`` (``check`` is the
    translated title, ``article`` the citation in the language: ``Art. 12 Abs. 3 DSGVO``).
    """
    df = by_check[by_check["findings"] > 0].copy()
    df["rank"] = df["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)})
    df = df.sort_values(["rank", "findings", "check_id"], ascending=[True, False, True]).head(n)
    df["check"] = [label(f"check.{c}", lang, c) for c in df["check_id"]]
    df["article"] = [cite(str(a), lang) for a in df["article"]]  # Art. 12 Abs. 3 DSGVO
    columns = ["severity", "check", "article", "area", "findings", "check_id"]
    return df[columns].reset_index(drop=True)


#: The canonical table whose records each area assesses: an empty one means "not assessed".
AREA_RECORDS = {"consent": "consents", "rights": "dsr_requests", "retention": "business_records",
                "access": "role_permissions", "breaches": "breaches"}


def _has_records(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    if not table_exists(con, table):
        return False
    row = con.execute(f"SELECT EXISTS (SELECT 1 FROM {quote_ident(table)})").fetchone()
    return bool(row and row[0])


def check_catalogue(ctx: ReportContext | None = None) -> pd.DataFrame:
    """Every registered assessment check: ``check_id, area, article, severity, assessed,
    gaps``.

    ``assessed`` is false for areas whose records are absent from the audit database (no
    breach register exported, say): their articles show grey, not green. ``gaps``: the
    sources the check could not or only partly assess on the audit date (stored by
    assess in ``audit_assessability``). Without ``ctx`` every check counts as assessed.
    """
    from gdpr_audit.assess.registry import all_checks

    checks = all_checks()
    areas = {c.area for c in checks}
    has = {a: ctx is None or a not in AREA_RECORDS or _has_records(ctx.con, AREA_RECORDS[a])
           for a in areas}
    gaps: dict[str, int] = {}
    if ctx is not None and table_exists(ctx.con, "audit_assessability"):
        gaps = dict(run_sql(ctx.con, "report", "assessability_gaps",
                            {"as_of": ctx.as_of}).fetchall())
    return pd.DataFrame(
        [(c.check_id, c.area, c.article, c.severity.value, has[c.area],
          int(gaps.get(c.check_id, 0))) for c in checks],
        columns=["check_id", "area", "article", "severity", "assessed", "gaps"],
    )


def check_counts(result: AreaResult, lang: str = "en") -> pd.DataFrame:
    """Findings per check of one area, every check listed (zero when compliant).

    Returns ``severity, check, article, findings, not_assessable, check_id``;
    ``not_assessable`` names the sources the check could not (fully) assess and the
    fields they lack (``assessability.*`` templates), empty when every source was.
    """
    counts = result.findings.groupby("check_id").size() if len(result.findings) else {}
    gaps = assessability_notes(result.assessability, lang)
    rows = [(c.severity.value, label(f"check.{c.check_id}", lang, c.check_id), c.article,
             int(counts.get(c.check_id, 0)), gaps.get(c.check_id, ""), c.check_id)
            for c in result.checks]
    frame = pd.DataFrame(rows, columns=["severity", "check", "article", "findings",
                                        "not_assessable", "check_id"])
    rank = frame["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)})
    return frame.assign(_r=rank).sort_values(["_r", "check_id"]).drop(columns="_r") \
        .reset_index(drop=True)


def assessability_notes(assessability: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Per check id, its gaps as text: ``not assessable: field consents.x missing in
    source y`` (templates ``assessability.<status>``), ``; ``-joined."""
    notes: dict[str, list[str]] = defaultdict(list)
    for rec in assessability.itertuples(index=False):
        if rec.status == "assessable":
            continue
        fields = ", ".join(str(m).replace("|", " / ") for m in rec.missing)
        source = rec.source if isinstance(rec.source, str) else "-"
        notes[rec.check_id].append(t(str(rec.detail_key), lang, fields=fields, source=source))
    return {k: "; ".join(v) for k, v in notes.items()}


def findings_examples(result: AreaResult, per_check: int = 5, lang: str = "en") -> pd.DataFrame:
    """The first ``per_check`` findings of each check: ``check_id, severity, record_ref,
    detail`` (pseudonymous refs and prose without raw values, as assess writes them), the
    detail in ``lang`` (:func:`gdpr_audit.report.i18n.finding_texts`: from the wording key
    and params, the stored prose for rows without them)."""
    columns = ["check_id", "severity", "record_ref", "detail"]
    if result.findings.empty:
        return pd.DataFrame(columns=columns)
    chosen = result.findings.sort_values(["check_id", "record_ref"]).groupby("check_id").head(
        per_check).reset_index(drop=True)
    frame = chosen[columns].copy()
    frame["detail"] = finding_texts(chosen, lang)
    return frame


def findings_history(ctx: ReportContext) -> pd.DataFrame:
    """Findings per audit date and severity over every stored audit (``as_of, severity,
    findings``): the trend between audits."""
    _need(ctx.con, "audit_findings", "assess")
    return run_sql(ctx.con, "report", "findings_history", {"as_of": ctx.as_of}).df()
