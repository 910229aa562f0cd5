"""``report --pdf``: one A4 PDF of the whole report, no table cut at the page edge.

Needs Debian's ``chromium`` and ``poppler-utils`` (``make chromium`` installs both). The
PDF is turned into page images with ``pdftoppm``; a column cut at the page edge would
paint into the right margin, which must stay white on every page. Tables are also
measured in Chromium's print layout: none may be wider than the printed area.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gdpr_audit.report.chromium import Chromium
from gdpr_audit.report.i18n import t
from gdpr_audit.report.pages import PAGES
from gdpr_audit.report.pdf import (
    MARGINS_MM,
    PAPER_MM,
    book_html,
    content_width_px,
    findings_appendix,
    page_count,
    write_pdf,
)
from tests.report.conftest import AS_OF

pytestmark = [pytest.mark.slow, pytest.mark.browser]
DPI = 30

#: Every table of the page, with how far it reaches past the printed width.
_TABLE_WIDTHS = """
[...document.querySelectorAll('table')].map(t => ({
  cols: t.rows.length ? t.rows[0].cells.length : 0,
  right: Math.ceil(t.getBoundingClientRect().right),
  scroll: t.parentElement.scrollWidth, client: t.parentElement.clientWidth}))
"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: run `make chromium` (poppler-utils)")
    return path


def page_images(pdf: Path, out: Path) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, grey bytes) at :data:`DPI` (pdftoppm -gray)."""
    out.mkdir(exist_ok=True)
    subprocess.run([_tool("pdftoppm"), "-r", str(DPI), "-gray", str(pdf), str(out / "p")],
                   check=True, timeout=300)
    images = []
    for path in sorted(out.glob("p-*.pgm")):
        magic, size, _maxval, data = path.read_bytes().split(b"\n", 3)
        assert magic == b"P5"
        width, height = (int(v) for v in size.split())
        images.append((width, height, data))
    return images


def ink_in_right_margin(width: int, height: int, data: bytes) -> int:
    """Dark pixels between the printed area's right edge (+1 mm) and the paper edge."""
    px_per_mm = DPI / 25.4
    x0 = int((PAPER_MM[0] - MARGINS_MM["right"] + 1) * px_per_mm)
    y0, y1 = int(MARGINS_MM["top"] * px_per_mm), int((PAPER_MM[1] - MARGINS_MM["bottom"])
                                                      * px_per_mm)
    return sum(1 for y in range(y0, y1) for x in range(x0, width) if data[y * width + x] < 200)


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_report_prints_to_one_a4_pdf_with_nothing_cut(built_reports: dict[str, Path],
                                                          audit_db: Path, lang: str,
                                                          tmp_path: Path) -> None:
    report = built_reports[lang]
    result = write_pdf(report, audit_db, AS_OF, lang, target=tmp_path / "report.pdf")
    assert not (report / ".print.html").exists()
    pages = pdf_pages(result.path)
    assert pages == result.pages == page_count(result.path.read_bytes())
    # cover + contents + 8 report pages (each on a new page) + appendix
    assert pages >= 11
    info = subprocess.run([_tool("pdfinfo"), str(result.path)], capture_output=True,
                          text=True, check=True).stdout
    assert "(A4)" in info
    text = subprocess.run([_tool("pdftotext"), "-layout", str(result.path), "-"],
                          capture_output=True, text=True, check=True).stdout
    for page in PAGES:
        assert page.title(lang) in text
    assert t("pdf.appendix", lang) in text
    assert f"{t('pdf.page', lang)} 1 / {pages}" in text
    images = page_images(result.path, tmp_path / "img")
    assert len(images) == pages
    cut = {i + 1: ink for i, img in enumerate(images) if (ink := ink_in_right_margin(*img))}
    assert cut == {}, f"pages with content in the right margin (cut off): {cut}"
    # every page has something printed on it (no blank page from a stray break)
    assert all(sum(1 for b in data if b < 200) > 20 for _, _, data in images)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_table_is_wider_than_the_printed_page(built_reports: dict[str, Path],
                                                 audit_db: Path, lang: str) -> None:
    report = built_reports[lang]
    book = report / "measure.html"
    book.write_text(book_html(report, lang, findings_appendix(audit_db, AS_OF, lang)), "utf-8")
    try:
        with Chromium() as browser:
            browser.open(book, width=content_width_px(), media="print")
            tables = browser.evaluate(_TABLE_WIDTHS)
    finally:
        book.unlink()
    assert len(tables) >= 8
    too_wide = [tb for tb in tables
                if tb["right"] > content_width_px() + 1 or tb["scroll"] > tb["client"] + 1]
    assert too_wide == []


def test_the_measurement_catches_a_table_cut_on_screen(built_reports: dict[str, Path],
                                                       tmp_path: Path) -> None:
    """Trap: a wide table of long ids overflows its output area on screen (where the lab
    template scrolls it, and paper would cut it) and fits with the print rules."""
    index = (built_reports["en"] / "index.html").read_text("utf-8")
    head = index[:index.index("</head>")]
    cells = "".join(f"<td class=code>consent.send_without_consent_{i}</td>" for i in range(12))
    page = tmp_path / "wide.html"
    page.write_text(f'{head}</head><body class="jp-Notebook gdpr-page"><main>'
                    '<div class="jp-RenderedHTMLCommon"><table class="gdpr-table">'
                    f"<tr>{cells}</tr></table></div></main></body></html>", "utf-8")
    with Chromium() as browser:
        browser.open(page, width=content_width_px())
        screen = browser.evaluate(_TABLE_WIDTHS)[0]
        browser.open(page, width=content_width_px(), media="print")
        printed = browser.evaluate(_TABLE_WIDTHS)[0]
    assert screen["right"] > content_width_px() or screen["scroll"] > screen["client"] + 1
    assert printed["right"] <= content_width_px() + 1
    assert printed["scroll"] <= printed["client"] + 1
