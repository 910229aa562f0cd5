"""Parquet files: DuckDB's ``read_parquet``, every column cast to VARCHAR.

Struct columns are flattened with ``.`` like JSON objects; lists and maps become JSON
text. ``_record_no`` is DuckDB's ``file_row_number`` + 1. Timestamps with a zone are
rendered in UTC (the connection's time zone).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from gdpr_audit.core.db import qualified, quote_ident
from gdpr_audit.core.errors import InputError
from gdpr_audit.load.naming import RECORD_NO_COLUMN, SOURCE_FILE_COLUMN, column_names
from gdpr_audit.load.readers.common import RAW_SCHEMA, TableRead

_NESTED_AS_JSON = ("[]", "MAP(", "UNION(")


def _leaves(
    expr: str, name: str, type_: str, con: duckdb.DuckDBPyConnection, path: str
) -> list[tuple[str, str]]:
    """(SQL expression, flattened name) for one column, recursing into structs.

    A list or map is JSON text whatever it holds: ``STRUCT(a INTEGER)[]`` starts like a
    struct but is a list, so the list test comes first.
    """
    if type_.endswith("]") or type_.startswith(_NESTED_AS_JSON):
        return [(f"CAST(to_json({expr}) AS VARCHAR)", name)]
    if type_.startswith("STRUCT("):
        fields = _struct_fields(con, expr, path)
        out: list[tuple[str, str]] = []
        for field_name, field_type in fields:
            out += _leaves(
                f"{expr}.{quote_ident(field_name)}", f"{name}.{field_name}", field_type, con, path
            )
        return out
    return [(f"CAST({expr} AS VARCHAR)", name)]


def _struct_fields(con: duckdb.DuckDBPyConnection, expr: str, path: str) -> list[tuple[str, str]]:
    rows = con.execute(
        f"DESCRIBE SELECT unnest({expr}) FROM read_parquet($path)", {"path": path}
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def read_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, *, table: str, source_file: str, label: str
) -> TableRead:
    """Load a Parquet file into ``raw.<table>``."""
    try:
        described = con.execute(
            "DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(path)}
        ).fetchall()
    except duckdb.Error as exc:
        raise InputError(
            f"{label}: is not a readable Parquet file ({type(exc).__name__})"
        ) from None
    leaves: list[tuple[str, str]] = []
    for col_name, col_type, *_ in described:
        leaves += _leaves(quote_ident(col_name), col_name, col_type, con, str(path))
    names = column_names([name for _, name in leaves])
    select = ", ".join(
        f"{expr} AS {quote_ident(n)}" for (expr, _), n in zip(leaves, names, strict=True)
    )
    con.execute(
        f"CREATE TABLE {qualified(table, RAW_SCHEMA)} AS SELECT {select}, "
        f"CAST($src AS VARCHAR) AS {quote_ident(SOURCE_FILE_COLUMN)}, "
        f"file_row_number + 1 AS {quote_ident(RECORD_NO_COLUMN)} "
        f"FROM read_parquet($path, file_row_number = true)",
        {"src": source_file, "path": str(path)},
    )
    row = con.execute(f"SELECT count(*) FROM {qualified(table, RAW_SCHEMA)}").fetchone()
    return TableRead(table_name=table, rows_loaded=int(row[0]) if row else 0)
