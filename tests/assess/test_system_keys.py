"""Checks join a person's records by (system, contact_id), never by a bare id (issue #11,
#10 part 4): HubSpot 1063 and OroCRM 1063 are two people, so a consent, a data change,
a decision or a request of one is never the other's. Each trap below passes when the
check joins on the bare id; a linked record (the same personal address) is the same
person and counts across systems."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from gdpr_audit.assess import consent, retention, rights
from gdpr_audit.assess.base import AreaResult, make_context
from gdpr_audit.core.db import insert_rows
from gdpr_audit.load.subjects import build_subjects

from .conftest import AS_OF, SALT, add, ref, ts

#: raw table -> system (the profile that mapped it), as the model build logs it
SYSTEMS = {"hs_contacts": "hubspot", "hs_consents": "hubspot", "hs_tickets": "hubspot",
           "hs_changes": "hubspot", "hs_decisions": "hubspot",
           "oro_contacts": "orocrm", "oro_consents": "orocrm", "oro_cases": "orocrm",
           "oro_changes": "orocrm", "oro_decisions": "orocrm"}


@pytest.fixture
def landscape(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """HubSpot's Kim and OroCRM's Lea both carry the number 1063; OroCRM's 77 is
    HubSpot's 2001 (Ole: the same personal address)."""
    insert_rows(con, "model_log", ["canonical_table", "raw_table", "profile", "entity",
                                   "rows_mapped"],
                [("contacts", raw, system, "e", 1) for raw, system in SYSTEMS.items()])
    add(con, "contacts", [
        {"contact_id": "1063", "email": "kim.hansen@example.net", "source_table": "hs_contacts",
         "is_customer": False, "birth_date": dt.date(2012, 5, 1), "country": "DE",
         "created_at": ts("2019-01-01T10:00")},
        {"contact_id": "1063", "email": "lea.vogt@example.org", "source_table": "oro_contacts",
         "is_customer": False, "birth_date": dt.date(1980, 5, 1), "country": "DE",
         "created_at": ts("2019-01-01T10:00")},
        {"contact_id": "2001", "email": "ole@example.net", "source_table": "hs_contacts",
         "is_customer": False, "created_at": ts("2019-01-01T10:00")},
        {"contact_id": "77", "email": "Ole@Example.net", "source_table": "oro_contacts",
         "is_customer": False, "created_at": ts("2019-01-01T10:00")},
    ])
    return con


def assess(con: duckdb.DuckDBPyConnection, area) -> AreaResult:
    build_subjects(con)
    return area.run_area(make_context(con, AS_OF, None, SALT))


def flagged(result: AreaResult, check_id: str) -> list[str]:
    """record_refs of one check, repeated refs kept (a duplicate is a failure too)."""
    return sorted(result.findings.query("check_id == @check_id")["record_ref"])


def test_minor_check_reads_the_birth_date_of_the_same_system(landscape) -> None:
    add(landscape, "consents", [
        # Lea (OroCRM 1063, born 1980) consents in 2024: an adult. HubSpot's Kim, also
        # 1063, is 12: joined on the bare id, Lea's consent looks like a child's.
        {"consent_id": "K1", "contact_id": "1063", "purpose": "newsletter",
         "channel": "email", "legal_basis": "consent", "given_at": ts("2024-03-01T10:00"),
         "source_table": "oro_consents"},
        # Kim's own consent: a child without parental consent, one finding
        {"consent_id": "K2", "contact_id": "1063", "purpose": "newsletter",
         "channel": "email", "legal_basis": "consent", "given_at": ts("2024-03-01T10:00"),
         "source_table": "hs_consents"},
    ])
    result = assess(landscape, consent)
    assert flagged(result, "consent.minor_without_parental_consent") == [ref("K2", "CS")]


def test_minor_check_reads_a_linked_record_in_another_system(landscape) -> None:
    """Ole's birth date is in OroCRM only; his consent is recorded in HubSpot."""
    landscape.execute("UPDATE contacts SET birth_date = DATE '2011-02-01', country = 'DE' "
                      "WHERE contact_id = '77'")
    add(landscape, "consents", [
        {"consent_id": "K3", "contact_id": "2001", "purpose": "newsletter",
         "channel": "email", "legal_basis": "consent", "given_at": ts("2024-03-01T10:00"),
         "source_table": "hs_consents"},
    ])
    result = assess(landscape, consent)
    assert flagged(result, "consent.minor_without_parental_consent") == [ref("K3", "CS")]


def test_rectification_needs_a_change_of_the_same_person(landscape) -> None:
    add(landscape, "dsr_requests", [
        {"request_id": "Q1", "contact_id": "1063", "request_type": "rectification",
         "received_at": ts("2025-01-10T10:00"), "completed_at": ts("2025-01-20T10:00"),
         "status": "completed", "source_table": "hs_tickets"},
        {"request_id": "Q2", "contact_id": "77", "request_type": "rectification",
         "received_at": ts("2025-01-10T10:00"), "completed_at": ts("2025-01-20T10:00"),
         "status": "completed", "source_table": "oro_cases"},
    ])
    add(landscape, "contact_changes", [
        # Lea's record changed: not Kim's rectification (bare id: Q1 looks done)
        {"change_id": "X1", "contact_id": "1063", "changed_at": ts("2025-01-15T10:00"),
         "source_table": "oro_changes"},
        # Ole corrected in HubSpot answers his OroCRM request: the same person
        {"change_id": "X2", "contact_id": "2001", "changed_at": ts("2025-01-15T10:00"),
         "source_table": "hs_changes"},
    ])
    result = assess(landscape, rights)
    assert flagged(result, "rights.rectification_without_change") == [ref("Q1", "R")]


def test_automated_decision_after_optout_is_about_the_same_person(landscape) -> None:
    add(landscape, "dsr_requests", [
        {"request_id": "Q1", "contact_id": "1063", "request_type": "automated_decision_optout",
         "received_at": ts("2025-01-10T10:00"), "source_table": "hs_tickets"},
        {"request_id": "Q2", "contact_id": "2001", "request_type": "automated_decision_optout",
         "received_at": ts("2025-01-10T10:00"), "source_table": "hs_tickets"},
    ])
    add(landscape, "automated_decisions", [
        # a decision about Lea: not about Kim, who opted out (bare id: a finding)
        {"decision_id": "D1", "contact_id": "1063", "kind": "automated_decision",
         "decided_at": ts("2025-02-01T10:00"), "source_table": "oro_decisions"},
        # a decision about Ole in OroCRM after his opt-out in HubSpot: a finding
        {"decision_id": "D2", "contact_id": "77", "kind": "automated_decision",
         "decided_at": ts("2025-02-01T10:00"), "source_table": "oro_decisions"},
    ])
    result = assess(landscape, rights)
    assert flagged(result, "rights.automated_decision_after_optout") == [ref("Q2", "R")]


def test_processing_after_objection_is_about_the_same_person(landscape) -> None:
    add(landscape, "dsr_requests", [
        {"request_id": "Q1", "contact_id": "1063", "request_type": "objection",
         "received_at": ts("2025-01-10T10:00"), "source_table": "hs_tickets"},
        {"request_id": "Q2", "contact_id": "77", "request_type": "objection",
         "received_at": ts("2025-01-10T10:00"), "source_table": "oro_cases"},
        # 3003 has no contact row anywhere: the number in HubSpot's tickets and in
        # OroCRM's decisions still names two people
        {"request_id": "Q3", "contact_id": "3003", "request_type": "objection",
         "received_at": ts("2025-01-10T10:00"), "source_table": "hs_tickets"},
    ])
    add(landscape, "automated_decisions", [
        {"decision_id": "D1", "contact_id": "1063", "kind": "profiling",
         "decided_at": ts("2025-02-01T10:00"), "source_table": "oro_decisions"},
        {"decision_id": "D3", "contact_id": "3003", "kind": "profiling",
         "decided_at": ts("2025-02-01T10:00"), "source_table": "oro_decisions"},
        {"decision_id": "D2", "contact_id": "2001", "kind": "profiling",
         "decided_at": ts("2025-02-01T10:00"), "source_table": "hs_decisions"},
    ])
    result = assess(landscape, rights)
    assert flagged(result, "rights.processing_after_objection") == [ref("Q2", "R")]


def test_inactive_contact_sees_open_requests_of_the_same_person_only(landscape) -> None:
    add(landscape, "dsr_requests", [
        # Kim's open request in HubSpot does not hold Lea's OroCRM record
        {"request_id": "Q1", "contact_id": "1063", "request_type": "access",
         "received_at": ts("2026-11-01T10:00"), "status": "open", "source_table": "hs_tickets"},
        # Ole's open request in OroCRM holds his HubSpot record too
        {"request_id": "Q2", "contact_id": "77", "request_type": "access",
         "received_at": ts("2026-11-01T10:00"), "status": "open", "source_table": "oro_cases"},
    ])
    build_subjects(landscape)
    found = retention.inactive_contact(make_context(landscape, AS_OF, None, SALT))
    # Lea (OroCRM 1063) is flagged; Kim (HubSpot 1063) and Ole's two records are not
    assert sorted(zip(found["record_ref"], found["source_table"], strict=True)) == [
        (ref("1063"), "oro_contacts")]


def test_no_legal_basis_is_one_finding_per_person(con) -> None:
    """A person without any legal basis in two systems that both record customers is
    one finding (keyed to the person, both systems named), not one per record; two
    people sharing a number are two findings with two keys."""
    insert_rows(con, "model_log", ["canonical_table", "raw_table", "profile", "entity",
                                   "rows_mapped"],
                [("contacts", "hs_contacts", "hubspot", "contacts", 3),
                 ("contacts", "shop_customers", "shopware", "customers", 2)])
    add(con, "contacts", [
        # Clara in both systems, the same personal address, a customer in neither
        {"contact_id": "303", "email": "clara@example.org", "source_table": "hs_contacts",
         "is_customer": False, "created_at": ts("2022-09-01T10:00")},
        {"contact_id": "c-17", "email": "Clara@Example.org", "source_table": "shop_customers",
         "is_customer": False, "created_at": ts("2021-03-01T10:00")},
        # 1063 is two people: both without a legal basis, two findings
        {"contact_id": "1063", "email": "kim@example.net", "source_table": "hs_contacts",
         "is_customer": False, "created_at": ts("2024-01-01T10:00")},
        {"contact_id": "1063", "email": "lea@example.org", "source_table": "shop_customers",
         "is_customer": False, "created_at": ts("2024-02-01T10:00")},
        # a customer: no finding
        {"contact_id": "400", "email": "ida@example.org", "source_table": "hs_contacts",
         "is_customer": True},
    ])
    # someone's consent: the check needs a consents table to read
    add(con, "consents", [{"consent_id": "K9", "contact_id": "400", "purpose": "newsletter",
                           "channel": "email", "legal_basis": "consent",
                           "given_at": ts("2024-01-01T10:00")}])
    result = assess(con, consent)
    found = result.findings.query("check_id == 'consent.no_legal_basis'")
    details = dict(zip(found["record_ref"], found["detail"], strict=True))
    assert sorted(found["record_ref"]) == sorted(
        [ref("303"), ref("hubspot:1063"), ref("shopware:1063")])
    assert details[ref("303")] == (
        "contact held since 2021-03-01 with no recorded legal basis and no customer "
        "relationship (one person, 2 records in hubspot, shopware)")
    assert details[ref("hubspot:1063")].endswith("no customer relationship")
