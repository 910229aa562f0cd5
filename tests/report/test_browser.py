"""Headless Chromium opens the report from disk: charts render, no JavaScript errors.

Needs Debian's ``chromium`` (``make browser-test`` installs it; ``make test`` does too).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-default-apps", "--enable-logging=stderr", "--v=0",
                  "--virtual-time-budget=10000", "--dump-dom"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("chromium is not installed: run `make browser-test` (apt-get install chromium)")


def load_in_browser(page: Path, profile: Path) -> tuple[str, list[str]]:
    """The DOM after scripts ran, and the console messages the page produced."""
    run = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run.stdout, console


@pytest.mark.parametrize("name", ["index.html", "04_rights.html", "06_access.html"])
def test_charts_render_without_javascript_errors(built_reports: dict[str, Path], name: str,
                                                 tmp_path: Path) -> None:
    page = built_reports["en"] / name
    charts = page.read_text("utf-8").count('class="plotly-graph-div"')
    assert charts >= 1
    dom, console = load_in_browser(page, tmp_path / "profile")
    assert console == [], f"{name}: console messages {console}"
    rendered = len(re.findall(r'class="plot-container plotly"', dom))
    assert rendered == charts, f"{name}: {rendered} of {charts} charts rendered"
    assert dom.count('class="main-svg"') >= charts


def test_a_broken_page_is_caught(tmp_path: Path) -> None:
    """The check itself can fail: a page whose plotly.js is missing reports an error."""
    page = tmp_path / "broken.html"
    page.write_text('<html><body><div id="c"></div><script>Plotly.newPlot("c", [])</script>'
                    "</body></html>")
    dom, console = load_in_browser(page, tmp_path / "profile")
    assert any("Plotly is not defined" in line for line in console)
    assert "plot-container" not in dom


#: Every table of the page against the box it sits in (the output area, which scrolls).
_TABLE_FIT = """
[...document.querySelectorAll('table')].map(t => {
  const box = t.closest('.jp-OutputArea-output') || t.parentElement;
  return {head: t.rows.length ? t.rows[0].textContent.slice(0, 60) : '',
          right: Math.ceil(t.getBoundingClientRect().right),
          limit: Math.floor(box.getBoundingClientRect().right),
          scroll: box.scrollWidth, client: box.clientWidth};
})
"""


def _overflowing(tables: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [tb for tb in tables
            if tb["right"] > tb["limit"] + 1 or tb["scroll"] > tb["client"] + 1]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_table_overflows_its_column_at_1280_px(built_reports: dict[str, Path],
                                                  lang: str) -> None:
    """Issue #13: the German Top-risks table cut its check-id column at 1280 px, the
    Art. 30 table's four prose columns reached 470 px past the column."""
    from gdpr_audit.report.chromium import Chromium

    pages = sorted(built_reports[lang].glob("*.html"))
    assert len(pages) >= 8
    too_wide, measured = {}, 0
    with Chromium() as browser:
        for page in pages:
            browser.open(page, width=1280)
            tables = browser.evaluate(_TABLE_FIT)
            measured += len(tables)
            if bad := _overflowing(tables):
                too_wide[page.name] = bad
    assert measured >= 8
    assert too_wide == {}


def test_a_top_risks_table_of_long_german_labels_fits(built_reports: dict[str, Path]) -> None:
    """Trap: German Top-risks rows as long as the demo's, in place of the index's table,
    overflow at 1280 px when cells may not wrap (the old ``white-space: nowrap``) and fit
    with the report's CSS."""
    from gdpr_audit.report.chromium import Chromium

    index = (built_reports["de"] / "index.html").read_text("utf-8")
    row = ("<td>Kritisch</td><td>Anfrage nach Ablauf der gesetzlichen Frist beantwortet und "
           "Einwilligung ohne Nachweis</td><td>5 Abs. 1 lit. e, 17 Abs. 1 lit. a</td>"
           "<td>Datenschutzverletzungen</td><td class=num>4</td>"
           "<td class=code>access.access_by_deactivated_user</td>")
    table = (f'<table class="gdpr-table"><thead><tr>{"<th>Prüfungs-ID</th>" * 6}</tr></thead>'
             f"<tbody>{('<tr>' + row + '</tr>') * 3}</tbody></table>")
    page = re.sub(r'<table class="gdpr-table">.*?</table>', lambda _m: table, index, count=1,
                  flags=re.S)
    assert table in page
    pages = {"fits": page, "nowrap": page.replace(
        "</head>", "<style>td { white-space: nowrap !important; }</style></head>", 1)}
    measured = {}
    with Chromium() as browser:
        for name, text in pages.items():
            trap = built_reports["de"] / f"trap_{name}.html"  # beside its assets/
            trap.write_text(text, "utf-8")
            try:
                browser.open(trap, width=1280)
                measured[name] = [tb for tb in browser.evaluate(_TABLE_FIT)
                                  if tb["head"].startswith("Prüfungs-ID")]
            finally:
                trap.unlink()
    assert len(measured["nowrap"]) == len(measured["fits"]) == 1
    assert len(_overflowing(measured["nowrap"])) == 1
    assert _overflowing(measured["fits"]) == []


@pytest.fixture(scope="module")
def checks_pages(audit_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``checks.html`` of a real ``gdpr-audit check`` run on the tiny audit, as the report
    renders it in English and German (the shipped suites: their ids and types are long)."""
    from gdpr_audit.check.command import check_database
    from gdpr_audit.report.checks_page import write_checks_page
    from gdpr_audit.report.render import chrome

    from .conftest import AS_OF

    results = tmp_path_factory.mktemp("checks")
    check_database(audit_db, Path(__file__).resolve().parents[2] / "expectations", None,
                   results, AS_OF, show_progress=False)
    pages = {}
    for lang in ("en", "de"):
        out = tmp_path_factory.mktemp(f"checks_{lang}")
        page = write_checks_page(results, out, lang,
                                 chrome("checks.html", lang, AS_OF, audit_db.name, results))
        assert page is not None
        pages[lang] = page
    return pages


def test_no_checks_table_overflows_at_1280_px(checks_pages: dict[str, Path]) -> None:
    """Issue #13: two tables of checks.html (consent, requests) were 6-47 px wider than the
    page's column at 1280 px; trap: without :data:`BREAK_CODES` the same pages overflow."""
    from gdpr_audit.report.checks_page import BREAK_CODES
    from gdpr_audit.report.chromium import Chromium

    measured: dict[str, list[dict[str, Any]]] = {}
    with Chromium() as browser:
        for lang, page in checks_pages.items():
            text = page.read_text("utf-8")
            assert text.count(BREAK_CODES) == 1
            trap = page.with_name("trap_unbroken.html")
            trap.write_text(text.replace(BREAK_CODES, ""), "utf-8")
            for name, path in ((lang, page), (f"{lang}_unbroken", trap)):
                browser.open(path, width=1280)
                measured[name] = browser.evaluate(_TABLE_FIT)
    for lang in ("en", "de"):
        assert len(measured[lang]) == len(measured[f"{lang}_unbroken"]) >= 7
        assert _overflowing(measured[lang]) == [], lang
        assert len(_overflowing(measured[f"{lang}_unbroken"])) >= 1, lang
