"""The v_* rule views are stored by ``assess`` (issue #13 part 9): another tool opening the
file sees them, as of the latest audit run and with the database's salt, and they give
exactly what the TEMP views of ``gdpr-audit check`` give for that day."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.assess.command import assess_database
from gdpr_audit.assess.views import INVENTORY_VIEWS, PARAMS, VIEWS, create_views
from gdpr_audit.core.comments import describe, descriptions
from gdpr_audit.core.db import connect
from gdpr_audit.core.privacy import pseudonym

from .conftest import AS_OF

ALL_VIEWS = [*VIEWS, *INVENTORY_VIEWS]


@pytest.fixture(scope="module")
def assessed(violating_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("stored_views") / "audit.duckdb"
    shutil.copy(violating_db, db)
    assess_database(db, AS_OF)
    return db


def _rows(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {view}").fetchall(), key=repr)


def _salt(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT value FROM audit_secrets WHERE name = 'pseudonym_salt'").fetchone()
    assert row is not None
    return str(row[0])


def test_a_fresh_read_only_connection_sees_every_view(assessed: Path) -> None:
    con = duckdb.connect(str(assessed), read_only=True)  # plain DuckDB, as another tool would
    try:
        stored = dict(con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT temporary "
            "AND view_name LIKE 'v\\_%' ESCAPE '\\'").fetchall())
        assert sorted(stored) == sorted(ALL_VIEWS)
        for view in ALL_VIEWS:
            assert stored[view] == describe(view)[0]
            assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
            uncommented = con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "AND (comment IS NULL OR comment = '')", [view]).fetchall()
            assert uncommented == [], view
        assert con.execute(f"SELECT as_of FROM {PARAMS}").fetchone() == (AS_OF,)
        overdue = dict(con.execute(
            "SELECT request_ref, open_overdue FROM v_request_deadlines").fetchall())
        assert (overdue["R6"], overdue["R3"]) == (True, False)
        refs = {r[0] for r in con.execute("SELECT subject_ref FROM v_consent_proof").fetchall()}
        assert pseudonym("C1", _salt(con)) in refs
    finally:
        con.close()


def test_stored_views_equal_the_check_views_of_the_same_day(assessed: Path) -> None:
    stored = duckdb.connect(str(assessed), read_only=True)
    try:
        expected = {v: _rows(stored, v) for v in ALL_VIEWS}
        salt = _salt(stored)
    finally:
        stored.close()
    temp = connect(assessed, read_only=True)
    try:
        assert create_views(temp, AS_OF, salt) == ALL_VIEWS
        assert {v: _rows(temp, v) for v in ALL_VIEWS} == expected
    finally:
        temp.close()


def test_check_views_of_another_day_shadow_the_stored_ones_on_their_connection_only(
        assessed: Path) -> None:
    later = dt.date(2026, 12, 31)  # R3's deadline (20 Dec) has passed by then
    con = connect(assessed, read_only=True)
    try:
        create_views(con, later, "other-salt")
        overdue = dict(con.execute(
            "SELECT request_ref, open_overdue FROM v_request_deadlines").fetchall())
        assert overdue["R3"] is True
    finally:
        con.close()
    fresh = duckdb.connect(str(assessed), read_only=True)
    try:
        overdue = dict(fresh.execute(
            "SELECT request_ref, open_overdue FROM v_request_deadlines").fetchall())
        assert overdue["R3"] is False  # the stored views still say: as of the last run
    finally:
        fresh.close()


def test_the_views_follow_the_latest_run(violating_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "audit.duckdb"
    shutil.copy(violating_db, db)
    assess_database(db, AS_OF)
    assess_database(db, dt.date(2026, 12, 31))
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(f"SELECT as_of FROM {PARAMS}").fetchone() == (dt.date(2026, 12, 31),)
        overdue = dict(con.execute(
            "SELECT request_ref, open_overdue FROM v_request_deadlines").fetchall())
        assert overdue["R3"] is True
    finally:
        con.close()


def test_view_descriptions_name_only_columns_the_views_have(assessed: Path) -> None:
    """A column renamed in views.sql but not in comments.yaml would lose its description."""
    con = duckdb.connect(str(assessed), read_only=True)
    try:
        for view in [*ALL_VIEWS, PARAMS]:
            have = {r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [view]).fetchall()}
            own = set((descriptions().get(view) or {}).get("columns") or {})
            assert own <= have, (view, sorted(own - have))
    finally:
        con.close()

