"""Executed notebook -> self-contained HTML page without code, CDN or personal data.

nbconvert's lab template loads require.js, MathJax, mermaid and the widget manager from
CDNs; the ``gdpr`` template (``templates/gdpr``) replaces them with the report's local
``assets/plotly.min.js``. :func:`external_references` then verifies every page, so a
template change that brings a CDN back fails the build instead of phoning home.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter

from gdpr_audit import __version__
from gdpr_audit.core.errors import ConfigError
from gdpr_audit.report.execute import RESET_TAG
from gdpr_audit.report.i18n import format_date, markdown_for, t
from gdpr_audit.report.pages import PLOTLY_ASSET, Page, nav_items

TEMPLATE_NAME = "gdpr"
#: Tag of the notebooks' "use your own exports" cell: for the analyst, not on the DPO's pages.
ANALYST_TAG = "analyst"
#: Attributes and CSS constructs that make a browser fetch something.
_RESOURCE_RES = (
    re.compile(r"<(?:script|img|iframe|embed|source|audio|video|input|track)\b[^>]*?\bsrc\s*=\s*"
               r"[\"']?([^\"'\s>]+)", re.IGNORECASE),
    re.compile(r"<link\b[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?([^\"')\s;]+)", re.IGNORECASE),
    re.compile(r"url\(\s*[\"']?([^\"')\s]+)", re.IGNORECASE),
    re.compile(r"<object\b[^>]*?\bdata\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE),
)


def external_references(page_html: str) -> list[str]:
    """URLs a page would fetch from the network (``http(s)://`` or ``//host``).

    Links in prose (``<a href>``) are not fetched and not reported.
    """
    found: list[str] = []
    for pattern in _RESOURCE_RES:
        for url in pattern.findall(page_html):
            if url.lower().startswith(("http://", "https://", "//")):
                found.append(url)
    return sorted(set(found))


@lru_cache(maxsize=1)
def _css() -> str:
    return resources.files("gdpr_audit.report").joinpath("templates", TEMPLATE_NAME,
                                                         "report.css").read_text("utf-8")


def _exporter(lang: str) -> HTMLExporter:
    templates = resources.files("gdpr_audit.report").joinpath("templates")
    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(templates)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=lang,
    )


def prepare(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` fit for the DPO: Markdown in ``lang``; the analyst's cell, stderr,
    errors and the plotly JSON bundle (shown as HTML instead) dropped."""
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells
                if not {RESET_TAG, ANALYST_TAG} & set(c.metadata.get("tags", []))]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = markdown_for(list(cell.metadata.get("tags", [])), cell.source, lang)
        elif cell.cell_type == "code":
            kept = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    continue
                if out.get("output_type") == "error":
                    continue
                if "data" in out:
                    out["data"].pop("application/vnd.plotly.v1+json", None)
                kept.append(out)
            cell.outputs = kept
    return nb


def chrome(current: str, lang: str, as_of: dt.date | str, db_name: str, report_dir: Path,
           run: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What every report page shows around its content: title, the run's subtitle,
    navigation (``current`` marked), CSS and the privacy note."""
    return {
        "plotly_src": PLOTLY_ASSET,
        "css": _css(),
        "nav": [{"href": href, "title": title, "current": href == current}
                for href, title in nav_items(lang, report_dir)],
        "nav_label": t("report.nav", lang),
        "report_title": t("report.title", lang),
        "subtitle": t("report.subtitle", lang, as_of=format_date(as_of, lang), db=db_name,
                      run=(run or {}).get("run_id", "–"),
                      digest=(run or {}).get("config_digest", "–"), version=__version__),
        "privacy_note": t("report.privacy_note", lang),
    }


def render_page(nb: nbformat.NotebookNode, page: Page, out_dir: Path, lang: str,
                as_of: dt.date | str, db_name: str, report_dir: Path | None = None,
                run: Mapping[str, Any] | None = None) -> Path:
    """Render one executed notebook to ``out_dir/<page>.html``.

    The page header names the audit run the numbers come from: its id, the audit date
    (in the language's format), the config digest and the database file.

    ``report_dir`` is where the report will be read (default ``out_dir``; the build
    writes to a staging folder first): the navigation links checks.html found there.

    Raises:
        ConfigError: the template would make the page load something from the network.
    """
    res = {
        "metadata": {"name": page.title(lang)},
        "gdpr": chrome(page.html, lang, as_of, db_name, report_dir or out_dir, run),
    }
    prepared = prepare(nb, lang)
    prepared.metadata["title"] = f"{page.title(lang)} — {t('report.title', lang)}"
    body, _ = _exporter(lang).from_notebook_node(prepared, resources=res)
    remote = external_references(body)
    if remote:
        raise ConfigError(f"page {page.html} would load remote resources: {', '.join(remote[:3])}")
    target = out_dir / page.html
    target.write_text(body, encoding="utf-8")
    return target
