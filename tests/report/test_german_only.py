"""The German report shows no English: every visible text of every DE page is checked.

Chromium loads each page (charts drawn) and collects the text a reader sees, chart
labels included. A text fails when it is an English UI string of ``en.yaml`` whose
German differs, holds English words no German sentence has ("the", "of", "days"), or
writes a day the ISO way (German pages write TT.MM.JJJJ). Identifiers shown as code
(check ids, suite names, the customer's own table and column names such as ``Phone``)
are the data's names, not report text, and are not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gdpr_audit.report.chromium import Chromium
from gdpr_audit.report.i18n import catalog
from gdpr_audit.report.pages import PAGES

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: Words that occur in English report prose and data vocabulary, never in German text.
ENGLISH_WORDS = {"the", "of", "and", "with", "without", "after", "before", "not", "days",
                 "late", "findings", "record", "records", "request", "requests", "subject",
                 "completed", "rejected", "pending", "invoice", "consent", "checks",
                 "missing", "none", "yes", "no"}

#: Visible text nodes of the page that a reader sees (SVG chart labels included).
_VISIBLE_TEXT = """
(() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, parent = node.parentElement, text = node.textContent.trim();
    const skip = 'script, style, .modebar-container, code, .code';
    if (!text || !parent || parent.closest(skip)) continue;
    if (parent.checkVisibility && !parent.checkVisibility()) continue;
    out.push(text);
  }
  return out;
})()
"""


def english_ui_strings() -> set[str]:
    """English texts of the catalogue that German says differently (placeholders dropped)."""
    en, de = catalog("en"), catalog("de")
    german = set(de.values())
    found = set()
    for key, text in en.items():
        if key.startswith(("format.", "md.")) or de.get(key) == text or text in german:
            continue
        for part in re.split(r"\{[^}]*\}", text):
            part = part.strip(" :·—,.()")
            if len(part) >= 4 and re.search(r"[A-Za-z]{3}", part) and part not in german:
                found.add(part)
    return found


ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def english_in(texts: list[str], phrases: set[str]) -> set[str]:
    """The texts that are, or contain, an English phrase or word, or an ISO day."""
    hits = set()
    for text in texts:
        if ISO_DAY.search(text):
            hits.add(text)
            continue
        # ids of checks, tables and files (consent.missing_proof, raw.crm__contacts) are codes
        prose = re.sub(r"\S*[._/]\S*", " ", text)
        words = set(re.findall(r"[A-Za-z]+", prose))
        if text in phrases or words & ENGLISH_WORDS:
            hits.add(text)
            continue
        if any(" " in p and p in text for p in phrases):
            hits.add(text)
    return hits


def visible_texts(page: Path, profile_browser: Chromium) -> list[str]:
    profile_browser.open(page, width=1200)
    texts: list[str] = profile_browser.evaluate(_VISIBLE_TEXT)
    return texts


def test_the_detector_finds_english() -> None:
    """Trap: English prose, a raw status and an English label are caught; German is not."""
    phrases = english_ui_strings()
    assert "Days late" in phrases
    texts = ["Anfrage nach Ablauf der Frist beantwortet", "completed", "Days late",
             "subject S-12ab: request answered 3 days late", "Art. 7 Abs. 3 DSGVO",
             "Stichtag 2026-11-28", "Stichtag 28.11.2026", "raw.crm__contacts"]
    assert english_in(texts, phrases) == {"completed", "Days late", "Stichtag 2026-11-28",
                                          "subject S-12ab: request answered 3 days late"}


def test_german_pages_hold_no_english(built_reports: dict[str, Path]) -> None:
    phrases = english_ui_strings()
    report = built_reports["de"]
    pages = [report / p.html for p in PAGES]
    pages += [report / "checks.html"] if (report / "checks.html").is_file() else []
    found: dict[str, set[str]] = {}
    with Chromium() as browser:
        for page in pages:
            hits = english_in(visible_texts(page, browser), phrases)
            if hits:
                found[page.name] = hits
    assert found == {}
