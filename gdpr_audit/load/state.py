"""Which load the canonical model belongs to, and the guard against a stale model.

Raw tables are replaced one source file per transaction; the canonical model is rebuilt
afterwards in a transaction of its own. A ``kill -9`` (or a full disk) between the two
leaves raw data newer than the model. Instead of one transaction over a whole load (which
would hold every raw table in memory), each transaction that changes ``raw.*`` bumps
``load_state.raw_generation`` and :func:`gdpr_audit.load.model.build_model` records the
generation it was built from; :func:`ensure_model_current` refuses a database whose model
is behind and names the command that fixes it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from gdpr_audit.core.errors import InputError


def bump_raw_generation(con: duckdb.DuckDBPyConnection) -> None:
    """Record that ``raw.*`` changed (call inside the transaction that changes it)."""
    now = dt.datetime.now(dt.UTC)
    updated = con.execute(
        "UPDATE main.load_state SET raw_generation = raw_generation + 1, updated_at = ? "
        "RETURNING raw_generation",
        [now],
    ).fetchall()
    if not updated:
        con.execute(
            "INSERT INTO main.load_state VALUES (1, NULL, NULL, NULL, ?)",
            [now],
        )


def mark_model_built(
    con: duckdb.DuckDBPyConnection, profile: str | None, timezone: str | None
) -> None:
    """Record that the model matches the raw tables (call inside the build's transaction)."""
    now = dt.datetime.now(dt.UTC)
    updated = con.execute(
        "UPDATE main.load_state SET model_generation = raw_generation, model_profile = ?, "
        "model_timezone = ?, updated_at = ? RETURNING raw_generation",
        [profile, timezone, now],
    ).fetchall()
    if not updated:
        con.execute("INSERT INTO main.load_state VALUES (0, 0, ?, ?, ?)", [profile, timezone, now])


def stale_model(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether raw data changed after the canonical model was last built.

    A database without ``load_state`` (tables made by hand, an older version) is not
    judged: there is nothing to compare.
    """
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
        "AND table_name = 'load_state'"
    ).fetchone()
    if not exists or not exists[0]:
        return False
    row = con.execute("SELECT raw_generation, model_generation FROM main.load_state").fetchone()
    return row is not None and (row[1] is None or row[1] < row[0])


def ensure_model_current(db: Path) -> None:
    """Refuse (exit 2) an audit database whose canonical model is older than its raw data.

    Used by ``assess``, ``check`` and ``report``; a missing database is left to them.

    Raises:
        InputError: the model is stale, with the command that rebuilds it.
    """
    if not Path(db).exists():
        return
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return  # locked or not a database: the command's own open reports it
    try:
        stale = stale_model(con)
    finally:
        con.close()
    if stale:
        raise InputError(
            f"the canonical model in {db} is older than its raw data (a load was interrupted "
            "or raw tables were loaded without building it); run `gdpr-audit load <exports> "
            f"--db {db}` again (unchanged files are skipped, the model is rebuilt)"
        )
