"""Which checks can be assessed on which source (issue #10 part 7, #15 part 3).

A check declares the canonical fields it needs (``needs=["consents.doi_confirmed_at"]``)
and, optionally, evidence fields it checks one by one (``evidence``). Per source (raw
table) of the check's record table, a field counts as *fed* when the model build
recorded it in ``column_lineage`` for that raw table, or when a row from that source
holds a value (a profile constant or template leaves no lineage). Then:

- ``assessable``: every needed and evidence field is fed;
- ``partial``: the needs are fed, some evidence fields are not: the check runs on the
  fields the source has, the others are not assessed;
- ``not_assessable``: a needed field is not fed: the check does not judge that source's
  records (one row here instead of one finding per record);
- ``no_source``: no source fed the record table at all.

A need on another table (``consents.given_at`` for a check on communications) holds when
any source of that table feeds it. A field that is fed but empty in a record stays a
finding: only absence from the export makes a check not assessable.

A table holding rows without any ``model_log`` row for it (filled by hand: tests,
benchmarks, a database from before the build log) carries no provenance: its checks
are assessable there, as one source ``*``. A table with neither rows nor a build record
has no source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import duckdb

from gdpr_audit.core.db import quote_ident
from gdpr_audit.core.errors import ConfigError

#: Status values of ``audit_assessability.status``.
ASSESSABLE, PARTIAL, NOT_ASSESSABLE, NO_SOURCE = (
    "assessable", "partial", "not_assessable", "no_source"
)
#: Source name used when provenance is unknown (no model_log).
ANY_SOURCE = "*"
#: ``detail_key`` per status (report templates ``assessability.<status>`` in i18n).
DETAIL_KEYS = {s: f"assessability.{s}" for s in (ASSESSABLE, PARTIAL, NOT_ASSESSABLE, NO_SOURCE)}


@dataclass(frozen=True)
class Need:
    """A canonical field a check reads: ``table.column``, ``table.a|b`` (either), or ``table``."""

    table: str
    columns: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Need:
        table, dot, cols = text.partition(".")
        columns = tuple(c.strip() for c in cols.split("|") if c.strip())
        if not table.strip() or (dot and not columns):
            raise ConfigError(f"invalid field reference {text!r} (use table.column)")
        return cls(table.strip(), columns)

    def __str__(self) -> str:
        return f"{self.table}.{'|'.join(self.columns)}" if self.columns else self.table


@dataclass
class Judgement:
    """Assessability of one check: a row per source, and what the run must leave out."""

    rows: list[dict[str, object]] = field(default_factory=list)
    #: sources whose records the check must not judge (a needed field is missing)
    skip: set[str] = field(default_factory=set)
    #: ``source|column`` pairs of evidence fields a source does not feed
    absent: list[str] = field(default_factory=list)

    @property
    def runnable(self) -> bool:
        """False only when every source lacks a needed field. A check without any
        source still runs: its table is empty, so it finds nothing, but it reads (and
        so validates) its configuration."""
        return any(r["status"] != NOT_ASSESSABLE for r in self.rows)


class SourceFields:
    """Which canonical columns each source fed, read once per run from the model build."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        log = con.execute(
            "SELECT canonical_table, raw_table, rows_mapped FROM model_log"
        ).fetchall() if _has_table(con, "model_log") else []
        #: tables the model build recorded (others: provenance unknown)
        self._logged = {t for t, _, _ in log}
        self._sources: dict[str, list[str]] = {}
        for table, raw, mapped in log:
            self._sources.setdefault(table, [])
            if mapped and raw not in self._sources[table]:
                self._sources[table].append(raw)
        self._lineage: set[tuple[str, str, str]] = set()
        if _has_table(con, "column_lineage"):
            self._lineage = {
                (t, c, r) for t, c, r in con.execute(
                    "SELECT canonical_table, canonical_column, raw_table FROM column_lineage"
                ).fetchall()
            }
        self._valued: dict[tuple[str, str], set[str]] = {}

    def sources(self, table: str) -> list[str]:
        """Raw tables that fed ``table`` (``['*']`` for rows of unknown provenance)."""
        if table not in self._logged:
            return [ANY_SOURCE] if self._has_rows(table) else []
        return sorted(self._sources.get(table, []))

    def _has_rows(self, table: str) -> bool:
        if not _has_table(self._con, table):
            return False
        return bool(self._con.execute(
            f"SELECT EXISTS (SELECT 1 FROM {quote_ident(table)})").fetchall()[0][0])

    def fed(self, table: str, column: str, source: str) -> bool:
        """Whether ``source`` fed ``table.column`` (lineage, or a value in any of its rows)."""
        if source == ANY_SOURCE:
            return True
        if (table, column, source) in self._lineage:
            return True
        return source in self._sources_with_values(table, column)

    def _sources_with_values(self, table: str, column: str) -> set[str]:
        key = (table, column)
        if key not in self._valued:
            rows = self._con.execute(
                f"SELECT DISTINCT source_table FROM {quote_ident(table)} "
                f"WHERE {quote_ident(column)} IS NOT NULL"
            ).fetchall()
            self._valued[key] = {r[0] for r in rows}
        return self._valued[key]


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'",
        [name],
    ).fetchone()
    return bool(row and row[0])


def parse_needs(texts: Iterable[str]) -> tuple[Need, ...]:
    return tuple(Need.parse(t) for t in texts)


def judge(
    fields: SourceFields,
    check_id: str,
    area: str,
    needs: Sequence[Need],
    evidence: Sequence[Need] = (),
) -> Judgement:
    """Assessability of ``check_id`` per source of its record table (the first need's)."""
    declared = [*needs, *evidence]
    if not declared:
        raise ConfigError(f"check {check_id} declares no fields (needs=)")
    record_table = declared[0].table
    result = Judgement()

    def satisfied(need: Need, source: str) -> bool:
        if need.table == record_table:
            return not need.columns or any(fields.fed(need.table, c, source) for c in need.columns)
        others = fields.sources(need.table)
        if not need.columns:
            return bool(others)
        return any(fields.fed(need.table, c, s) for s in others for c in need.columns)

    sources = fields.sources(record_table)
    if not sources:
        result.rows.append(_row(check_id, area, None, NO_SOURCE, [record_table]))
        return result
    for source in sources:
        missing = [str(n) for n in needs if not satisfied(n, source)]
        lacking = [n for n in evidence if not satisfied(n, source)]
        if missing:
            status = NOT_ASSESSABLE
            result.skip.add(source)
        elif lacking:
            status = PARTIAL
        else:
            status = ASSESSABLE
        result.absent.extend(f"{source}|{c}" for n in lacking for c in n.columns)
        missing += [str(n) for n in lacking]
        result.rows.append(_row(check_id, area, source, status, missing))
    return result


def _row(check_id: str, area: str, source: str | None, status: str,
         missing: list[str]) -> dict[str, object]:
    return {"check_id": check_id, "area": area, "source": source, "status": status,
            "missing": missing, "detail_key": DETAIL_KEYS[status]}


#: Columns of the assessability DataFrame (``audit_assessability`` without as_of/run_at).
ASSESSABILITY_COLUMNS = ["check_id", "area", "source", "status", "missing", "detail_key"]
