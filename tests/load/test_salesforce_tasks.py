"""Salesforce Tasks: only e-mails and calls are communications (issue #10 item 9).

TaskSubtype is Task, Email, ListEmail, Cadence, Call or LinkedIn (Object Reference,
Task). A to-do ('Task' of Type Other, an open 'Prepare meeting') or a Cadence step
without a Type reached nobody: it has no channel, is skipped by the profile
(``require: [channel]``, counted in model_log.rows_skipped) and is never a send without
consent. A 'Task' logged with Type Call is a call.
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

FILES = {
    "Contact.csv": """\
Id,IndividualId,AccountId,FirstName,LastName,Email,Phone,MailingStreet,MailingPostalCode,\
MailingCity,MailingCountryCode,Birthdate,CreatedDate,LastModifiedDate,LastActivityDate,\
LeadSource,Description
0035g00000TST01AAA,0PK5g00000TSI01AAA,,Mia,Beispiel,mia.beispiel@example.org,,Testweg 1,\
20095,Hamburg,DE,1985-06-01,2023-09-01T08:00:00.000Z,2025-05-20T08:00:00.000Z,2025-05-20,Web,
""",
    "Individual.csv": """\
Id,FirstName,LastName,HasOptedOutSolicit,HasOptedOutProcessing,HasOptedOutTracking,\
ShouldForget,CreatedDate,LastModifiedDate
0PK5g00000TSI01AAA,Mia,Beispiel,false,false,false,false,2023-09-01T08:00:00.000Z,\
2024-06-15T08:00:00.000Z
""",
    "DataUsePurpose.csv": """\
Id,Name,Description,CanDataSubjectOptOut,IsActive
0ZW5g00000TSP01AAA,Newsletter,Monthly product newsletter,true,true
""",
    # e-mail consent (newsletter) since February 2024; no phone consent
    "ContactPointTypeConsent.csv": """\
Id,Name,PartyId,DataUsePurposeId,ContactPointType,PrivacyConsentStatus,CaptureDate,\
CaptureContactPointType,CaptureSource,EffectiveFrom,EffectiveTo,DoubleConsentCaptureDate
0ZY5g00000TST01AAA,Mia newsletter,0PK5g00000TSI01AAA,0ZW5g00000TSP01AAA,Email,OptIn,\
2024-02-01T10:00:00.000Z,Web,Web Form,2024-02-01T10:00:00.000Z,,2024-02-01T10:10:00.000Z
""",
    "Task.csv": """\
Id,WhoId,Subject,TaskSubtype,Type,CallType,Status,ActivityDate,CompletedDateTime,CreatedDate
00T5g00000TSK01AAA,0035g00000TST01AAA,List Email: Newsletter May,ListEmail,Email,,Completed,\
2024-05-02,2024-05-02T09:00:00.000Z,2024-05-02T09:00:00.000Z
00T5g00000TSK02AAA,0035g00000TST01AAA,Send quote,Task,Other,,Completed,2024-05-03,\
2024-05-03T09:00:00.000Z,2024-05-03T09:00:00.000Z
00T5g00000TSK03AAA,0035g00000TST01AAA,Call back about renewal,Task,Call,,Completed,\
2024-05-04,2024-05-04T09:00:00.000Z,2024-05-04T09:00:00.000Z
00T5g00000TSK04AAA,0035g00000TST01AAA,Prepare meeting,Task,,,Not Started,2024-05-05,,\
2024-05-05T09:00:00.000Z
00T5g00000TSK05AAA,0035g00000TST01AAA,Cadence step 2,Cadence,,,Completed,2024-05-06,\
2024-05-06T09:00:00.000Z,2024-05-06T09:00:00.000Z
00T5g00000TSK06AAA,0035g00000TST01AAA,Call: demo,Call,Call,Outbound,Completed,2024-05-07,\
2024-05-07T09:00:00.000Z,2024-05-07T09:00:00.000Z
00T5g00000TSK07AAA,0035g00000TST01AAA,Meeting notes,Task,Meeting,,Completed,2024-05-08,\
2024-05-08T09:00:00.000Z,2024-05-08T09:00:00.000Z
""",
}
SALT = "task-salt"


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("sf_tasks")
    for name, text in FILES.items():
        (folder / name).write_text(text, "utf-8")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [folder])
    build_model(con, None)
    result = run_assessment(con, dt.date(2025, 6, 30), salt=SALT, store=False)
    yield con, result.findings
    con.close()


def test_only_emails_and_calls_are_communications(audited) -> None:
    con, _ = audited
    rows = dict(con.execute("SELECT communication_id, channel FROM communications").fetchall())
    assert rows == {"00T5g00000TSK01AAA": "email", "00T5g00000TSK03AAA": "phone",
                    "00T5g00000TSK06AAA": "phone"}
    assert con.execute("SELECT profile, rows_in, rows_mapped, rows_skipped FROM model_log "
                       "WHERE raw_table = 'task'").fetchall() == [("salesforce", 7, 3, 4)]


def test_a_todo_is_no_send_without_consent(audited) -> None:
    """Traps: the calls (no phone consent) are findings, the covered list e-mail and the
    to-dos are not."""
    _, findings = audited
    found = set(findings.loc[findings["check_id"] == "consent.send_without_consent",
                             "record_ref"])
    assert found == {pseudonym(f"00T5g00000TSK0{n}AAA", SALT, prefix="M") for n in (3, 6)}
