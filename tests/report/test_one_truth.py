"""One source of truth (issue #13): pages read what assess stored for one run, refuse
stale results, print dates as the input had them, and give the DPO something to act on."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from gdpr_audit.assess.charts import config_digest, store_run
from gdpr_audit.assess.registry import all_checks, run_assessment
from gdpr_audit.core.db import audit_salt, connect
from gdpr_audit.core.errors import InputError
from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.parse import timestamp_sql
from gdpr_audit.report import open_audit
from gdpr_audit.report.actions import (
    check_states,
    index_status,
    remediation,
    remediation_markdown,
    write_findings_csv,
)
from gdpr_audit.report.build import resolve_as_of
from gdpr_audit.report.i18n import cite
from gdpr_audit.report.resolve import resolve_refs
from gdpr_audit.report.results import area_result
from gdpr_audit.report.summary import check_catalogue, findings_by_check, findings_examples

from .conftest import AS_OF, build_audit_db

ROOT = Path(__file__).resolve().parents[2]


def test_notebooks_never_run_a_check() -> None:
    for script in (ROOT / "notebooks" / "py").glob("*.py"):
        text = script.read_text("utf-8")
        assert not re.search(r"\.run\(|from gdpr_audit\.assess import", text), script.name


def test_area_result_is_what_assess_stored(audit_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("assess:\n  retention:\n    inactive_months: 1\n", "utf-8")
    for config in ("", str(other)):  # a config given to the page changes nothing
        audit = open_audit(audit_db, "", "en", config)
        stored = audit.con.execute(
            "SELECT check_id, record_ref FROM audit_findings WHERE area = 'retention' "
            "ORDER BY ALL").fetchall()
        result = area_result(audit, "retention")
        assert sorted(zip(result.findings["check_id"], result.findings["record_ref"],
                          strict=True)) == stored
        assert {"ageing", "held", "policies"} <= set(result.tables)
        assert audit.run is not None and audit.run["as_of"] == AS_OF


def test_stale_results_are_refused(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb")
    day, run = resolve_as_of(path, None)
    assert day == AS_OF and run["config_digest"] == config_digest(None)
    other = tmp_path / "other.yaml"
    other.write_text("assess:\n  retention:\n    inactive_months: 1\n", "utf-8")
    same = tmp_path / "same.yaml"
    same.write_text("assess:\n  retention: {}\n", "utf-8")
    assert resolve_as_of(path, None, same)[0] == AS_OF  # same settings, same digest
    with pytest.raises(InputError, match=r"stale: the config differs.*gdpr-audit assess"):
        resolve_as_of(path, None, other)
    with pytest.raises(InputError, match="no stored audit run for 2026-01-01"):
        resolve_as_of(path, dt.date(2026, 1, 1))
    con = connect(path)
    con.execute("INSERT INTO main.load_state VALUES (2, 2, 'demo', 'Europe/Berlin', now())")
    con.close()
    with pytest.raises(InputError, match="stale: the data changed after the assessment"):
        resolve_as_of(path, None)


GERMAN_DAYS = ["10.01.2023", "29.02.2020", "01.07.2021"]


def test_german_date_only_values_print_as_written(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb", assess=False)
    con = connect(path)
    # date-only German text read by the loader's parser: midnight Berlin (23:00 / 22:00 UTC)
    con.execute("DELETE FROM consents")
    for n, day in enumerate(GERMAN_DAYS):
        con.execute(
            f"INSERT INTO consents (consent_id, contact_id, purpose, channel, legal_basis, "
            f"given_at, source_table, source_row) SELECT ?, 'C1', 'newsletter', 'email', "
            f"'consent', {timestamp_sql('d', 'Europe/Berlin')}, 'crm__consents', ? "
            f"FROM (SELECT ? AS d)", [f"K{n}", n + 1, day])
    store_run(con, run_assessment(con, AS_OF, None), None, path)
    con.close()
    for lang, shown in (("de", GERMAN_DAYS),
                        ("en", ["2023-01-10", "2020-02-29", "2021-07-01"])):
        audit = open_audit(path, "", lang)
        examples = findings_examples(area_result(audit, "consent"), lang=lang)
        details = " ".join(examples.loc[examples["check_id"] == "consent.no_double_opt_in",
                                        "detail"])
        printed = re.findall(r"\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2}", details)
        assert sorted(printed) == sorted(shown), lang
        audit.con.close()


@pytest.mark.parametrize(("article", "en", "de"), [
    ("7(3)", "Art. 7(3) GDPR", "Art. 7 Abs. 3 DSGVO"),
    ("6(1)(a)", "Art. 6(1)(a) GDPR", "Art. 6 Abs. 1 lit. a DSGVO"),
    ("9, 32", "Art. 9, Art. 32 GDPR", "Art. 9, Art. 32 DSGVO"),
    ("no article", "no article", "no article"),
])
def test_citations(article: str, en: str, de: str) -> None:
    assert cite(article, "en") == en and cite(article, "de") == de


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_check_says_what_it_means_and_what_to_do(lang: str) -> None:
    texts = remediation(lang)
    assert set(texts) == {c.check_id for c in all_checks()}
    assert all(v["means"].strip() and v["do"].strip() for v in texts.values())


def test_docs_carry_the_remediation_texts() -> None:
    assert remediation_markdown() in (ROOT / "docs" / "checks.md").read_text("utf-8")


def test_every_finding_is_in_a_csv(audit_db: Path, tmp_path: Path) -> None:
    counts = write_findings_csv(audit_db, AS_OF, tmp_path, "de")
    con = connect(audit_db, read_only=True)
    stored = dict(con.execute("SELECT check_id, count(*) FROM audit_findings "
                              "WHERE as_of = ? GROUP BY 1", [AS_OF]).fetchall())
    con.close()
    assert counts == stored and counts
    for check_id, n in counts.items():
        with open(tmp_path / "findings" / f"{check_id}.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == n and all("DSGVO" in r["article"] for r in rows)


def test_area_without_data_is_not_checked_anywhere(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb", assess=False)
    con = connect(path)
    con.execute("DELETE FROM breaches")
    store_run(con, run_assessment(con, AS_OF, None), None, path)
    con.close()
    audit = open_audit(path, "", "en")
    states = check_states(area_result(audit, "breaches"), audit)
    assert not states["checked"].any() and (states["note"] != "").all()
    status = index_status(audit, findings_by_check(audit), check_catalogue(audit))
    cards = dict(zip(status["article"], status["status"], strict=True))
    assert cards["33"] == "grey" and cards["34"] == "grey"
    # the scan found HEALTH data: Art. 9 is not "not checked"
    assert cards["9"] != "grey"


def test_change_since_the_previous_audit(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb")
    con = connect(path)
    later = AS_OF + dt.timedelta(days=30)
    store_run(con, run_assessment(con, later, None, salt="test-salt"), None, path)
    con.close()
    audit = open_audit(path, later.isoformat(), "en")
    from gdpr_audit.report.actions import findings_change

    change = findings_change(audit)
    before = audit.con.execute("SELECT count(DISTINCT (check_id, record_ref)) FROM "
                               "audit_findings WHERE as_of = ?", [AS_OF]).fetchone()[0]
    assert (change["previous"] == pd.Timestamp(AS_OF)).all()
    assert int(change["resolved"].sum() + change["still_open"].sum()) == before


def test_resolve_turns_references_back_into_records(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb", assess=False)
    con = connect(path)
    run_assessment(con, AS_OF, None)  # the database's own salt
    refs = [r for (r,) in con.execute(
        "SELECT DISTINCT record_ref FROM audit_findings WHERE record_ref LIKE 'S-%' "
        "OR record_ref LIKE 'CS-%' OR record_ref LIKE 'M-%'").fetchall()]
    assert refs
    found = resolve_refs(con, [*refs, "S-000000000000", "BR-1"])
    con.close()
    assert found.missing == ["S-000000000000"]
    ids = dict(zip(found.records["ref"], found.records["record_id"], strict=True))
    assert ids["BR-1"] == "BR-1"
    assert set(ids.values()) <= {"C1", "C2", "K1", "K2", "M1", "M2", "M3", "BR-1"}
    assert set(refs) <= set(ids)


def test_resolve_a_person_known_in_two_systems_gives_both_records() -> None:
    """consent.no_legal_basis keys a person with several records to subjects.subject_key:
    its S- reference resolves to every record of the person, not to nothing, and never to
    another system's record with the same id."""
    con = duckdb.connect()
    con.execute("CREATE TABLE contacts (contact_id VARCHAR, source_table VARCHAR, "
                "source_row BIGINT)")
    con.execute("INSERT INTO contacts VALUES ('306', 'hubspot__contacts', 4), "
                "('306', 'orocrm__contact', 9), ('a1', 'mailchimp__members', 2)")
    con.execute("CREATE TABLE subjects (subject_key VARCHAR, system VARCHAR, "
                "contact_id VARCHAR, source_table VARCHAR, linked_by VARCHAR, records BIGINT)")
    con.execute("INSERT INTO subjects VALUES "
                "('hubspot:306', 'hubspot', '306', 'hubspot__contacts', 'email', 2), "
                "('hubspot:306', 'mailchimp', 'a1', 'mailchimp__members', 'email', 2), "
                "('orocrm:306', 'orocrm', '306', 'orocrm__contact', NULL, 1)")
    salt = audit_salt(con)
    ref = pseudonym("hubspot:306", salt)
    found = resolve_refs(con, [ref])
    assert found.missing == []
    got = sorted(zip(found.records["record_id"], found.records["source_table"],
                     found.records["source_row"], strict=True))
    assert got == [("306", "hubspot__contacts", 4), ("a1", "mailchimp__members", 2)]
