"""Headless Chromium opens the report from disk: charts render, no JavaScript errors.

Needs Debian's ``chromium`` (``make browser-test`` installs it; ``make test`` does too).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

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
