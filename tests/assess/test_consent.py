"""Consent checks (Art. 6, 7, 8) on hand-made fixtures: violating, compliant and traps."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from gdpr_audit.assess import consent
from gdpr_audit.assess.base import AssessContext

from .conftest import AS_OF, SALT, add, ref, refs, ts

FULL = {"legal_basis": "consent", "proof_source": "web_form", "notice_version": "v3",
        "doi_confirmed_at": ts("2024-01-02T00:00")}


def test_sends_without_consent_and_after_withdrawal(con, ctx: AssessContext) -> None:
    add(con, "contacts", [{"contact_id": c, "is_customer": True} for c in ("C1", "C2", "C3", "C4")]
        + [{"contact_id": "C5", "is_customer": False}])
    add(con, "consents", [
        {**FULL, "consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2024-01-01T10:00")},
        {**FULL, "consent_id": "K2", "contact_id": "C2", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2023-01-01T10:00"),
         "withdrawn_at": ts("2024-05-01T10:00")},
        {**FULL, "consent_id": "K3", "contact_id": "C3", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2023-01-01T10:00"),
         "legal_basis": "legitimate_interest"},
        # C5: a legitimate interest recorded for a prospect (no customer): covers nothing.
        {**FULL, "consent_id": "K6", "contact_id": "C5", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2023-01-01T10:00"),
         "legal_basis": "legitimate_interest"},
        # C4: withdrawn, then given again: the later consent covers the send.
        {**FULL, "consent_id": "K4", "contact_id": "C4", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2022-01-01T10:00"),
         "withdrawn_at": ts("2023-01-01T10:00")},
        {**FULL, "consent_id": "K5", "contact_id": "C4", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2023-06-01T10:00")},
    ])
    sends = [  # (id, contact, purpose, channel, sent_at, expected)
        ("M1", "C1", "newsletter", "email", "2024-06-01T08:00", None),
        ("M2", "C1", "newsletter", "email", "2023-12-31T08:00", "without"),
        ("M3", "C1", "newsletter", "sms", "2024-06-01T08:00", "without"),
        ("M4", "C2", "newsletter", "email", "2024-06-01T08:00", "after"),
        ("M5", "C2", "newsletter", "email", "2024-05-01T10:00", "after"),  # at withdrawal
        ("M6", "C1", "newsletter", "email", "2024-01-01T10:00", None),  # at given_at
        # an existing customer's recorded legitimate interest (§7(3) UWG, recital 47)
        ("M7", "C3", "newsletter", "email", "2024-06-01T08:00", None),
        ("M11", "C5", "newsletter", "email", "2024-06-01T08:00", "without"),  # a prospect
        ("M8", "C4", "newsletter", "email", "2024-06-01T08:00", None),
        ("M9", "C1", "product_updates", "email", "2024-06-01T08:00", "without"),
        ("M10", "C2", "newsletter", "email", "2024-04-30T10:00", None),  # before withdrawal
    ]
    add(con, "communications", [
        {"communication_id": i, "contact_id": c, "purpose": p, "channel": ch, "sent_at": ts(t)}
        for i, c, p, ch, t, _ in sends
    ])
    result = consent.run_area(ctx)
    found = {cid: set(g["record_ref"]) for cid, g in result.findings.groupby("check_id")}
    expect_without = {ref(i, "M") for i, *_, e in sends if e == "without"}
    expect_after = {ref(i, "M") for i, *_, e in sends if e == "after"}
    assert found.get("consent.send_without_consent", set()) == expect_without
    assert found.get("consent.send_after_withdrawal", set()) == expect_after
    by_month = result.tables["coverage_by_month"].set_index("month")
    june = by_month.loc[pd.Timestamp("2024-06-01")]
    # M1, M3, M4, M7-M9, M11; M1, M7 (legitimate interest of a customer), M8 covered
    assert (june["sends"], june["covered"]) == (7, 3)
    # Details carry pseudonyms and dates only, never raw ids.
    assert not result.findings["detail"].str.contains("C1|C2|M4").any()


@pytest.mark.parametrize(
    ("row", "flagged"),
    [
        ({"given_at": None}, True),
        ({"proof_source": ""}, True),
        ({"proof_source": "   "}, True),
        ({"notice_version": None}, True),
        ({}, False),
        ({"legal_basis": "legitimate_interest", "proof_source": None}, False),
        ({"legal_basis": "contract", "given_at": None}, False),
    ],
)
def test_missing_proof(con, ctx: AssessContext, row: dict, flagged: bool) -> None:
    add(con, "consents", [{**FULL, "consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
                           "channel": "post", "given_at": ts("2024-01-01T00:00"), **row}])
    assert (refs(consent.missing_proof(ctx)) == {ref("K1", "CS")}) is flagged


@pytest.mark.parametrize(
    ("row", "flagged"),
    [
        ({"doi_confirmed_at": None}, True),
        ({}, False),
        ({"doi_confirmed_at": None, "channel": "sms"}, False),
        ({"doi_confirmed_at": None, "given_at": None}, False),  # missing_proof's case
        ({"doi_confirmed_at": None, "legal_basis": "contract"}, False),
    ],
)
def test_no_double_opt_in(con, ctx: AssessContext, row: dict, flagged: bool) -> None:
    add(con, "consents", [{**FULL, "consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
                           "channel": "email", "given_at": ts("2024-01-01T00:00"), **row}])
    assert (refs(consent.no_double_opt_in(ctx)) == {ref("K1", "CS")}) is flagged


MINORS = [
    # (country, birth_date, given_at UTC, parental_consent, flagged)
    # FR (15): born 29 Feb 2008 turns 15 on 1 Mar 2023 (2023 is not a leap year).
    ("FR", "2008-02-29", "2023-02-28T12:00", None, True),
    ("FR", "2008-02-29", "2023-03-01T12:00", None, False),
    # Time zone: 22:30 UTC on 28 Feb is still 28 Feb in Paris, 23:30 UTC is 1 Mar.
    ("FR", "2008-02-29", "2023-02-28T22:30", None, True),
    ("FR", "2008-02-29", "2023-02-28T23:30", None, False),
    # DE (16), Berlin: 16th birthday on 1 Dec 2024.
    ("DE", "2008-12-01", "2024-11-30T22:30", None, True),
    ("DE", "2008-12-01", "2024-11-30T23:30", None, False),
    ("de", "2008-12-01", "2024-11-30T22:30", None, True),  # country case
    # AT (14): one day short, with and without parental consent.
    ("AT", "2010-06-15", "2024-06-14T10:00", None, True),
    ("AT", "2010-06-15", "2024-06-14T10:00", True, False),
    ("AT", "2010-06-15", "2024-06-14T10:00", False, True),
    ("AT", "2010-06-15", "2024-06-15T10:00", None, False),
    # BE (13) at 13; unknown and missing countries fall back to 16.
    ("BE", "2011-01-01", "2024-01-01T10:00", None, False),
    ("XX", "2009-01-01", "2024-12-31T10:00", None, True),
    (None, "2009-01-01", "2025-01-01T10:00", None, False),
    ("DE", None, "2024-01-01T10:00", None, False),  # no birth date: cannot judge
    ("DE", "1980-05-05", "2024-01-01T10:00", None, False),
]


@pytest.mark.parametrize(("country", "born", "given", "parental", "flagged"), MINORS)
def test_minor_without_parental_consent(con, ctx: AssessContext, country, born, given,
                                        parental, flagged) -> None:
    add(con, "contacts", [{"contact_id": "C1", "country": country,
                           "birth_date": dt.date.fromisoformat(born) if born else None}])
    add(con, "consents", [{**FULL, "consent_id": "K1", "contact_id": "C1",
                           "purpose": "newsletter", "channel": "email",
                           "given_at": ts(given), "parental_consent": parental}])
    assert (refs(consent.minor_without_parental_consent(ctx)) == {ref("K1", "CS")}) is flagged


def test_age_of_consent_is_configurable(con) -> None:
    from gdpr_audit.assess.base import make_context

    add(con, "contacts", [{"contact_id": "C1", "country": "DE",
                           "birth_date": dt.date(2010, 1, 1)}])
    add(con, "consents", [{**FULL, "consent_id": "K1", "contact_id": "C1",
                           "purpose": "newsletter", "channel": "email",
                           "given_at": ts("2024-06-01T10:00")}])
    strict = make_context(con, AS_OF, None, SALT)
    lenient = make_context(con, AS_OF, {"consent": {"age_of_consent": {"DE": 13}}}, SALT)
    assert len(consent.minor_without_parental_consent(strict)) == 1
    assert len(consent.minor_without_parental_consent(lenient)) == 0


@pytest.mark.parametrize(
    ("basis", "bundled", "flagged"),
    [("consent", True, True), ("consent", False, False), ("consent", None, False),
     ("contract", True, False)],
)
def test_coupled_with_contract(con, ctx: AssessContext, basis, bundled, flagged) -> None:
    add(con, "consents", [{**FULL, "consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
                           "channel": "email", "given_at": ts("2024-01-01T00:00"),
                           "legal_basis": basis, "bundled_with_contract": bundled}])
    assert (refs(consent.coupled_with_contract(ctx)) == {ref("K1", "CS")}) is flagged


def test_no_legal_basis(con, ctx: AssessContext) -> None:
    add(con, "contacts", [
        {"contact_id": "C1", "is_customer": False},   # nothing at all
        {"contact_id": "C10", "is_customer": None},   # unknown customer flag: not a customer
        {"contact_id": "C2", "is_customer": True},    # contract
        {"contact_id": "C3", "is_customer": False},   # legitimate interest recorded
        {"contact_id": "C4", "is_customer": False},   # withdrawn consent is still a row
    ])
    add(con, "consents", [
        {"consent_id": "K3", "contact_id": "C3", "legal_basis": "legitimate_interest"},
        {**FULL, "consent_id": "K4", "contact_id": "C4", "withdrawn_at": ts("2024-01-01T00:00")},
    ])
    assert refs(consent.no_legal_basis(ctx)) == {ref("C1"), ref("C10")}


def test_coverage_by_purpose_channel(con, ctx: AssessContext) -> None:
    add(con, "contacts", [{"contact_id": f"C{i}"} for i in range(1, 5)])
    add(con, "consents", [
        {**FULL, "consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2024-01-01T00:00")},
        {**FULL, "consent_id": "K2", "contact_id": "C2", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2024-01-01T00:00"),
         "withdrawn_at": ts("2025-01-01T00:00")},
        {**FULL, "consent_id": "K3", "contact_id": "C3", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2026-11-28T23:00")},  # given on the audit day
        {**FULL, "consent_id": "K4", "contact_id": "C4", "purpose": "newsletter",
         "channel": "email", "given_at": ts("2026-11-29T08:00")},  # after the audit day
    ])
    result = consent.run_area(ctx)
    row = result.tables["coverage_by_purpose_channel"].set_index(["purpose", "channel"])
    got = row.loc[("newsletter", "email")]
    assert (got["contacts"], got["with_valid_consent"], got["share"]) == (4, 2, 0.5)


def test_coverage_by_month_uses_utc_months(con, ctx: AssessContext) -> None:
    add(con, "consents", [{**FULL, "consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
                           "channel": "email", "given_at": ts("2024-06-30T23:00")}])
    add(con, "communications", [
        {"communication_id": "M1", "contact_id": "C1", "purpose": "newsletter",
         "channel": "email", "sent_at": ts("2024-06-30T22:59")},   # before the consent
        {"communication_id": "M2", "contact_id": "C1", "purpose": "newsletter",
         "channel": "email", "sent_at": ts("2024-06-30T23:30")},   # June in UTC
        {"communication_id": "M3", "contact_id": "C1", "purpose": "newsletter",
         "channel": "email", "sent_at": ts("2024-07-01T00:00")},
        {"communication_id": "M4", "contact_id": "C1", "purpose": "newsletter",
         "channel": "email", "sent_at": None},                     # cannot be judged
    ])
    table = consent.run_area(ctx).tables["coverage_by_month"]
    got = [(str(m)[:10], s, c) for m, s, c in table[["month", "sends", "covered"]].itertuples(
        index=False)]
    assert got == [("2024-06-01", 2, 1), ("2024-07-01", 1, 1)]
