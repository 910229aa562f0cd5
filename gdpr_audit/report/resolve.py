"""``gdpr-audit resolve``: pseudonymous references back to the CRM records they stand for.

Reports and CSV downloads carry ``S-…``, ``R-…`` ids only: HMAC-SHA-256 of the record id
under the database's secret salt (:mod:`gdpr_audit.core.privacy`). Whoever may open the
audit database (and so holds the salt) can turn them back: the candidate ids are
pseudonymised again in SQL, inside the database, and matched. The output names the
canonical table, the record id as the CRM wrote it and where it was loaded from; never
a name, address or other value of the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from gdpr_audit.core.db import audit_salt, connect, quote_ident, table_exists
from gdpr_audit.core.errors import InputError, UsageError
from gdpr_audit.core.privacy import PSEUDONYM_LENGTH, pseudonym_sql

#: Pseudonym prefix -> the canonical (table, id column) whose ids the checks pseudonymise
#: with it (the ``{ref:PREFIX:column}`` macros of gdpr_audit/sql/assess).
REF_SOURCES: dict[str, tuple[str, str]] = {
    "S": ("contacts", "contact_id"),
    "R": ("dsr_requests", "request_id"),
    "CS": ("consents", "consent_id"),
    "M": ("communications", "communication_id"),
    "BR": ("business_records", "record_id"),
    "E": ("access_log", "event_id"),
    "U": ("users", "user_id"),
}
#: Tables whose findings use the record's own (non-personal) key as reference.
PLAIN_KEYS: tuple[tuple[str, str], ...] = (("breaches", "breach_id"),)
_REF_RE = re.compile(rf"^(?P<prefix>[A-Z]+)-(?P<hash>[0-9a-f]{{{PSEUDONYM_LENGTH}}})$")
RESOLVED_COLUMNS = ["ref", "table", "record_id", "source_table", "source_row", "source_file"]


@dataclass
class Resolved:
    """Records found per reference, and the references that matched nothing."""

    records: pd.DataFrame
    missing: list[str]


def _source_files(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    if not table_exists(con, "load_log"):
        return {}
    return dict(con.execute("SELECT table_name, any_value(path) FROM load_log GROUP BY 1")
                .fetchall())


def _lookup(con: duckdb.DuckDBPyConnection, table: str, column: str, key_sql: str,
            wanted: list[str], salt: str) -> list[tuple[str, str, str, int | None]]:
    if not table_exists(con, table):
        return []
    has_source = "source_table" in {r[0] for r in con.execute(
        f"DESCRIBE {quote_ident(table)}").fetchall()}
    src = "source_table, source_row" if has_source else "NULL, NULL"
    return con.execute(
        f"SELECT DISTINCT {key_sql} AS ref, CAST({quote_ident(column)} AS VARCHAR), {src} "
        f"FROM {quote_ident(table)} WHERE {quote_ident(column)} IS NOT NULL "
        f"AND list_contains($wanted, {key_sql}) ORDER BY ALL",
        {"wanted": wanted, **({"salt": salt} if "$salt" in key_sql else {})}).fetchall()


def _subject_rows(con: duckdb.DuckDBPyConnection, wanted: list[str],
                  salt: str) -> list[tuple[str, str, str, str, int | None]]:
    """Person-level ``S-`` references: findings about a person known in several systems
    (or under an id two systems use) are keyed to ``subjects.subject_key``; the person's
    contact records are returned, one row per record."""
    if not wanted or not table_exists(con, "subjects") or not table_exists(con, "contacts"):
        return []
    key = pseudonym_sql("s.subject_key", prefix="S")
    found = con.execute(
        f"SELECT DISTINCT {key} AS ref, CAST(s.contact_id AS VARCHAR), s.source_table, "
        "k.source_row FROM subjects s LEFT JOIN contacts k "
        "ON k.contact_id = s.contact_id AND k.source_table = s.source_table "
        f"WHERE list_contains($wanted, {key}) AND s.source_table IS NOT NULL ORDER BY ALL",
        {"wanted": wanted, "salt": salt}).fetchall()
    return [(r, "contacts", i, s, n) for r, i, s, n in found]


def resolve_refs(con: duckdb.DuckDBPyConnection, refs: Iterable[str]) -> Resolved:
    """The records behind ``refs`` (``S-3fa2b1c9e0d4``, ``R-…``, or a breach id).

    Raises:
        UsageError: no reference given.
    """
    wanted = list(dict.fromkeys(r.strip() for r in refs if r.strip()))
    if not wanted:
        raise UsageError("give at least one reference, e.g. S-3fa2b1c9e0d4")
    salt = audit_salt(con)
    by_prefix: dict[str, list[str]] = {}
    plain = []
    for ref in wanted:
        m = _REF_RE.match(ref)
        if m and m.group("prefix") in REF_SOURCES:
            by_prefix.setdefault(m.group("prefix"), []).append(ref)
        else:
            plain.append(ref)
    rows: list[tuple[str, str, str, str, int | None]] = []
    for prefix, group in by_prefix.items():
        table, column = REF_SOURCES[prefix]
        key = pseudonym_sql(quote_ident(column), prefix=prefix)
        rows += [(r, table, i, s, n) for r, i, s, n in _lookup(con, table, column, key, group,
                                                                salt)]
    matched = {row[0] for row in rows}
    rows += _subject_rows(con, [r for r in by_prefix.get("S", []) if r not in matched], salt)
    for table, column in PLAIN_KEYS if plain else ():
        key = f"CAST({quote_ident(column)} AS VARCHAR)"
        rows += [(r, table, i, s, n) for r, i, s, n in _lookup(con, table, column, key, plain,
                                                                salt)]
    files = _source_files(con)
    frame = pd.DataFrame(
        [(r, t, i, s, n, files.get(s or "", "")) for r, t, i, s, n in rows],
        columns=RESOLVED_COLUMNS)
    found = set(frame["ref"])
    return Resolved(records=frame, missing=[r for r in wanted if r not in found])


def resolve_file(db: Path, refs: Iterable[str]) -> Resolved:
    """:func:`resolve_refs` on the database file ``db`` (opened read-only).

    Raises:
        InputError: no such database.
    """
    if not Path(db).is_file():
        raise InputError(f"database not found: {db}")
    con = connect(Path(db), read_only=True)
    try:
        return resolve_refs(con, refs)
    finally:
        con.close()
