"""DuckDB connection and SQL helpers.

Values always travel as parameters; identifiers found at run time go through
:func:`quote_ident`. Multi-line SQL lives in ``gdpr_audit/sql/<stage>/<name>.sql``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from gdpr_audit.core.errors import InputError


def connect(
    path: str | Path, read_only: bool = False, threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (or create) the audit database file.

    Raises:
        InputError: the file is not a DuckDB database or is locked by another process.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise InputError(f"database not found: {path}")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise InputError(f"cannot open database {path}: {str(exc).splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise InputError(f"cannot open database {path}: {str(exc).splitlines()[0]}") from None
    con.execute("SET TimeZone = 'UTC'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def quote_ident(name: str) -> str:
    """Quote an SQL identifier for DuckDB (``a"b`` -> ``"a""b"``)."""
    if "\x00" in name:
        raise InputError("identifier contains a NUL byte")
    return '"' + name.replace('"', '""') + '"'


def qualified(table: str, schema: str | None = None) -> str:
    """Quoted, optionally schema-qualified table name."""
    return f"{quote_ident(schema)}.{quote_ident(table)}" if schema else quote_ident(table)


@cache
def sql_text(stage: str, name: str) -> str:
    """Text of ``gdpr_audit/sql/<stage>/<name>.sql``."""
    return resources.files("gdpr_audit.sql").joinpath(stage, f"{name}.sql").read_text("utf-8")


def run_sql(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    name: str,
    params: Mapping[str, Any] | None = None,
    **identifiers: str,
) -> duckdb.DuckDBPyConnection:
    """Execute a stored SQL file with named parameters.

    ``identifiers`` fill ``{placeholders}`` in the file with quoted identifiers
    (table or column names found at run time); values never go there.
    """
    text = sql_text(stage, name)
    if identifiers:
        text = text.format(**{k: quote_ident(v) for k, v in identifiers.items()})
    if params:
        return con.execute(text, dict(params))
    return con.execute(text)


def run_script(con: duckdb.DuckDBPyConnection, stage: str, name: str) -> None:
    """Execute a stored multi-statement SQL file without parameters (DDL)."""
    con.execute(sql_text(stage, name))


def table_exists(con: duckdb.DuckDBPyConnection, table: str, schema: str = "main") -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


def list_tables(
    con: duckdb.DuckDBPyConnection, schema: str = "main", prefix: str = ""
) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = ? AND starts_with(table_name, ?) ORDER BY table_name",
        [schema, prefix],
    ).fetchall()
    return [r[0] for r in rows]


def columns_of(con: duckdb.DuckDBPyConnection, table: str, schema: str = "main") -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Iterable[str],
    rows: Iterable[Iterable[Any]],
) -> None:
    """Parameterised bulk insert of Python rows."""
    cols = list(columns)
    placeholders = ", ".join("?" for _ in cols)
    col_sql = ", ".join(quote_ident(c) for c in cols)
    con.executemany(f"INSERT INTO {quote_ident(table)} ({col_sql}) VALUES ({placeholders})",
                    [list(r) for r in rows])
