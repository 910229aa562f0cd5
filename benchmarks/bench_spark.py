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
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 11, 28)


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


def bench_duckdb(db: Path, workers: int, checks: bool = True) -> dict[str, float]:
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
    if checks:
        run_assessment(con, AS_OF, store=False)
    assess_s = time.perf_counter() - start
    con.close()
    return {"scan_s": scan_s, "assess_s": assess_s, "rows_with_findings": notes}


def bench_spark(master: str, lake: Path, out: Path, salt: str,
                checks: bool = True) -> dict[str, float]:
    """One Spark run in a child process, so each master gets a fresh JVM and workers.

    Peak memory: after the scan, a probe job of 16 tiny partitions runs on the same
    (reused, ``spark.python.worker.reuse``) Python workers and returns each worker's
    ``ru_maxrss`` (lifetime peak, so it covers the scan); the JVM's peak is its VmHWM.
    """
    code = f"""
import json, os, resource, time, datetime as dt
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

def probe(batches):
    import os, resource
    import pandas as pd
    for _ in batches:
        pass
    yield pd.DataFrame({{"pid": [os.getpid()],
                        "peak_kb": [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]}})

peaks = {{r["pid"]: r["peak_kb"] for r in spark.range(0, 16, 1, 16).mapInPandas(
    probe, "pid long, peak_kb long").collect()}}
import psutil
jvm = [p for p in psutil.Process().children(recursive=True) if "java" in p.name()]
jvm_kb = 0
for p in jvm:
    for line in open(f"/proc/{{p.pid}}/status"):
        if line.startswith("VmHWM"):
            jvm_kb = max(jvm_kb, int(line.split()[1]))
t3 = time.perf_counter()
from gdpr_audit.spark.assess import raw_columns, register_model, run_spark_assessment
register_model(spark, {str(lake / 'model')!r})
spark.read.parquet({str(out / 'pii_columns')!r}).createOrReplaceTempView("pii_columns")
result = run_spark_assessment(spark, dt.date(2026, 11, 28), {salt!r},
                              raw=raw_columns(spark, {str(lake / 'raw')!r})) if {checks!r} else None
t4 = time.perf_counter()
print(json.dumps({{"start_s": t1 - t0, "scan_s": t2 - t1, "assess_s": t4 - t3,
                  "findings": len(result.findings) if result else 0,
                  "failed": len(result.failed) if result else 0,
                  "statements": result.statements if result else 0,
                  "partitions": spark.sparkContext.defaultParallelism,
                  "worker_peak_mb": [round(v / 1024) for v in peaks.values()],
                  "jvm_peak_mb": round(jvm_kb / 1024), "driver_peak_mb":
                  round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "rows": sum(t["rows"] for t in scan.tables), **written}}))
"""
    import json

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


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
    parser.add_argument("--masters", nargs="*", default=["local[1]", "local[2]"])
    parser.add_argument("--scan-only", action="store_true", help="skip the checks")
    args = parser.parse_args()
    from gdpr_audit.core.db import audit_salt, connect

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        db, rows, _ = _prepare(root, args.contacts)
        con = connect(db)
        salt = audit_salt(con)
        con.close()
        print(f"demo + load + lake: {time.perf_counter() - start:.1f} s")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        # the engine (spaCy models) loaded once before timing: DuckDB's pool workers fork
        # from this process warm; each Spark Python worker loads it (part of its scan time)
        from gdpr_audit.discover.engine import EngineConfig
        from gdpr_audit.discover.text import scan_texts

        start = time.perf_counter()
        scan_texts(["Warm-up: Anna Schmidt lives in Berlin.", "Ein kurzer Satz."],
                   config=EngineConfig(ner=True))
        print(f"engine load (DuckDB process, before timing): {time.perf_counter() - start:.1f} s")
        duck = {w: bench_duckdb(db, w, checks=not args.scan_only) for w in (1, 2)}
        cells = _free_text_cells(db)
        print(f"demo {args.contacts} contacts: {rows:,} raw rows, {cells:,} free-text cells")
        for w, f in duck.items():
            print(f"duckdb workers={w}: scan {f['scan_s']:.1f} s ({cells / f['scan_s']:.0f} "
                  f"notes/s, {rows / f['scan_s']:.0f} rows/s), assess {f['assess_s']:.1f} s")
        for i, master in enumerate(args.masters):
            f = bench_spark(master, root / "lake", root / f"out{i}", salt,
                            checks=not args.scan_only)
            cores = 1 if master == "local[1]" else 2
            ratio = f["scan_s"] / duck[cores]["scan_s"]
            print(f"spark {master} ({f['partitions']} partitions per free-text column): "
                  f"session {f['start_s']:.1f} s, scan {f['scan_s']:.1f} s "
                  f"({cells / f['scan_s']:.0f} notes/s, {rows / f['scan_s']:.0f} rows/s; "
                  f"{ratio:.2f}x DuckDB with {cores} worker(s)), assess {f['assess_s']:.1f} s "
                  f"({f['statements']} statements, {f['findings']} findings, "
                  f"{f['failed']} checks not on Spark; DuckDB {duck[cores]['assess_s']:.1f} s); "
                  f"peak RSS: Python workers {f['worker_peak_mb']} MB, JVM "
                  f"{f['jvm_peak_mb']} MB, driver {f['driver_peak_mb']} MB; load average "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
