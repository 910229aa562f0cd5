"""Move an audit between DuckDB and a lake: export tables as Parquet, import Spark results.

- :func:`export_lake` writes an audit database's raw tables (``raw/<table>.parquet``,
  text columns, without the loader's provenance columns: a lake table as a CRM export
  would land there) and its canonical model (``model/<table>.parquet``, types kept), so
  a Spark job can scan and assess the same data;
- :func:`import_results` merges what a Spark job wrote (``pii_columns``,
  ``pii_findings``, ``audit_findings``, ``audit_assessability`` as Parquet folders) into
  a DuckDB audit database, replacing the rows of the same tables / audit day, so
  ``assess``, ``check`` and ``report`` read them unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.core.db import (
    audit_salt,
    list_tables,
    qualified,
    quote_ident,
    run_script,
    table_exists,
)
from gdpr_audit.core.errors import InputError
from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.naming import PROVENANCE_COLUMNS

#: Canonical-model tables exported for a Spark assessment (with the build's provenance).
MODEL_TABLES = (
    "contacts", "consents", "communications", "users", "roles", "role_permissions",
    "access_log", "retention_policies", "business_records", "notes", "dsr_requests",
    "contact_changes", "breaches", "automated_decisions", "column_lineage", "model_log",
    "subjects", "pii_columns",
)
RESULT_TABLES = ("pii_columns", "pii_findings", "audit_findings", "audit_assessability")
#: Bookkeeping a Spark job writes for a database that has none (a lake audit without
#: ``gdpr-audit load``): the lake tables the scan read, the model build's log.
BOOKKEEPING_TABLES = ("load_log", "model_log", "column_lineage")
_SALT_CHECK_TEXT = "gdpr-audit salt check"


def salt_check(salt: str) -> str:
    """An HMAC of a fixed text with ``salt``: equal for equal salts, reveals nothing of it.
    A Spark run stores it; import refuses a database whose salt gives another one."""
    return pseudonym(_SALT_CHECK_TEXT, salt, prefix="K")


def export_lake(con: duckdb.DuckDBPyConnection, out: Path, *, raw: bool = True,
                model: bool = True) -> dict[str, int]:
    """Write raw tables to ``out/raw`` and canonical tables to ``out/model`` as Parquet.

    Returns rows per written file (``raw/<t>`` / ``model/<t>``).
    """
    written: dict[str, int] = {}
    if raw:
        (out / "raw").mkdir(parents=True, exist_ok=True)
        for table in list_tables(con, schema="raw"):
            cols = [c for c, in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' "
                "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()
                if c not in PROVENANCE_COLUMNS]
            order = "ORDER BY _record_no" if "_record_no" in [
                c for c, in con.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'raw' AND table_name = ?", [table]).fetchall()] else ""
            select = ", ".join(quote_ident(c) for c in cols)
            # crm__contacts -> raw/crm/contacts.parquet: loaded back, the same table name
            target = out / "raw" / (table.replace("__", "/") + ".parquet")
            target.parent.mkdir(parents=True, exist_ok=True)
            con.execute(f"COPY (SELECT {select} FROM {qualified(table, 'raw')} {order}) "
                        f"TO '{_literal(target)}' (FORMAT parquet)")
            written[f"raw/{table}"] = _count(con, qualified(table, "raw"))
    if model:
        (out / "model").mkdir(parents=True, exist_ok=True)
        for table in MODEL_TABLES:
            if not table_exists(con, table):
                continue
            target = out / "model" / f"{table}.parquet"
            con.execute(f"COPY {quote_ident(table)} TO '{_literal(target)}' (FORMAT parquet)")
            written[f"model/{table}"] = _count(con, quote_ident(table))
    return written


def lake_from_exports(exports: Path, root: Path) -> Path:
    """Exports as a lake both engines read: ``root/lake/raw`` and ``root/lake/model``.

    The exports are loaded (``root/first.duckdb``), their raw tables written as Parquet,
    and that lake loaded back into ``root/ref.duckdb`` (the DuckDB reference, returned),
    whose canonical model (built from the lake's raw tables) goes to ``root/lake/model``.
    """
    from gdpr_audit.core.db import connect
    from gdpr_audit.load.loader import load_paths
    from gdpr_audit.load.model import build_model

    con = connect(root / "first.duckdb")
    try:
        load_paths(con, [exports])
        export_lake(con, root / "lake", model=False)
    finally:
        con.close()
    ref = connect(root / "ref.duckdb")
    try:
        load_paths(ref, [root / "lake" / "raw"])
        build_model(ref, None)
        export_lake(ref, root / "lake", raw=False)
    finally:
        ref.close()
    return root / "ref.duckdb"


def _literal(path: Path) -> str:
    # COPY ... TO takes no parameter for its target; the path is ours, quotes doubled
    return str(path).replace("'", "''")


def _count(con: duckdb.DuckDBPyConnection, table_sql: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table_sql}").fetchone()
    return int(row[0]) if row else 0


def _parquet_glob(folder: Path) -> str | None:
    files = sorted(folder.glob("*.parquet"))
    return str(folder / "*.parquet") if files else None


def import_results(con: duckdb.DuckDBPyConnection, results: Path) -> dict[str, int]:
    """Merge a Spark job's result folders into the audit database (one transaction).

    ``pii_columns`` / ``pii_findings`` replace the rows of the raw tables they name;
    ``audit_findings`` / ``audit_assessability`` replace the rows of their audit days
    and areas. Returns rows imported per table.

    Raises:
        InputError: ``results`` holds none of :data:`RESULT_TABLES`.
    """
    present = {t: _parquet_glob(results / t) for t in RESULT_TABLES if (results / t).is_dir()}
    present = {t: g for t, g in present.items() if g}
    if not present:
        raise InputError(f"no Spark results ({', '.join(RESULT_TABLES)}) in {results}")
    run = _run_manifest(con, results)
    run_script(con, "discover", "inventory_tables")
    run_script(con, "assess", "audit_findings")
    run_script(con, "assess", "audit_assessability")
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table, glob in present.items():
            source = "read_parquet($glob)"
            if table in ("pii_columns", "pii_findings"):
                con.execute(f"DELETE FROM {table} WHERE table_name IN "
                            f"(SELECT DISTINCT table_name FROM {source})", {"glob": glob})
            elif run is not None:  # the run's areas, also those without a finding
                con.execute(f"DELETE FROM {table} WHERE as_of = $as_of AND "
                            "list_contains($areas, area)",
                            {"as_of": run["as_of"], "areas": list(run["areas"])})
            else:
                con.execute(f"DELETE FROM {table} WHERE (as_of, area) IN "
                            f"(SELECT DISTINCT CAST(as_of AS DATE), area FROM {source})",
                            {"glob": glob})
            # a column the results lack (written by an older version) stays NULL
            given = {str(r[0]) for r in con.execute(
                f"DESCRIBE SELECT * FROM {source}", {"glob": glob}).fetchall()}
            cols = [c for c, in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()
                if c in given]
            select = ", ".join(quote_ident(c) for c in cols)
            con.execute(f"INSERT INTO {table} ({select}) SELECT {select} FROM {source}",
                        {"glob": glob})
            row = con.execute(f"SELECT count(*) FROM {source}", {"glob": glob}).fetchone()
            counts[table] = int(row[0]) if row else 0
        counts.update(_import_bookkeeping(con, results))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if run is not None:
        counts["audit_charts"] = _store_run(con, results, run)
    return counts


def _run_manifest(con: duckdb.DuckDBPyConnection, results: Path) -> dict[str, Any] | None:
    """The ``audit_run`` row a Spark assessment wrote (None for a scan's results).

    Raises:
        InputError: the run's pseudonyms were made with another salt than the database's.
    """
    glob = _parquet_glob(results / "audit_run")
    if glob is None:
        return None
    cur = con.execute("SELECT * FROM read_parquet($glob) ORDER BY run_at DESC LIMIT 1",
                      {"glob": glob})
    row = cur.fetchone()
    if row is None:
        return None
    run = dict(zip([d[0] for d in cur.description], row, strict=True))
    if run["salt_check"] != salt_check(audit_salt(con)):
        raise InputError(
            f"the results in {results} were pseudonymised with another salt than this "
            "database's: run `gdpr-audit assess --engine spark` with this --db, or set "
            "GDPR_AUDIT_SALT to the salt the Spark job used")
    return run


def _import_bookkeeping(con: duckdb.DuckDBPyConnection, results: Path) -> dict[str, int]:
    """``load_log`` rows of lake tables the database has no load record of; ``model_log``
    and ``column_lineage`` when the database has none (it was not built by ``load``)."""
    counts: dict[str, int] = {}
    for table in BOOKKEEPING_TABLES:
        glob = _parquet_glob(results / table)
        if glob is None:
            continue
        if table == "load_log":
            run_script(con, "load", "ddl")
            before = _count(con, "load_log")
            con.execute("INSERT INTO load_log SELECT * FROM read_parquet($glob) WHERE "
                        "table_name NOT IN (SELECT table_name FROM load_log)", {"glob": glob})
            counts[table] = _count(con, "load_log") - before
        elif not table_exists(con, table) or not _count(con, quote_ident(table)):
            con.execute(f"CREATE OR REPLACE TABLE {quote_ident(table)} AS "
                        "SELECT * FROM read_parquet($glob)", {"glob": glob})
            counts[table] = _count(con, quote_ident(table))
    return counts


@dataclass
class _AreaTables:
    tables: dict[str, pd.DataFrame]


@dataclass
class _ImportedRun:
    """What :func:`gdpr_audit.assess.charts.store_run` reads of an assessment."""

    as_of: dt.date
    areas: dict[str, _AreaTables]
    findings: pd.DataFrame


def _store_run(con: duckdb.DuckDBPyConnection, results: Path, run: dict[str, Any]) -> int:
    """The run's chart tables and ``audit_runs`` row, as ``assess`` stores them."""
    from gdpr_audit.assess.charts import store_run

    areas: dict[str, _AreaTables] = {a: _AreaTables({}) for a in run["areas"]}
    for chart in run["charts"]:
        area, name = chart.split("__", 1)
        glob = _parquet_glob(results / "audit_charts" / chart)
        frame = (con.execute("SELECT * FROM read_parquet($glob)", {"glob": glob}).df()
                 if glob else pd.DataFrame())
        areas.setdefault(area, _AreaTables({})).tables[name] = frame
    findings = con.execute("SELECT * FROM audit_findings WHERE as_of = $as_of AND "
                           "list_contains($areas, area)",
                           {"as_of": run["as_of"], "areas": list(run["areas"])}).df()
    store_run(con, _ImportedRun(run["as_of"], areas, findings), json.loads(run["config"]),
              _database_file(con))
    return len(run["charts"])


def _database_file(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = "
                      "current_database()").fetchone()
    return str(row[0]) if row and row[0] else ""
