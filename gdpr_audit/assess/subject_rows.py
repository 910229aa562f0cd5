"""Which rows of the audit database belong to one data subject, and why (Art. 15, 20).

Identity, not coincidence. The subject is a set of contact records (``contacts``):
those whose ``contact_id`` equals the given id (within one source system), or whose
e-mail equals the given address; records linked to them in the cross-system table
``subjects(subject_key, contact_id)`` (built by :mod:`gdpr_audit.load.subjects`),
when it exists, belong to the same person. From there:

- canonical rows whose ``contact_id`` is one of the subject's contact ids (from the
  same source system, :func:`raw_systems`) or holds one of the subject's e-mail addresses;
- raw rows that fed one of those canonical rows (``source_table`` / ``source_row``);
- raw rows whose *identifier columns* hold the subject's id or address: columns the
  profiles map to a ``contact_id`` (``column_lineage``, only for the ids of that
  profile's system) and e-mail columns (mapped to ``contacts.email``, or inventoried as
  ``EMAIL_ADDRESS`` by ``scan`` and not free text). A postcode, phone number or another
  record's own id that happens to equal the subject's id is never compared.

A raw row found only through an identifier column that fed another contact's canonical
row is withheld (counted, not exported): it is that person's record. When the subject
is found by contact id, an e-mail address another contact record also uses is not
used to search (shared addresses do not identify). Every row carries the reasons it
belongs to the subject; :mod:`gdpr_audit.assess.export` writes them to the manifest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess.subject_search import CANONICAL_TABLES
from gdpr_audit.core.db import quote_ident
from gdpr_audit.core.errors import InputError, UsageError

#: The cross-system identity table (one row per contact record and person).
SUBJECTS_TABLE = "subjects"
_RAW_PREFIX = re.compile(r"^raw\.")


def _raw_name(table: object) -> str:
    return _RAW_PREFIX.sub("", str(table))


class Catalog:
    """Tables and their columns, read once per export (information_schema is slow to ask
    a hundred times)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._cols: dict[tuple[str, str], list[str]] = {}
        for schema, table, column in con.execute(
            "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY schema_name, table_name, "
            "column_index"
        ).fetchall():
            self._cols.setdefault((schema, table), []).append(column)

    def has(self, table: str, schema: str = "main") -> bool:
        return (schema, table) in self._cols

    def columns(self, table: str, schema: str = "main") -> list[str]:
        return self._cols.get((schema, table), [])

    def tables(self, schema: str) -> list[str]:
        return sorted(t for s, t in self._cols if s == schema)


@dataclass(frozen=True)
class Contact:
    """One contact record of the subject."""

    rowid: int
    contact_id: str
    email: str | None  # trimmed, lower-case
    systems: frozenset[str]  # profiles of its source table; empty: unknown
    why: tuple[dict[str, Any], ...]


@dataclass
class SubjectRows:
    """The subject's contact records and, per table label, rowid -> reasons."""

    contacts: list[Contact]
    rows: dict[str, dict[int, list[dict[str, Any]]]] = field(default_factory=dict)
    #: raw table -> {"id": [columns], "email": [columns]} compared with the subject
    searched: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: raw table -> rows matched by an identifier column but fed another contact's record
    withheld: dict[str, int] = field(default_factory=dict)
    #: e-mail addresses of the subject not searched because other contacts use them too
    shared_emails: int = 0

    def add(self, label: str, rowid: int, why: dict[str, Any]) -> None:
        reasons = self.rows.setdefault(label, {}).setdefault(int(rowid), [])
        if why not in reasons:
            reasons.append(why)


def raw_systems(con: duckdb.DuckDBPyConnection, cat: Catalog) -> dict[str, frozenset[str]]:
    """Raw table (without schema) -> the profiles (source systems) that mapped it."""
    found: dict[str, set[str]] = {}
    for table in ("column_lineage", "model_log"):
        if cat.has(table):
            for raw, profile in con.execute(
                f"SELECT DISTINCT raw_table, profile FROM {table}"
            ).fetchall():
                found.setdefault(_raw_name(raw), set()).add(str(profile))
    return {k: frozenset(v) for k, v in found.items()}


def _compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Same source system, or one side unknown (a single-system audit)."""
    return not a or not b or bool(a & b)


#: What an address must look like to identify anyone ('n/a' or '-' in an e-mail field
#: would otherwise match every other placeholder).
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _norm_email(value: object) -> str | None:
    """Trimmed, lower-case address; None when empty or not shaped like an address."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    text = str(value).strip().lower()
    return text if EMAIL_SHAPE.match(text) else None


def _contacts(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any],
              systems: dict[str, frozenset[str]], why: dict[str, Any]) -> list[Contact]:
    rows = con.execute(
        f"SELECT rowid, contact_id, email, source_table FROM contacts WHERE {where} "
        "ORDER BY rowid", params,
    ).fetchall()
    return [Contact(int(r), str(cid), _norm_email(email),
                    systems.get(_raw_name(src), frozenset()) if src else frozenset(), (why,))
            for r, cid, email, src in rows]


def _linked_contacts(con: duckdb.DuckDBPyConnection, cat: Catalog, found: list[Contact],
                     systems: dict[str, frozenset[str]]) -> list[Contact]:
    """Contacts linked to ``found`` through ``subjects`` (same ``subject_key``).

    A link between records that merely share a contact id across source systems is not
    followed: numeric ids of two CRMs collide (HubSpot 1063 is not OroCRM 1063).
    """
    if not found or not cat.has(SUBJECTS_TABLE):
        return []
    cols = set(cat.columns(SUBJECTS_TABLE))
    key = next((k for k in ("subject_key", "subject_id") if k in cols), None)
    if key is None or "contact_id" not in cols:
        return []
    same = ("AND regexp_replace(coalesce(s.source_table, ''), '^raw\\.', '') = "
            "regexp_replace(coalesce(c.source_table, ''), '^raw\\.', '')"
            if "source_table" in cols else "")
    rows = con.execute(
        f"WITH mine AS (SELECT DISTINCT s.{key} AS k FROM subjects s JOIN contacts c "
        f"ON s.contact_id = c.contact_id {same} "
        "WHERE list_contains(CAST($rids AS BIGINT[]), c.rowid)) "
        "SELECT DISTINCT c.rowid FROM subjects s JOIN contacts c "
        f"ON s.contact_id = c.contact_id {same} "
        f"WHERE s.{key} IN (SELECT k FROM mine) "
        "AND NOT list_contains(CAST($rids AS BIGINT[]), c.rowid)",
        {"rids": [c.rowid for c in found]},
    ).fetchall()
    if not rows:
        return []
    linked = _contacts(con, "list_contains(CAST($rids AS BIGINT[]), rowid)",
                       {"rids": [r[0] for r in rows]}, systems,
                       {"rule": "subjects_link", "table": SUBJECTS_TABLE})
    return [c for c in linked
            if not any(f.contact_id == c.contact_id and not _compatible(f.systems, c.systems)
                       for f in found)]


def subject_contacts(
    con: duckdb.DuckDBPyConnection, *, email: str | None = None,
    contact_id: str | None = None, system: str | None = None,
    systems: dict[str, frozenset[str]] | None = None, cat: Catalog | None = None,
) -> list[Contact]:
    """The subject's contact records: matched by id or e-mail, plus ``subjects`` links.

    Raises:
        InputError: no ``contacts`` table, or the id names records of several systems.
        UsageError: ``system`` is not a profile of this audit.
    """
    cat = cat or Catalog(con)
    if not cat.has("contacts"):
        raise InputError("canonical table contacts missing (run `gdpr-audit load` first)")
    systems = raw_systems(con, cat) if systems is None else systems
    if contact_id is not None:
        found = _contacts(con, "contact_id = $id", {"id": contact_id.strip()}, systems,
                          {"rule": "subject_contact", "by": "contact_id"})
    else:
        found = _contacts(con, "email IS NOT NULL AND lower(trim(email)) = $email",
                          {"email": (email or "").strip().lower()}, systems,
                          {"rule": "subject_contact", "by": "email"})
    if system is not None:
        known = set().union(*systems.values()) if systems else set()
        if system not in known:
            raise UsageError(f"--system must be one of {', '.join(sorted(known)) or '(none)'}")
        found = [c for c in found if system in c.systems]
    if contact_id is not None:
        buckets = {c.systems for c in found}
        if len(buckets) > 1:
            names = sorted({s for b in buckets for s in b} | ({"unknown"} if {frozenset()} & buckets
                                                             else set()))
            raise InputError(f"the contact id names records of {len(buckets)} source systems "
                             f"({', '.join(names)}): choose one with --system")
    return found + _linked_contacts(con, cat, found, systems)


def _search_emails(con: duckdb.DuckDBPyConnection, contacts: list[Contact],
                   given: str | None) -> tuple[list[str], int]:
    """The subject's addresses worth searching, and how many were left out as shared."""
    emails = {c.email for c in contacts if c.email}
    if given and _norm_email(given):
        emails.add(str(_norm_email(given)))
    if not emails:
        return [], 0
    shared = {r[0] for r in con.execute(
        "SELECT DISTINCT lower(trim(email)) FROM contacts WHERE "
        "list_contains(CAST($emails AS VARCHAR[]), lower(trim(email))) "
        "AND NOT list_contains(CAST($rids AS BIGINT[]), rowid)",
        {"emails": sorted(emails), "rids": [c.rowid for c in contacts]},
    ).fetchall()}
    return sorted(emails - shared), len(shared)


def _keyed_tables(cat: Catalog, *needed: str) -> list[str]:
    """Canonical tables (not ``contacts``) that have a ``contact_id`` and ``needed`` columns."""
    return [t for t in CANONICAL_TABLES if t != "contacts"
            and {"contact_id", *needed} <= set(cat.columns(t))]


def _canonical_rows(con: duckdb.DuckDBPyConnection, cat: Catalog, found: SubjectRows,
                    emails: list[str], systems: dict[str, frozenset[str]]) -> None:
    for c in found.contacts:
        for why in c.why:
            found.add("contacts", c.rowid, why)
    tables = _keyed_tables(cat)
    if not tables:
        return
    # one query over all keyed tables: each is a hash semi-join on contact_id
    union = " UNION ALL ".join(
        f"SELECT '{t}' AS t, rowid AS rid, contact_id, "
        f"{'source_table' if 'source_table' in cat.columns(t) else 'NULL'} AS src "
        f"FROM {quote_ident(t)}" for t in tables)
    rows = con.execute(
        f"SELECT t, rid, contact_id, src FROM ({union}) WHERE "
        "list_contains(CAST($ids AS VARCHAR[]), contact_id) OR (contains(contact_id, '@') AND "
        "list_contains(CAST($emails AS VARCHAR[]), lower(trim(contact_id))))",
        {"ids": sorted({c.contact_id for c in found.contacts}), "emails": emails},
    ).fetchall()
    for table, rowid, cid, source in rows:
        row_systems = systems.get(_raw_name(source), frozenset()) if source else frozenset()
        by_email = _norm_email(cid) in emails
        if any((c.contact_id == cid or by_email) and _compatible(c.systems, row_systems)
               for c in found.contacts):
            found.add(table, rowid, {"rule": "contact_id", "column": "contact_id",
                                     "holds": "e-mail" if by_email else "contact id"})


def _provenance(con: duckdb.DuckDBPyConnection, cat: Catalog,
                found: SubjectRows) -> dict[str, dict[int, list]]:
    """Raw table -> record number -> reasons (the canonical rows it fed)."""
    fed: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for table, rows in list(found.rows.items()):
        if "source_row" not in cat.columns(table):
            continue
        order = {rid: i + 1 for i, rid in enumerate(sorted(rows))}
        for rid, source, record in con.execute(
            f"SELECT rowid, source_table, source_row FROM {quote_ident(table)} "
            "WHERE list_contains(CAST($rids AS BIGINT[]), rowid) AND source_table IS NOT NULL "
            "AND source_row IS NOT NULL", {"rids": sorted(rows)},
        ).fetchall():
            fed.setdefault(_raw_name(source), {}).setdefault(int(record), []).append(
                {"rule": "source_of", "file": f"{table}.csv", "row": order[rid]})
    return fed


def _identifier_columns(
    con: duckdb.DuckDBPyConnection, cat: Catalog,
) -> dict[str, list[tuple[str, str, dict[str, Any], frozenset[str]]]]:
    """Raw table -> (column, kind 'id'|'email', evidence, systems of the id) to compare."""
    out: dict[str, list[tuple[str, str, dict[str, Any], frozenset[str]]]] = {}

    def put(raw: str, column: str, kind: str, ev: dict[str, Any],
            profiles: Iterable[str] = ()) -> None:
        entries = out.setdefault(_raw_name(raw), [])
        for i, (col, k, old, sys_) in enumerate(entries):
            if col == column and k == kind:
                entries[i] = (col, k, old, sys_ | frozenset(profiles))
                return
        entries.append((column, kind, ev, frozenset(profiles)))

    if cat.has("column_lineage"):
        for raw, column, canonical, profile in con.execute(
            "SELECT DISTINCT raw_table, raw_column, canonical_table, profile FROM column_lineage "
            "WHERE canonical_column = 'contact_id' ORDER BY ALL"
        ).fetchall():
            put(raw, column, "id", {"identified_by": "column_lineage",
                                    "maps_to": f"{canonical}.contact_id"}, [profile])
        for raw, column in con.execute(
            "SELECT DISTINCT raw_table, raw_column FROM column_lineage "
            "WHERE canonical_table = 'contacts' AND canonical_column = 'email' ORDER BY ALL"
        ).fetchall():
            put(raw, column, "email", {"identified_by": "column_lineage",
                                       "maps_to": "contacts.email"})
    if cat.has("pii_columns"):
        for raw, column in con.execute(
            "SELECT DISTINCT table_name, column_name FROM pii_columns "
            "WHERE entity_type = 'EMAIL_ADDRESS' AND NOT free_text ORDER BY ALL"
        ).fetchall():
            put(raw, column, "email", {"identified_by": "pii_columns",
                                       "entity_type": "EMAIL_ADDRESS"})
    return out


def _others_records(con: duckdb.DuckDBPyConnection, cat: Catalog, raw: str, records: list[int],
                    found: SubjectRows) -> set[int]:
    """Record numbers of raw table ``raw`` that fed a canonical row of another contact."""
    tables = _keyed_tables(cat, "source_table", "source_row") + (
        ["contacts"] if {"source_table", "source_row"} <= set(cat.columns("contacts")) else [])
    if not tables:
        return set()
    union = " UNION ALL ".join(
        f"SELECT source_row FROM {quote_ident(t)} WHERE contact_id IS NOT NULL "
        "AND regexp_replace(source_table, '^raw\\.', '') = $raw "
        "AND list_contains(CAST($nos AS BIGINT[]), source_row) "
        f"AND NOT list_contains(CAST(${t} AS BIGINT[]), rowid)" for t in tables)
    params: dict[str, Any] = {t: sorted(found.rows.get(t, {})) for t in tables}
    return {int(r[0]) for r in con.execute(union, {"raw": raw, "nos": records, **params})
            .fetchall()}


def _raw_rows(con: duckdb.DuckDBPyConnection, cat: Catalog, found: SubjectRows,
             emails: list[str]) -> None:
    fed = _provenance(con, cat, found)
    columns = _identifier_columns(con, cat)
    for raw in cat.tables("raw"):
        label = f"raw.{raw}"
        sql_name = f"raw.{quote_ident(raw)}"
        present = set(cat.columns(raw, "raw"))
        has_no = "_record_no" in present
        if has_no and raw in fed:
            for rid, no in con.execute(
                f"SELECT rowid, _record_no FROM {sql_name} "
                "WHERE list_contains(CAST($nos AS BIGINT[]), TRY_CAST(_record_no AS BIGINT))",
                {"nos": sorted(fed[raw])},
            ).fetchall():
                for why in fed[raw][int(no)]:
                    found.add(label, rid, why)
        matched: dict[int, list[dict[str, Any]]] = {}
        for column, kind, evidence, id_systems in columns.get(raw, []):
            if column not in present:
                continue
            ids = sorted({c.contact_id for c in found.contacts
                          if _compatible(c.systems, id_systems)}) if kind == "id" else []
            found.searched.setdefault(raw, {}).setdefault(kind, []).append(column)
            q = quote_ident(column)
            for (rid,) in con.execute(
                f"SELECT rowid FROM {sql_name} "
                f"WHERE list_contains(CAST($ids AS VARCHAR[]), trim(CAST({q} AS VARCHAR))) "
                f"OR list_contains(CAST($emails AS VARCHAR[]), lower(trim(CAST({q} AS VARCHAR))))",
                {"ids": ids, "emails": emails},
            ).fetchall():
                why = {"rule": f"{kind}_column", "column": column, **evidence}
                matched.setdefault(int(rid), []).append(why)
        if not matched:
            continue
        taken: set[int] = set()
        numbers: dict[int, int] = {}
        if has_no:
            numbers = {int(r): int(n) for r, n in con.execute(
                f"SELECT rowid, TRY_CAST(_record_no AS BIGINT) FROM {sql_name} "
                "WHERE list_contains(CAST($rids AS BIGINT[]), rowid) AND _record_no IS NOT NULL",
                {"rids": sorted(matched)},
            ).fetchall()}
            taken = _others_records(con, cat, raw, sorted(set(numbers.values())), found)
        already = found.rows.get(label, {})
        for rid, reasons in matched.items():
            if rid not in already and numbers.get(rid) in taken:
                found.withheld[raw] = found.withheld.get(raw, 0) + 1
                continue
            for why in reasons:
                found.add(label, rid, why)


def find_subject_rows(
    con: duckdb.DuckDBPyConnection, *, email: str | None = None,
    contact_id: str | None = None, system: str | None = None,
) -> SubjectRows:
    """Every row of the canonical and raw tables that belongs to the subject, with reasons.

    Raises:
        InputError, UsageError: see :func:`subject_contacts`.
    """
    cat = Catalog(con)
    systems = raw_systems(con, cat)
    contacts = subject_contacts(con, email=email, contact_id=contact_id, system=system,
                                systems=systems, cat=cat)
    found = SubjectRows(contacts=contacts)
    if not contacts and email is None:
        return found
    emails, found.shared_emails = _search_emails(con, contacts, email)
    _canonical_rows(con, cat, found, emails, systems)
    _raw_rows(con, cat, found, emails)
    return found


def fetch_rows(con: duckdb.DuckDBPyConnection, label: str, rowids: Iterable[int]) -> pd.DataFrame:
    """The rows ``rowids`` of table ``label`` ('consents' or 'raw.x'), in rowid order."""
    schema, _, table = label.rpartition(".")
    name = f"raw.{quote_ident(table)}" if schema == "raw" else quote_ident(label)
    return con.execute(
        f"SELECT * FROM {name} WHERE list_contains(CAST($rids AS BIGINT[]), rowid) ORDER BY rowid",
        {"rids": sorted(rowids)},
    ).df()
