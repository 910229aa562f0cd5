"""Notebook display helpers: one call shows one chart, table or status block.

Charts are emitted as HTML without plotly.js (the rendered report loads
``assets/plotly.min.js`` once per page) plus the plotly JSON for JupyterLab.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from gdpr_audit.report.i18n import format_date, label, number, phrase, t
from gdpr_audit.report.style import SEVERITY_COLOURS, STATUS_COLOURS, STATUS_ICONS

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "modeBarButtonsToRemove": ["sendDataToCloud", "select2d", "lasso2d"]}
#: Columns whose values are vocabulary the report translates.
VOCABULARY = {"severity": "severity", "area": "area", "request_type": "request_type",
              "risk_level": "risk", "channel": "channel", "purpose": "purpose",
              "record_type": "record_type", "role": "role", "entity_type": "entity",
              "hold": "hold", "status": "request_status", "start_event": "start_event",
              "age_bucket": "age_bucket", "category": "pii_category",
              "legal_basis": "legal_basis", "matched_by": "match_decision"}

#: Columns shown as wrapping prose or as code-like ids.
CELL_CLASSES = {
    **dict.fromkeys(["detail", "why", "legal_basis", "data_categories", "recipients",
                     "retention"], ' class="prose"'),
    # identifiers of the customer's data (raw tables and columns) are shown as written
    **dict.fromkeys(["check_id", "record_ref", "request_ref", "table_name", "column_name",
                     "raw_table", "raw_column", "source_file", "file"], ' class="code"'),
}


def figure_html(fig: go.Figure) -> str:
    """The chart as an HTML fragment that expects ``Plotly`` to be loaded by the page."""
    height = fig.layout.height or 460
    return fig.to_html(include_plotlyjs=False, full_html=False, config=PLOTLY_CONFIG,
                       default_width="100%", default_height=f"{height}px")


def show(fig: go.Figure) -> None:
    """Display a plotly figure in a notebook (JupyterLab renders the JSON, nbconvert the HTML)."""
    from IPython.display import display

    title = fig.layout.title.text or "chart"
    display({"application/vnd.plotly.v1+json": json.loads(fig.to_json()),
             "text/html": figure_html(fig), "text/plain": f"<{title}>"}, raw=True)


def _cell(value: Any, lang: str = "en") -> str:
    """A table cell as text: lists joined, missing as "–", numbers in the language's format."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(str(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, bool | np.bool_):
        return "✔" if value else ""
    if isinstance(value, int | np.integer):
        return number(int(value), lang)
    if isinstance(value, float | np.floating):
        return number(float(value), lang, 3 if abs(float(value)) < 1 else 1)
    if isinstance(value, pd.Timestamp | dt.datetime):
        day = format_date(value.date(), lang)
        return f"{day} {value:%H:%M}" if (value.hour or value.minute) else day
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return str(value)


def table_html(df: pd.DataFrame, lang: str = "en", max_rows: int = 50,
               columns: Iterable[str] | None = None) -> str:
    """An HTML table with translated headers and vocabulary; long tables are cut with a note."""
    frame = df[list(columns)] if columns is not None else df
    shown = frame.head(max_rows)
    head = "".join(f"<th>{html.escape(label(f'col.{c}', lang, c))}</th>" for c in shown.columns)
    body = []
    for rec in shown.itertuples(index=False):
        cells = []
        for col, value in zip(shown.columns, rec, strict=True):
            text = _cell(value, lang)
            if col in VOCABULARY and text != "–":
                text = label(f"{VOCABULARY[col]}.{text}", lang, text)
            if isinstance(value, str):
                text = phrase(text, lang)
            numeric = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
                value, bool | np.bool_)
            cls = ' class="num"' if numeric else CELL_CLASSES.get(col, "")
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = ""
    if len(frame) > max_rows:
        more = t("table.more", lang, shown=max_rows, total=len(frame))
        note = f'<p class="gdpr-note">{html.escape(more)}</p>'
    if frame.empty:
        note = f'<p class="gdpr-note">{html.escape(t("table.empty", lang))}</p>'
    return (f'<table class="gdpr-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{note}')


def show_table(df: pd.DataFrame, lang: str = "en", max_rows: int = 50,
               columns: Iterable[str] | None = None) -> None:
    """Display a report table (counts, categories, pseudonymous ids only)."""
    from IPython.display import HTML, display

    display(HTML(table_html(df, lang, max_rows, columns)))


def status_html(status: pd.DataFrame, lang: str = "en") -> str:
    """Traffic-light cards, one per GDPR article, with finding counts by severity."""
    cards = []
    for rec in status.itertuples(index=False):
        colour = STATUS_COLOURS[rec.status]
        counts = " · ".join(
            f'<span style="color:{SEVERITY_COLOURS[s]};font-weight:600">'
            f"{getattr(rec, s)} {html.escape(t(f'severity.{s}', lang))}</span>"
            for s in ("critical", "high", "medium", "low") if getattr(rec, s))
        title = label(f"article.{rec.article}", lang, "")
        cards.append(
            f'<div class="gdpr-card" data-status="{rec.status}" '
            f'style="border-left:8px solid {colour}">'
            f'<div class="gdpr-card-head"><span class="gdpr-light" style="background:{colour}">'
            f"{STATUS_ICONS[rec.status]}</span> <b>Art. {html.escape(str(rec.article))}</b> "
            f"{html.escape(title)}</div>"
            f'<div class="gdpr-card-status">{html.escape(t(f"status.{rec.status}", lang))} — '
            f'{html.escape(t("status.findings_count", lang, n=number(rec.findings, lang)))}, '
            f'{html.escape(t("status.checks_run", lang, n=rec.checks))}</div>'
            f'<div class="gdpr-card-counts">{counts}</div>{_scan_line(rec, lang)}'
            f'{_gaps_line(rec, lang)}</div>'
        )
    return f'<div class="gdpr-cards">{"".join(cards)}</div>'


def _scan_line(rec: Any, lang: str) -> str:
    """What the scan found of the card's article (Art. 9 data): beside the findings,
    never counted among them (``article_status``'s ``scan_found``)."""
    n = int(getattr(rec, "scan_found", 0) or 0)
    if not n:
        return ""
    return (f'<div class="gdpr-card-scan">'
            f'{html.escape(t("status.scan_found", lang, n=number(n, lang)))}</div>')


def _gaps_line(rec: Any, lang: str) -> str:
    """A card's count of sources its checks could not assess (a gap in the audit)."""
    n = int(getattr(rec, "gaps", 0) or 0)
    if not n:
        return ""
    return (f'<div class="gdpr-card-gaps">'
            f'{html.escape(t("status.gaps", lang, n=number(n, lang)))}</div>')


def show_status(status: pd.DataFrame, lang: str = "en") -> None:
    """Display the traffic lights of :func:`gdpr_audit.report.summary.article_status`."""
    from IPython.display import HTML, display

    display(HTML(status_html(status, lang)))
