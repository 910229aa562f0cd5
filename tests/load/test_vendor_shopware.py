"""Shopware 6 exports (default customer, newsletter-recipient and order profiles): detected
from Shopware's own headers, newsletter states as Shopware records them, exact findings.

Fixture: tests/data/vendors/shopware/, written from the columns of Shopware's default
import/export profiles (docs/vendors.md), ";"-separated. Audit day 2025-06-30.
Planted: Carla subscribed with double opt-in switched off ("direct"), Tim (born
2010-03-01) subscribed at 14, Jonas (born 2009-06-10) subscribed at 23:30 local on
2025-06-09 (21:30 UTC), the evening before his 16th birthday, Gert's guest order of 2016
is past its 6 years.
Look-alikes: Lena subscribed on her 16th birthday, Mia (born 2009-06-10) at 00:30 local on
hers (22:30 UTC the day before; DE: age of digital consent 16, the age on the local day
counts), Dora's "optOut" row (a withdrawal),
Emil's unconfirmed sign-up ("notSet": no consent, no contact), Ben is a customer without
newsletter (contract), Ben's 2019 order is in the last year of its period, and every
order's confirmation mail is transactional, not marketing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from vendor_fixture_audit import Audit, audit, ref

AS_OF = dt.date(2025, 6, 30)
UTC = dt.UTC
CUSTOMER = "0190a1b2c3d4e5f60718293a4b5c6d0"  # + 1..8
RECIPIENT = "0191f0e1d2c3b4a5968778695a4b3c0"  # + 1..8


@pytest.fixture(scope="module")
def shop() -> Audit:
    return audit("shopware", AS_OF)


def test_each_export_is_claimed_by_its_entity(shop: Audit) -> None:
    assert shop.model.unmatched == []
    assert {(s.raw_table, s.entity) for s in shop.model.sources} == {
        ("customer_export", "customers"),
        ("newsletter_recipient_export", "newsletter_recipients"),
        ("newsletter_recipient_export", "newsletter_consent"),
        ("newsletter_recipient_export", "newsletter_opt_out"),
        ("order_export", "orders"),
        ("order_export", "order_confirmation"),
    }
    assert {s.profile for s in shop.model.sources} == {"shopware"}
    # notSet (sign-up not confirmed) is neither a contact nor a consent
    assert shop.logged("newsletter_recipients") == (8, 7, 0, 1)


def test_newsletter_states_as_shopware_records_them(shop: Audit) -> None:
    rows = shop.rows(
        "SELECT consent_id, contact_id, given_at, doi_confirmed_at, withdrawn_at, opted_out "
        "FROM consents ORDER BY consent_id"
    )
    assert rows == [
        # optIn: confirmed by double opt-in; linked to the customer with that e-mail
        (
            f"{RECIPIENT}1#newsletter",
            f"{CUSTOMER}1",
            dt.datetime(2024, 3, 1, 9, tzinfo=UTC),
            dt.datetime(2024, 3, 1, 9, 4, 10, tzinfo=UTC),
            None,
            None,
        ),
        # direct: single opt-in, no confirmation
        (
            f"{RECIPIENT}2#newsletter",
            f"{CUSTOMER}3",
            dt.datetime(2024, 4, 10, 12, 5, tzinfo=UTC),
            None,
            None,
            None,
        ),
        (
            f"{RECIPIENT}3#newsletter",
            f"{CUSTOMER}4",
            dt.datetime(2024, 5, 14, 8, tzinfo=UTC),
            dt.datetime(2024, 5, 14, 8, 6, tzinfo=UTC),
            None,
            None,
        ),
        (
            f"{RECIPIENT}4#newsletter",
            f"{CUSTOMER}5",
            dt.datetime(2024, 6, 1, 15, 2, tzinfo=UTC),
            dt.datetime(2024, 6, 1, 15, 10, tzinfo=UTC),
            None,
            None,
        ),
        # optOut of a subscriber who is no customer: keyed by the recipient, a withdrawal
        (
            f"{RECIPIENT}5#newsletter",
            f"{RECIPIENT}5",
            dt.datetime(2022, 1, 10, 18, 3, tzinfo=UTC),
            dt.datetime(2022, 1, 10, 18, 3, tzinfo=UTC),
            dt.datetime(2024, 11, 2, 7, 45, tzinfo=UTC),
            True,
        ),
        # 00:30 local on Mia's 16th birthday (2025-06-10) / 23:30 local the evening before
        # Jonas' (both born 2009-06-10)
        (
            f"{RECIPIENT}7#newsletter",
            f"{CUSTOMER}7",
            dt.datetime(2025, 6, 9, 22, 30, tzinfo=UTC),
            dt.datetime(2025, 6, 9, 22, 35, tzinfo=UTC),
            None,
            None,
        ),
        (
            f"{RECIPIENT}8#newsletter",
            f"{CUSTOMER}8",
            dt.datetime(2025, 6, 9, 21, 30, tzinfo=UTC),
            dt.datetime(2025, 6, 9, 21, 35, tzinfo=UTC),
            None,
            None,
        ),
    ]
    # customers (guests too) hold a contract; subscribers are customers when one has their e-mail
    assert shop.rows(
        "SELECT count(*) FILTER (is_customer), count(*) FILTER (NOT is_customer) FROM contacts"
    ) == [(14, 1)]


def test_orders_are_business_letters_and_their_confirmations_transactional(shop: Audit) -> None:
    assert shop.rows(
        "SELECT record_id, record_type, contact_id, created_at::DATE FROM business_records "
        "ORDER BY 1"
    ) == [
        ("10001", "business_letter", f"{CUSTOMER}1", dt.date(2024, 3, 2)),
        ("10002", "business_letter", f"{CUSTOMER}2", dt.date(2019, 5, 3)),
        ("10003", "business_letter", f"{CUSTOMER}6", dt.date(2016, 8, 1)),
        ("10004", "business_letter", f"{CUSTOMER}3", dt.date(2024, 4, 10)),
    ]
    assert shop.rows("SELECT DISTINCT direction, kind, purpose FROM communications") == [
        ("outbound", "Order confirmation", None)
    ]


def test_exact_findings_per_check(shop: Audit) -> None:
    assert shop.findings.pop("consent.no_double_opt_in") == {ref(f"{RECIPIENT}2#newsletter", "CS")}
    assert shop.findings.pop("consent.minor_without_parental_consent") == {
        ref(f"{RECIPIENT}4#newsletter", "CS"),
        ref(f"{RECIPIENT}8#newsletter", "CS"),
    }
    assert shop.findings.pop("retention.past_period") == {ref("10003", "BR")}
    # Shopware keeps no version of the sign-up text: notice_version is missing for the
    # whole source (one assessability row), not a finding per consent.
    assert shop.findings == {}
