"""``gdpr-audit report --pdf``: the whole report as one A4 PDF for the DPO to file.

The rendered pages are bound into one print document (``.print.html`` beside them, so
``assets/plotly.min.js`` loads by the same relative path, removed afterwards): a cover,
a table of contents linking to each part, the summary and the seven detail pages,
``checks.html`` when ``gdpr-audit check`` wrote one, and an appendix listing each
check's findings by pseudonymous id. Headless Chromium (:mod:`.chromium`) draws the
charts at the printed width and prints with ``Page.printToPDF``; the print rules in
``templates/gdpr/print.css`` wrap every table inside the page instead of cutting
columns. Nothing is fetched: the pages hold no remote reference (checked when rendered).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

from gdpr_audit.core.db import connect, run_sql, table_exists
from gdpr_audit.core.errors import ConfigError, InputError
from gdpr_audit.report.chromium import Chromium
from gdpr_audit.report.i18n import check_lang, finding_texts, label, number, t
from gdpr_audit.report.pages import CHECKS_PAGE, PAGES
from gdpr_audit.report.render import external_references

PDF_NAME = "report.pdf"
PRINT_NAME = ".print.html"
#: A4 and the margins of ``print.css``'s ``@page`` rule, in millimetres.
PAPER_MM = (210.0, 297.0)
MARGINS_MM = {"top": 14.0, "right": 12.0, "bottom": 16.0, "left": 12.0}
#: Findings listed per check in the appendix (the rest are counted; all are in the database).
APPENDIX_ROWS = 25
_MM_PER_INCH = 25.4
_MAIN = re.compile(r"<main>(.*)</main>", re.DOTALL)
_HEAD = re.compile(r"^(.*?<head>.*?)</head>", re.DOTALL)
_SUBTITLE = re.compile(r'<div class="gdpr-subtitle">(.*?)</div>', re.DOTALL)
_PAGE_LINK = re.compile(r'href="([0-9a-z_]+)\.html(#[^"]*)?"')


def content_width_px() -> int:
    """Width of the printed area in CSS pixels (96 per inch): what charts are drawn at."""
    mm = PAPER_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    return int(mm / _MM_PER_INCH * 96)


@dataclass
class PdfResult:
    """The written PDF, its page count and the seconds spent binding and printing."""

    path: Path
    pages: int
    bytes: int
    seconds: float


def _anchor(stem: str) -> str:
    return f"part-{stem}"


def _local_links(fragment: str) -> str:
    """Links between pages become links inside the PDF (``04_rights.html`` -> ``#part-…``)."""
    known = {Path(p.html).stem for p in PAGES} | {Path(CHECKS_PAGE).stem}
    return _PAGE_LINK.sub(
        lambda m: f'href="#{_anchor(m.group(1))}"' if m.group(1) in known else m.group(0),
        fragment)


def _main_of(page: Path) -> str:
    found = _MAIN.search(page.read_text("utf-8"))
    if found is None:
        raise ConfigError(f"{page.name} is not a gdpr-audit report page (no <main>)")
    return _local_links(found.group(1))


def findings_appendix(db_path: Path, as_of: dt.date, lang: str,
                      per_check: int = APPENDIX_ROWS) -> str:
    """The appendix: per check (most severe first) its findings by pseudonymous id."""
    con = connect(db_path, read_only=True)
    try:
        if not table_exists(con, "audit_findings"):
            raise InputError(f"{db_path.name} has no table audit_findings: run "
                             "`gdpr-audit assess` first")
        found = run_sql(con, "report", "findings_appendix",
                        {"as_of": as_of, "per_check": per_check}).df()
    finally:
        con.close()
    e = html.escape
    parts = [f'<h1 id="{_anchor("appendix")}">{e(t("pdf.appendix", lang))}</h1>',
             f'<p class="gdpr-note">{e(t("pdf.appendix_note", lang, n=per_check))}</p>']
    texts = finding_texts(found, lang)
    rows = zip(found["check_id"], found["article"], found["severity"], found["total"],
               found["record_ref"], texts, strict=True)
    if found.empty:
        parts.append(f"<p>{e(t('pdf.no_findings', lang))}</p>")
    current = None
    for check_id, article, severity, total, ref, text in rows:
        if check_id != current:
            if current is not None:
                parts.append("</tbody></table>")
            current = check_id
            shown = min(total, per_check)
            parts.append(
                f'<h2 class="gdpr-appendix-check">{e(label("check." + check_id, lang, check_id))}'
                f"</h2><p class=\"gdpr-note\"><code>{e(check_id)}</code> · Art. {e(article)} · "
                f"{e(label('severity.' + severity, lang, severity))} · "
                f"{e(t('table.more', lang, shown=number(shown, lang), total=number(total, lang)))}"
                "</p>"
                f'<table class="gdpr-table"><thead><tr><th>{e(t("col.record_ref", lang))}</th>'
                f'<th>{e(t("col.detail", lang))}</th></tr></thead><tbody>')
        text = text if isinstance(text, str) else ""
        parts.append(f'<tr><td class="code">{e(ref)}</td><td class="prose">{e(text)}</td></tr>')
    if current is not None:
        parts.append("</tbody></table>")
    return "\n".join(parts)


def book_html(report_dir: Path, lang: str, appendix: str) -> str:
    """The print document: cover, contents, every page's content, checks, appendix."""
    index = (report_dir / "index.html").read_text("utf-8")
    head = _HEAD.search(index)
    subtitle = _SUBTITLE.search(index)
    if head is None or subtitle is None:
        raise ConfigError(f"{report_dir / 'index.html'} is not a gdpr-audit report page")
    e = html.escape
    parts: list[tuple[str, str, str]] = []  # (anchor, title, content)
    for page in PAGES:
        path = report_dir / page.html
        if not path.is_file():
            raise InputError(f"{path} is missing: rebuild the report")
        parts.append((_anchor(Path(page.html).stem), page.title(lang), _main_of(path)))
    if (report_dir / CHECKS_PAGE).is_file():
        parts.append((_anchor(Path(CHECKS_PAGE).stem), t("report.checks_link", lang),
                      _main_of(report_dir / CHECKS_PAGE)))
    parts.append((_anchor("appendix"), t("pdf.appendix", lang), appendix))
    toc = "".join(f'<li><a href="#{a}">{e(title)}</a></li>' for a, title, _ in parts)
    sections = "\n".join(
        f'<section class="gdpr-book-part" id="{a}" data-title="{e(title)}">\n{content}\n</section>'
        for a, title, content in parts)
    title = t("report.title", lang)
    head_html = re.sub(r"<title>.*?</title>", f"<title>{e(title)}</title>", head.group(1),
                       flags=re.DOTALL)
    return (
        f"{head_html}</head>\n"
        '<body class="jp-Notebook gdpr-page gdpr-book" data-jp-theme-light="true">\n'
        f'<section class="gdpr-cover"><div class="gdpr-brand">{e(title)}</div>'
        f'<div class="gdpr-subtitle">{subtitle.group(1)}</div>'
        f'<p class="gdpr-note">{e(t("report.privacy_note", lang))}</p></section>\n'
        f'<nav class="gdpr-toc"><h1>{e(t("report.nav", lang))}</h1><ol>{toc}</ol></nav>\n'
        f"{sections}\n</body>\n</html>\n"
    )


def _footer(lang: str) -> str:
    # Chromium fills the spans; the template's font size must be set (default is 0).
    return ('<div style="font-size:7pt;width:100%;margin:0 12mm;color:#555;'
            'font-family:system-ui,sans-serif;display:flex;justify-content:space-between">'
            f'<span>{html.escape(t("report.title", lang))}</span>'
            f'<span>{html.escape(t("pdf.page", lang))} <span class="pageNumber"></span> / '
            '<span class="totalPages"></span></span></div>')


def print_options(lang: str) -> dict[str, object]:
    """``Page.printToPDF`` parameters: A4, the print margins, page numbers, bookmarks."""
    inch = {side: mm / _MM_PER_INCH for side, mm in MARGINS_MM.items()}
    return {
        "paperWidth": PAPER_MM[0] / _MM_PER_INCH, "paperHeight": PAPER_MM[1] / _MM_PER_INCH,
        "marginTop": inch["top"], "marginBottom": inch["bottom"],
        "marginLeft": inch["left"], "marginRight": inch["right"],
        "printBackground": True, "displayHeaderFooter": True,
        "headerTemplate": "<span></span>", "footerTemplate": _footer(lang),
        "generateDocumentOutline": True, "generateTaggedPDF": True,
    }


def page_count(pdf: bytes) -> int:
    """Pages of a PDF Chromium wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def write_pdf(report_dir: Path, db_path: Path, as_of: dt.date, lang: str = "en",
              target: Path | None = None) -> PdfResult:
    """Print the report in ``report_dir`` (built in ``lang``) to one A4 PDF.

    Args:
        target: the PDF file (default ``report_dir/report.pdf``); written to a temporary
            name first and renamed, so a failed print never leaves half a file.

    Raises:
        ChromiumError: Chromium missing or failing (exit 2 with one line).
        ConfigError: the bound document would load something from the network.
    """
    lang = check_lang(lang)
    start = time.perf_counter()
    book = book_html(report_dir, lang, findings_appendix(db_path, as_of, lang))
    remote = external_references(book)
    if remote:
        raise ConfigError(f"the print document would load remote resources: {remote[0]}")
    source = report_dir / PRINT_NAME
    target = target or report_dir / PDF_NAME
    partial = target.with_name(f".{target.name}.partial")
    source.write_text(book, encoding="utf-8")
    try:
        with Chromium() as browser:
            browser.open(source, width=content_width_px())
            pdf = browser.print_pdf(print_options(lang))
        partial.write_bytes(pdf)
        partial.replace(target)
    finally:
        source.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return PdfResult(path=target, pages=page_count(pdf), bytes=len(pdf),
                     seconds=time.perf_counter() - start)
