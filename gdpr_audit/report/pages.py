"""The report's pages: which notebook renders to which HTML file, in reading order."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from gdpr_audit.report.i18n import t

CHECKS_PAGE = "checks.html"
PLOTLY_ASSET = "assets/plotly.min.js"


@dataclass(frozen=True)
class Page:
    """A notebook and the HTML page it renders to (the DPO summary becomes ``index.html``)."""

    notebook: str

    @property
    def html(self) -> str:
        return "index.html" if self.notebook == "08_dpo_summary" else f"{self.notebook}.html"

    def title(self, lang: str) -> str:
        return t(f"page.{self.notebook}", lang)


PAGES = tuple(Page(n) for n in (
    "08_dpo_summary", "01_load", "02_inventory", "03_consent", "04_rights", "05_retention",
    "06_access", "07_breaches",
))


def notebooks_in_reading_order() -> list[Page]:
    """Pages sorted like the notebooks' numbers (01 … 08)."""
    return sorted(PAGES, key=lambda p: p.notebook)


def nav_items(lang: str, report_dir: Path | None = None) -> list[tuple[str, str]]:
    """``(href, title)`` of every page, the summary first; checks.html when it exists."""
    items = [(p.html, p.title(lang)) for p in PAGES]
    if report_dir is not None and (Path(report_dir) / CHECKS_PAGE).is_file():
        items.append((CHECKS_PAGE, t("report.checks_link", lang)))
    return items


def contents_html(lang: str = "en", report_dir: str | Path = "") -> str:
    """A list of links to the detail pages (and to the checks page when it exists)."""
    items = nav_items(lang, Path(report_dir) if report_dir else None)[1:]
    links = "".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>'
                    for href, title in items)
    return f'<ul class="gdpr-contents">{links}</ul>'


def show_contents(lang: str = "en", report_dir: str | Path = "") -> None:
    """Display :func:`contents_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(contents_html(lang, report_dir)))
