"""Spark vs DuckDB on one machine: free-text notes/s, column rows/s, checks, peak memory.

    .venv/bin/python benchmarks/bench_spark.py [--contacts 2000] [--masters local[1] local[2]]

Generates a demo, loads it (DuckDB), writes its raw tables and canonical model as a
Parquet lake, then times on the same data:

- DuckDB path: ``scan_database`` (workers = cores of the Spark master compared) and
  ``run_assessment``;
- Spark path per master: ``scan_lake`` + ``write_results`` and the checks on Spark SQL,
  each in a fresh session (session start-up reported apart).

Prints notes/s (free-text cells), rows/s (all raw rows), the Spark/DuckDB time ratio and
the peak resident memory of the Python workers (the executors' recognizers) and of the
JVM. Figures go to docs/scale-out.md; this is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 11, 28)


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _prepare(root: Path, contacts: int) -> tuple[Path, int, int]:
    from gdpr_audit.core.db import connect
    from gdpr_audit.demo.generator import generate_demo
    from gdpr_audit.spark.lake import lake_from_exports

    generate_demo(root / "exports", contacts=contacts, seed=11)
    con = connect(lake_from_exports(root / "exports", root))
    rows = sum(int(n) for n, in con.execute(
        "SELECT estimated_size FROM duckdb_tables() WHERE schema_name = 'raw'").fetchall())
    con.close()
    return root / "ref.duckdb", rows, 0


def bench_duckdb(db: Path, workers: int) -> dict[str, float]:
    from gdpr_audit.assess.registry import run_assessment
    from gdpr_audit.core.db import connect
    from gdpr_audit.discover.scan import ScanOptions, scan_database

    con = connect(db)
    start = time.perf_counter()
    scan_database(con, ScanOptions.from_config({}, workers=workers))
    scan_s = time.perf_counter() - start
    notes = sum(int(r[0]) for r in con.execute(
        "SELECT count(DISTINCT (table_name, column_name, record_no)) FROM pii_findings"
    ).fetchall())
    start = time.perf_counter()
    run_assessment(con, AS_OF, store=False)
    assess_s = time.perf_counter() - start
    con.close()
    return {"scan_s": scan_s, "assess_s": assess_s, "rows_with_findings": notes}


def bench_spark(master: str, lake: Path, out: Path, salt: str) -> dict[str, float]:
    """One Spark run in a child process, so each master gets a fresh JVM and workers."""
    code = f"""
import json, time, datetime as dt
t0 = time.perf_counter()
from gdpr_audit.spark.session import spark_session
spark = spark_session({master!r})
t1 = time.perf_counter()
from gdpr_audit.discover.scan import ScanOptions
from gdpr_audit.spark.inputs import discover_tables
from gdpr_audit.spark.discover import scan_lake, write_results
tables = discover_tables(spark, [{str(lake / 'raw')!r}])
scan = scan_lake(spark, tables, ScanOptions.from_config({{}}))
written = write_results(spark, scan, {str(out)!r})
t2 = time.perf_counter()
from gdpr_audit.spark.assess import register_model, run_spark_assessment
register_model(spark, {str(lake / 'model')!r})
result = run_spark_assessment(spark, dt.date(2026, 11, 28), {salt!r})
t3 = time.perf_counter()
print(json.dumps({{"start_s": t1 - t0, "scan_s": t2 - t1, "assess_s": t3 - t2,
                  "findings": len(result.findings), "failed": len(result.failed),
                  "rows": sum(t["rows"] for t in scan.tables), **written}}))
"""
    import json

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["peak_child_mb"] = _children_peak_mb()
    return figures


def _free_text_cells(db: Path) -> int:
    from gdpr_audit.core.db import connect, qualified, quote_ident

    con = connect(db)
    cells = 0
    for table, column in con.execute(
            "SELECT DISTINCT table_name, column_name FROM pii_columns WHERE free_text").fetchall():
        row = con.execute(f"SELECT count(*) FROM {qualified(table, 'raw')} WHERE "
                          f"trim(CAST({quote_ident(column)} AS VARCHAR)) <> ''").fetchone()
        cells += int(row[0]) if row else 0
    con.close()
    return cells


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    args = parser.parse_args()
    from gdpr_audit.core.db import audit_salt, connect

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db, rows, _ = _prepare(root, args.contacts)
        con = connect(db)
        salt = audit_salt(con)
        con.close()
        duck = {w: bench_duckdb(db, w) for w in (1, 2)}
        cells = _free_text_cells(db)
        print(f"demo {args.contacts} contacts: {rows:,} raw rows, {cells:,} free-text cells")
        for w, f in duck.items():
            print(f"duckdb workers={w}: scan {f['scan_s']:.1f} s ({cells / f['scan_s']:.0f} "
                  f"notes/s, {rows / f['scan_s']:.0f} rows/s), assess {f['assess_s']:.1f} s")
        for i, master in enumerate(args.masters):
            f = bench_spark(master, root / "lake", root / f"out{i}", salt)
            cores = 1 if master == "local[1]" else 2
            ratio = f["scan_s"] / duck[cores]["scan_s"]
            print(f"spark {master}: session {f['start_s']:.1f} s, scan {f['scan_s']:.1f} s "
                  f"({cells / f['scan_s']:.0f} notes/s, {rows / f['scan_s']:.0f} rows/s; "
                  f"{ratio:.2f}x DuckDB with {cores} worker(s)), assess {f['assess_s']:.1f} s "
                  f"({f['findings']} findings, {f['failed']} checks not on Spark), "
                  f"peak child RSS so far {f['peak_child_mb']:.0f} MB")


if __name__ == "__main__":
    main()
