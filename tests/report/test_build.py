"""`gdpr-audit report` end to end on the tiny audit: pages, assets, offline, no personal data."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gdpr_audit.report.pages import PAGES, PLOTLY_ASSET
from gdpr_audit.report.render import external_references

from .conftest import SECRET_VALUES

pytestmark = pytest.mark.slow


def pages(report_dir: Path) -> list[Path]:
    return sorted(report_dir.glob("*.html"))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_page_is_written_with_charts(built_reports: dict[str, Path], lang: str) -> None:
    report = built_reports[lang]
    assert sorted(p.name for p in pages(report)) == sorted(p.html for p in PAGES)
    assert (report / PLOTLY_ASSET).stat().st_size > 1_000_000
    assert len(list((report / "_executed").glob("*.ipynb"))) == 8
    for name in ("index.html", "02_inventory.html", "03_consent.html", "04_rights.html",
                 "05_retention.html", "06_access.html", "07_breaches.html"):
        html = (report / name).read_text("utf-8")
        assert "Plotly.newPlot" in html, name
        assert "Traceback" not in html and "jp-OutputArea-output jp-RenderedText" not in html, \
            name


@pytest.mark.parametrize("lang", ["en", "de"])
def test_pages_load_nothing_from_the_network(built_reports: dict[str, Path], lang: str) -> None:
    for page in pages(built_reports[lang]):
        html = page.read_text("utf-8")
        assert external_references(html) == [], page.name
        assert re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html) == [PLOTLY_ASSET], page.name
        assert "cdn" not in html.lower().replace("cdna", ""), page.name


@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_personal_data_in_any_page(built_reports: dict[str, Path], lang: str) -> None:
    for page in pages(built_reports[lang]):
        html = page.read_text("utf-8")
        for value in SECRET_VALUES:
            assert value not in html, (page.name, "a raw value leaked")


def test_german_report_is_german(built_reports: dict[str, Path]) -> None:
    index = (built_reports["de"] / "index.html").read_text("utf-8")
    assert '<html lang="de">' in index
    for text in ("Status je DSGVO-Artikel", "Größte Risiken", "Handlungsbedarf",
                 "Befunde je Bereich und Schweregrad"):
        assert text in index
    for text in ("Status per GDPR article", "Top risks", "Action required"):
        assert text not in index
    consent = (built_reports["de"] / "03_consent.html").read_text("utf-8")
    assert "Einwilligungen" in consent and "How to read" not in consent


def test_index_shows_traffic_lights_and_links(built_reports: dict[str, Path]) -> None:
    index = (built_reports["en"] / "index.html").read_text("utf-8")
    lights = re.findall(r'data-status="(\w+)"', index)
    assert "red" in lights and "green" in lights
    for page in PAGES[1:]:
        assert f'href="{page.html}"' in index


def gdpr_audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gdpr_audit.cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_cli_rejects_bad_input_with_one_clean_line(audit_db: Path, tmp_path: Path) -> None:
    bad = gdpr_audit("report", "--db", str(audit_db), "--out", str(tmp_path), "--lang", "fr")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "error: unsupported report language 'fr'; choose one of en, de"
    missing = gdpr_audit("report", "--db", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path))
    assert missing.returncode == 2 and "database not found" in missing.stderr
    assert "Traceback" not in missing.stderr
    date = gdpr_audit("report", "--db", str(audit_db), "--out", str(tmp_path), "--as-of", "28.11.")
    assert date.returncode == 2 and "--as-of must be a date" in date.stderr
