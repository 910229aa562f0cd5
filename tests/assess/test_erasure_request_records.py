"""rights.erasure_not_effective and the records that document a request (Art. 17(1)).

A CRM's request is often also a ticket: Salesforce's Case becomes a ``dsr_requests`` row
and, from the same source row, a ``business_records`` ticket (and a note of its
Description). That documentation of the request itself may be kept (Art. 5(2)
accountability, Art. 17(3)(b),(e)) and is not the erased person's data still held; any
other row naming them is: a support ticket that is no request, an invoice without a
legal hold, a note of another row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.assess import rights
from gdpr_audit.assess.base import AssessContext
from gdpr_audit.assess.registry import run_assessment
from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

from .conftest import add, ref, refs, ts

DONE = {"received_at": ts("2025-04-10T08:00"), "completed_at": ts("2025-04-20T08:00"),
        "status": "completed"}


def _erasure_case(con) -> None:
    """Case 00002001 (row 1 of the case export): C2's completed erasure request."""
    add(con, "dsr_requests", [
        {"request_id": "00002001", "contact_id": "C2", "request_type": "erasure", **DONE,
         "source_table": "case", "source_row": 1},
    ])


def _details(found) -> dict[str, str]:
    return dict(zip(found["record_ref"], found["detail"], strict=True))


def test_the_requests_own_ticket_and_note_are_no_leftover(con, ctx: AssessContext) -> None:
    _erasure_case(con)
    add(con, "business_records", [
        {"record_id": "00002001", "record_type": "ticket", "contact_id": "C2",
         "created_at": ts("2025-04-20T08:00"), "source_table": "case", "source_row": 1},
    ])
    add(con, "notes", [
        {"note_id": "00002001#Description", "contact_id": "C2", "body": "Delete C2 please",
         "source_table": "case", "source_row": 1},
    ])
    assert rights.erasure_not_effective(ctx).empty


@pytest.mark.parametrize("record, place", [
    # the same raw table, another row: a support case of the person, not the request
    ({"record_id": "00002009", "record_type": "ticket", "source_table": "case",
      "source_row": 2}, "business_records (1 row)"),
    # the same row number of another table: an ERP invoice without a legal hold
    ({"record_id": "RE-2025-0001", "record_type": "invoice", "legal_hold": False,
      "source_table": "belegliste", "source_row": 1}, "business_records (1 row)"),
    # no provenance at all (a hand-made table): never taken for documentation
    ({"record_id": "RE-2025-0002", "record_type": "invoice", "source_table": None,
      "source_row": None}, "business_records (1 row)"),
])
def test_a_real_leftover_is_still_found(con, ctx: AssessContext, record, place) -> None:
    _erasure_case(con)
    add(con, "business_records", [
        {"record_id": "00002001", "record_type": "ticket", "contact_id": "C2",
         "source_table": "case", "source_row": 1},
        {**record, "contact_id": "C2", "created_at": ts("2025-03-01T08:00")},
    ])
    found = rights.erasure_not_effective(ctx)
    assert refs(found) == {ref("00002001", "R")}
    assert place in _details(found)[ref("00002001", "R")]


def test_a_note_of_another_row_naming_the_person_is_found(con, ctx: AssessContext) -> None:
    _erasure_case(con)
    add(con, "notes", [
        {"note_id": "00002001#Description", "contact_id": "C2", "body": "Delete C2 please",
         "source_table": "case", "source_row": 1},
        {"note_id": "N7", "contact_id": "C9", "body": "duplicate of C2, merged",
         "source_table": "notes", "source_row": 1},
    ])
    found = rights.erasure_not_effective(ctx)
    assert "notes.body (1 row, named in text)" in _details(found)[ref("00002001", "R")]


def test_a_case_no_rule_takes_for_a_request_is_no_documentation(
        con, ctx: AssessContext) -> None:
    """Only recognised requests document themselves: a 'Problem' case of the erased
    person is in dsr_requests (every Case is a candidate) but its ticket is their data."""
    add(con, "dsr_requests", [
        {"request_id": "00002001", "contact_id": "C2", "request_type": "erasure", **DONE,
         "source_table": "case", "source_row": 1},
        {"request_id": "00002002", "contact_id": "C2", "case_type": "Problem",
         "subject_line": "Printer jams", "received_at": ts("2025-01-10T08:00"),
         "source_table": "case", "source_row": 2},
    ])
    add(con, "business_records", [
        {"record_id": f"0000200{n}", "record_type": "ticket", "contact_id": "C2",
         "source_table": "case", "source_row": n} for n in (1, 2)
    ])
    found = rights.erasure_not_effective(ctx)
    assert "business_records (1 row)" in _details(found)[ref("00002001", "R")]


CONTACT_CSV = """\
Id,FirstName,LastName,Email,CreatedDate,LastModifiedDate
0035g00000TST01AAA,Mia,Beispiel,mia.beispiel@example.org,2023-09-01T08:00:00.000Z,\
2025-05-20T08:00:00.000Z
"""
CASE_CSV = """\
Id,CaseNumber,ContactId,Subject,Type,Reason,Origin,Status,IsClosed,CreatedDate,ClosedDate
5005g00000TSS01AAA,00002001,0035g00000TST02AAA,Please delete my data (Art. 17 GDPR),\
Erasure Request,Other,Web,Closed,true,2025-04-10T08:00:00.000Z,2025-04-20T08:00:00.000Z
5005g00000TSS02AAA,00002002,0035g00000TST03AAA,Please delete my data (Art. 17 GDPR),\
Erasure Request,Other,Web,Closed,true,2025-04-11T08:00:00.000Z,2025-04-21T08:00:00.000Z
"""
# The ERP keeps the CRM's contact id as customer number: Leon's invoice survives his
# erasure and has no hold (Sperrvermerk empty).
BELEGE_CSV = """\
Belegart;Belegnummer;Belegdatum;Kundennummer;Kunde;Betrag brutto;Sperrvermerk
Rechnung;RE-2025-0107;01.03.2025;0035g00000TST03AAA;Muster GmbH;1.190,00;
Rechnung;RE-2025-0108;02.03.2025;0035g00000TST01AAA;Beispiel AG;595,00;
"""


@pytest.fixture
def salesforce_and_erp(tmp_path: Path) -> Path:
    (tmp_path / "salesforce").mkdir()
    (tmp_path / "salesforce" / "Contact.csv").write_text(CONTACT_CSV, "utf-8")
    (tmp_path / "salesforce" / "Case.csv").write_text(CASE_CSV, "utf-8")
    (tmp_path / "erp").mkdir()
    (tmp_path / "erp" / "Belegliste.csv").write_text(BELEGE_CSV, "cp1252")
    return tmp_path


def test_salesforce_erasure_case_through_the_pipeline(salesforce_and_erp: Path) -> None:
    """The Case is a request and a ticket: the erasure of 003…TST02 (nothing else left)
    is effective; 003…TST03's invoice without a hold is still held."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [salesforce_and_erp])
    build_model(con, None)
    assert con.execute("SELECT count(*) FROM business_records WHERE record_type = 'ticket'"
                       ).fetchone() == (2,)
    result = run_assessment(con, dt.date(2025, 6, 30), salt="t", store=False)
    found = result.findings[result.findings["check_id"] == "rights.erasure_not_effective"]
    assert set(found["record_ref"]) == {pseudonym("00002002", "t", prefix="R")}
    detail = found["detail"].iloc[0]
    assert "business_records (1 row)" in detail
    assert "TST03" not in detail and "RE-2025" not in detail
