"""HubSpot fixtures (tests/data/vendors/hubspot/, made up, headers and values from HubSpot's
property reference, the communication-preferences API v4 and the email events API,
docs/vendors.md#hubspot): contacts with their GDPR properties, subscription statuses, e-mail
events (epoch-millisecond times) and tickets map to the canonical model, and the audit
finds exactly the planted violations.

Planted (audit day 2025-06-30) and look-alikes that must not be findings:
- send after withdrawal: Ben's newsletter 2024-05-07 after his unsubscribe from all
  e-mail (STATUSCHANGE 2024-04-02). Look-alikes: Anna unsubscribed 2024-05-20, after her
  last newsletter; Ida unsubscribed the morning after hers (newsletter 2024-05-07 10:00,
  unsubscribe 2024-05-08 08:30 local: STATUSCHANGE, NOT_SUBSCRIBED and the contact flag).
- send without consent: Gustav (no legal basis) got the May newsletter. Look-alikes:
  delivered/open/click/bounce events are no sends; Clara's shipping e-mail is
  transactional.
- minor: Emil (Germany: age of digital consent 16) consented at 15 (contact legal basis and
  subscription). Look-alikes: Frieda consented on her 16th birthday; Lukas consented at 15
  in Austria, whose age of digital consent is 14.
- missing proof: Hanna's subscription has no source. Look-alike: every other consent has
  HubSpot's own proof (source of the subscription, Original Source of the contact).
- no legal basis: Gustav. Look-alikes: Clara (legitimate interest, existing customer) and
  David (performance of a contract) have no consent.
- open overdue: ticket 7002 (erasure, received 2025-04-10). Look-alikes: ticket 7001
  answered on the last legal day, 7003 (damaged parcel), 7004 ("Widerspruch gegen die
  Rechnung", no objection under Art. 21, closed after 12 weeks).
- late response (legal deadline = local day of receipt + 1 calendar month, docs/checks.md):
  ticket 7005 received 2025-01-31, answered 2025-03-01, one day after its deadline
  2025-02-28 (the month is clamped); 7008 received 2025-02-10, answered 2025-03-11 00:30
  local (still 10 March in UTC), one day after its deadline. Look-alikes: 7007 received
  2025-01-31, answered 2025-02-28 (the clamped last legal day); 7006 received 2025-04-01
  00:30 local (still 31 March in UTC), answered 2025-05-01, the last legal day counted
  from the local day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from vendor_audit import VendorAudit, audit_vendor, scores

from gdpr_audit.assess.registry import run_assessment
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

AS_OF = dt.date(2025, 6, 30)
UTC = dt.UTC
PLANTED = {
    "consent.send_after_withdrawal": {"4f1b2c3d-0007"},
    "consent.send_without_consent": {"4f1b2c3d-0008"},
    "consent.minor_without_parental_consent": {"51005#legal_basis", "subscription-statuses.csv#5"},
    "consent.missing_proof": {"subscription-statuses.csv#8"},
    "consent.no_legal_basis": {"51007"},
    "rights.open_overdue": {"7002"},
    "rights.late_response": {"7005", "7008"},
}


@pytest.fixture(scope="module")
def audit() -> VendorAudit:
    return audit_vendor("hubspot", AS_OF)


def test_every_export_file_is_mapped_by_hubspot(audit: VendorAudit) -> None:
    assert audit.model.unmatched == []
    assert audit.model.warnings == []
    assert {s.profile for s in audit.model.sources} == {"hubspot"}
    assert sum(s.rows_rejected for s in audit.model.sources) == 0
    # 12 events: 6 SENT, 2 STATUSCHANGE to UNSUBSCRIBED, 4 engagement events (no sends).
    sent = [s for s in audit.model.sources if s.entity == "email_event_sent"]
    assert [(s.rows_in, s.rows_mapped, s.rows_skipped) for s in sent] == [(12, 6, 6)]


def test_customers_from_legal_basis_and_lifecycle_stage(audit: VendorAudit) -> None:
    # Clara: "Legitimate interest – existing customer" (lifecycle Customer); David:
    # "Performance of a contract" while his lifecycle stage is still Opportunity.
    assert audit.rows("SELECT contact_id FROM contacts WHERE is_customer ORDER BY 1") == [
        ("51003",),
        ("51004",),
    ]
    assert audit.rows("SELECT count(*) FROM contacts WHERE is_customer IS NULL") == [(0,)]


def test_consent_states_as_hubspot_records_them(audit: VendorAudit) -> None:
    rows = audit.rows(
        "SELECT consent_id, contact_id, purpose, legal_basis, opted_out, "
        "coalesce(withdrawn_at, given_at) FROM consents ORDER BY contact_id, consent_id"
    )
    t = lambda *a: dt.datetime(*a, tzinfo=UTC)  # noqa: E731
    assert rows == [
        ("51001#legal_basis", "51001", "marketing", "consent", False, t(2024, 2, 1, 10)),
        (
            "subscription-statuses.csv#1",
            "51001",
            "marketing_information",
            "consent",
            False,
            t(2024, 2, 1, 10),
        ),
        # NOT_SUBSCRIBED: an opt-out at its timestamp, not a consent
        (
            "subscription-statuses.csv#2",
            "51001",
            "marketing_information",
            None,
            True,
            t(2024, 5, 20, 7),
        ),
        # STATUSCHANGE event to UNSUBSCRIBED (created in ms since epoch)
        ("4f1b2c3d-0006", "51002", "marketing", None, True, t(2024, 4, 2, 10)),
        # "Unsubscribed from all email" = true, dated by Last Modified Date at the latest
        ("51002#hs_email_optout", "51002", "marketing", None, True, t(2024, 4, 2, 10)),
        ("51002#legal_basis", "51002", "marketing", "consent", False, t(2024, 1, 10, 8)),
        (
            "subscription-statuses.csv#3",
            "51002",
            "marketing_information",
            "consent",
            False,
            t(2024, 1, 10, 8),
        ),
        (
            "51003#legal_basis",
            "51003",
            "marketing",
            "legitimate_interest",
            False,
            t(2021, 3, 15, 7),
        ),
        (
            "subscription-statuses.csv#4",
            "51003",
            "customer_service_communication",
            "contract",
            False,
            t(2021, 3, 15, 7),
        ),
        ("51004#legal_basis", "51004", "marketing", "contract", False, t(2023, 11, 20, 13)),
        ("51005#legal_basis", "51005", "marketing", "consent", False, t(2024, 9, 1, 14)),
        (
            "subscription-statuses.csv#5",
            "51005",
            "marketing_information",
            "consent",
            False,
            t(2024, 9, 1, 14),
        ),
        ("51006#legal_basis", "51006", "marketing", "consent", False, t(2024, 6, 15, 8)),
        (
            "subscription-statuses.csv#6",
            "51006",
            "marketing_information",
            "consent",
            False,
            t(2024, 6, 15, 8),
        ),
        # Gustav: no legal basis, subscription NOT_SPECIFIED (skipped)
        ("51008#legal_basis", "51008", "marketing", "consent", False, t(2024, 2, 20, 8)),
        (
            "subscription-statuses.csv#8",
            "51008",
            "marketing_information",
            "consent",
            False,
            t(2024, 2, 20, 8),
        ),
        # Ida: the unsubscribe the morning after her last newsletter, recorded three ways
        ("4f1b2c3d-0012", "51009", "marketing", None, True, t(2024, 5, 8, 6, 30)),
        ("51009#hs_email_optout", "51009", "marketing", None, True, t(2024, 5, 8, 6, 30)),
        ("51009#legal_basis", "51009", "marketing", "consent", False, t(2024, 2, 5, 8)),
        (
            "subscription-statuses.csv#10",
            "51009",
            "marketing_information",
            None,
            True,
            t(2024, 5, 8, 6, 30),
        ),
        (
            "subscription-statuses.csv#9",
            "51009",
            "marketing_information",
            "consent",
            False,
            t(2024, 2, 5, 8),
        ),
        # Lukas, Austria: consent at 15 is no minor's consent there (age limit 14)
        ("51010#legal_basis", "51010", "marketing", "consent", False, t(2024, 9, 1, 14)),
        (
            "subscription-statuses.csv#11",
            "51010",
            "marketing_information",
            "consent",
            False,
            t(2024, 9, 1, 14),
        ),
    ]
    assert audit.rows("SELECT country FROM contacts WHERE contact_id = '51010'") == [("AT",)]


def test_sent_events_are_sends_keyed_to_the_contact(audit: VendorAudit) -> None:
    assert audit.rows(
        "SELECT communication_id, contact_id, campaign, kind, sent_at FROM communications "
        "ORDER BY 1"
    ) == [
        (
            "4f1b2c3d-0001",
            "51001",
            "270001",
            "Newsletter März",
            dt.datetime(2024, 3, 5, 10, tzinfo=UTC),
        ),
        (
            "4f1b2c3d-0004",
            "51001",
            "270002",
            "Newsletter Mai",
            dt.datetime(2024, 5, 7, 8, tzinfo=UTC),
        ),
        (
            "4f1b2c3d-0007",
            "51002",
            "270002",
            "Newsletter Mai",
            dt.datetime(2024, 5, 7, 8, tzinfo=UTC),
        ),
        (
            "4f1b2c3d-0008",
            "51007",
            "270002",
            "Newsletter Mai",
            dt.datetime(2024, 5, 7, 8, tzinfo=UTC),
        ),
        (
            "4f1b2c3d-0010",
            "51003",
            "270009",
            "Ihre Bestellung 4711 ist unterwegs",
            dt.datetime(2025, 6, 3, 10, tzinfo=UTC),
        ),
        (
            "4f1b2c3d-0011",
            "51009",
            "270002",
            "Newsletter Mai",
            dt.datetime(2024, 5, 7, 8, tzinfo=UTC),
        ),
    ]


def test_tickets_are_candidate_requests(audit: VendorAudit) -> None:
    assert audit.rows(
        "SELECT request_id, contact_id, request_type, status, case_type, completed_at IS NULL "
        "FROM dsr_requests ORDER BY 1"
    ) == [
        ("7001", "51001", None, "completed", "General inquiry", False),
        ("7002", "51002", None, "open", "General inquiry", True),
        ("7003", "51003", None, "completed", "Product issue", False),
        ("7004", "51004", None, "completed", "Billing issue", False),
        ("7005", "51008", None, "completed", "General inquiry", False),
        ("7006", "51006", None, "completed", "General inquiry", False),
        ("7007", "51009", None, "completed", "General inquiry", False),
        ("7008", "51010", None, "completed", "General inquiry", False),
    ]
    assert audit.rows("SELECT count(*) FROM business_records WHERE record_type = 'ticket'") == [
        (8,)
    ]
    # received 00:30 local on 1 April = 22:30 UTC on 31 March: the local day counts
    assert audit.rows(
        "SELECT received_at, completed_at FROM dsr_requests WHERE request_id = '7006'"
    ) == [(dt.datetime(2025, 3, 31, 22, 30, tzinfo=UTC), dt.datetime(2025, 5, 1, 10, tzinfo=UTC))]


@pytest.mark.parametrize(
    "check_id",
    [
        "consent.send_after_withdrawal",
        "consent.send_without_consent",
        "consent.minor_without_parental_consent",
        "consent.missing_proof",
        "consent.no_legal_basis",
        "consent.no_double_opt_in",
        "rights.open_overdue",
        "rights.late_response",
        "retention.past_period",
    ],
)
def test_exact_findings_per_check(audit: VendorAudit, check_id: str) -> None:
    assert audit.findings.get(check_id, set()) == PLANTED.get(check_id, set())


def test_planted_violations_recall_and_precision(audit: VendorAudit) -> None:
    assert scores(audit.findings, PLANTED) == (1.0, 1.0)


def test_internal_names_map_like_labels(tmp_path: Path) -> None:
    """An API / ETL dump with internal property names (hs_object_id, hs_legal_basis, ...)."""
    (tmp_path / "contacts.csv").write_text(
        "hs_object_id,firstname,lastname,email,createdate,notes_last_updated,lastmodifieddate,"
        "lifecyclestage,hs_legal_basis,hs_marketable_status,hs_email_optout\n"
        "901,Ida,Intern,ida@example.org,2024-01-05 09:00,2024-02-01 09:00,2024-03-01 09:00,"
        "customer,Freely given consent from contact,true,false\n"
        "902,Olaf,Opt,olaf@example.org,2024-01-06 09:00,,2024-04-01 09:00,"
        "marketingqualifiedlead,Legitimate interest – prospect/lead,false,true\n",
        encoding="utf-8",
    )
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [tmp_path])
    report = build_model(con)
    assert {(s.profile, s.entity) for s in report.sources} == {
        ("hubspot", "contacts_api"),
        ("hubspot", "legal_basis_api"),
        ("hubspot", "email_optout_api"),
    }
    assert con.execute(
        "SELECT contact_id, first_name, is_customer, last_activity_at FROM contacts ORDER BY 1"
    ).fetchall() == [
        ("901", "Ida", True, dt.datetime(2024, 2, 1, 8, tzinfo=UTC)),
        ("902", "Olaf", False, None),
    ]
    assert con.execute(
        "SELECT consent_id, legal_basis, opted_out FROM consents ORDER BY 1"
    ).fetchall() == [
        ("901#legal_basis", "consent", False),
        ("902#hs_email_optout", None, True),
        ("902#legal_basis", "legitimate_interest", False),
    ]


@pytest.mark.parametrize(
    ("basis", "stage", "expected"),
    [
        # an existing customer: §7(3) UWG / recital 47, the recorded basis covers the send
        ("Legitimate interest – existing customer", "Customer", []),
        # the same basis recorded, but the person is no customer: never covers a send
        ("Legitimate interest – prospect/lead", "Lead", ["consent.send_without_consent"]),
    ],
)
def test_newsletter_to_existing_customer_with_legitimate_interest(
    tmp_path: Path, basis: str, stage: str, expected: list[str]
) -> None:
    """One HubSpot contact (Clara of the fixture) and one SENT event: a marketing e-mail to
    an existing customer whose recorded basis is 'Legitimate interest – existing customer'
    is no send without consent; to a prospect with a legitimate-interest basis it is."""
    fixture = Path(__file__).parent.parent / "data" / "vendors" / "hubspot"
    header, *rows = (
        (fixture / "hubspot-crm-exports-all-contacts-2025-06-30.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    clara = [
        r.replace(",Customer,,Legitimate interest – existing customer,", f",{stage},,{basis},")
        for r in rows
        if r.startswith("51003,")
    ]
    assert basis in clara[0]
    (tmp_path / "contacts.csv").write_text("\n".join([header, *clara]) + "\n", encoding="utf-8")
    (tmp_path / "events.jsonl").write_text(
        '{"id": "e-1", "created": 1715068800000, "type": "SENT", '
        '"recipient": "clara.kunde@example.org", "emailCampaignId": 270002, '
        '"subject": "Newsletter Mai", "sentBy": {"id": "e-1", "created": 1715068800000}}\n',
        encoding="utf-8",
    )
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [tmp_path])
    build_model(con)
    assert con.execute("SELECT legal_basis, purpose, channel FROM consents").fetchall() == [
        ("legitimate_interest", "marketing", "email")
    ]
    result = run_assessment(con, AS_OF, salt="x", store=False)
    assert list(result.findings["check_id"]) == expected
