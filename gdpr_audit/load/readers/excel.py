"""XLSX workbooks: every sheet a raw table, read with openpyxl in read-only mode.

Cells become text: strings verbatim (formulas such as ``=HYPERLINK(...)`` too: the
formula-injection defence is on export), integers without ``.0``, other numbers in their
shortest form, dates and times in ISO 8601, booleans ``true``/``false``. The first
non-blank row is the header; ``_record_no`` is the sheet row number minus the header's,
so record 1 is the row right below the header. Blank rows are not records. A cell beyond
the header's last column quarantines its row.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from gdpr_audit.core.errors import InputError
from gdpr_audit.load.naming import column_names
from gdpr_audit.load.readers.common import QuarantinedRecord, RowSink, TableRead, create_empty_table
from gdpr_audit.load.readers.reasons import quarantined

#: How many non-blank rows above the header (titles, export dates) are looked through.
MAX_PREAMBLE_ROWS = 10


def cell_text(value: Any) -> str | None:
    """The text of an XLSX cell value as the loader stores it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_xlsx(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    table_for_sheet: Callable[[str], str],
    source_file: str,
    label: str,
) -> list[TableRead]:
    """Load every sheet of the workbook at ``path``; one :class:`TableRead` per sheet."""
    from openpyxl import load_workbook

    with path.open("rb") as fh:  # a file object: openpyxl refuses names not ending in .xlsx
        try:
            workbook = load_workbook(fh, read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds on a corrupt workbook
            raise InputError(
                f"{label}: is not a readable XLSX workbook ({type(exc).__name__})"
            ) from None
        try:
            results = []
            for sheet in workbook.worksheets:
                sheet.reset_dimensions()  # some writers store wrong dimensions; read every cell
                table = table_for_sheet(sheet.title)
                results.append(
                    _read_sheet(
                        con, sheet.iter_rows(values_only=True), table, sheet.title, source_file
                    )
                )
            return results
        except (duckdb.Error, InputError):
            raise
        except Exception as exc:  # corrupt sheet XML surfaces while iterating
            raise InputError(f"{label}: a sheet could not be read ({type(exc).__name__})") from None
        finally:
            workbook.close()


def _filled(texts: Sequence[str | None]) -> int:
    return sum(1 for t in texts if t not in (None, ""))


def _read_sheet(
    con: duckdb.DuckDBPyConnection,
    rows: Iterable[Sequence[Any]],
    table: str,
    sheet: str,
    source_file: str,
) -> TableRead:
    non_blank = (
        (row_no, texts)
        for row_no, texts in (
            (n, [cell_text(v) for v in row]) for n, row in enumerate(rows, start=1)
        )
        if _filled(texts)
    )
    lead = list(itertools.islice(non_blank, MAX_PREAMBLE_ROWS + 1))
    if not lead:
        create_empty_table(con, table, [])
        return TableRead(table_name=table, rows_loaded=0, sheet=sheet, note="empty sheet")
    # Report titles and export dates sit above the header in one cell each.
    at = next((i for i, (_, texts) in enumerate(lead) if _filled(texts) >= 2), 0)
    header_row, header = lead[at]
    width = max(i for i, t in enumerate(header, start=1) if t not in (None, ""))
    names = column_names(header[:width])
    sink = RowSink(con, table, source_file)
    sink.add_columns(names)
    quarantine: list[QuarantinedRecord] = []
    for row_no, texts in itertools.chain(lead[at + 1 :], non_blank):
        record_no = row_no - header_row
        if _filled(texts[width:]):
            quarantine.append(
                quarantined(
                    record_no,
                    "cells_beyond_header",
                    "\t".join("" if t is None else t for t in texts),
                    columns=width,
                )
            )
            continue
        sink.add(record_no, dict(zip(names, texts, strict=False)))
    note = f"{at} row(s) above the header skipped" if at else None
    return TableRead(
        table_name=table, rows_loaded=sink.finish(), quarantine=quarantine, sheet=sheet, note=note
    )
