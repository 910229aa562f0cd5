"""The generic mapping on exports of systems without a profile (tests/data/unprofiled/).

The fixtures were written from the vendors' documented export headers (Zoho CRM contacts
with its GDPR "Data Processing Basis", Pipedrive persons/activities/deals, Freshdesk
tickets) with planted violations listed in each truth.yaml; they were used while the
generic mapping was built (benchmarks/bench_unprofiled.py measures all of them).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.load.generic import header_fields, legal_basis_map
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_unprofiled import audit, score  # noqa: E402

DATA = ROOT / "tests" / "data" / "unprofiled"


def _built(system: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [DATA / system])
    build_model(con)
    return con


@pytest.mark.parametrize(
    ("header", "field", "how"),
    [
        ("E-Mail-Adresse", "email", "synonym"),
        ("Person - Email - Work", "email", "synonym"),
        ("Data Processing Basis", "legal_basis", "synonym"),
        ("Rechtsgrundlage der Verarbeitung", "legal_basis", "synonym"),
        ("Person - Newsletter opt-in date", "consent_given", "pattern"),
        ("DOI bestätigt am", "consent_confirmed", "synonym"),
        ("Abmeldedatum", "consent_withdrawn", "synonym"),
        ("Kundennummer", "customer_number", "synonym"),
        ("Geburtsdatum", "birth_date", "synonym"),
    ],
)
def test_headers_find_their_field(header: str, field: str, how: str) -> None:
    assert (field, how) in header_fields(header)


@pytest.mark.parametrize("header", ["Email Opt Out", "Konfession", "Deal - Value", "IBAN"])
def test_headers_that_are_no_field(header: str) -> None:
    assert all(f not in ("email", "consent_given", "legal_basis") for f, _ in
               header_fields(header))


def test_legal_basis_values() -> None:
    mapped = legal_basis_map(["Contract", "Legitimate Interests", "Consent - Obtained",
                              "Consent - Pending", "Not Applicable", "Berechtigtes Interesse"])
    assert mapped == {"contract": "contract", "legitimate_interests": "legitimate_interest",
                      "consent_obtained": "consent", "consent_pending": "",
                      "not_applicable": "", "berechtigtes_interesse": "legitimate_interest"}


def test_zoho_contacts_are_not_hubspot_and_feed_legal_bases() -> None:
    con = _built("zoho_crm")
    (profile, decision, warning), = con.execute(
        "SELECT profile, decision, warning FROM model_match").fetchall()
    assert (profile, decision) == ("generic", "generic")
    assert "hubspot" in warning and "only on generic headers" in warning
    # 77-customers case of issue #15 in small: contract basis, customer number, dated
    # consent and legitimate interest all count; only 3 contacts lack any basis.
    rows = dict(con.execute(
        "SELECT contact_id, is_customer FROM contacts").fetchall())
    assert rows["5725767000001001004"] is True  # customer number, basis 'Not Applicable'
    assert rows["5725767000001001006"] is False
    bases = con.execute(
        "SELECT contact_id, legal_basis, given_at IS NOT NULL FROM consents ORDER BY 1, 2"
    ).fetchall()
    assert ("5725767000001001012", "consent", True) in bases  # dated, basis 'Not Applicable'
    assert ("5725767000001001001", "contract", False) in bases
    assert not any(c == "5725767000001001006" for c, _, _ in bases)  # 'Consent - Pending'


def test_pipedrive_links_activities_and_maps_only_marketing_sends() -> None:
    con = _built("pipedrive")
    sends = con.execute("SELECT communication_id FROM communications ORDER BY 1").fetchall()
    # calls, meetings, sales e-mails and the newsletter not yet done are no marketing sends
    assert [s for (s,) in sends] == ["5001", "5002", "5003", "5004", "5005", "5010"]
    link = con.execute(
        "SELECT raw_column, how FROM model_columns WHERE raw_table = 'activities' "
        "AND canonical_column = 'contact_id'").fetchall()
    assert link == [("Person - ID", "link")]
    deals = con.execute("SELECT decision FROM model_match WHERE raw_table = 'deals'").fetchone()
    assert deals == ("none",)


def test_rows_filled_records_what_each_source_really_fed() -> None:
    con = _built("pipedrive")
    filled = dict(con.execute(
        "SELECT canonical_column, rows_filled FROM model_columns WHERE raw_table = 'persons' "
        "AND canonical_table = 'contacts' AND canonical_column IS NOT NULL").fetchall())
    assert filled["contact_id"] == 8 and filled["phone"] == 1
    assert "birth_date" not in filled  # no such header: not mapped at all


@pytest.mark.parametrize("system", ["zoho_crm", "pipedrive", "freshdesk"])
def test_planted_violations_found_and_nothing_else(system: str) -> None:
    truth, found = audit(DATA / system)
    for check, planted, n_found, tp, _, _ in score(truth, found):
        assert (check, tp) == (check, planted), (check, found.get(check))
        assert (check, n_found) == (check, planted), (check, found.get(check))


