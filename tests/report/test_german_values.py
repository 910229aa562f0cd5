"""Stored values stay codes; the report words them per language (issue #13 part 6)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from gdpr_audit.check.suites import load_suites
from gdpr_audit.report.checks_page import write_checks_page
from gdpr_audit.report.display import table_html
from gdpr_audit.report.i18n import phrase
from gdpr_audit.report.render import chrome
from gdpr_audit.report.ropa import ropa_overview

ROOT = Path(__file__).resolve().parents[2]

ENTRIES = pd.DataFrame(
    [("newsletter", "legal_basis", "consent", 281), ("newsletter", "legal_basis", "contract", 19),
     ("newsletter", "subject_category", "prospects", 7),
     ("newsletter", "data_category", "IBAN_CODE", None),
     ("newsletter", "data_category", "RELIGION", None),
     ("newsletter", "recipient", "marketing", None),
     ("newsletter", "retention_default",
      "until consent is withdrawn or the contact is inactive for 24 months", None),
     ("events", "retention", "invoice", 96), ("events", "data_category", "x_unknown", None)],
    columns=["purpose", "aspect", "value", "n"])


def test_ropa_overview_in_both_languages() -> None:
    de = ropa_overview(ENTRIES, "de").set_index("purpose")
    assert de.loc["newsletter", "legal_basis"] == (
        "Einwilligung (Art. 6 Abs. 1 lit. a) (281), Vertrag (Art. 6 Abs. 1 lit. b) (19)")
    assert de.loc["newsletter", "subject_categories"] == "Interessenten (7)"
    assert de.loc["newsletter", "data_categories"] == "IBAN, Religion"
    assert de.loc["newsletter", "retention"].startswith("bis zum Widerruf")
    assert de.loc["events", "retention"] == "Rechnung: 96 Monate"
    # a code the catalogue does not know is shown as stored, never dropped
    assert de.loc["events", "data_categories"] == "x_unknown"
    en = ropa_overview(ENTRIES, "en").set_index("purpose")
    assert en.loc["newsletter", "legal_basis"].startswith("Consent (Art. 6(1)(a)) (281)")
    assert en.loc["events", "retention"] == "Invoice: 96 months"


def test_table_cells_translate_vocabulary_dates_and_shipped_prose() -> None:
    frame = pd.DataFrame({
        "status": ["completed", "in_progress"], "start_event": ["end_of_year_created", "creation"],
        "received_at": [pd.Timestamp("2026-03-10 10:00", tz="UTC"), pd.Timestamp("2026-04-01")],
        "due": [dt.date(2026, 4, 10), None], "column_name": ["Phone", "Email"],
        "legal_basis": ["Art. 5(1)(e) GDPR", "my own basis"]})
    de = table_html(frame, "de")
    for german in ("erledigt", "in Bearbeitung", "Ende des Jahres der Entstehung",
                   "10.03.2026 10:00", "01.04.2026", "10.04.2026", "Art. 5 Abs. 1 lit. e DSGVO"):
        assert german in de
    for english in ("completed", "2026-03-10", "Art. 5(1)(e) GDPR"):
        assert english not in de
    # the customer's own names and own prose stay as written, marked as code
    assert '<td class="code">Phone</td>' in de and "my own basis" in de
    assert "2026-03-10 10:00" in table_html(frame, "en")


def test_every_shipped_prose_value_has_german() -> None:
    shipped = yaml.safe_load((ROOT / "gdpr_audit/assess/retention_defaults.yaml").read_text())
    texts = [p["legal_basis"] for p in shipped["policies"]]
    defaults = yaml.safe_load(resources.files("gdpr_audit.core").joinpath("defaults.yaml")
                              .read_text("utf-8"))
    texts.append(defaults["assess"]["ropa"]["default_retention"])
    assert [t for t in texts if phrase(t, "de") == t] == []


def test_every_expectation_has_a_german_description() -> None:
    for suite in load_suites(ROOT / "expectations", None):
        assert suite.description_de, suite.name
        assert all(e.description_de for e in suite.expectations), suite.name


def test_checks_page_in_german_with_the_report_navigation(tmp_path: Path) -> None:
    results = {
        "as_of": "2026-11-28", "database": "audit.duckdb", "great_expectations_version": "1.2",
        "success": False, "counts": {"passed": 1, "failed": 1, "error": 0},
        "suites": [{"name": "requests", "table": "main.v_requests", "rows": 1200,
                    "seconds": 0.5, "success": False, "description": "Requests in time.",
                    "description_de": "Anfragen fristgerecht.",
                    "expectations": [
                        {"name": "request_not_overdue", "type": "expect_x", "columns": ["due"],
                         "status": "failed", "article": "12(3)", "check_ids": ["rights.x"],
                         "description": "No open request is late.",
                         "description_de": "Keine offene Anfrage ist verspätet.",
                         "threshold": None, "element_count": 1200, "unexpected_count": 3,
                         "unexpected_percent": 0.25},
                        {"name": "other", "type": "expect_y", "columns": [], "status": "passed",
                         "article": "", "check_ids": [], "description": "Only English.",
                         "threshold": 0.995, "element_count": None, "unexpected_count": None,
                         "unexpected_percent": None}]}]}
    (tmp_path / "checks.json").write_text(json.dumps(results), "utf-8")
    (tmp_path / "checks.html").write_text("old", "utf-8")
    out = tmp_path / "staged"
    out.mkdir()
    page = write_checks_page(tmp_path, out, "de",
                             chrome("checks.html", "de", "2026-11-28", "audit.duckdb", tmp_path))
    assert page is not None
    text = page.read_text("utf-8")
    for german in ('lang="de"', "Stichtag 28.11.2026", "Erwartungen verletzt", "VERLETZT",
                   "Keine offene Anfrage ist verspätet.", "Art. 12 Abs. 3 DSGVO", "1.200",
                   "0,25 %", "99,5 %", 'href="index.html"', 'aria-current="page"'):
        assert german in text, german
    assert "No open request is late." not in text
    assert "Only English." in text  # no German written: the English line, not nothing
    assert write_checks_page(out, out, "de", {}) is None  # no checks.json: no page
