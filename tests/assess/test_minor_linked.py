"""consent.minor_without_parental_consent reads the person's birth date (Art. 8(1)).

A Mailchimp member has no birth date; the Salesforce contact with the same personal
address has one. The consent given in Mailchimp is the person's: their age comes from
the linked contact (issue #10 item 9, measured on the 20,000-contact vendor layout).
Traps: an address two Salesforce contacts share links nobody (no birth date, no
finding, though one of them is a child), and a linked adult is no finding.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.assess.registry import run_assessment
from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

CONTACT_HEAD = ("Id,IndividualId,AccountId,FirstName,LastName,Email,Phone,MailingStreet,"
                "MailingPostalCode,MailingCity,MailingCountryCode,Birthdate,CreatedDate,"
                "LastModifiedDate,LastActivityDate,LeadSource,Description")
# Lina (born 2011) and Paul (born 1980) each have an address of their own; the twins
# Jonas (2011) and Mara (2011) share their parents' family address.
CONTACTS = [
    ("0035g00000MIN01AAA", "Lina", "Kurz", "lina.kurz@example.org", "2011-03-15"),
    ("0035g00000MIN02AAA", "Paul", "Lang", "paul.lang@example.org", "1980-03-15"),
    ("0035g00000MIN03AAA", "Jonas", "Weber", "familie.weber@example.org", "2011-07-01"),
    ("0035g00000MIN04AAA", "Mara", "Weber", "Familie.Weber@example.org", "2011-07-01"),
]
MEMBER_HEAD = ('"Email Address","First Name","Last Name","Phone Number",MEMBER_RATING,'
               "OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,"
               "TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS")
#: (address, LEID): every member signed up by double opt-in on 2024-06-01 (Lina: 13)
MEMBERS = [("lina.kurz@example.org", "200001"), ("paul.lang@example.org", "200002"),
           ("familie.weber@example.org", "200003")]
SALT = "minor-salt"


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    folder: Path = tmp_path_factory.mktemp("minor_linked")
    (folder / "salesforce").mkdir()
    (folder / "mailchimp").mkdir()
    rows = [CONTACT_HEAD] + [
        f"{cid},0PK5g00000MIN0{i}AAA,,{first},{last},{mail},,Weg 1,20095,Hamburg,DE,{born},"
        "2023-01-01T08:00:00.000Z,2025-01-01T08:00:00.000Z,2025-01-01,Web,"
        for i, (cid, first, last, mail, born) in enumerate(CONTACTS, start=1)
    ]
    (folder / "salesforce" / "Contact.csv").write_text("\n".join(rows) + "\n", "utf-8")
    members = [MEMBER_HEAD] + [
        f'{mail},,,,3,"2024-06-01 09:00:00",198.51.100.7,"2024-06-01 09:05:00",'
        f'198.51.100.7,,,,,,DE,,"2024-06-01 09:05:00",{leid},e{leid},,'
        for mail, leid in MEMBERS
    ]
    (folder / "mailchimp" / "subscribed_members_export_5e6f7a8b9c.csv").write_text(
        "\n".join(members) + "\n", "utf-8")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [folder])
    model = build_model(con, None)
    assert {s.profile for s in model.sources} == {"salesforce", "mailchimp"}
    assert con.execute("SELECT count(*) FROM consents").fetchone() == (3,)
    # stored, as `gdpr-audit assess` does: the subjects (the links) are built first
    result = run_assessment(con, dt.date(2025, 6, 30), salt=SALT)
    linked = con.execute("SELECT contact_id FROM subjects WHERE contains(linked_by, 'email')"
                         ).fetchall()
    # Lina and Paul, each in both systems; the Webers' shared address links nobody
    assert sorted(c for (c,) in linked) == ["0035g00000MIN01AAA", "0035g00000MIN02AAA",
                                           "e200001", "e200002"]
    con.close()
    f = result.findings
    return set(f.loc[f["check_id"] == "consent.minor_without_parental_consent", "record_ref"])


def _consent(leid: str) -> str:
    return pseudonym(f"{leid}#newsletter", SALT, prefix="CS")


def test_a_members_age_comes_from_the_linked_contact(findings: set[str]) -> None:
    assert _consent("200001") in findings


def test_shared_address_and_adults_are_no_finding(findings: set[str]) -> None:
    assert findings == {_consent("200001")}
