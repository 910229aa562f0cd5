"""``checks.html`` as a page of the report: the expectation results in the report's language.

``gdpr-audit check`` writes ``checks.json`` and a standalone English ``checks.html`` (the
check stage knows nothing of the report). When the report is built into a folder holding
``checks.json``, this module renders ``checks.html`` again from that JSON, with the report's
navigation, style and language; the German description of each expectation comes from its
suite (``meta.description_de``). Counts, names and thresholds only, like the JSON.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gdpr_audit.core.errors import InputError
from gdpr_audit.report.i18n import cite, format_date, number, t
from gdpr_audit.report.pages import CHECKS_PAGE

CHECKS_JSON = "checks.json"

#: Ids and expectation types (``expect_column_values_to_not_be_in_set``, 37 characters of
#: monospace) may break inside: ``break-word`` does not lower a cell's minimum width, so
#: with them unbroken the consent and requests tables were 6-47 px wider than the page's
#: 1168 px column at 1280 px (issue #13). ``anywhere`` does, and breaks only when needed.
BREAK_CODES = (".gdpr-checks-table td.code, .gdpr-checks-table code, "
               ".gdpr-checks-table .code { overflow-wrap: anywhere; }")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _described(item: Mapping[str, Any], lang: str) -> str:
    """The description in ``lang`` (English when the suite has none in that language)."""
    own = item.get(f"description_{lang}") if lang != "en" else None
    return str(own or item.get("description") or "")


def _threshold(mostly: float | None, lang: str) -> str:
    if mostly is None or mostly >= 1:
        return t("checks.all_rows", lang)
    return f"{number(mostly * 100, lang, 1)} %"


def _row(e: Mapping[str, Any], lang: str) -> str:
    share = e.get("unexpected_percent")
    cells = [
        f'<td class="status">{_e(t("checks." + str(e["status"]), lang))}</td>',
        f'<td><b class="code">{_e(e["name"])}</b><br><small>{_e(_described(e, lang))}</small>'
        + (f'<br><small class="code">{_e(e["error"])}</small>' if e.get("error") else "")
        + f'<br><code>{_e(e["type"])}</code></td>',
        f"<td>{_e(cite(e['article'], lang)) if e.get('article') else '–'}</td>",
        f'<td class="code">{_e(", ".join(e.get("columns") or []))}</td>',
    ]
    for key in ("unexpected_count", "element_count"):
        value = e.get(key)
        cells.append(f'<td class="num">{number(value, lang) if value is not None else ""}</td>')
    cells.append(f'<td class="num">{number(share, lang, 2) + " %" if share is not None else ""}'
                 "</td>")
    cells.append(f"<td>{_e(_threshold(e.get('threshold'), lang))}</td>")
    cells.append(f'<td class="code">{_e(", ".join(e.get("check_ids") or []))}</td>')
    return f'<tr class="{_e(e["status"])}">{"".join(cells)}</tr>'


def _suite(s: Mapping[str, Any], lang: str) -> str:
    heads = "".join(f"<th>{_e(t('checks.' + k, lang))}</th>" for k in (
        "status", "expectation", "article", "columns", "unexpected", "of", "share",
        "threshold", "guards"))
    rows = "\n".join(_row(e, lang) for e in s["expectations"])
    meta = t("checks.suite_rows", lang, table=s["table"], rows=number(s["rows"], lang),
             seconds=number(s["seconds"], lang, 2))
    state = "passed" if s.get("success") else "failed"
    return (f'<section class="gdpr-suite {state}" id="suite-{_e(s["name"])}">'
            f'<h2><span class="code">{_e(s["name"])}</span> <small>{_e(meta)}</small></h2>'
            f"<p>{_e(_described(s, lang))}</p>"
            f'<table class="gdpr-table gdpr-checks-table"><thead><tr>{heads}</tr></thead>'
            f"<tbody>{rows}</tbody></table></section>")


def checks_html(results: Mapping[str, Any], lang: str, chrome: Mapping[str, Any]) -> str:
    """The checks page: ``results`` is the content of ``checks.json``; ``chrome`` the
    header, navigation and CSS of :func:`gdpr_audit.report.render.chrome`."""
    counts = results["counts"]
    verdict = t("checks.verdict_passed" if results["success"] else "checks.verdict_failed",
                lang, passed=counts["passed"], failed=counts["failed"], errors=counts["error"],
                total=sum(counts.values()))
    meta = t("checks.meta", lang, as_of=format_date(results["as_of"], lang),
             db=results["database"],
             tool=f"Great Expectations {results['great_expectations_version']}")
    current = ' aria-current="page"'
    nav = "".join(f'<a href="{_e(i["href"])}"{current if i["current"] else ""}>'
                  f'{_e(i["title"])}</a>' for i in chrome["nav"])
    sections = "\n".join(_suite(s, lang) for s in results["suites"])
    state = "passed" if results["success"] else "failed"
    return f"""<!DOCTYPE html>
<html lang="{_e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{_e(t("checks.title", lang))} — {_e(chrome["report_title"])}</title>
<style>
{chrome["css"]}
.gdpr-checks-page main {{ max-width: 76rem; margin: 0 auto; padding: 0 1rem; }}
.gdpr-verdict {{ display: inline-block; padding: .4rem .8rem; border-radius: .3rem;
                 font-weight: 700; }}
.gdpr-verdict.passed {{ background: #e3f9e5; color: #05400a; }}
.gdpr-verdict.failed {{ background: #ffe3e3; color: #610404; }}
.gdpr-checks-table td {{ white-space: normal; }}
{BREAK_CODES}
.gdpr-checks-table tr.failed td.status {{ color: #b00020; font-weight: 700; }}
.gdpr-checks-table tr.error td.status {{ color: #8a4b00; font-weight: 700; }}
.gdpr-checks-table tr.passed td.status {{ color: #1b7f3b; }}
</style>
</head>
<body class="gdpr-page gdpr-checks-page">
<header class="gdpr-header">
  <div class="gdpr-brand">{_e(chrome["report_title"])}</div>
  <div class="gdpr-subtitle">{_e(chrome["subtitle"])}</div>
  <nav class="gdpr-nav" aria-label="{_e(chrome["nav_label"])}">{nav}</nav>
</header>
<main>
<div class="jp-RenderedHTMLCommon">
<h1>{_e(t("checks.title", lang))}</h1>
<p class="gdpr-note">{_e(meta)}</p>
<p class="gdpr-verdict {state}">{_e(verdict)}</p>
<p>{_e(t("checks.intro", lang))}</p>
{sections}
</div>
</main>
<footer class="gdpr-footer">{_e(chrome["privacy_note"])}</footer>
</body>
</html>
"""


def write_checks_page(results_dir: Path, out_dir: Path, lang: str,
                      chrome: Mapping[str, Any]) -> Path | None:
    """Render ``results_dir/checks.json`` (when there) to ``out_dir/checks.html``.

    Raises:
        InputError: the JSON is not a ``gdpr-audit check`` result.
    """
    source = results_dir / CHECKS_JSON
    if not source.is_file():
        return None
    try:
        results = json.loads(source.read_text("utf-8"))
        page = checks_html(results, lang, chrome)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{source} is not a result of `gdpr-audit check` "
                         f"({type(exc).__name__}): run `gdpr-audit check` again") from None
    target = out_dir / CHECKS_PAGE
    target.write_text(page, encoding="utf-8")
    return target
