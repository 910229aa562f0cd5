"""German SuiteCRM / Excel export whose consent headers are worded unlike the profile's
first spelling ("Newsletter-Einwilligung", "Einwilligungsdatum", "Double-Opt-In am",
"Widerrufen am"): consents are still mapped, opt-out rows are withdrawals, the
existing-customer status and SuiteCRM's lawful basis count as a legal basis.

Fixture: tests/data/vendors/suitecrm_de/ (";", Windows-1252, DD.MM.YYYY). Audit day
2025-06-30. Planted: Max's consent never confirmed (no DOI), Tim consented at 14, Finn
(born 29.02.2008) consented on 28.02.2024, the day before his 16th birthday, Ole is held
with no basis at all. Look-alikes (DE: age of digital consent 16, age on the local day of
the consent): Lena consented on her 16th birthday, Paula (born 29.02.2008) on hers,
29.02.2024, Sophie at 00:30 local on hers (still the day before in UTC); Erika's opt-out
row (a withdrawal), Jürgen is a Bestandskunde without newsletter consent, Ida's lawful
basis is legitimate interest, Karl is a Bestandskunde whose lawful basis is legitimate
interest and who never consented.
"""

from __future__ import annotations

import datetime as dt

import pytest
from vendor_fixture_audit import Audit, audit, ref

AS_OF = dt.date(2025, 6, 30)
UTC = dt.UTC


@pytest.fixture(scope="module")
def crm() -> Audit:
    return audit("suitecrm_de", AS_OF)


def test_consents_from_differently_worded_headers(crm: Audit) -> None:
    assert crm.model.unmatched == []
    assert crm.rows(
        "SELECT consent_id, legal_basis, given_at, doi_confirmed_at, withdrawn_at, proof_source, "
        "notice_version FROM consents ORDER BY consent_id"
    ) == [
        (
            "d0000002#newsletter",
            "consent",
            dt.datetime(2024, 1, 15, 9, 5, tzinfo=UTC),
            dt.datetime(2024, 1, 15, 9, 20, tzinfo=UTC),
            None,
            "web_form",
            "v3",
        ),
        (
            "d0000003#newsletter",
            "consent",
            dt.datetime(2023, 6, 1, 6, tzinfo=UTC),
            None,
            None,
            "web_form",
            "v2",
        ),
        # "Nein" with a withdrawal date: the opt-out row is a withdrawn consent
        (
            "d0000004#newsletter",
            "consent",
            dt.datetime(2022, 6, 1, 7, tzinfo=UTC),
            dt.datetime(2022, 6, 1, 7, 30, tzinfo=UTC),
            dt.datetime(2023, 12, 1, 7, tzinfo=UTC),
            "web_form",
            "v2",
        ),
        (
            "d0000005#newsletter",
            "consent",
            dt.datetime(2024, 5, 14, 15, tzinfo=UTC),
            dt.datetime(2024, 5, 14, 15, 10, tzinfo=UTC),
            None,
            "web_form",
            "v3",
        ),
        (
            "d0000006#newsletter",
            "consent",
            dt.datetime(2024, 6, 1, 13, tzinfo=UTC),
            dt.datetime(2024, 6, 1, 13, 5, tzinfo=UTC),
            None,
            "web_form",
            "v3",
        ),
        (
            "d0000008#lawful_basis",
            "legitimate_interest",
            dt.datetime(2025, 3, 9, 23, tzinfo=UTC),
            None,
            None,
            None,
            None,
        ),
        (
            "d0000009#newsletter",
            "consent",
            dt.datetime(2024, 2, 29, 9, tzinfo=UTC),
            dt.datetime(2024, 2, 29, 9, 15, tzinfo=UTC),
            None,
            "web_form",
            "v3",
        ),
        (
            "d0000010#newsletter",
            "consent",
            dt.datetime(2024, 2, 28, 17, tzinfo=UTC),
            dt.datetime(2024, 2, 28, 17, 20, tzinfo=UTC),
            None,
            "web_form",
            "v3",
        ),
        # 00:30 local on her 16th birthday is 22:30 UTC the day before
        (
            "d0000011#newsletter",
            "consent",
            dt.datetime(2025, 4, 19, 22, 30, tzinfo=UTC),
            dt.datetime(2025, 4, 19, 22, 40, tzinfo=UTC),
            None,
            "web_form",
            "v3",
        ),
        (
            "d0000012#lawful_basis",
            "legitimate_interest",
            dt.datetime(2025, 1, 1, 23, tzinfo=UTC),
            None,
            None,
            None,
            None,
        ),
    ]
    assert crm.rows("SELECT contact_id, is_customer FROM contacts ORDER BY 1")[:2] == [
        ("d0000001", True),  # Bestandskunde
        ("d0000002", False),  # Interessent
    ]
    assert crm.rows(
        "SELECT contact_id, birth_date, is_customer FROM contacts WHERE contact_id >= 'd0000009' "
        "ORDER BY 1"
    ) == [
        ("d0000009", dt.date(2008, 2, 29), False),
        ("d0000010", dt.date(2008, 2, 29), False),
        ("d0000011", dt.date(2009, 4, 20), False),
        ("d0000012", None, True),  # Bestandskunde with legitimate interest, no consent
    ]


def test_exact_findings_per_check(crm: Audit) -> None:
    assert crm.findings.pop("consent.no_double_opt_in") == {ref("d0000003#newsletter", "CS")}
    assert crm.findings.pop("consent.minor_without_parental_consent") == {
        ref("d0000006#newsletter", "CS"),
        ref("d0000010#newsletter", "CS"),
    }
    assert crm.findings.pop("consent.no_legal_basis") == {ref("d0000007")}
    assert crm.findings == {}
