"""Brevo contacts export (German account: VORNAME / NACHNAME): detected from Brevo's own
attribute names, double opt-in and blocklisting as Brevo records them, exact findings.

Fixture: tests/data/vendors/brevo/, written from Brevo's documented export attributes
(docs/vendors.md), ";"-separated, times in the account's zone (Europe/Berlin).
Audit day 2025-06-30. Planted: Ben was imported (no DOUBLE_OPT-IN, no OPT_IN: single
opt-in without proof). Emil unsubscribed in 2021 and is still held, but Brevo records
no customer status, so retention.inactive_contact is "not assessable" for this source
rather than a finding. Look-alikes: Dora is blocklisted (a withdrawal, not a violation),
Emil has no EXT_ID (the export row is his id), Anna and Finn confirmed by double opt-in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from vendor_fixture_audit import SALT, Audit, audit, ref

from gdpr_audit.assess.registry import run_assessment

AS_OF = dt.date(2025, 6, 30)
UTC = dt.UTC
FILE = "contacts_export_2025-06-30.csv"


@pytest.fixture(scope="module")
def brevo() -> Audit:
    return audit("brevo", AS_OF)


def test_brevo_states_as_consents(brevo: Audit) -> None:
    assert brevo.model.unmatched == []
    assert {s.profile for s in brevo.model.sources} == {"brevo"}
    assert brevo.rows(
        "SELECT consent_id, contact_id, given_at, doi_confirmed_at, withdrawn_at, proof_source, "
        "opted_out FROM consents ORDER BY consent_id"
    ) == [
        # DOUBLE_OPT-IN = Yes: Brevo added the contact on the confirmation click
        (
            f"{FILE}#1#newsletter",
            "K-1001",
            dt.datetime(2024, 3, 1, 9, tzinfo=UTC),
            dt.datetime(2024, 3, 1, 9, tzinfo=UTC),
            None,
            "web_form",
            None,
        ),
        # imported: single opt-in, no OPT_IN box, no proof
        (
            f"{FILE}#2#newsletter",
            "K-1002",
            dt.datetime(2024, 5, 10, 14, 30, tzinfo=UTC),
            None,
            None,
            None,
            None,
        ),
        (
            f"{FILE}#3#newsletter",
            "K-1003",
            dt.datetime(2023, 1, 20, 18, tzinfo=UTC),
            dt.datetime(2023, 1, 20, 18, tzinfo=UTC),
            None,
            "web_form",
            None,
        ),
        # blocklisted: an opt-out row at the last change
        (
            f"{FILE}#3#unsubscribed",
            "K-1003",
            dt.datetime(2024, 11, 2, 7, 45, tzinfo=UTC),
            None,
            dt.datetime(2024, 11, 2, 7, 45, tzinfo=UTC),
            None,
            True,
        ),
        (
            f"{FILE}#4#newsletter",
            f"{FILE}#4",
            dt.datetime(2020, 2, 2, 10, tzinfo=UTC),
            dt.datetime(2020, 2, 2, 10, tzinfo=UTC),
            None,
            "web_form",
            None,
        ),
        (
            f"{FILE}#4#unsubscribed",
            f"{FILE}#4",
            dt.datetime(2021, 6, 1, 12, tzinfo=UTC),
            None,
            dt.datetime(2021, 6, 1, 12, tzinfo=UTC),
            None,
            True,
        ),
        (
            f"{FILE}#5#newsletter",
            "K-1005",
            dt.datetime(2025, 1, 15, 8, tzinfo=UTC),
            dt.datetime(2025, 1, 15, 8, tzinfo=UTC),
            None,
            "web_form",
            None,
        ),
    ]
    assert brevo.logged("double_opt_in") == (5, 4, 0, 1)
    assert brevo.logged("single_opt_in") == (5, 1, 0, 4)
    assert brevo.logged("blocklisted") == (5, 2, 0, 3)


def test_exact_findings_per_check(brevo: Audit) -> None:
    ben = ref(f"{FILE}#2#newsletter", "CS")
    assert brevo.findings.pop("consent.no_double_opt_in") == {ben}
    assert brevo.findings.pop("consent.missing_proof") == {ben}
    assert brevo.details["consent.missing_proof", ben].endswith("lacks proof_source")
    assert brevo.findings == {}  # withdrawals are no violations


def test_what_brevo_cannot_tell_is_not_assessable(brevo: Audit) -> None:
    result = run_assessment(brevo.con, AS_OF, salt=SALT, store=False)
    rows = result.assessability
    status = {
        check: (state, tuple(missing))
        for check, state, missing in zip(
            rows["check_id"], rows["status"], rows["missing"], strict=True
        )
    }
    # no customer status in a newsletter tool: Emil's 2021 record is not judged here
    assert status["retention.inactive_contact"] == (
        "not_assessable",
        ("contacts.is_customer|customer_number",),
    )
    # no version of the sign-up text: one row for the source, not a finding per consent
    assert status["consent.missing_proof"] == ("partial", ("consents.notice_version",))
