"""DuckDB connection and SQL helpers.

Values always travel as parameters; identifiers found at run time go through
:func:`quote_ident`. Multi-line SQL lives in ``gdpr_audit/sql/<stage>/<name>.sql``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from gdpr_audit.core.config import settings
from gdpr_audit.core.errors import InputError
from gdpr_audit.core.privacy import new_salt

#: Table holding the audit database's secrets (one row per name). Never read by a
#: report, export or suite; whoever holds the database holds the salt.
SECRETS_TABLE = "audit_secrets"
_SALT_NAME = "pseudonym_salt"


#: Applies when the file is created (an existing file keeps its block size). DuckDB stores
#: every table in at least one block: 2,000 small exports took 527 MB with the default 256 KB
#: blocks and 136 MB with 64 KB ones, while a 300,000-row load and scans kept their speed
#: (16 KB blocks: 37 MB, but loads 50 % slower).
_NEW_FILE_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "default_block_size": str(64 * 1024)
}


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
        con = duckdb.connect(str(path), read_only=read_only, config=_NEW_FILE_CONFIG)
    except duckdb.IOException as exc:
        holder = lock_holder(str(exc))
        if holder is not None:
            advice = ("shut down that kernel (or restart it) or wait for it"
                      if "notebook" in holder else "wait for it to finish")
            raise InputError(f"database {path} is locked by {holder}: {advice}, "
                             "then run the command again") from None
        raise InputError(f"cannot open database {path}: {str(exc).splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise InputError(f"cannot open database {path}: {str(exc).splitlines()[0]}") from None
    con.execute("SET TimeZone = 'UTC'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if not read_only:
        _stored_salt(con, create=True)  # the first load creates the database's own salt
    return con


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.+?) \(PID (?P<pid>\d+)\)")


def lock_holder(message: str) -> str | None:
    """Who holds the lock a DuckDB ``IOException`` complains about, in words, or None.

    DuckDB names the executable and PID; the process's command line (Linux ``/proc``) tells
    a notebook kernel from a ``gdpr-audit`` command. Only program and module names are
    shown, never arguments (they may name files).
    """
    found = _LOCK_HOLDER.search(message)
    if found is None:
        return None
    pid = found["pid"]
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        words = [a.decode("utf-8", "replace") for a in argv if a]
    except OSError:
        words = [found["exe"]]
    text = " ".join(words)
    if "ipykernel" in text:
        what = "a Jupyter notebook kernel"
    elif script := [i for i, w in enumerate(words[:2]) if Path(w).name == "gdpr-audit"]:
        command = words[script[0] + 1: script[0] + 2]
        what = " ".join(["gdpr-audit", *[c for c in command if c.isidentifier() or
                                          c.replace("-", "").isalpha()]])
    else:
        what = Path(words[0] if words else found["exe"]).name
    return f"{what} (process {pid})"


def _stored_salt(con: duckdb.DuckDBPyConnection, *, create: bool) -> str | None:
    """The salt kept in the database; with ``create`` a new random one when there is none."""
    if table_exists(con, SECRETS_TABLE):
        row = con.execute(
            f"SELECT value FROM {SECRETS_TABLE} WHERE name = ?", [_SALT_NAME]
        ).fetchone()
        if row and row[0]:
            return str(row[0])
    if not create:
        return None
    salt = new_salt()
    con.execute(f"CREATE TABLE IF NOT EXISTS {SECRETS_TABLE} (name VARCHAR PRIMARY KEY, "
                "value VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL)")
    con.execute(f"INSERT INTO {SECRETS_TABLE} VALUES (?, ?, now()) ON CONFLICT DO NOTHING",
                [_SALT_NAME, salt])
    return _stored_salt(con, create=False)


def stored_salt(con: duckdb.DuckDBPyConnection) -> str | None:
    """The salt kept in the database (created when missing and the connection can write),
    whatever ``GDPR_AUDIT_SALT`` says: what the stored ``v_*`` views pseudonymise with."""
    return _stored_salt(con, create=False) or _stored_salt(con, create=True)


def audit_salt(con: duckdb.DuckDBPyConnection) -> str:
    """The salt of pseudonymous ids for this audit: ``GDPR_AUDIT_SALT`` when set, else
    the random salt kept in the database (created on first use if the connection can
    write), so ids are stable across runs of one audit and meaningless without it.

    Raises:
        InputError: a read-only database without a salt (written by an older version).
    """
    override = settings().pseudonym_salt
    if override is not None:
        return override
    try:
        salt = _stored_salt(con, create=False) or _stored_salt(con, create=True)
    except duckdb.InvalidInputException:  # read-only: cannot create it
        salt = None
    if not salt:
        raise InputError("the audit database has no pseudonym salt (written by an older "
                         "gdpr-audit): run `gdpr-audit load` on it once, or set GDPR_AUDIT_SALT")
    return salt


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
