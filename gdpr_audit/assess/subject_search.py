"""Find where a data subject's identifiers occur, across canonical and raw tables.

Shared by ``rights.erasure_not_effective`` (Art. 17: is an erased subject really gone?)
and :func:`gdpr_audit.assess.export.export_subject` (Art. 15/20: everything held about
one subject). Identifiers (contact ids, e-mail addresses) go into a temp table
``(key, ident)``; each table is scanned once for all subjects
(``gdpr_audit/sql/assess/identifier_hits.sql``), never once per subject. Free-text
columns are searched token by token for identifiers named inside the text
(``identifier_text_hits.sql``).

Records that document a data-subject request itself are not "held data" of an erased
subject: the request row (``dsr_requests``, left out of the erasure search) and the rows
other canonical tables built from the same source row (a Salesforce Case is a request
and a ticket in ``business_records``; its Description a note). Keeping the request's
documentation is lawful (Art. 5(2) accountability, Art. 17(3)(b) and (e)); a search
given ``documents`` skips those rows, matched on ``(source_table, source_row)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from gdpr_audit.core.db import columns_of, list_tables, quote_ident, sql_text, table_exists

#: Canonical tables of ``gdpr_audit/sql/model/canonical.sql`` (column_lineage excluded:
#: it describes columns, not people).
CANONICAL_TABLES = (
    "contacts", "consents", "communications", "users", "roles", "role_permissions",
    "access_log", "retention_policies", "business_records", "notes", "dsr_requests",
    "contact_changes", "breaches", "automated_decisions",
)
#: Canonical columns that can hold a subject's identifiers: the typed model keeps the
#: subject's id in ``contact_id``, the address in ``email`` and free text in ``body``;
#: the other canonical columns are ids of other things, enums or dates.
IDENTIFIER_COLUMNS = frozenset({"contact_id", "email", "body", "user_name"})
#: Canonical free-text columns, searched for identifiers as whole tokens inside the text
#: (with the raw columns the inventory marks ``free_text`` or the model maps to them).
TEXT_COLUMNS: dict[str, frozenset[str]] = {"notes": frozenset({"body"})}
#: How identifiers and cells are compared: e-mail addresses case-insensitively, ids exactly.
NORMALISE = "(CASE WHEN contains({0}, '@') THEN lower(trim({0})) ELSE trim({0}) END)"
#: Characters of a token in free text (identifier_text_hits.sql and the prefilter patterns).
TOKEN_CLASS = r"[\pL\pN_.%+@-]"
#: Identifiers per prefilter pattern, and the most that get one: RE2 stays fast (~1 s per
#: million notes) up to a few hundred alternatives and slows 40-fold at 2,000.
_PATTERN_SIZE = 200
_PATTERN_MAX = 1000
_RE2_SPECIAL = frozenset("\\.+*?()|[]{}^$")
#: Provenance columns that never hold personal data.
PROVENANCE_COLUMNS = frozenset({"source_table", "source_row", "_source_file", "_record_no"})


@dataclass(frozen=True)
class SearchTable:
    """A table to scan: schema, name, the VARCHAR columns to compare as whole values and
    the free-text columns to search token by token."""

    schema: str
    table: str
    columns: tuple[str, ...]
    text_columns: tuple[str, ...] = ()
    #: Temp table ``(source_table, source_row)`` of request records: rows of this table
    #: built from one of those source rows are skipped (None: every row is searched).
    documents: str | None = None

    @property
    def label(self) -> str:
        return self.table if self.schema == "main" else f"{self.schema}.{self.table}"

    @property
    def sql_name(self) -> str:
        return f"{quote_ident(self.schema)}.{quote_ident(self.table)}"

    @property
    def keep_sql(self) -> str:
        """Row filter of the scans (alias ``_t``): not built from a request's source row."""
        if self.documents is None:
            return "TRUE"
        return (f"NOT EXISTS (SELECT 1 FROM {quote_ident(self.documents)} d "
                "WHERE d.source_table = _t.source_table AND d.source_row = _t.source_row)")


def _varchar_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
        "AND table_name = ? AND data_type = 'VARCHAR' ORDER BY ordinal_position",
        [schema, table],
    ).fetchall()
    return [r[0] for r in rows if r[0] not in PROVENANCE_COLUMNS]


def _inventory_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]] | None:
    """Raw columns per raw table worth scanning per the PII inventory, or None without one.

    The inventory's columns plus the raw columns the model maps to ``contact_id`` or
    ``email`` (an id column is not personal data to a scanner but identifies the subject).
    """
    if not table_exists(con, "pii_columns"):
        return None
    count = con.execute("SELECT count(*) FROM pii_columns").fetchone()
    if not count or not count[0]:
        return None
    picked: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT DISTINCT table_name, column_name FROM pii_columns"
    ).fetchall():
        name = table.removeprefix("raw.") if isinstance(table, str) else table
        picked.setdefault(name, set()).add(column)
    if table_exists(con, "column_lineage"):
        for table, column in con.execute(
            "SELECT DISTINCT raw_table, raw_column FROM column_lineage "
            "WHERE canonical_column IN ('contact_id', 'email')"
        ).fetchall():
            picked.setdefault(table.removeprefix("raw."), set()).add(column)
    return picked


def _raw_text_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Raw free-text columns per raw table: marked ``free_text`` in the PII inventory
    (``scan`` scanned them row by row) or mapped by the model to :data:`TEXT_COLUMNS`."""
    picked: dict[str, set[str]] = {}
    if table_exists(con, "pii_columns") and "free_text" in columns_of(con, "pii_columns"):
        for table, column in con.execute(
            "SELECT DISTINCT table_name, column_name FROM pii_columns WHERE free_text"
        ).fetchall():
            picked.setdefault(str(table).removeprefix("raw."), set()).add(column)
    if table_exists(con, "column_lineage"):
        for table, column, canonical, canonical_column in con.execute(
            "SELECT DISTINCT raw_table, raw_column, canonical_table, canonical_column "
            "FROM column_lineage"
        ).fetchall():
            if canonical_column in TEXT_COLUMNS.get(canonical, ()):
                picked.setdefault(table.removeprefix("raw."), set()).add(column)
    return picked


def raw_tables_of(con: duckdb.DuckDBPyConnection, canonical: str) -> set[str]:
    """Raw tables (names without schema) that fed the canonical table ``canonical``."""
    names: set[str] = set()
    if table_exists(con, "column_lineage"):
        names |= {
            r[0].removeprefix("raw.")
            for r in con.execute(
                "SELECT DISTINCT raw_table FROM column_lineage WHERE canonical_table = ?",
                [canonical],
            ).fetchall()
        }
    if table_exists(con, canonical) and "source_table" in columns_of(con, canonical):
        names |= {
            str(r[0]).removeprefix("raw.")
            for r in con.execute(
                f"SELECT DISTINCT source_table FROM {quote_ident(canonical)} "
                "WHERE source_table IS NOT NULL"
            ).fetchall()
        }
    return names


def search_tables(
    con: duckdb.DuckDBPyConnection,
    exclude_canonical: Iterable[str] = (),
    *,
    use_inventory: bool = True,
    documents: str | None = None,
) -> list[SearchTable]:
    """The canonical and raw tables (with their VARCHAR columns) that may hold a subject.

    Canonical tables are compared on :data:`IDENTIFIER_COLUMNS`.
    Canonical tables in ``exclude_canonical`` are skipped together with the raw tables
    that fed them. Raw columns come from the PII inventory when ``pii_columns`` exists
    and ``use_inventory``, otherwise every VARCHAR column of ``raw.*`` is compared.
    Free-text columns (:data:`TEXT_COLUMNS`, raw ones per :func:`_raw_text_columns`)
    are searched token by token (``text_columns``) instead of as whole values.
    ``documents`` names a table ``(source_table, source_row)`` of data-subject requests
    (the erasure check's ``assess_dsr_requests``): canonical rows built from one of
    those source rows document the request and are not searched.
    """
    excluded = set(exclude_canonical)
    skip_raw: set[str] = set()
    for name in excluded:
        skip_raw |= raw_tables_of(con, name)
    found: list[SearchTable] = []
    for table in CANONICAL_TABLES:
        if table in excluded or not table_exists(con, table):
            continue
        varchar = _varchar_columns(con, "main", table)
        text = TEXT_COLUMNS.get(table, frozenset())
        traced = {"source_table", "source_row"} <= set(columns_of(con, table))
        found.append(SearchTable(
            "main", table, tuple(c for c in varchar if c in IDENTIFIER_COLUMNS - text),
            tuple(c for c in varchar if c in text), documents if traced else None))
    inventory = _inventory_columns(con) if use_inventory else None
    raw_text = _raw_text_columns(con)
    for table in list_tables(con, schema="raw"):
        if table in skip_raw:
            continue
        varchar = _varchar_columns(con, "raw", table)
        raw_cols = raw_text.get(table, set())
        cols = [c for c in varchar if c not in raw_cols]
        if inventory is not None:
            cols = [c for c in cols if c in inventory.get(table, set())]
        found.append(SearchTable("raw", table, tuple(cols),
                                 tuple(c for c in varchar if c in raw_cols)))
    return [t for t in found if t.columns or t.text_columns]


def load_identifiers(
    con: duckdb.DuckDBPyConnection, name: str, pairs: Sequence[tuple[str, str]] | pd.DataFrame
) -> None:
    """Create temp table ``name(key, norm)`` from (key, identifier) pairs.

    ``norm`` is :data:`NORMALISE` of the identifier: e-mail addresses (holding an ``@``)
    compare case-insensitively, contact ids exactly (both trimmed), as docs/checks.md
    asks. A scan normalises each cell the same way: one hash semi-join per column, and
    only cells holding an ``@`` are lower-cased.
    """
    frame = (
        pairs if isinstance(pairs, pd.DataFrame) else pd.DataFrame(pairs, columns=["key", "ident"])
    )
    con.register("_ident_source", frame)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote_ident(name)} AS "
            f"SELECT DISTINCT CAST(key AS VARCHAR) AS key, "
            f"{NORMALISE.format('CAST(ident AS VARCHAR)')} AS norm "
            "FROM _ident_source WHERE ident IS NOT NULL AND trim(CAST(ident AS VARCHAR)) <> ''"
        )
    finally:
        con.unregister("_ident_source")


def hits_sql(table: SearchTable, ids_table: str, *, in_text: bool = True) -> str:
    """SQL returning ``(_rid, key)`` for each row of ``table`` holding an identifier.

    ``in_text``: also match e-mail addresses inside longer text.
    """
    quoted = [quote_ident(c) for c in table.columns]
    ids = quote_ident(ids_table)
    tests = [
        # typed canonical ids are stored trimmed: compared as they are
        f"{q} IN (SELECT norm FROM {ids})" if table.schema == "main" and c == "contact_id"
        else f"{NORMALISE.format(q)} IN (SELECT norm FROM {ids})"
        for c, q in zip(table.columns, quoted, strict=True)
    ]
    if in_text:
        tests += [f"(contains({c}, '@') AND regexp_matches({c}, '\\s'))" for c in quoted]
    return sql_text("assess", "identifier_hits").format(
        table=table.sql_name, columns=", ".join(quoted), ids=ids, norm=NORMALISE.format("v"),
        candidates=" OR ".join(tests), in_text="TRUE" if in_text else "FALSE",
        keep=table.keep_sql,
    )


def _re2_literal(text: str) -> str:
    """``text`` as an RE2 literal (RE2 rejects escapes of characters that are not special)."""
    return "".join("\\" + c if c in _RE2_SPECIAL else c for c in text)


def token_patterns(con: duckdb.DuckDBPyConnection, ids_table: str) -> list[str] | None:
    """RE2 patterns that together match every row naming an identifier of ``ids_table`` as
    a whole token (e-mail addresses case-insensitively), or None when there are too many
    identifiers for fast patterns. A prefilter only: the token join decides.
    """
    norms = [r[0] for r in con.execute(
        f"SELECT DISTINCT norm FROM {quote_ident(ids_table)} ORDER BY norm").fetchall()]
    if len(norms) > _PATTERN_MAX:
        return None
    edge = TOKEN_CLASS.replace("[", "[^", 1)
    patterns = []
    for start in range(0, len(norms), _PATTERN_SIZE):
        chunk = norms[start:start + _PATTERN_SIZE]
        ids = [_re2_literal(n) for n in chunk if "@" not in n]
        mails = [_re2_literal(n) for n in chunk if "@" in n]
        alternatives = ids + ([f"(?i:{'|'.join(mails)})"] if mails else [])
        patterns.append(f"(?:^|{edge})[.-]*(?:{'|'.join(alternatives)})[.-]*(?:$|{edge})")
    return patterns


def text_hits_sql(table: SearchTable, column: str, ids_table: str,
                  patterns: Sequence[str] | None) -> str:
    """SQL returning ``(key, rows)``: rows of ``table.column`` naming an identifier as a
    whole token (``gdpr_audit/sql/assess/identifier_text_hits.sql``); with ``patterns``
    (:func:`token_patterns`) it takes them as parameters ``$p0, $p1, ...``."""
    quoted = quote_ident(column)
    prefilter = ("TRUE" if patterns is None else
                 " OR ".join(f"regexp_matches({quoted}, $p{i})" for i in range(len(patterns)))
                 or "FALSE")
    return sql_text("assess", "identifier_text_hits").format(
        table=table.sql_name, column=quoted, ids=quote_ident(ids_table),
        norm=NORMALISE.format("t.tok"), cell_norm=NORMALISE.format(quoted),
        prefilter=prefilter, token=TOKEN_CLASS, keep=table.keep_sql,
    )


def identifier_hits(
    con: duckdb.DuckDBPyConnection, tables: Sequence[SearchTable], ids_table: str
) -> pd.DataFrame:
    """Per identifier key and place, how many rows hold one of the key's identifiers.

    A place is a table (an identifier as a whole cell value) or one free-text column of
    it (an identifier named inside the text).

    Returns:
        DataFrame ``key, table (label: 'consents' or 'raw.crm__contacts'), column (the
        free-text column, None for whole values), rows``.
    """
    frames = []
    patterns = token_patterns(con, ids_table) if any(t.text_columns for t in tables) else None
    params = {f"p{i}": p for i, p in enumerate(patterns or [])}
    for table in tables:
        found: list[tuple[str | None, pd.DataFrame]] = []
        if table.columns:
            found.append((None, con.execute(
                f"SELECT key, count(DISTINCT _rid) AS rows FROM ({hits_sql(table, ids_table)}) "
                "GROUP BY key"
            ).df()))
        found += [(column, con.execute(text_hits_sql(table, column, ids_table, patterns),
                                       params).df())
                  for column in table.text_columns]
        for column, frame in found:
            if not frame.empty:
                frame.insert(1, "table", table.label)
                frame.insert(2, "column", column)
                frames.append(frame)
    if not frames:
        return pd.DataFrame({"key": [], "table": [], "column": [], "rows": []})
    return pd.concat(frames, ignore_index=True)


def quarantine_hits(con: duckdb.DuckDBPyConnection, ids_table: str) -> pd.DataFrame:
    """Per identifier key, how many quarantined records (``load_quarantine.raw_record``)
    hold one of the key's identifiers.

    A record that could not be loaded is still held: its raw line is split at the usual
    delimiters and quotes, each piece compared as :data:`NORMALISE` compares cells
    (ids exactly, e-mail addresses case-insensitively).

    Returns:
        DataFrame ``key, table ('load_quarantine'), column (None), rows``.
    """
    if not table_exists(con, "load_quarantine"):
        return pd.DataFrame({"key": [], "table": [], "column": [], "rows": []})
    ids = quote_ident(ids_table)
    frame = con.execute(
        "WITH pieces AS ("
        " SELECT q.rowid AS _rid, unnest(regexp_split_to_array(q.raw_record, '[;,\t|\x22'' ]+'))"
        " AS v FROM main.load_quarantine q WHERE q.raw_record IS NOT NULL)"
        f" SELECT i.key, count(DISTINCT p._rid) AS rows FROM pieces p"
        f" JOIN {ids} i ON {NORMALISE.format('p.v')} = i.norm GROUP BY i.key"
    ).df()
    frame.insert(1, "table", "load_quarantine")
    frame.insert(2, "column", None)
    return frame
