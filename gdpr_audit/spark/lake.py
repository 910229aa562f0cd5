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

from pathlib import Path

import duckdb

from gdpr_audit.core.db import list_tables, qualified, quote_ident, run_script, table_exists
from gdpr_audit.core.errors import InputError
from gdpr_audit.load.naming import PROVENANCE_COLUMNS

#: Canonical-model tables exported for a Spark assessment (with the build's provenance).
MODEL_TABLES = (
    "contacts", "consents", "communications", "users", "roles", "role_permissions",
    "access_log", "retention_policies", "business_records", "notes", "dsr_requests",
    "contact_changes", "breaches", "automated_decisions", "column_lineage", "model_log",
    "subjects", "pii_columns",
)
RESULT_TABLES = ("pii_columns", "pii_findings", "audit_findings", "audit_assessability")


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
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return counts
