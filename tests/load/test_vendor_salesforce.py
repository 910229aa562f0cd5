"""Salesforce fixtures (tests/data/vendors/salesforce/, made up, headers and picklist
values from Salesforce's Object Reference, docs/vendors.md): consents keyed by the
Individual reach the Contact, OptOut rows are withdrawals, Account.Type sets customers,
Cases become requests, and the audit finds exactly the planted violations.

Planted (audit day 2025-06-30) and look-alikes that must not be findings:
- send after withdrawal: Leon's list e-mail 2024-05-02 after his OptOut 2024-04-01.
  Look-alike: Mia opted out 2024-06-15, after her last list e-mail.
- send without consent: Lukas (a customer) got a list e-mail without any consent.
  Look-alikes: an inbound call and the e-mails of a service case (Emma).
- minor: Paul consented at 14. Look-alike: Sophie consented on her 16th birthday.
- missing proof: Lea's postal consent has no CaptureSource. Look-alike: every other
  consent has Salesforce's own proof (capture date + source).
- no legal basis: Noah (prospect) and the lead Hannah. Look-alikes: Emma and Lukas are
  customers (Account.Type "Customer - ...") without consents.
- open overdue: case 00001002 (erasure, received 2025-04-10). Look-alikes: case 00001001
  answered on the last legal day, a non-request case, Lea's ShouldForget flag (due 07-20).

Campaign sends and consent per contact point (ContactPointConsent -> ContactPointEmail /
ContactPointPhone -> Individual -> Contact; CampaignMember, channel from Campaign.Type):
- send after withdrawal: Clara's campaign member of 2025-03-02 09:00, one day after her
  ContactPointConsent OptOut. Look-alike: Jonas opted out 2025-01-10, after his last send.
- send without consent: Tim's e-mail campaign (his only consent is on his phone contact
  point). Look-alikes: Tim's telemarketing campaign (covered by the phone consent),
  Noah's "Planned" member (not sent), Clara's 2024 "Responded" member (consent valid).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml
from vendor_audit import VENDORS, VendorAudit, audit_vendor

from gdpr_audit.core.errors import ConfigError as ProfileError
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model
from gdpr_audit.load.profile import load_profile

AS_OF = dt.date(2025, 6, 30)
PLANTED = {
    "consent.send_after_withdrawal": {"00T5g00000SFK03AAA", "00v5g00000SFN03AAA"},
    "consent.send_without_consent": {"00T5g00000SFK04AAA", "00v5g00000SFN05AAA"},
    "consent.minor_without_parental_consent": {"0ZY5g00000SFT06AAA"},
    "consent.missing_proof": {"0ZY5g00000SFT07AAA"},
    "consent.no_legal_basis": {"0035g00000SFC06AAA", "00Q5g00000SFL01AAA"},
    "rights.open_overdue": {"00001002"},
}


@pytest.fixture(scope="module")
def audit() -> VendorAudit:
    return audit_vendor("salesforce", AS_OF)


def test_every_export_file_is_mapped(audit: VendorAudit) -> None:
    assert audit.model.unmatched == []
    assert audit.model.warnings == []
    assert sum(s.rows_rejected for s in audit.model.sources) == 0


def test_consents_are_rekeyed_from_the_individual_to_the_contact(audit: VendorAudit) -> None:
    rows = audit.rows(
        "SELECT consent_id, contact_id, purpose, channel, opted_out, withdrawn_at IS NOT NULL "
        "FROM consents WHERE consent_id LIKE '0ZY%' ORDER BY consent_id"
    )
    assert rows == [
        ("0ZY5g00000SFT01AAA", "0035g00000SFC01AAA", "newsletter", "email", False, False),
        ("0ZY5g00000SFT02AAA", "0035g00000SFC01AAA", "newsletter", "email", True, True),
        ("0ZY5g00000SFT03AAA", "0035g00000SFC02AAA", "newsletter", "email", False, False),
        ("0ZY5g00000SFT04AAA", "0035g00000SFC02AAA", "newsletter", "email", True, True),
        ("0ZY5g00000SFT05AAA", "0035g00000SFC03AAA", "newsletter", "email", False, False),
        ("0ZY5g00000SFT06AAA", "0035g00000SFC04AAA", "newsletter", "email", False, False),
        ("0ZY5g00000SFT07AAA", "0035g00000SFC08AAA", "partner_offers", "post", False, False),
    ]


def test_contact_point_consents_reach_the_contact_through_two_lookups(
    audit: VendorAudit,
) -> None:
    # ContactPointId -> ContactPointEmail/Phone.ParentId (Individual) -> Contact.Id; the
    # channel is the kind of contact point the consent names.
    assert audit.rows(
        "SELECT consent_id, contact_id, purpose, channel, opted_out FROM consents "
        "WHERE consent_id LIKE '0ZX%' ORDER BY consent_id"
    ) == [
        ("0ZX5g00000SFK09AAA", "0035g00000SFC09AAA", "newsletter", "email", False),
        ("0ZX5g00000SFK10AAA", "0035g00000SFC09AAA", "newsletter", "email", True),
        ("0ZX5g00000SFK11AAA", "0035g00000SFC10AAA", "newsletter", "email", False),
        ("0ZX5g00000SFK12AAA", "0035g00000SFC10AAA", "newsletter", "email", True),
        ("0ZX5g00000SFK13AAA", "0035g00000SFC11AAA", "newsletter", "phone", False),
    ]
    # every ContactPointConsent row is mapped once: as an e-mail or as a phone consent
    logged = [
        audit_log(audit, e)
        for e in (
            "contact_point_consent",
            "contact_point_opt_out",
            "contact_point_consent_phone",
            "contact_point_opt_out_phone",
        )
    ]
    assert [m for _, m in logged] == [2, 2, 1, 0]
    assert {n for n, _ in logged} == {5}


def test_campaign_members_are_sends_with_the_campaigns_channel(audit: VendorAudit) -> None:
    assert audit.rows(
        "SELECT communication_id, contact_id, channel, campaign, direction, kind, "
        "strftime(sent_at, '%Y-%m-%d %H:%M') FROM communications "
        "WHERE communication_id LIKE '00v%' ORDER BY 1"
    ) == [
        (
            "00v5g00000SFN01AAA",
            "0035g00000SFC09AAA",
            "email",
            "7015g00000SFM01AAA",
            "outbound",
            "Campaign",
            "2024-03-05 09:00",
        ),
        (
            "00v5g00000SFN02AAA",
            "0035g00000SFC10AAA",
            "email",
            "7015g00000SFM01AAA",
            "outbound",
            "Campaign",
            "2024-03-05 09:00",
        ),
        (
            "00v5g00000SFN03AAA",
            "0035g00000SFC10AAA",
            "email",
            "7015g00000SFM02AAA",
            "outbound",
            "Campaign",
            "2025-03-02 09:00",
        ),
        (
            "00v5g00000SFN04AAA",
            "0035g00000SFC11AAA",
            "phone",
            "7015g00000SFM03AAA",
            "outbound",
            "Campaign",
            "2025-02-03 09:00",
        ),
        (
            "00v5g00000SFN05AAA",
            "0035g00000SFC11AAA",
            "email",
            "7015g00000SFM02AAA",
            "outbound",
            "Campaign",
            "2025-03-02 09:00",
        ),
    ]  # Noah's "Planned" member is no send


def audit_log(audit: VendorAudit, entity: str) -> tuple[int, int]:
    got = [s for s in audit.model.sources if s.entity == entity]
    assert got, entity
    return sum(s.rows_in for s in got), sum(s.rows_mapped for s in got)


def test_customers_from_account_type_and_sends_with_direction(audit: VendorAudit) -> None:
    assert audit.rows("SELECT contact_id FROM contacts WHERE is_customer ORDER BY 1") == [
        ("0035g00000SFC01AAA",),
        ("0035g00000SFC05AAA",),
        ("0035g00000SFC07AAA",),
    ]
    # The Data Export's companies are no people; the lead never is a customer.
    assert audit.rows("SELECT count(*) FROM contacts")[0][0] == 12
    assert audit.rows(
        "SELECT communication_id, contact_id, direction, kind FROM communications "
        "WHERE direction = 'inbound' OR kind NOT IN ('ListEmail', 'Campaign') ORDER BY 1"
    ) == [
        ("00T5g00000SFK05AAA", "0035g00000SFC05AAA", "inbound", "Call"),
        ("02s5g00000SFE01AAA", "0035g00000SFC05AAA", "inbound", "Lieferung beschädigt"),
        (
            "02s5g00000SFE02AAA",
            "0035g00000SFC05AAA",
            "outbound",
            "RE: Lieferung beschädigt - Ersatz ist unterwegs",
        ),
    ]


def test_cases_and_the_forget_flag_are_requests(audit: VendorAudit) -> None:
    assert audit.rows(
        "SELECT request_id, contact_id, request_type, status, case_type FROM dsr_requests "
        "ORDER BY 1"
    ) == [
        ("00001001", "0035g00000SFC01AAA", None, "completed", "Other"),
        ("00001002", "0035g00000SFC03AAA", "erasure", "open", "Erasure Request"),
        ("00001003", "0035g00000SFC05AAA", None, "completed", "Problem"),
        (
            "0PK5g00000SFI08AAA#ShouldForget",
            "0035g00000SFC08AAA",
            "erasure",
            "open",
            "Individual.ShouldForget",
        ),
    ]
    assert (
        audit.rows("SELECT count(*) FROM business_records WHERE record_type = 'ticket'")[0][0] == 3
    )


def test_planted_violations_are_found_and_nothing_else(audit: VendorAudit) -> None:
    # Leon's list e-mail after his OptOut is a send after withdrawal (not "without
    # consent"): purpose-less sends are judged against every purpose of their channel.
    assert audit.findings == PLANTED


@pytest.mark.parametrize(
    "check_id",
    [
        "consent.minor_without_parental_consent",
        "consent.no_legal_basis",
        "rights.open_overdue",
        "rights.late_response",
        "consent.send_after_withdrawal",
        "consent.send_without_consent",
        "retention.past_period",
    ],
)
def test_exact_findings_of_checks_this_mapping_decides(audit: VendorAudit, check_id: str) -> None:
    assert audit.findings.get(check_id, set()) == PLANTED.get(check_id, set())


def test_campaign_members_with_report_labels(tmp_path: Path) -> None:
    """A report export of campaign members ("Campaign ID", "Contact ID", "First Responded
    Date", field labels of the Field Reference) maps like the Data Export's API names."""
    for name in ("Contact.csv", "Account.csv", "Campaign.csv"):
        shutil.copy(VENDORS / "salesforce" / name, tmp_path / name)
    (tmp_path / "Campaign Members.csv").write_text(
        "Campaign Member ID,Campaign ID,Contact ID,Lead ID,Status,Responded,"
        "First Responded Date,Created Date\n"
        "00v5g00000SFN11AAA,7015g00000SFM02AAA,0035g00000SFC10AAA,,Sent,false,,"
        "2025-03-02T09:00:00.000Z\n"
        "00v5g00000SFN12AAA,7015g00000SFM02AAA,0035g00000SFC11AAA,,Planned,false,,"
        "2025-03-02T09:00:00.000Z\n",
        encoding="utf-8",
    )
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [tmp_path])
    model = build_model(con)
    assert model.unmatched == [] and model.warnings == []
    assert con.execute(
        "SELECT communication_id, contact_id, channel, strftime(sent_at, '%Y-%m-%d') "
        "FROM communications"
    ).fetchall() == [("00v5g00000SFN11AAA", "0035g00000SFC10AAA", "email", "2025-03-02")]


def test_consents_of_contact_points_not_exported_are_skipped(tmp_path: Path) -> None:
    """Without ContactPointEmail/Phone the person behind a consent is unknown: the rows
    are skipped (counted), never keyed by the contact point's id."""
    for name in ("Contact.csv", "ContactPointConsent.csv", "DataUsePurpose.csv"):
        shutil.copy(VENDORS / "salesforce" / name, tmp_path / name)
    con = duckdb.connect()
    load_paths(con, [tmp_path])
    build_model(con)
    assert con.execute("SELECT count(*) FROM consents").fetchall() == [(0,)]
    assert con.execute(
        "SELECT sum(rows_in), sum(rows_skipped) FROM model_log WHERE raw_table = "
        "'contactpointconsent'"
    ).fetchall() == [(20, 20)]


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        ({"entity": "contact", "match": "Id", "take": "Id", "keep": "no"}, "keep must be"),
        (
            {
                "entity": "contact",
                "match": "Id",
                "take": "Id",
                "then": {"entity": "nope", "match": "Id", "take": "Id"},
            },
            "'nope' is not an entity",
        ),
        (
            {
                "entity": "contact",
                "match": "Id",
                "take": "Id",
                "then": {"entity": "contact", "match": "Id", "take": "Id", "source": "Id"},
            },
            "takes no source",
        ),
    ],
)
def test_lookup_keep_and_then_are_validated(tmp_path: Path, lookup: dict, message: str) -> None:
    profile = {
        "name": "chain",
        "entities": {
            "contact": {
                "table": "contacts",
                "match": {"headers_all": ["Id"]},
                "columns": {"contact_id": {"source": "Id", "lookup": lookup}},
            }
        },
    }
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile(path)
