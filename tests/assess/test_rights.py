"""Data-subject rights checks (Art. 12, 15-22): deadlines with calendar months, erasure."""

from __future__ import annotations

import pytest

from gdpr_audit.assess import rights
from gdpr_audit.assess.base import AssessContext
from gdpr_audit.report.i18n import localise_detail

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
                "('N2', 'C30', 'C3 asked', 'crm/notes.jsonl', 2), "        # not known as free text
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
    # searched any more; the canonical hits of Q1 remain, and the body, marked free text,
    # names C3 ('C3 asked').
    assert refs(rights.erasure_not_effective(ctx)) == {ref("Q1", "R"), ref("Q3", "R")}
    con.execute("INSERT INTO column_lineage VALUES ('notes', 'contact_id', 'crm__notes', "
                "'contact_id', 'demo')")
    assert refs(rights.erasure_not_effective(ctx)) == {ref("Q1", "R"), ref("Q3", "R"),
                                                       ref("Q5", "R")}


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


# (note body, whether it names the erased C3 / anna@ex.de): whole tokens only.
MENTIONS = [
    ("Duplicate of C3, merged into this record.", True),
    ("merged: C3.", True),                             # id followed by punctuation
    ("see (C3) and C3's old address", True),
    ("C3", True),                                      # the whole cell
    ("Duplicate of C30, merged into this record.", False),  # 'C3' inside 'C30'
    ("ticket XC3 and C3-1 and C3_old", False),         # longer tokens
    ("c3 in lower case", False),                       # ids compare exactly
    ("old address ANNA@EX.DE, merged", True),          # e-mails case-insensitively
    ("mailto:anna@ex.de", True),
    ("<anna@ex.de>.", True),
    ("cc xanna@ex.de", False),                         # inside a longer address
    ("cc anna@ex.de.au", False),
    ("cc anna@ex.dev", False),
]


def _mention_fixture(con, *, inventory: bool) -> None:
    add(con, "dsr_requests", [
        {"request_id": "Q3", "contact_id": "C3", "request_type": "erasure",
         "received_at": ts("2025-01-01T10:00"), "completed_at": ts("2025-01-10T10:00"),
         "status": "completed"}])
    # C3's contact row is left (always a hit) so that its address is known to the search.
    add(con, "contacts", [{"contact_id": "C3", "email": "Anna@Ex.de"},
                          {"contact_id": "C30", "email": "other@ex.de"}])
    con.execute("CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.crm__notes (note_id VARCHAR, contact_id VARCHAR, "
                "body VARCHAR, _source_file VARCHAR, _record_no BIGINT)")
    if inventory:
        con.execute("CREATE TABLE pii_columns (table_name VARCHAR, source VARCHAR, "
                    "column_name VARCHAR, entity_type VARCHAR, category VARCHAR, "
                    "score DOUBLE, share DOUBLE, why VARCHAR, free_text BOOLEAN, rows BIGINT)")
        con.execute("INSERT INTO pii_columns VALUES ('crm__notes', 'raw', 'body', 'PERSON', "
                    "'pii', 0.9, 0.5, 'ner', true, 1)")


@pytest.mark.parametrize(("body", "named"), MENTIONS)
def test_erasure_finds_subject_named_in_canonical_note(con, ctx: AssessContext, body,
                                                         named) -> None:
    """Art. 17: another contact's note naming the erased person is still about them."""
    _mention_fixture(con, inventory=False)
    add(con, "notes", [{"note_id": "N9", "contact_id": "C30", "body": body}])
    found = rights.erasure_not_effective(ctx)
    detail = dict(zip(found["record_ref"], found["detail"], strict=True))
    # C3's own contact row is always a hit; the note adds a place only when it names C3.
    assert ("notes.body (1 row, named in text)" in detail[ref("Q3", "R")]) is named
    assert body not in detail[ref("Q3", "R")]


@pytest.mark.parametrize(("body", "named"), MENTIONS)
def test_erasure_finds_subject_named_in_raw_free_text(con, ctx: AssessContext, body,
                                                      named) -> None:
    """A raw column the inventory marks as free text is searched token by token."""
    _mention_fixture(con, inventory=True)
    con.execute("INSERT INTO raw.crm__notes VALUES ('N9', 'C30', ?, 'notes.jsonl', 1)",
                [body])
    found = rights.erasure_not_effective(ctx)
    detail = found["detail"].iloc[0]
    assert ("raw.crm__notes.body (1 row, named in text)" in detail) is named
    assert body not in detail and "anna" not in detail.lower()


def test_erasure_text_mention_alone_is_a_finding(con, ctx: AssessContext) -> None:
    """Contact row deleted (its address no longer known): the id named in a note of the
    merged record still makes the erasure ineffective."""
    _mention_fixture(con, inventory=False)
    con.execute("DELETE FROM contacts WHERE contact_id = 'C3'")
    assert rights.erasure_not_effective(ctx).empty
    add(con, "notes", [{"note_id": "N9", "contact_id": "C30",
                        "body": "Duplicate of C3, merged into this record."}])
    found = rights.erasure_not_effective(ctx)
    assert refs(found) == {ref("Q3", "R")}
    assert found["detail"].iloc[0].endswith(
        "identifiers still held in 1 table(s): notes.body (1 row, named in text)")
    german = localise_detail("rights.erasure_not_effective", found["detail"].iloc[0], "de")
    assert german.endswith("Kennungen noch in 1 Tabelle(n): notes.body (1 Zeile, im Text genannt)")


def test_erasure_text_search_follows_lineage_and_skips_short_numbers(
        con, ctx: AssessContext) -> None:
    """A raw column the model maps to notes.body is free text without an inventory; a
    purely numeric id of under 6 digits is looked for as a whole cell only."""
    add(con, "dsr_requests", [
        {"request_id": "Q7", "contact_id": "10115", "request_type": "erasure",
         "received_at": ts("2025-01-01T10:00"), "completed_at": ts("2025-01-10T10:00"),
         "status": "completed"},
        {"request_id": "Q8", "contact_id": "4711042", "request_type": "erasure",
         "received_at": ts("2025-01-01T10:00"), "completed_at": ts("2025-01-10T10:00"),
         "status": "completed"}])
    con.execute("CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.hs__notes (id VARCHAR, text VARCHAR)")
    con.execute("INSERT INTO raw.hs__notes VALUES ('1', 'moved to 10115 Berlin'), "
                "('2', 'merged 4711042 into this contact'), ('3', 'ref 47110420')")
    assert rights.erasure_not_effective(ctx).empty    # not known as free text yet
    con.execute("INSERT INTO column_lineage VALUES ('notes', 'body', 'hs__notes', 'text', "
                "'hubspot')")
    found = rights.erasure_not_effective(ctx)
    assert refs(found) == {ref("Q8", "R")}
    assert "raw.hs__notes.text (1 row, named in text)" in found["detail"].iloc[0]
    con.execute("INSERT INTO raw.hs__notes VALUES ('4', '10115')")   # a whole cell
    assert refs(rights.erasure_not_effective(ctx)) == {ref("Q7", "R"), ref("Q8", "R")}


@pytest.mark.parametrize("pattern_max", [0, 1000])
def test_erasure_text_search_same_without_prefilter(con, ctx: AssessContext, monkeypatch,
                                                    pattern_max) -> None:
    """The RE2 prefilter only skips rows: with or without it the same places are found;
    identifiers with RE2's special characters are escaped ('C.3' does not match 'CX3')."""
    from gdpr_audit.assess import subject_search

    monkeypatch.setattr(subject_search, "_PATTERN_MAX", pattern_max)
    _mention_fixture(con, inventory=False)
    add(con, "dsr_requests", [
        {"request_id": f"Q{i}", "contact_id": cid, "request_type": "erasure",
         "received_at": ts("2025-01-01T10:00"), "completed_at": ts("2025-01-10T10:00"),
         "status": "completed"}
        for i, cid in ((4, "C.3"), (5, "X(7"), (6, "a+b@ex.de"))])
    add(con, "notes", [{"note_id": f"N{i}", "contact_id": "C30", "body": body}
                       for i, (body, _) in enumerate(MENTIONS)]
        + [{"note_id": "N90", "contact_id": "C30", "body": "see CX3 and X(7"},
           {"note_id": "N91", "contact_id": "C30", "body": "X(7"},
           {"note_id": "N92", "contact_id": "C30", "body": "from A+B@EX.DE: erase me"}])
    found = rights.erasure_not_effective(ctx)
    detail = dict(zip(found["record_ref"], found["detail"], strict=True))
    named = sum(n for _, n in MENTIONS)
    assert f"notes.body ({named} rows, named in text)" in detail[ref("Q3", "R")]
    assert ref("Q4", "R") not in detail                       # '.' is no wildcard
    assert "notes.body (1 row, named in text)" in detail[ref("Q5", "R")]  # whole cell only
    assert "notes.body (1 row, named in text)" in detail[ref("Q6", "R")]
