"""WooCommerce exports (Customer / Order CSV Export default formats) with MailPoet's
subscriber export: detected from their own headers, customers as contracts, MailPoet's
statuses as consents and opt-outs, orders as business letters; exact findings.

Fixture: tests/data/vendors/woocommerce/, written from the extension's column headers and
MailPoet's export fields (docs/vendors.md), times in the shop's zone (Europe/Berlin).
Audit day 2025-06-30. Planted: Carla subscribed without sign-up confirmation (single
opt-in), Gert's guest order of 2016 is past its 6 years, Dora (no customer) subscribed in
2022 and unsubscribed at an unknown time: nothing newer is exported, so her record is
inactive for 24 months. Look-alikes: Ben is an existing customer who unsubscribed from
the newsletter and holds no consent (contract, no "no legal basis"), Gert ordered as a
guest (customer_id 0) without any consent, Ben's 2019 order is in the last year of its
period, Emil's sign-up is unconfirmed (no consent, no contact), Anna and Finn confirmed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from vendor_fixture_audit import SALT, Audit, audit, ref

from gdpr_audit.assess.registry import run_assessment

AS_OF = dt.date(2025, 6, 30)
UTC = dt.UTC
MAILPOET = "MailPoet_export_3f9c1a7e2b.csv"
CUSTOMERS = "customers-export-2025_06_30_10_00_00.csv"


@pytest.fixture(scope="module")
def shop() -> Audit:
    return audit("woocommerce", AS_OF)


def test_each_export_is_claimed_by_its_entity(shop: Audit) -> None:
    assert shop.model.unmatched == []
    assert shop.model.warnings == []
    assert {(s.raw_table, s.entity) for s in shop.model.sources} == {
        ("customers_export_2025_06_30_10_00_00", "customers"),
        ("orders_export_2025_06_30_10_00_00", "orders"),
        ("mailpoet_export_3f9c1a7e2b", "mailpoet_subscribers"),
        ("mailpoet_export_3f9c1a7e2b", "mailpoet_consent"),
        ("mailpoet_export_3f9c1a7e2b", "mailpoet_unsubscribed"),
        ("mailpoet_export_3f9c1a7e2b", "mailpoet_list_unsubscribed"),
    }
    assert {s.profile for s in shop.model.sources} == {"woocommerce"}
    # Emil's unconfirmed sign-up is neither a contact nor a consent
    assert shop.logged("mailpoet_subscribers") == (6, 5, 0, 1)


def test_customers_and_guests(shop: Audit) -> None:
    assert shop.rows(
        "SELECT contact_id, is_customer, created_at FROM contacts "
        "WHERE source_table LIKE 'customers%' ORDER BY 1"
    ) == [
        ("101", True, dt.datetime(2023, 2, 1, 9, 15, tzinfo=UTC)),
        ("102", True, dt.datetime(2019, 5, 3, 6, tzinfo=UTC)),
        ("103", True, dt.datetime(2024, 4, 10, 10, tzinfo=UTC)),
        # a guest is exported with customer_id 0: the export row is the id
        (f"{CUSTOMERS}#4", True, dt.datetime(2016, 8, 1, 9, 40, tzinfo=UTC)),
    ]
    # subscribers are customers when a customer has their e-mail
    assert shop.rows(
        "SELECT email, is_customer FROM contacts WHERE source_table LIKE 'mailpoet%' ORDER BY 1"
    ) == [
        ("anna.becker@example.com", True),
        ("ben.schulz@example.org", True),
        ("carla.wolf@example.net", True),
        ("dora.roth@example.com", False),
        ("finn.meyer@example.net", False),
    ]


def test_mailpoet_states_as_consents(shop: Audit) -> None:
    assert shop.rows(
        "SELECT consent_id, contact_id, legal_basis, given_at, doi_confirmed_at, opted_out "
        "FROM consents ORDER BY consent_id"
    ) == [
        # confirmed sign-up, keyed to the customer with that e-mail
        (
            f"{MAILPOET}#1#newsletter",
            "101",
            "consent",
            dt.datetime(2024, 3, 1, 9, tzinfo=UTC),
            dt.datetime(2024, 3, 1, 9, 4, 10, tzinfo=UTC),
            None,
        ),
        # subscribed without confirmation: single opt-in
        (
            f"{MAILPOET}#2#newsletter",
            "103",
            "consent",
            dt.datetime(2024, 4, 10, 12, 5, tzinfo=UTC),
            None,
            None,
        ),
        # unsubscribed: an opt-out row without a date (MailPoet exports none)
        (f"{MAILPOET}#3#unsubscribed", f"{MAILPOET}#3", None, None, None, True),
        (
            f"{MAILPOET}#5#newsletter",
            f"{MAILPOET}#5",
            "consent",
            dt.datetime(2025, 1, 15, 8, tzinfo=UTC),
            dt.datetime(2025, 1, 15, 8, 2, tzinfo=UTC),
            None,
        ),
        # unsubscribed from the list while still a MailPoet subscriber
        (f"{MAILPOET}#6#unsubscribed", "102", None, None, None, True),
    ]


def test_orders_are_business_letters(shop: Audit) -> None:
    assert shop.rows(
        "SELECT record_id, record_type, contact_id, created_at FROM business_records ORDER BY 1"
    ) == [
        # a guest's order (customer_id 0) names no customer record
        ("1207", "business_letter", None, dt.datetime(2016, 8, 1, 9, 40, tzinfo=UTC)),
        ("3120", "business_letter", "102", dt.datetime(2019, 5, 3, 8, 10, tzinfo=UTC)),
        ("4711", "business_letter", "101", dt.datetime(2024, 3, 2, 10, tzinfo=UTC)),
        ("4802", "business_letter", "103", dt.datetime(2024, 4, 10, 12, 2, tzinfo=UTC)),
    ]


def test_exact_findings_per_check(shop: Audit) -> None:
    assert shop.findings.pop("consent.no_double_opt_in") == {ref(f"{MAILPOET}#2#newsletter", "CS")}
    assert shop.findings.pop("retention.past_period") == {ref("1207", "BR")}
    assert shop.findings.pop("retention.inactive_contact") == {ref(f"{MAILPOET}#3")}
    # customers without consent (Ben, the guest Gert) hold a contract: no "no legal basis"
    assert shop.findings == {}


def test_what_the_exports_cannot_tell_is_not_a_finding(shop: Audit) -> None:
    rows = run_assessment(shop.con, AS_OF, salt=SALT, store=False).assessability
    proof = rows[
        (rows["check_id"] == "consent.missing_proof")
        & (rows["source"] == "mailpoet_export_3f9c1a7e2b")
    ]
    # MailPoet keeps time and IP of sign-up and confirmation; the IPs are not copied
    assert list(proof["status"]) == ["partial"]
    assert set(proof["missing"].iloc[0]) == {"consents.proof_source", "consents.notice_version"}
