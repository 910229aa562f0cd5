"""Microsoft Dynamics 365 fixtures (tests/data/vendors/dynamics365/, made up, display names,
two-option labels and choices from the Dataverse table reference, docs/vendors.md): an
Excel export of contacts with the do-not-contact flags, contact point consents, cases, and
e-mail activities with logical names map to the canonical model; the audit finds exactly
the planted violations.

Planted (audit day 2025-06-30) and look-alikes that must not be findings:
- send after withdrawal: Jonas' offer e-mail 2024-05-02 after "Do not allow Bulk Emails"
  (set by 2024-04-01 at the latest). Look-alikes: Marie opted out 2024-06-10, after her last
  offer e-mail; Sven opted out (list-unsubscribe record and "Do not allow Bulk Emails")
  at 08:00 local the morning after his offer e-mail of 2024-05-02 11:00 local.
- send without consent: Tim (Prospect, consent "Not Set") got the offer e-mail. Look-alikes:
  Lina's inbound e-mail and the reply to it.
- minor: Ella opted in at 15. Look-alike: Nora opted in on her 16th birthday.
- no legal basis: Tim. Look-alike: Lina (Relationship Type "Customer") has no consent.
- open overdue: case CAS-01002 (erasure, received 2025-04-10). Look-alikes: CAS-01001
  resolved on the last legal day, CAS-01003 (damaged parcel).
- late response (legal deadline = local day of receipt + 1 calendar month, docs/checks.md):
  CAS-01004 created 31/01/2025, resolved 01/03/2025, one day after 28/02. Look-alikes:
  CAS-01005 created 31/01/2025, resolved 28/02/2025 (the clamped last legal day);
  CAS-01006 created 01/04/2025 00:30 local (31 March in UTC), resolved 01/05/2025.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from vendor_audit import VendorAudit, audit_vendor, scores

from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

AS_OF = dt.date(2025, 6, 30)
UTC = dt.UTC
C = "5c2a8e10-1a01-ef11-9f89-000d3a4b2c0"  # contact GUIDs ...c01 .. c07
PLANTED = {
    "consent.send_after_withdrawal": {"d3f1e840-4d01-ef11-9f89-000d3a4b2f03"},
    "consent.send_without_consent": {"d3f1e840-4d01-ef11-9f89-000d3a4b2f04"},
    "consent.minor_without_parental_consent": {"9e7b3f20-2b01-ef11-9f89-000d3a4b2d05"},
    "consent.no_legal_basis": {C + "4"},
    "rights.open_overdue": {"CAS-01002-K3L4M5"},
    "rights.late_response": {"CAS-01004-B2C3D4"},
}


@pytest.fixture(scope="module")
def audit() -> VendorAudit:
    return audit_vendor("dynamics365", AS_OF)


def test_every_export_file_is_mapped_by_dynamics(audit: VendorAudit) -> None:
    assert audit.model.unmatched == []
    assert audit.model.warnings == []
    assert {s.profile for s in audit.model.sources} == {"dynamics365"}
    assert sum(s.rows_rejected for s in audit.model.sources) == 0


def test_display_names_labels_and_local_times(audit: VendorAudit) -> None:
    assert audit.rows(
        "SELECT contact_id, email, birth_date, created_at, is_customer FROM contacts "
        "WHERE contact_id IN (?, ?) ORDER BY 1".replace("?", "'{}'").format(C + "1", C + "3")
    ) == [
        (
            C + "1",
            "marie.muster@example.org",
            dt.date(1985, 5, 12),
            dt.datetime(2024, 2, 1, 10, tzinfo=UTC),
            False,
        ),
        (C + "3", "lina.kunde@example.org", None, dt.datetime(2021, 3, 15, 7, tzinfo=UTC), True),
    ]


def test_flags_and_contact_point_consents(audit: VendorAudit) -> None:
    assert audit.rows(
        "SELECT consent_id, contact_id, channel, legal_basis, opted_out, "
        "coalesce(withdrawn_at, given_at) FROM consents ORDER BY contact_id, consent_id"
    ) == [
        (
            "9e7b3f20-2b01-ef11-9f89-000d3a4b2d01",
            C + "1",
            "email",
            "consent",
            False,
            dt.datetime(2024, 2, 1, 10, tzinfo=UTC),
        ),
        # "Opted Out" record: a withdrawal at its Modified On
        (
            "9e7b3f20-2b01-ef11-9f89-000d3a4b2d02",
            C + "1",
            "email",
            None,
            True,
            dt.datetime(2024, 6, 10, 7, tzinfo=UTC),
        ),
        # "Do not allow Bulk Emails": dated by the contact's Modified On
        (
            C + "2#donotbulkemail",
            C + "2",
            "email",
            None,
            True,
            dt.datetime(2024, 4, 1, 10, tzinfo=UTC),
        ),
        (
            "9e7b3f20-2b01-ef11-9f89-000d3a4b2d03",
            C + "2",
            "email",
            "consent",
            False,
            dt.datetime(2024, 1, 15, 8, tzinfo=UTC),
        ),
        (C + "3#donotphone", C + "3", "phone", None, True, dt.datetime(2025, 6, 3, 8, tzinfo=UTC)),
        # Tim's "Not Set" record is skipped
        (
            "9e7b3f20-2b01-ef11-9f89-000d3a4b2d05",
            C + "5",
            "email",
            "consent",
            False,
            dt.datetime(2024, 9, 10, 14, tzinfo=UTC),
        ),
        (
            "9e7b3f20-2b01-ef11-9f89-000d3a4b2d06",
            C + "6",
            "email",
            "consent",
            False,
            dt.datetime(2024, 7, 1, 8, tzinfo=UTC),
        ),
        # Sven: both opt-outs the morning after his last offer e-mail (06:00 UTC)
        (
            C + "7#donotbulkemail",
            C + "7",
            "email",
            None,
            True,
            dt.datetime(2024, 5, 3, 6, tzinfo=UTC),
        ),
        (
            "9e7b3f20-2b01-ef11-9f89-000d3a4b2d08",
            C + "7",
            "email",
            "consent",
            False,
            dt.datetime(2024, 2, 12, 9, tzinfo=UTC),
        ),
        (
            "9e7b3f20-2b01-ef11-9f89-000d3a4b2d09",
            C + "7",
            "email",
            None,
            True,
            dt.datetime(2024, 5, 3, 6, tzinfo=UTC),
        ),
    ]


def test_cases_are_candidate_requests(audit: VendorAudit) -> None:
    assert audit.rows(
        "SELECT request_id, contact_id, status, case_type, completed_at FROM dsr_requests "
        "ORDER BY 1"
    ) == [
        (
            "CAS-01001-X7Y8Z9",
            C + "1",
            "completed",
            "Request",
            dt.datetime(2025, 5, 2, 13, tzinfo=UTC),
        ),
        ("CAS-01002-K3L4M5", C + "2", "in_progress", "Request", None),
        (
            "CAS-01003-P6Q7R8",
            C + "3",
            "completed",
            "Problem",
            dt.datetime(2025, 6, 3, 8, tzinfo=UTC),
        ),
        (
            "CAS-01004-B2C3D4",
            C + "6",
            "completed",
            "Request",
            dt.datetime(2025, 3, 1, 9, tzinfo=UTC),
        ),
        (
            "CAS-01005-E5F6G7",
            C + "7",
            "completed",
            "Request",
            dt.datetime(2025, 2, 28, 15, tzinfo=UTC),
        ),
        (
            "CAS-01006-H8J9K0",
            C + "5",
            "completed",
            "Request",
            dt.datetime(2025, 5, 1, 10, tzinfo=UTC),
        ),
    ]
    # created 00:30 local on 1 April = 22:30 UTC on 31 March: the local day counts
    assert audit.rows(
        "SELECT received_at FROM dsr_requests WHERE request_id = 'CAS-01006-H8J9K0'"
    ) == [(dt.datetime(2025, 3, 31, 22, 30, tzinfo=UTC),)]


@pytest.mark.parametrize(
    "check_id",
    [
        "consent.send_after_withdrawal",
        "consent.send_without_consent",
        "consent.minor_without_parental_consent",
        "consent.missing_proof",
        "consent.no_legal_basis",
        "rights.open_overdue",
        "rights.late_response",
        "retention.past_period",
    ],
)
def test_exact_findings_per_check(audit: VendorAudit, check_id: str) -> None:
    assert audit.findings.get(check_id, set()) == PLANTED.get(check_id, set())


def test_planted_violations_recall_and_precision(audit: VendorAudit) -> None:
    assert scores(audit.findings, PLANTED) == (1.0, 1.0)


def test_logical_names_map_like_display_names(tmp_path: Path) -> None:
    """A Dataverse dump of the contact table (logical names, true/false, ISO UTC)."""
    (tmp_path / "contact.csv").write_text(
        "contactid,firstname,lastname,emailaddress1,birthdate,createdon,modifiedon,"
        "customertypecode,donotemail,donotbulkemail,donotphone,donotpostalmail\n"
        "c0a80001-0000-0000-0000-000000000001,Ute,Logisch,ute@example.org,1970-01-02,"
        "2024-01-05T09:00:00Z,2024-03-01T09:00:00Z,3,false,true,false,true\n",
        encoding="utf-8",
    )
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [tmp_path])
    report = build_model(con)
    assert report.warnings == []
    assert con.execute("SELECT contact_id, is_customer, birth_date FROM contacts").fetchall() == [
        ("c0a80001-0000-0000-0000-000000000001", True, dt.date(1970, 1, 2))
    ]
    assert con.execute(
        "SELECT consent_id, channel, opted_out, withdrawn_at FROM consents ORDER BY 1"
    ).fetchall() == [
        (
            "c0a80001-0000-0000-0000-000000000001#donotbulkemail",
            "email",
            True,
            dt.datetime(2024, 3, 1, 9, tzinfo=UTC),
        ),
        (
            "c0a80001-0000-0000-0000-000000000001#donotpostalmail",
            "post",
            True,
            dt.datetime(2024, 3, 1, 9, tzinfo=UTC),
        ),
    ]
