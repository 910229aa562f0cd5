"""The rule views: one row per record, the docs/checks.md rules, on a read-only database."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gdpr_audit.assess.views import INVENTORY_VIEWS, VIEWS, create_views
from gdpr_audit.core.db import connect, sql_text
from gdpr_audit.core.errors import InputError
from gdpr_audit.core.privacy import pseudonym

from .conftest import AS_OF

SALT = "test-salt"


@pytest.fixture
def con(violating_db: Path):
    con = connect(violating_db, read_only=True)
    create_views(con, AS_OF, SALT)
    yield con
    con.close()


def _by_ref(con: duckdb.DuckDBPyConnection, view: str, ref: str, column: str) -> dict:
    rows = con.execute(f"SELECT {ref}, {column} FROM {view}").fetchall()
    return dict(rows)


SEND_STATUS = [
    ("M1", "valid"),
    ("M3", "valid"),  # sent before the withdrawal of K2
    ("M2", "valid"),  # K2 withdrawn, but K3 given before the send
    ("M4", "none"),  # no consent for partner_offers via sms
    ("M5", "withdrawn"),  # K2 withdrawn before, K3 given only after the send
    ("M6", "valid"),  # a consent exists, the subject does not (integrity, not consent)
]


@pytest.mark.parametrize(("ref", "status"), SEND_STATUS)
def test_send_consent_status(con, ref: str, status: str) -> None:
    assert _by_ref(con, "v_send_consent", "send_ref", "consent_status")[ref] == status


def test_send_subject_exists(con) -> None:
    exists = _by_ref(con, "v_send_consent", "send_ref", "subject_exists")
    assert {r for r, e in exists.items() if not e} == {"M6"}


REQUESTS = [
    # (ref, answered_in_time, open_overdue)
    ("R1", True, False),  # Jan 31 + 1 month = Feb 28 (clamped), answered Feb 28
    ("R5", False, False),  # same request answered Mar 1: one day late
    ("R2", True, False),  # extended: Jun 1 + 3 months = Sep 1, answered Aug 30
    ("R3", None, False),  # open, deadline Dec 20, after the audit day
    ("R4", None, False),  # rejected: never overdue
    ("R6", None, True),  # open since Sep 1, deadline Oct 1 passed
    ("R7", None, None),  # no date of receipt: cannot tell
]


@pytest.mark.parametrize(("ref", "in_time", "overdue"), REQUESTS)
def test_request_deadlines(con, ref: str, in_time, overdue) -> None:
    assert _by_ref(con, "v_request_deadlines", "request_ref", "answered_in_time")[ref] is in_time
    assert _by_ref(con, "v_request_deadlines", "request_ref", "open_overdue")[ref] is overdue


RECORDS = [
    # (ref, past_period, legal_hold, policy_found)
    ("B1", False, False, True),  # invoice 2018: period runs from 31 Dec 2018 to 31 Dec 2026
    ("B2", False, False, True),  # note 2024 + 36 months
    ("B3", True, True, True),  # past, but on individual hold
    ("B4", True, False, True),  # past, not held: the violation
    ("B5", None, False, False),  # ticket: no policy in this source
    ("B6", None, False, True),  # no creation date
]


@pytest.mark.parametrize(("ref", "past", "hold", "policy"), RECORDS)
def test_retention_status(con, ref: str, past, hold, policy) -> None:
    row = con.execute(
        "SELECT past_period, legal_hold, policy_found FROM v_retention_status WHERE record_ref = ?",
        [ref],
    ).fetchone()
    assert row == (past, hold, policy)


def test_subject_refs_are_pseudonyms(con) -> None:
    refs = set(_by_ref(con, "v_consent_proof", "consent_ref", "subject_ref").values())
    assert pseudonym("C1", SALT) in refs
    assert not any(r.startswith("C") for r in refs)


def test_blank_proof_counts_as_missing(con) -> None:
    assert _by_ref(con, "v_consent_proof", "consent_ref", "proof_source")["K5"] is None


def test_special_columns_view_only_lists_special_categories(con) -> None:
    keys = {r[0] for r in con.execute("SELECT column_key FROM v_special_columns").fetchall()}
    assert keys == {
        "crm__kontakte_de.Konfession",
        "crm__notes.body",
        "crm__contacts.Gesundheit",
    }


def test_views_are_temporary(violating_db: Path) -> None:
    con = connect(violating_db, read_only=True)
    created = create_views(con, AS_OF, SALT)
    assert created == [*VIEWS, *INVENTORY_VIEWS]
    con.close()
    again = connect(violating_db, read_only=True)
    names = {r[0] for r in again.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert not names & set(created)
    again.close()


def test_inventory_view_needs_the_scan(db_path: Path) -> None:
    con = connect(db_path)
    con.execute(sql_text("model", "canonical"))
    assert create_views(con, AS_OF, SALT) == list(VIEWS)


def test_missing_canonical_table_is_an_input_error(db_path: Path) -> None:
    con = connect(db_path)
    con.execute("CREATE TABLE contacts (contact_id VARCHAR)")
    with pytest.raises(InputError, match="gdpr-audit load"):
        create_views(con, AS_OF, SALT)


def test_every_dated_send_has_a_status(con) -> None:
    row = con.execute(
        "SELECT count(*) FILTER (WHERE consent_status IS NULL), count(*) FROM v_send_consent"
    ).fetchone()
    assert row == (0, 6)
