"""OroCRM contact export: claimed by the orocrm profile on Oro's own headers only.

Fixture: tests/data/vendors/orocrm/, the header row of Oro's documented contact template
plus the export's Created At / Updated At / Owner Username (docs/vendors.md), Birthday
as MM-DD-YYYY. Trap: newsletter_signups.csv has only "Id, First name, Last name, Email",
headers any CRM exports: the generic mapping reads it, not the OroCRM profile.
Oro contacts carry no consent or customer status: the consent and retention checks that
need them are "not assessable" for this source instead of reporting every contact.
"""

from __future__ import annotations

import datetime as dt

import pytest
from vendor_fixture_audit import SALT, Audit, audit

from gdpr_audit.assess.registry import run_assessment

AS_OF = dt.date(2025, 6, 30)
UTC = dt.UTC


@pytest.fixture(scope="module")
def oro() -> Audit:
    return audit("orocrm", AS_OF)


def test_claimed_on_oro_headers_only(oro: Audit) -> None:
    claims = {
        raw: (decision, profile)
        for raw, decision, profile in oro.rows(
            "SELECT raw_table, decision, profile FROM model_match"
        )
    }
    assert claims == {
        "contacts_export": ("profile", "orocrm"),
        "newsletter_signups": ("generic", "generic"),
    }
    specific = oro.rows(
        "SELECT specific_headers FROM model_match WHERE raw_table = 'contacts_export'"
    )[0][0]
    assert "emails1email" in specific and "firstname" not in specific


def test_contacts_from_the_documented_template(oro: Audit) -> None:
    assert oro.rows(
        "SELECT contact_id, email, phone, postcode, country, birth_date, company, created_at, "
        "last_activity_at FROM contacts WHERE source_table = 'contacts_export' ORDER BY 1"
    ) == [
        (
            "201",
            "hanna.kraft@example.com",
            "+49 30 5550201",
            "10115",
            "DE",
            dt.date(1987, 5, 14),
            "Kraft Bau GmbH",
            dt.datetime(2023, 2, 1, 10, 15, tzinfo=UTC),
            dt.datetime(2025, 3, 10, 8, tzinfo=UTC),
        ),
        (
            "202",
            "jonas.albrecht@example.org",
            None,
            "20095",
            "DE",
            None,
            None,
            dt.datetime(2021, 4, 1, 9, tzinfo=UTC),
            dt.datetime(2021, 4, 2, 9, tzinfo=UTC),
        ),
    ]
    assert oro.rows("SELECT note_id FROM notes") == [("202#Description",)]


def test_no_findings_without_evidence(oro: Audit) -> None:
    assert oro.findings == {}
    result = run_assessment(oro.con, AS_OF, salt=SALT, store=False)
    rows = result.assessability
    status = {
        (check, source): state
        for check, source, state in zip(
            rows["check_id"], rows["source"], rows["status"], strict=True
        )
    }
    assert status["consent.no_legal_basis", "contacts_export"] == "not_assessable"
    assert status["retention.inactive_contact", "contacts_export"] == "not_assessable"
