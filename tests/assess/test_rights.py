"""Data-subject rights checks (Art. 12, 15-22): deadlines with calendar months, erasure."""

from __future__ import annotations

import pytest

from gdpr_audit.assess import rights
from gdpr_audit.assess.base import AssessContext

from .conftest import add, ref, refs, ts

# (received UTC, extended, completed UTC or None, status, expected check or None)
# Legal deadline on the Berlin calendar: received + 1 month (+ 3 when extended).
DEADLINES = [
    ("2025-01-31T10:00", False, "2025-02-28T20:00", "completed", None),  # Jan 31 -> Feb 28
    ("2025-01-31T10:00", False, "2025-03-01T08:00", "completed", "rights.late_response"),
    # 23:30 UTC on 28 Feb is 1 Mar in Berlin: a day late.
    ("2025-01-31T10:00", False, "2025-02-28T23:30", "completed", "rights.late_response"),
    ("2024-01-31T10:00", False, "2024-02-29T12:00", "completed", None),  # leap year
    ("2025-01-31T23:30", False, "2025-03-01T12:00", "completed", None),  # received 1 Feb Berlin
    ("2025-01-31T10:00", True, "2025-04-30T12:00", "completed", None),   # extension recorded
    ("2025-01-31T10:00", True, "2025-05-01T12:00", "completed", "rights.late_response"),
    ("2025-01-31T10:00", False, "2025-04-30T12:00", "completed", "rights.late_response"),
    # Open requests on the audit day 2026-11-28.
    ("2026-10-27T10:00", False, None, "open", "rights.open_overdue"),      # due 27 Nov
    ("2026-10-28T10:00", False, None, "in_progress", "rights.open_due_soon"),  # due today
    ("2026-11-05T10:00", False, None, "open", "rights.open_due_soon"),     # due in 7 days
    ("2026-11-06T10:00", False, None, "open", None),                       # due in 8 days
    ("2026-08-27T10:00", True, None, "open", "rights.open_overdue"),       # extended, due 27 Nov
    ("2026-08-28T10:00", True, None, "open", "rights.open_due_soon"),
    ("2025-01-01T10:00", False, None, "rejected", None),
    (None, False, None, "open", "rights.request_missing_date"),
    (None, False, "2025-01-01T10:00", "completed", "rights.request_missing_date"),
]


@pytest.mark.parametrize(("received", "extended", "completed", "status", "expected"), DEADLINES)
def test_deadlines(con, ctx: AssessContext, received, extended, completed, status,
                   expected) -> None:
    add(con, "dsr_requests", [{
        "request_id": "Q1", "contact_id": "C1", "request_type": "access",
        "received_at": ts(received) if received else None, "extended": extended,
        "completed_at": ts(completed) if completed else None, "status": status,
    }])
    result = rights.run_area(ctx)
    assert list(result.findings["check_id"]) == ([expected] if expected else [])
    if expected:
        assert list(result.findings["record_ref"]) == [ref("Q1", "R")]
    table = result.tables["requests"]
    assert list(table["request_ref"]) == [ref("Q1", "R")]
    if expected == "rights.late_response":
        assert table["days_late"].iloc[0] >= 1


def test_days_late_counts_calendar_days(con, ctx: AssessContext) -> None:
    add(con, "dsr_requests", [{
        "request_id": "Q1", "contact_id": "C1", "request_type": "access",
        "received_at": ts("2025-01-31T10:00"), "completed_at": ts("2025-03-03T10:00"),
        "status": "completed",
    }])
    table = rights.run_area(ctx).tables["requests"]
    assert str(table["legal_deadline"].iloc[0])[:10] == "2025-02-28"
    assert table["days_late"].iloc[0] == 3


def _erasure_fixture(con) -> None:
    add(con, "contacts", [
        {"contact_id": "C1", "email": "Anna.Muller@example.de"},   # erased, still here
        {"contact_id": "C10", "email": "anna.mueller@example.de"}, # a different person
        {"contact_id": "C30", "email": "jan@example.com.au"},
    ])
    add(con, "consents", [{"consent_id": "K1", "contact_id": "C1"}])
    add(con, "dsr_requests", [
        {"request_id": "Q1", "contact_id": "C1", "request_type": "erasure",
         "received_at": ts("2025-01-01T10:00"), "completed_at": ts("2025-01-10T10:00"),
         "status": "completed", "source_table": "raw.privacy__requests", "source_row": 1},
        {"request_id": "Q3", "contact_id": "C3", "request_type": "erasure",
         "received_at": ts("2025-01-01T10:00"), "completed_at": ts("2025-01-10T10:00"),
         "status": "completed", "source_table": "raw.privacy__requests", "source_row": 2},
        {"request_id": "Q5", "contact_id": "C5", "request_type": "erasure",
         "received_at": ts("2025-01-01T10:00"), "completed_at": ts("2025-01-10T10:00"),
         "status": "completed", "source_table": "raw.privacy__requests", "source_row": 3},
        {"request_id": "Q6", "contact_id": "C6", "request_type": "erasure",
         "received_at": ts("2026-11-01T10:00"), "status": "open",
         "source_table": "raw.privacy__requests", "source_row": 4},
    ])
    con.execute("CREATE SCHEMA raw")
    # The request log itself keeps the ids (accountability): never a hit.
    con.execute('CREATE TABLE raw.privacy__requests ("Request ID" VARCHAR, "Contact ID" VARCHAR)')
    con.execute("INSERT INTO raw.privacy__requests VALUES ('Q1','C1'),('Q3','C3'),('Q5','C5'),"
                "('Q6','C6')")
    con.execute('CREATE TABLE raw.crm__notes (note_id VARCHAR, contact_id VARCHAR, body VARCHAR, '
                '_source_file VARCHAR, _record_no BIGINT)')
    con.execute("INSERT INTO raw.crm__notes VALUES "
                "('N1', 'C5', 'called back', 'crm/notes.jsonl', 1), "      # C5 survives here
                "('N2', 'C30', 'C3 asked', 'crm/notes.jsonl', 2), "        # 'C3' inside text
                "('N3', 'C6', 'meeting', 'crm/notes.jsonl', 3)")           # C6 not yet erased


def test_erasure_not_effective(con, ctx: AssessContext) -> None:
    _erasure_fixture(con)
    found = rights.erasure_not_effective(ctx)
    assert refs(found) == {ref("Q1", "R"), ref("Q5", "R")}
    detail = dict(zip(found["record_ref"], found["detail"], strict=True))
    assert "contacts (1 row)" in detail[ref("Q1", "R")]
    assert "consents (1 row)" in detail[ref("Q1", "R")]
    assert "raw.crm__notes (1 row)" in detail[ref("Q5", "R")]
    assert "privacy__requests" not in " ".join(detail.values())
    assert not found["detail"].str.contains("example|C1|C5").any()


def test_erasure_email_inside_free_text_is_found(con, ctx: AssessContext) -> None:
    _erasure_fixture(con)
    con.execute("DELETE FROM consents")
    con.execute("INSERT INTO raw.crm__notes VALUES "
                "('N4', 'C99', 'Write to ANNA.MULLER@example.de, please.', 'crm/notes.jsonl', 4), "
                "('N5', 'C98', 'cc anna.mueller@example.de', 'crm/notes.jsonl', 5)")
    con.execute("DELETE FROM contacts WHERE contact_id = 'C1'")
    # C1's contact row is gone, so its address is unknown: only the id is searched.
    assert ref("Q1", "R") not in refs(rights.erasure_not_effective(ctx))
    con.execute("INSERT INTO contacts (contact_id, email) VALUES ('C1', 'anna.muller@example.de')")
    found = rights.erasure_not_effective(ctx)
    detail = dict(zip(found["record_ref"], found["detail"], strict=True))
    assert "raw.crm__notes (1 row)" in detail[ref("Q1", "R")]


def test_erasure_uses_pii_inventory_columns_when_present(con, ctx: AssessContext) -> None:
    _erasure_fixture(con)
    con.execute("CREATE TABLE column_lineage_dummy AS SELECT 1")  # unrelated table is ignored
    con.execute("CREATE TABLE pii_columns (table_name VARCHAR, source VARCHAR, "
                "column_name VARCHAR, entity_type VARCHAR, category VARCHAR, score DOUBLE, "
                "share DOUBLE, why VARCHAR, free_text BOOLEAN, rows BIGINT)")
    con.execute("INSERT INTO pii_columns VALUES ('crm__notes', 'raw', 'body', 'PERSON', 'pii', "
                "0.9, 0.5, 'ner', true, 3)")
    # With an inventory and no lineage for raw.crm__notes.contact_id, that column is not
    # searched any more; the canonical hits of Q1 remain.
    assert refs(rights.erasure_not_effective(ctx)) == {ref("Q1", "R")}
    con.execute("INSERT INTO column_lineage VALUES ('notes', 'contact_id', 'crm__notes', "
                "'contact_id', 'demo')")
    assert refs(rights.erasure_not_effective(ctx)) == {ref("Q1", "R"), ref("Q5", "R")}


@pytest.mark.parametrize(
    ("changes", "completed", "flagged"),
    [
        ([("C1", "2025-01-05T10:00")], "2025-01-10T10:00", False),
        ([("C1", "2024-12-31T10:00")], "2025-01-10T10:00", True),   # change before request
        ([("C10", "2025-01-05T10:00")], "2025-01-10T10:00", True),  # another contact
        ([("C1", "2025-01-10T10:00")], "2025-01-10T10:00", False),  # at completion
        ([], None, False),                                          # not completed yet
    ],
)
def test_rectification_without_change(con, ctx: AssessContext, changes, completed,
                                      flagged) -> None:
    add(con, "dsr_requests", [{
        "request_id": "Q1", "contact_id": "C1", "request_type": "rectification",
        "received_at": ts("2025-01-01T10:00"),
        "completed_at": ts(completed) if completed else None, "status": "completed",
    }])
    add(con, "contact_changes", [{"change_id": f"X{i}", "contact_id": c, "changed_at": ts(t)}
                                 for i, (c, t) in enumerate(changes)])
    assert (refs(rights.rectification_without_change(ctx)) == {ref("Q1", "R")}) is flagged


@pytest.mark.parametrize(
    ("request_type", "decision", "send", "expected"),
    [
        ("objection", ("profiling", "2025-02-01T10:00"), None, "objection"),
        ("objection", None, "2025-02-01T10:00", "objection"),
        ("objection", ("scoring", "2024-12-01T10:00"), "2024-12-01T10:00", None),
        ("automated_decision_optout", ("automated_decision", "2025-02-01T10:00"), None, "optout"),
        ("automated_decision_optout", ("profiling", "2025-02-01T10:00"), None, None),
        ("automated_decision_optout", ("automated_decision", "2024-12-01T10:00"), None, None),
        ("access", ("automated_decision", "2025-02-01T10:00"), "2025-02-01T10:00", None),
    ],
)
def test_processing_after_objection_and_optout(con, ctx: AssessContext, request_type, decision,
                                               send, expected) -> None:
    add(con, "dsr_requests", [{"request_id": "Q1", "contact_id": "C1",
                               "request_type": request_type,
                               "received_at": ts("2025-01-01T10:00"), "status": "open"}])
    if decision:
        add(con, "automated_decisions", [{"decision_id": "D1", "contact_id": "C1",
                                          "kind": decision[0], "decided_at": ts(decision[1])}])
        add(con, "automated_decisions", [{"decision_id": "D2", "contact_id": "C10",
                                          "kind": decision[0], "decided_at": ts(decision[1])}])
    if send:
        add(con, "communications", [{"communication_id": "M1", "contact_id": "C1",
                                     "sent_at": ts(send)}])
    objection = refs(rights.processing_after_objection(ctx))
    optout = refs(rights.automated_decision_after_optout(ctx))
    assert (objection == {ref("Q1", "R")}) is (expected == "objection")
    assert (optout == {ref("Q1", "R")}) is (expected == "optout")


def test_erasure_finds_identifiers_in_quarantined_records(con, ctx: AssessContext) -> None:
    """A record that could not be loaded is still held (Art. 17 covers it too)."""
    _erasure_fixture(con)
    con.execute("CREATE TABLE load_quarantine (path VARCHAR, table_name VARCHAR, "
                "record_no BIGINT, reason VARCHAR, raw_record VARCHAR, "
                "quarantined_at TIMESTAMPTZ)")
    con.execute("INSERT INTO load_quarantine VALUES "
                "('crm/contacts.csv', 'crm__contacts', 7, 'ragged row: 4 fields, header has 3', "
                "'\"C30\";Jan;x;y', now()), "                 # C30 is not C3
                "('crm/contacts.csv', 'crm__contacts', 9, 'ragged row: 4 fields, header has 3', "
                "'C3;Jan;jan@example.com;extra', now())")
    found = rights.erasure_not_effective(ctx)
    detail = dict(zip(found["record_ref"], found["detail"], strict=True))
    assert refs(found) == {ref("Q1", "R"), ref("Q3", "R"), ref("Q5", "R")}
    assert "load_quarantine (1 row)" in detail[ref("Q3", "R")]
    assert "load_quarantine" not in detail[ref("Q1", "R")]
