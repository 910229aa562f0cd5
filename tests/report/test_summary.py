"""Traffic lights, top risks and the report's SQL on the tiny audit database."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gdpr_audit.core.db import connect
from gdpr_audit.core.errors import InputError
from gdpr_audit.report import open_audit
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


def test_catalogue_marks_areas_without_records(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb")
    con = connect(path)
    con.execute("DELETE FROM breaches")
    con.close()
    catalogue = check_catalogue(open_audit(path, "", "en"))
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
