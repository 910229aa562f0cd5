"""Traffic lights, top risks and the report's SQL on the tiny audit database."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gdpr_audit.core.db import connect
from gdpr_audit.core.errors import InputError
from gdpr_audit.report import ReportContext, open_audit
from gdpr_audit.report.summary import (
    article_status,
    articles_of,
    check_catalogue,
    consent_funnel,
    findings_by_check,
    load_overview,
    top_risks,
)

from .conftest import AS_OF, build_audit_db


@pytest.mark.parametrize(("article", "expected"), [
    ("6(1)(a)", ["6"]),
    ("5(1)(e), 17(1)(a)", ["5", "17"]),
    ("9, 32", ["9", "32"]),
    ("Art. 33(1)", ["33"]),
    ("12(3)", ["12"]),
    ("", []),
])
def test_articles_of(article: str, expected: list[str]) -> None:
    assert articles_of(article) == expected


def by_check(rows: list[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["check_id", "area", "article", "severity", "findings"])


CATALOGUE = by_check([
    ("consent.a", "consent", "6(1)(a)", "high", 0),
    ("consent.b", "consent", "7(1)", "medium", 0),
    ("rights.c", "rights", "12(3)", "low", 0),
    ("retention.d", "retention", "5(1)(e), 17(1)(a)", "medium", 0),
    ("access.e", "access", "9, 32", "critical", 0),
])


@pytest.mark.parametrize(("found", "expected"), [
    ([], {"6": "green", "7": "green", "12": "green", "5": "green", "17": "green", "9": "green",
          "32": "green"}),
    ([("consent.a", "consent", "6(1)(a)", "high", 2)], {"6": "red", "7": "green"}),
    ([("consent.b", "consent", "7(1)", "medium", 5)], {"7": "amber", "6": "green"}),
    ([("retention.d", "retention", "5(1)(e), 17(1)(a)", "medium", 1)],
     {"5": "amber", "17": "amber"}),
    ([("access.e", "access", "9, 32", "critical", 1)], {"9": "red", "32": "red"}),
    ([("rights.c", "rights", "12(3)", "low", 0)], {"12": "green"}),
])
def test_article_status(found, expected) -> None:
    status = article_status(by_check(found), CATALOGUE).set_index("article")
    for article, light in expected.items():
        assert status.loc[article, "status"] == light, article
    assert list(status.index) == sorted(status.index, key=int)


def test_article_of_an_area_without_records_is_grey_not_green() -> None:
    catalogue = CATALOGUE.assign(assessed=[True, True, True, True, False])
    status = article_status(by_check([]), catalogue).set_index("article")
    assert status.loc["9", "status"] == "grey" and status.loc["32", "status"] == "grey"
    assert status.loc["6", "status"] == "green"
    # an article also covered by an assessed check is judged by that check
    shared = pd.concat([catalogue, by_check([("b.z", "b", "32", "low", 0)]).assign(
        assessed=True)], ignore_index=True)
    assert article_status(by_check([]), shared).set_index("article").loc["32", "status"] == "green"
    assert article_status(by_check([]), by_check([])).empty


def audit_after(tmp_path: Path, statement: str) -> ReportContext:
    """The tiny audit database, changed by one SQL statement, opened for the report."""
    path = build_audit_db(tmp_path / "a.duckdb")
    con = connect(path)
    con.execute(statement)
    con.close()
    return open_audit(path, "", "en")


def test_catalogue_marks_areas_without_records(tmp_path: Path) -> None:
    catalogue = check_catalogue(audit_after(tmp_path, "DELETE FROM breaches"))
    assessed = catalogue.groupby("area")["assessed"].all()
    assert not assessed["breaches"] and assessed["consent"] and assessed["rights"]
    assert check_catalogue()["assessed"].all()


def test_status_counts_per_severity() -> None:
    found = by_check([("consent.a", "consent", "6(1)(a)", "high", 2),
                      ("consent.b", "consent", "6(1)(f)", "low", 3)])
    row = article_status(found, CATALOGUE).set_index("article").loc["6"]
    assert (row["findings"], row["high"], row["low"], row["failing_checks"]) == (5, 2, 3, 2)


def test_top_risks_orders_by_severity_then_count() -> None:
    found = by_check([("a.low", "a", "5", "low", 100), ("a.crit", "a", "32", "critical", 1),
                      ("a.high1", "a", "6", "high", 3), ("a.high2", "a", "6", "high", 7),
                      ("a.none", "a", "6", "high", 0)])
    top = top_risks(found, "en", n=3)
    assert list(top["check_id"]) == ["a.crit", "a.high2", "a.high1"]
    assert list(top["article"]) == ["Art. 32 GDPR", "Art. 6 GDPR", "Art. 6 GDPR"]
    cited = by_check([("a.x", "a", "12(3)", "high", 1), ("a.y", "a", "9, 32", "high", 2)])
    assert list(top_risks(cited, "de")["article"]) == ["Art. 9, Art. 32 DSGVO",
                                                       "Art. 12 Abs. 3 DSGVO"]


def test_findings_by_check_matches_audit_findings(audit_db: Path) -> None:
    audit = open_audit(audit_db, "", "en")
    assert audit.as_of == AS_OF
    counts = findings_by_check(audit)
    total = audit.con.execute("SELECT count(*) FROM audit_findings").fetchone()[0]
    assert counts["findings"].sum() == total > 0
    status = article_status(counts, check_catalogue())
    assert set(status["status"]) <= {"red", "amber", "green", "grey"}
    assert "6" in set(status["article"])


def test_consent_funnel_reuses_the_findings(audit_db: Path) -> None:
    audit = open_audit(audit_db, AS_OF.isoformat(), "en")
    funnel = consent_funnel(audit)
    # 3 sends; M3 had no consent at all, M2 went out after the withdrawal
    assert list(funnel["stage"]) == ["sends", "with_consent_record", "not_withdrawn"]
    assert list(funnel["count"]) == [3, 2, 1]


def test_consent_funnel_needs_only_the_stored_run(audit_db: Path, tmp_path: Path) -> None:
    """The funnel counts the marketing sends assess classified and stored, not the canonical
    communications table: a database holding only imported lake results (no canonical
    tables) reports the same, and a non-marketing communication added afterwards is not a
    send (the issue #14 lake-only report failed with 'communications' missing)."""
    import shutil

    import duckdb

    copy = tmp_path / "lake_only.duckdb"
    shutil.copy(audit_db, copy)
    con = duckdb.connect(str(copy))
    con.execute("DROP TABLE communications CASCADE")
    con.close()
    funnel = consent_funnel(open_audit(copy, AS_OF.isoformat(), "en"))
    assert list(funnel["count"]) == [3, 2, 1]


def test_load_overview_has_no_raw_record(audit_db: Path) -> None:
    overview = load_overview(open_audit(audit_db, "", "en"))
    assert list(overview["rows_read"]) == [3, 3]
    assert "raw_record" not in overview.columns


def test_missing_stage_output_is_a_clean_input_error(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb", assess=False)
    with pytest.raises(InputError, match="no assessment"):
        open_audit(path, "", "en")
    audit = open_audit(path, "2026-11-28", "en")
    with pytest.raises(InputError, match="gdpr-audit assess"):
        findings_by_check(audit)


def test_scan_evidence_is_shown_apart_from_the_findings() -> None:
    """The scan's special-category count (``scan.*`` rows) is not a finding: the card's
    findings and severity counts stay the assessment's, the scan's figure its own column."""
    scan = ("scan.special_categories", "inventory", "9", "medium", 153)
    found = by_check([("access.e", "access", "9, 32", "critical", 6), scan])
    status = article_status(found, CATALOGUE).set_index("article")
    assert (status.loc["9", "findings"], status.loc["9", "critical"],
            status.loc["9", "medium"], status.loc["9", "scan_found"]) == (6, 6, 0, 153)
    assert status.loc["9", "status"] == "red" and status.loc["32", "scan_found"] == 0
    # scan evidence alone: no finding, but not green either (Art. 9(2) needs review)
    alone = article_status(by_check([scan]), CATALOGUE).set_index("article")
    assert (alone.loc["9", "findings"], alone.loc["9", "status"]) == (0, "amber")
    assert alone.loc["32", "status"] == "green"
    nothing = article_status(by_check([(*scan[:4], 0)]), CATALOGUE).set_index("article")
    assert (nothing.loc["9", "status"], nothing.loc["9", "scan_found"]) == ("green", 0)
    # the card shows the scan's figure on its own line, never as findings (EN and DE)
    from gdpr_audit.report.display import status_html

    cards = status_html(article_status(found, CATALOGUE), "de")
    art9 = cards.split('data-status="red"')[1].split('class="gdpr-card"')[0]
    assert "Besondere Kategorien im Scan gefunden: 153" in art9 and "6 Kritisch" in art9
    assert status_html(article_status(found, CATALOGUE), "en").count("gdpr-card-scan") == 1


def test_cards_count_the_findings_the_headline_counts(tmp_path: Path) -> None:
    """Issue #13: every card's "Findings" is rows of ``audit_findings`` of the checks
    citing its article, so cards of checks citing one article add up to the headline;
    the scan's Art. 9 records are a separate figure."""
    import re

    from gdpr_audit.report.actions import index_status, totals_html

    audit = open_audit(build_audit_db(tmp_path / "a.duckdb"), "", "en")
    rows = audit.con.execute("SELECT check_id, article FROM audit_findings WHERE as_of = ?",
                             [AS_OF]).fetchall()
    by = findings_by_check(audit)
    status = index_status(audit, by, check_catalogue(audit)).set_index("article")
    per_article: dict[str, int] = {}
    for _check, article in rows:
        for art in articles_of(article):
            per_article[art] = per_article.get(art, 0) + 1
    cards = {a: int(n) for a, n in status["findings"].items() if n}
    assert cards == per_article and rows
    severities = status[["critical", "high", "medium", "low"]].sum(axis=1)
    assert (severities == status["findings"]).all()
    headline = re.search(r"<b>(\d+) findings in total</b>", totals_html(audit, by))
    assert headline and int(headline.group(1)) == len(rows)
    # a finding of a check citing k articles is on k cards; else the cards sum to the headline
    overlap = sum(len(articles_of(a)) - 1 for _c, a in rows)
    assert sum(cards.values()) == int(headline.group(1)) + overlap
    # the tiny database's one HEALTH record in a free-text column: on the card, apart
    special = audit.con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT table_name, column_name, record_no "
        "FROM pii_findings WHERE category = 'special')").fetchone()[0]
    assert status.loc["9", "scan_found"] == special == 1
    assert status.loc["9", "findings"] == per_article.get("9", 0)
    assert status.drop(index="9")["scan_found"].eq(0).all()


def test_a_missing_encoding_is_left_aligned_like_its_column(tmp_path: Path) -> None:
    """Parquet and XLSX have no encoding: its "–" is text, not a right-aligned number."""
    from gdpr_audit.report.display import table_html

    overview = load_overview(audit_after(
        tmp_path, "UPDATE load_log SET encoding = NULL WHERE format = 'parquet'"))
    assert overview["encoding"].tolist() == ["utf-8", None]
    html = table_html(overview, "en")
    assert "<td>–</td>" in html and 'class="num">–' not in html
    assert '<td class="num">3</td>' in html  # the counts stay numbers
