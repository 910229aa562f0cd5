"""Running the suites: the right expectations fail, results hold no values, nothing phones home."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from gdpr_audit.check.html import render_html, write_results
from gdpr_audit.check.results import CheckRun
from gdpr_audit.check.runner import default_suites_dir, run_checks
from gdpr_audit.check.suites import load_suite, load_suites
from gdpr_audit.core.db import connect
from gdpr_audit.core.errors import ConfigError, InputError

from .conftest import AS_OF

#: One planted record per rule in the violating fixture (see conftest.build_db).
EXPECTED_FAILURES = {
    "consent.send_has_consent",
    "consent.send_not_after_withdrawal",
    "consent.send_subject_exists",
    "consent_proof.consent_has_proof_source",
    "consent_proof.consent_subject_exists",
    "contacts.email_well_formed",
    "contacts.country_iso2",
    "contacts.birth_date_plausible",
    "contacts.created_at_present",
    "no_personal_data.campaign_holds_no_personal_data",
    "requests.request_answered_in_time",
    "requests.request_not_overdue",
    "requests.request_has_received_date",
    "retention.record_within_period_or_held",
    "retention.record_type_has_policy",
    "retention.record_has_created_date",
    "special_categories.special_category_column_allowed",
}
#: Cell values of the violating fixture that must never reach a result.
RAW_VALUES = [
    "anna.berg@example.de",
    "ben.kurz@example.com",
    "not-an-address",
    "Germany",
    "2031-01-01",
    "+49 170 1234567",
    "1234567",
    "call back",
]


def _run(db: Path) -> CheckRun:
    con = connect(db, read_only=True)
    try:
        return run_checks(con, load_suites(default_suites_dir()), AS_OF, "salt", database=db.name)
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean_run(compliant_db: Path) -> CheckRun:
    return _run(compliant_db)


@pytest.fixture(scope="module")
def dirty_run(violating_db: Path) -> CheckRun:
    return _run(violating_db)


def test_compliant_database_passes_every_expectation(clean_run: CheckRun) -> None:
    failing = [f"{e.suite}.{e.name}" for e in clean_run.expectations if e.status != "passed"]
    assert failing == []
    assert clean_run.success


def test_exactly_the_planted_violations_fail(dirty_run: CheckRun) -> None:
    failing = {f"{e.suite}.{e.name}" for e in dirty_run.expectations if e.status != "passed"}
    assert failing == EXPECTED_FAILURES
    assert not dirty_run.success
    for e in dirty_run.expectations:
        if e.status == "failed":
            assert e.unexpected_count == 1, e.name
            assert e.error is None


def test_results_hold_no_cell_values(dirty_run: CheckRun, tmp_path: Path) -> None:
    html_path, json_path = write_results(dirty_run, tmp_path)
    for text in (html_path.read_text("utf-8"), json_path.read_text("utf-8")):
        for value in RAW_VALUES:
            assert value not in text
    data = json.loads(json_path.read_text("utf-8"))
    keys = {k for s in data["suites"] for e in s["expectations"] for k in e}
    assert "partial_unexpected_list" not in keys and "observed_value" not in keys


def test_html_is_offline(dirty_run: CheckRun) -> None:
    page = render_html(dirty_run)
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "record_within_period_or_held" in page and "FAIL" in page


def test_expectation_that_cannot_be_evaluated_is_an_error_without_its_message(
    compliant_db: Path, tmp_path: Path
) -> None:
    # between on a TIMESTAMPTZ column with a date bound: pandas raises TypeError
    suite = {
        "name": "broken",
        "meta": {"gdpr_audit": {"table": "contacts"}},
        "expectations": [
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "created_at", "max_value": {"$PARAMETER": "as_of"}},
                "meta": {"name": "created_in_past", "article": "5"},
            }
        ],
    }
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(suite), "utf-8")
    con = connect(compliant_db, read_only=True)
    run = run_checks(con, [load_suite(path)], AS_OF, "salt")
    (outcome,) = run.expectations
    assert outcome.status == "error" and not run.success
    assert outcome.error == "could not be evaluated (MetricResolutionError)"


def test_missing_table_names_the_command_that_makes_it(db_path: Path) -> None:
    from gdpr_audit.core.db import sql_text

    con = connect(db_path)
    con.execute(sql_text("model", "canonical"))
    with pytest.raises(InputError, match="gdpr-audit scan"):
        run_checks(con, load_suites(default_suites_dir(), ["special_categories"]), AS_OF, "s")


def test_column_missing_from_table_is_a_config_error(compliant_db: Path, tmp_path: Path) -> None:
    suite = {
        "name": "typo",
        "meta": {"gdpr_audit": {"table": "contacts"}},
        "expectations": [
            {
                "type": "expect_column_values_to_not_be_null",
                "kwargs": {"column": "e_mail"},
                "meta": {"name": "mail", "article": "5"},
            }
        ],
    }
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(suite), "utf-8")
    con = connect(compliant_db, read_only=True)
    with pytest.raises(ConfigError, match="e_mail not in main.contacts"):
        run_checks(con, [load_suite(path)], AS_OF, "salt")


def test_no_network_and_no_gx_folder(
    compliant_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(self, address):  # noqa: ANN001
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.chdir(tmp_path)
    run = _run(compliant_db)
    assert run.success
    assert attempts == []
    assert not (tmp_path / "gx").exists() and not (tmp_path / "great_expectations").exists()
