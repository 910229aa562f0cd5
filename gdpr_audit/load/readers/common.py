"""Types shared by the readers, the Windows-1252 decoding table and the Python row sink."""

from __future__ import annotations

import encodings.cp1252
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from gdpr_audit.core.db import qualified, quote_ident
from gdpr_audit.load.naming import PROVENANCE_COLUMNS, RECORD_NO_COLUMN, SOURCE_FILE_COLUMN

RAW_SCHEMA = "raw"

#: Bytes Windows-1252 leaves undefined; decoded to private-use U+F7xx so the record can be
#: recognised and quarantined with the byte shown as ``\xNN`` instead of failing the file.
CP1252_UNDEFINED = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D])
UNDEFINED_BASE = 0xF700
CP1252_TABLE = "".join(
    chr(UNDEFINED_BASE + i) if ch == "\ufffe" else ch
    for i, ch in enumerate(encodings.cp1252.decoding_table)
)
UNDEFINED_PATTERN = "[\\x{F780}-\\x{F7FF}]"  # RE2 syntax, for DuckDB
_UNDEFINED_TO_ESCAPE = {UNDEFINED_BASE + b: f"\\x{b:02x}" for b in range(0x80, 0x100)}


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def scrub_message(exc: BaseException) -> str:
    """First line of an engine error with quoted fragments (possible cell values) removed."""
    text = str(exc)
    first = text.splitlines()[0] if text else type(exc).__name__
    return _QUOTED.sub("'…'", first)[:200]


def show_undefined(text: str) -> str:
    """Show private-use stand-ins of undecodable bytes as ``\\xNN``."""
    return text.translate(_UNDEFINED_TO_ESCAPE)


@dataclass(frozen=True)
class QuarantinedRecord:
    """A malformed record: where it was, why, and its raw text (never printed).

    ``reason`` is English prose; ``code`` and ``params`` say the same for the report to
    word in any language (:mod:`gdpr_audit.load.readers.reasons`): no cell values.
    """

    record_no: int
    reason: str
    raw_record: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class TableRead:
    """The outcome of reading one source table (a file, or one XLSX sheet)."""

    table_name: str
    rows_loaded: int
    quarantine: list[QuarantinedRecord] = field(default_factory=list)
    sheet: str | None = None
    note: str | None = None

    @property
    def rows_quarantined(self) -> int:
        return len(self.quarantine)

    @property
    def rows_read(self) -> int:
        return self.rows_loaded + self.rows_quarantined


def create_empty_table(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str]) -> None:
    """``raw.<table>`` with ``columns`` as VARCHAR plus the provenance columns, no rows."""
    cols = [f"{quote_ident(c)} VARCHAR" for c in columns]
    cols += [
        f"{quote_ident(SOURCE_FILE_COLUMN)} VARCHAR",
        f"{quote_ident(RECORD_NO_COLUMN)} BIGINT",
    ]
    con.execute(f"CREATE TABLE {qualified(table, RAW_SCHEMA)} ({', '.join(cols)})")


class RowSink:
    """Collects Python records (column -> text) and writes them to ``raw.<table>`` in batches.

    Columns may appear as records arrive (JSON); rows land in a temporary staging table
    and :meth:`finish` creates the raw table with the columns in first-seen order and the
    provenance columns last.
    """

    BATCH = 20_000

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, source_file: str) -> None:
        self._con = con
        self._table = table
        self._source_file = source_file
        self._staging = f"_gdpr_stage_{abs(hash((table, source_file))):x}"
        self._columns: list[str] = []
        self._batch: list[tuple[int, dict[str, str | None]]] = []
        self._rows = 0
        con.execute(f"DROP TABLE IF EXISTS temp.{quote_ident(self._staging)}")
        con.execute(
            f"CREATE TEMP TABLE {quote_ident(self._staging)} "
            f"({quote_ident(RECORD_NO_COLUMN)} BIGINT)"
        )

    @property
    def rows(self) -> int:
        return self._rows

    def add_columns(self, names: Sequence[str]) -> None:
        for name in names:
            if name not in self._columns and name not in PROVENANCE_COLUMNS:
                self._columns.append(name)
                self._con.execute(
                    f"ALTER TABLE temp.{quote_ident(self._staging)} "
                    f"ADD COLUMN {quote_ident(name)} VARCHAR"
                )

    def add(self, record_no: int, values: dict[str, str | None]) -> None:
        """Add a record; every key must already be a column (see :meth:`add_columns`)."""
        self._batch.append((record_no, values))
        self._rows += 1
        if len(self._batch) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._batch:
            return
        record_nos = pa.array([r for r, _ in self._batch], pa.int64())
        if self._columns:
            schema = pa.schema([(c, pa.string()) for c in self._columns])
            batch = pa.Table.from_pylist([v for _, v in self._batch], schema=schema)
            batch = batch.append_column(RECORD_NO_COLUMN, record_nos)
        else:  # only empty objects so far
            batch = pa.table({RECORD_NO_COLUMN: record_nos})
        view = f"{self._staging}_batch"
        self._con.register(view, batch)
        try:
            self._con.execute(
                f"INSERT INTO temp.{quote_ident(self._staging)} BY NAME "
                f"SELECT * FROM {quote_ident(view)}"
            )
        finally:
            self._con.unregister(view)
        self._batch = []

    def finish(self) -> int:
        """Create ``raw.<table>`` from the staging table; returns the number of rows."""
        self.flush()
        cols = ", ".join(quote_ident(c) for c in self._columns)
        select = f"{cols}, " if cols else ""
        self._con.execute(
            f"CREATE TABLE {qualified(self._table, RAW_SCHEMA)} AS "
            f"SELECT {select}CAST($src AS VARCHAR) AS {quote_ident(SOURCE_FILE_COLUMN)}, "
            f"{quote_ident(RECORD_NO_COLUMN)} FROM temp.{quote_ident(self._staging)} "
            f"ORDER BY {quote_ident(RECORD_NO_COLUMN)}",
            {"src": self._source_file},
        )
        self._con.execute(f"DROP TABLE temp.{quote_ident(self._staging)}")
        return self._rows
