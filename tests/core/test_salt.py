"""The audit's pseudonym salt: secret, random per database, kept inside it (docs/privacy.md)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.core.config import settings
from gdpr_audit.core.db import audit_salt, connect
from gdpr_audit.core.errors import ConfigError, InputError
from gdpr_audit.core.privacy import pseudonym, pseudonym_sql

#: Numeric CRM ids (HubSpot, OroCRM): the easiest ids to enumerate.
IDS = [str(i) for i in range(1, 20_001)]


@pytest.fixture(autouse=True)
def _no_env_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GDPR_AUDIT_SALT", raising=False)


def test_first_connection_creates_a_random_salt_kept_in_the_database(tmp_path: Path) -> None:
    con = connect(tmp_path / "a.duckdb")
    salt = audit_salt(con)
    con.close()
    assert len(salt) == 64 and int(salt, 16) >= 0  # 256 random bits, hex
    con = connect(tmp_path / "a.duckdb", read_only=True)
    assert audit_salt(con) == salt  # stable across runs of the same audit
    con.close()
    other = connect(tmp_path / "b.duckdb")
    assert audit_salt(other) != salt  # another audit, other pseudonyms
    other.close()


def test_read_only_database_without_a_salt_is_an_input_error(tmp_path: Path) -> None:
    old = duckdb.connect(str(tmp_path / "old.duckdb"))  # as an older version wrote it
    old.execute("CREATE TABLE contacts (contact_id VARCHAR)")
    old.close()
    con = connect(tmp_path / "old.duckdb", read_only=True)
    with pytest.raises(InputError, match="no pseudonym salt"):
        audit_salt(con)
    con.close()
    con = connect(tmp_path / "old.duckdb")  # the next load (writable) adds one
    assert audit_salt(con)
    con.close()


def test_env_salt_overrides_and_must_be_long(tmp_path: Path, monkeypatch) -> None:
    con = connect(tmp_path / "a.duckdb")
    monkeypatch.setenv("GDPR_AUDIT_SALT", "shared-across-audits-2026")
    assert audit_salt(con) == "shared-across-audits-2026"
    for weak in ("gdpr-audit", "short"):
        monkeypatch.setenv("GDPR_AUDIT_SALT", weak)
        with pytest.raises(ConfigError, match="at least 16"):
            settings()
    monkeypatch.setenv("GDPR_AUDIT_SALT", "")
    assert settings().pseudonym_salt is None
    con.close()


def _old_public_refs(value: str) -> set[str]:
    """What an attacker computes from the formerly public default salt 'gdpr-audit'."""
    old = "S-" + hashlib.sha256(f"gdpr-audit|{value}".encode()).hexdigest()[:12]
    return {old, pseudonym(value, "gdpr-audit")}


def test_report_refs_cannot_be_reversed_without_the_database(tmp_path: Path) -> None:
    con = connect(tmp_path / "audit.duckdb")
    con.execute("CREATE TABLE contacts AS SELECT CAST(i AS VARCHAR) AS contact_id "
                "FROM range(1000, 1100) r(i)")
    salt = audit_salt(con)
    # what a report shows: refs computed in SQL with the audit's salt
    published = {r[0] for r in con.execute(
        f"SELECT {pseudonym_sql('contact_id')} FROM contacts", {"salt": salt}).fetchall()}
    con.close()
    assert len(published) == 100
    # Attacker without the database: every candidate id under the old public salt,
    # old and new scheme, and the empty salt. Not one hit.
    guesses = set()
    for value in IDS:
        guesses |= _old_public_refs(value) | {pseudonym(value, "")}
    assert not guesses & published
    # Holder of the database: the same enumeration finds all of them (control).
    assert {pseudonym(v, salt) for v in IDS} >= published

