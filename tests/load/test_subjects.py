"""One person across systems: the subjects table (gdpr_audit.load.subjects)."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from gdpr_audit.core.db import insert_rows, sql_text
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
