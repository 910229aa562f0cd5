"""Result tables of the CLI on stdout: drawn for a terminal, whole when piped, or data.

Rich folds a table to 80 columns when stdout is not a terminal (CI logs, ``| less``,
``> file``), cutting ids to "…". Piped output is therefore drawn at the table's natural
width, and ``--format json`` / ``--format csv`` print the same cells as data (markup such
as ``[red]FAIL[/]`` removed) for other tools.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum

from rich.console import Console
from rich.table import Table
from rich.text import Text

#: Width for piped output: wide enough that no table of the CLI is folded.
PIPED_WIDTH = 400


class OutputFormat(StrEnum):
    """How a command prints its result tables (``--format``)."""

    table = "table"
    json = "json"
    csv = "csv"


def stdout_console() -> Console:
    """A console on stdout: the terminal's width, or :data:`PIPED_WIDTH` when piped."""
    return Console() if sys.stdout.isatty() else Console(width=PIPED_WIDTH)


def _plain(cell: object) -> str:
    if isinstance(cell, Text):
        return cell.plain
    return Text.from_markup(str(cell)).plain


def table_rows(table: Table) -> list[dict[str, str]]:
    """The table's cells as one dict per row, keyed by column header (plain text)."""
    headers = [_plain(c.header) for c in table.columns]
    columns = [[_plain(cell) for cell in c.cells] for c in table.columns]
    return [dict(zip(headers, row, strict=True)) for row in zip(*columns, strict=True)]


def print_tables(tables: list[Table], fmt: OutputFormat = OutputFormat.table) -> None:
    """Print ``tables`` to stdout in ``fmt``.

    JSON is one object ``{"tables": [{"title", "rows"}]}``; CSV writes each table's header
    and rows, tables separated by an empty line, titles left out.
    """
    if fmt is OutputFormat.table:
        out = stdout_console()
        for table in tables:
            out.print(table)
        return
    if fmt is OutputFormat.json:
        doc = {"tables": [{"title": _plain(t.title or ""), "rows": table_rows(t)}
                          for t in tables]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        return
    buffer = io.StringIO()
    for i, table in enumerate(tables):
        if i:
            buffer.write("\n")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([_plain(c.header) for c in table.columns])
        writer.writerows(list(r.values()) for r in table_rows(table))
    sys.stdout.write(buffer.getvalue())
