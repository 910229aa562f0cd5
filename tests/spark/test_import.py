"""import-results without Spark: the files a Spark job writes, made with pyarrow (fast)."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gdpr_audit.core.db import audit_salt, connect
from gdpr_audit.core.errors import InputError
from gdpr_audit.spark.lake import import_results, salt_check

AS_OF = dt.date(2026, 11, 28)
RUN_AT = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)


def _write(folder, table: pa.Table) -> None:
    folder.mkdir(parents=True)
    pq.write_table(table, folder / "part-00000.parquet")


def _load_log(tables: list[str]) -> pa.Table:
    n = len(tables)
    return pa.table({
        "path": [f"crm/{t}.parquet" for t in tables], "table_name": tables, "sha256": [""] * n,
        "size_bytes": [100] * n, "format": ["parquet"] * n, "encoding": [None] * n,
        "delimiter": [None] * n, "rows_read": [5] * n, "rows_loaded": [5] * n,
        "rows_quarantined": [0] * n, "loaded_at": [RUN_AT] * n})


def _run(out, salt: str, areas: list[str]) -> None:
    _write(out / "audit_run", pa.table({
        "as_of": [AS_OF], "run_at": [RUN_AT], "areas": [areas], "charts": [["access__matrix"]],
        "config": [json.dumps({})], "failed": ["{}"], "salt_check": [salt_check(salt)]}))
    _write(out / "audit_charts" / "access__matrix",
           pa.table({"user": ["U-1"], "table": ["contacts"], "rows": [3]}))


@pytest.fixture()
def results(tmp_path):
    out = tmp_path / "run"
    _write(out / "pii_columns", pa.table({
        "table_name": ["crm__contacts"], "source": ["crm/contacts.parquet"],
        "column_name": ["email"], "entity_type": ["EMAIL_ADDRESS"], "category": ["pii"],
        "score": [0.9], "share": [1.0], "why": ["values"], "free_text": [False],
        "rows": [5]}))
    _write(out / "load_log", _load_log(["crm__contacts", "crm__notes"]))
    _write(out / "model_log", pa.table({"canonical_table": ["contacts"],
                                        "raw_table": ["crm__contacts"], "rows_in": [5]}))
    return out


def test_bookkeeping_fills_a_new_database_only(results, tmp_path):
    db = tmp_path / "new.duckdb"
    con = connect(db)
    counts = import_results(con, results)
    assert counts["load_log"] == 2 and counts["model_log"] == 1
    rows = con.execute("SELECT table_name, rows_read, rows_loaded + rows_quarantined "
                       "FROM load_log ORDER BY 1").fetchall()
    assert rows == [("crm__contacts", 5, 5), ("crm__notes", 5, 5)]
    # a second import adds no load_log row twice and keeps the model log it has
    again = import_results(con, results)
    assert "load_log" in again and again["load_log"] == 0 and "model_log" not in again
    assert con.execute("SELECT count(*) FROM load_log").fetchone() == (2,)
    con.close()


def test_a_database_s_own_load_record_is_kept(results, tmp_path):
    con = connect(tmp_path / "loaded.duckdb")
    from gdpr_audit.core.db import run_script

    run_script(con, "load", "ddl")
    con.execute("INSERT INTO load_log VALUES ('contacts.csv', 'crm__contacts', 'abc', 9, "
                "'csv', 'utf-8', ',', 7, 6, 1, ?)", [RUN_AT])
    import_results(con, results)
    rows = con.execute("SELECT table_name, sha256, rows_read FROM load_log ORDER BY 1").fetchall()
    assert rows == [("crm__contacts", "abc", 7), ("crm__notes", "", 5)]
    con.close()


def test_a_run_is_stored_for_the_report_with_its_salt(results, tmp_path):
    from gdpr_audit.assess.charts import latest_run

    con = connect(tmp_path / "audit.duckdb")
    _run(results, audit_salt(con), ["access", "breaches"])
    counts = import_results(con, results)
    assert counts["audit_charts"] == 1
    run = latest_run(con, AS_OF)
    assert run is not None and sorted(run["areas"]) == ["access", "breaches"]
    assert con.execute("SELECT user, rows FROM audit_chart__access__matrix "
                       "WHERE as_of = ?", [AS_OF]).fetchall() == [("U-1", 3)]
    con.close()


def test_another_salt_is_refused_before_anything_is_written(results, tmp_path):
    _run(results, "a-salt-of-another-audit-database", ["access"])
    con = connect(tmp_path / "audit.duckdb")
    with pytest.raises(InputError, match="another salt"):
        import_results(con, results)
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name IN "
                       "('pii_columns', 'load_log', 'audit_runs')").fetchone() == (0,)
    con.close()
