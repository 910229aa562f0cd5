"""One person across systems, never two (gdpr_audit.load.subjects; issues #10 part 4, #11)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pytest

from gdpr_audit.assess import consent
from gdpr_audit.assess.base import make_context
from gdpr_audit.core.db import insert_rows, sql_text
from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.subjects import build_subjects


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.execute(sql_text("model", "canonical"))
    yield connection
    connection.close()


def contacts(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    insert_rows(con, "contacts", ["contact_id", "email", "individual_id", "source_table"], rows)


def subjects(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    return {c: (k, rule) for k, c, rule in con.execute(
        "SELECT subject_key, contact_id, linked_by FROM subjects").fetchall()}


def test_links_by_individual_and_normalised_email(con) -> None:
    contacts(con, [
        # Salesforce Contact naming its Individual (consents carry the Individual's id)
        ("003A", "Anna.Berg@Example.de ", "0PKA", "sf__contact"),
        # the same address in Mailchimp, other case and spaces
        ("mc-7", " anna.berg@example.de", None, "mailchimp__members"),
        # HubSpot contact whose record id the ERP keeps as its person id
        ("hs-9", "berg@firma.example", None, "hubspot__contacts"),
        ("K-100", None, "hs-9", "erp__customers"),
        # traps: a different address, an empty address, a self reference
        ("003B", "anna.berg@example.com", None, "sf__contact"),
        ("003C", "", None, "sf__contact"),
        ("003D", "d@example.de", "003D", "sf__contact"),
    ])
    report = build_subjects(con)
    found = subjects(con)
    assert found["003A"] == ("003A", "email,individual_id")
    assert found["0PKA"] == ("003A", "individual_id")
    assert found["mc-7"] == ("003A", "email")
    assert found["K-100"] == ("K-100", "individual_id")
    assert found["hs-9"] == ("K-100", "individual_id")
    # unlinked ids are persons of their own and not stored
    assert not {"003B", "003C", "003D"} & set(found)
    assert (report.records, report.subjects) == (5, 2)
    # no address is stored
    assert not any("@" in c for c in found)


def test_chains_are_followed_and_rebuild_replaces(con) -> None:
    contacts(con, [("a", "x@e.de", None, "s1"), ("b", "x@e.de", "i1", "s2"),
                   ("c", "y@e.de", "i1", "s3"), ("d", "y@e.de", None, "s4")])
    build_subjects(con)
    assert {k for k, _ in subjects(con).values()} == {"a"}
    assert set(subjects(con)) == {"a", "b", "c", "d", "i1"}
    con.execute("DELETE FROM contacts WHERE contact_id IN ('b', 'c')")
    report = build_subjects(con)
    assert report.records == 0 and subjects(con) == {}


def test_empty_contacts(con) -> None:
    report = build_subjects(con)
    assert (report.records, report.subjects) == (0, 0)


# --- issue #11: a contact id names a person only inside its own system -----------------

AS_OF = dt.date(2025, 6, 30)
SALT = "subjects-test-salt"
SYSTEMS = {"hs_contacts": "hubspot", "hs_subscriptions": "hubspot", "hs_emails": "hubspot",
           "oro_contacts": "orocrm", "erp_customers": "erp_invoices_de",
           "sf_contact": "salesforce", "sf_consent": "salesforce", "sf_task": "salesforce",
           "mc_members": "mailchimp", "mc_activity": "mailchimp"}


def model_log(con: duckdb.DuckDBPyConnection) -> None:
    """Provenance as the model build records it: raw table -> profile (the system)."""
    insert_rows(con, "model_log", ["canonical_table", "raw_table", "profile", "entity",
                                   "rows_mapped"],
                [("contacts", raw, profile, "e", 1) for raw, profile in SYSTEMS.items()])


def people(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """(contact_id, email, individual_id, source_table) contacts, none a customer."""
    insert_rows(con, "contacts",
                ["contact_id", "email", "individual_id", "source_table", "is_customer"],
                [(*r, False) for r in rows])


def keyed(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    return {(s, c): k for k, s, c in con.execute(
        "SELECT subject_key, system, contact_id FROM subjects").fetchall()}


def opt_in(consent_id: str, contact: str, table: str) -> tuple:
    return (consent_id, contact, "newsletter", "email", "consent",
            dt.datetime(2024, 1, 1, 10, tzinfo=dt.UTC),
            dt.datetime(2024, 1, 1, 10, 5, tzinfo=dt.UTC),
            "web_form", "v1", table)


def consents(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    insert_rows(con, "consents", ["consent_id", "contact_id", "purpose", "channel",
                                  "legal_basis", "given_at", "doi_confirmed_at",
                                  "proof_source", "notice_version", "source_table"], rows)


def sends(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str]]) -> None:
    """(communication_id, contact_id, source_table) newsletter e-mails of 2025-02-01."""
    insert_rows(con, "communications", ["communication_id", "contact_id", "purpose", "channel",
                                        "sent_at", "direction", "source_table"],
                [(i, c, "newsletter", "email", dt.datetime(2025, 2, 1, 9, tzinfo=dt.UTC),
                  "outbound", t) for i, c, t in rows])


def without_consent(con: duckdb.DuckDBPyConnection) -> set[str]:
    result = consent.run_area(make_context(con, AS_OF, None, SALT))
    found = result.findings.query("check_id == 'consent.send_without_consent'")
    return set(found["record_ref"])


def test_the_same_number_in_two_systems_is_two_people(con) -> None:
    model_log(con)
    people(con, [
        ("1063", "kim.hansen@example.net", None, "hs_contacts"),
        ("1063", "lea.vogt@example.org", None, "oro_contacts"),
        ("1063", None, None, "erp_customers"),
        ("2001", "ole@example.net", None, "hs_contacts"),
    ])
    consents(con, [opt_in("K1", "1063", "hs_subscriptions")])
    sends(con, [("H1", "1063", "hs_emails"),      # HubSpot's Kim: covered
                ("O1", "1063", "oro_contacts")])   # OroCRM's Lea: nobody consented
    report = build_subjects(con)
    keys = keyed(con)
    # the shared number is kept apart, one key per system, linked to nobody
    assert keys == {("hubspot", "1063"): "hubspot:1063", ("orocrm", "1063"): "orocrm:1063",
                    ("erp_invoices_de", "1063"): "erp_invoices_de:1063"}
    assert (report.subjects, report.shared_ids) == (0, 1)
    assert con.execute("SELECT DISTINCT linked_by, records FROM subjects").fetchall() == [
        (None, 1)]
    # a consent in HubSpot does not cover OroCRM's send to another person numbered 1063
    assert without_consent(con) == {pseudonym("O1", SALT, prefix="M")}


def test_without_subjects_the_shared_number_would_cover(con) -> None:
    """The trap above fails without the rule: keyed by bare id, Kim's consent covers Lea."""
    model_log(con)
    people(con, [("1063", None, None, "hs_contacts"), ("1063", None, None, "oro_contacts")])
    consents(con, [opt_in("K1", "1063", "hs_subscriptions")])
    sends(con, [("O1", "1063", "oro_contacts")])
    assert without_consent(con) == set()  # no subjects table: ids are compared as they are
    build_subjects(con)
    assert without_consent(con) == {pseudonym("O1", SALT, prefix="M")}


def test_a_personal_address_links_two_systems_and_the_consent_covers(con) -> None:
    model_log(con)
    people(con, [
        ("003A", "Anna.Berg@Example.de ", None, "sf_contact"),
        ("1063", " anna.berg@example.de", None, "mc_members"),
        ("1063", "lea.vogt@example.org", None, "oro_contacts"),  # same number, other person
    ])
    consents(con, [opt_in("K1", "003A", "sf_consent")])
    sends(con, [("M1", "1063", "mc_activity"),   # Anna in Mailchimp: Salesforce consent
                ("O1", "1063", "oro_contacts")])  # Lea: no consent
    build_subjects(con)
    keys = keyed(con)
    assert keys[("mailchimp", "1063")] == keys[("salesforce", "003A")] == "003A"
    assert keys[("orocrm", "1063")] == "orocrm:1063"
    assert con.execute("SELECT linked_by FROM subjects WHERE system = 'mailchimp'"
                       ).fetchall() == [("email",)]
    assert without_consent(con) == {pseudonym("O1", SALT, prefix="M")}


def test_mailboxes_of_no_single_person_link_nobody(con) -> None:
    model_log(con)
    people(con, [
        # a role address of a firm in two systems: two different employees
        ("003A", "info@firma.de", None, "sf_contact"),
        ("m-1", "INFO@firma.de", None, "mc_members"),
        ("003K", "Kontakt@firma.de", None, "sf_contact"),
        ("m-7", "kontakt@firma.de", None, "mc_members"),
        # a family address two Salesforce contacts share: no single person
        ("003B", "familie.berg@example.de", None, "sf_contact"),
        ("003C", "familie.berg@example.de", None, "sf_contact"),
        ("m-2", "familie.berg@example.de", None, "mc_members"),
        # placeholders
        ("003D", "n/a", None, "sf_contact"),
        ("m-3", "n/a", None, "mc_members"),
        ("003E", "noreply@firma.de", None, "sf_contact"),
        ("m-4", "NoReply@firma.de", None, "mc_members"),
        # look-alike: a personal address starting like a role is a person's
        ("003F", "infoline.meyer@example.de", None, "sf_contact"),
        ("m-5", "infoline.meyer@example.de", None, "mc_members"),
    ])
    consents(con, [opt_in("K1", "003A", "sf_consent"), opt_in("K2", "003B", "sf_consent")])
    sends(con, [("M1", "m-1", "mc_activity"), ("M2", "m-2", "mc_activity")])
    build_subjects(con)
    assert {c for _, c in keyed(con)} == {"003F", "m-5"}
    assert without_consent(con) == {pseudonym("M1", SALT, prefix="M"),
                                    pseudonym("M2", SALT, prefix="M")}


def test_declared_ids_link_across_systems_only_when_unambiguous(con) -> None:
    model_log(con)
    people(con, [
        ("hs-9", None, None, "hs_contacts"),
        ("K-100", None, "hs-9", "erp_customers"),   # the ERP keeps Ida's HubSpot id
        ("1063", None, None, "hs_contacts"),
        ("1063", None, None, "oro_contacts"),
        ("K-200", None, "1063", "erp_customers"),   # which 1063? two systems have one
        ("003A", None, "0PKA", "sf_contact"),       # Salesforce Individual: own system
    ])
    build_subjects(con)
    keys = keyed(con)
    assert keys[("erp_invoices_de", "K-100")] == keys[("hubspot", "hs-9")]
    assert keys[("salesforce", "003A")] == keys[("salesforce", "0PKA")] == "003A"
    assert keys[("erp_invoices_de", "K-200")] == keys[("erp_invoices_de", "1063")]
    assert keys[("hubspot", "1063")] == "hubspot:1063"
    assert keys[("orocrm", "1063")] == "orocrm:1063"
