"""Benchmark: the Great Expectations suites on a 1,000,000-contact demo.

Generates the demo into ``data/bench/`` when missing (``gdpr-audit demo``), loads it
(``gdpr-audit load``), classifies columns when ``pii_columns`` is missing and
``--scan`` is given, then times each suite: reading its columns from DuckDB and
validating with GX. Baselines, measured in the same process on the same data:

- ``read``: the suite's DataFrame only (what GX adds on top is the ratio);
- ``select *``: every column of the suite's table (what reading only the needed
  columns saves).

Target: all suites <= 120 s wall time on 2 cores.

    .venv/bin/python benchmarks/bench_check.py [--contacts 1000000] [--scan]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from gdpr_audit.check.runner import default_suites_dir, read_suite_frame, run_checks
from gdpr_audit.check.suites import load_suites
from gdpr_audit.core.config import enforce_offline
from gdpr_audit.core.db import connect, qualified, table_exists

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("gdpr-audit"))


def _prepare(contacts: int, seed: int, scan: bool) -> tuple[Path, dt.date]:
    bench = ROOT / "data" / "bench"
    demo = bench / f"demo_{contacts}"
    db = bench / f"demo_{contacts}.duckdb"
    if not (demo / "truth.json").is_file():
        print(f"generating the demo ({contacts:,} contacts) into {demo} ...", flush=True)
        start = time.perf_counter()
        subprocess.run(
            [CLI, "demo", "--out", str(demo), "--contacts", str(contacts), "--seed", str(seed)],
            check=True,
        )
        print(f"  demo: {time.perf_counter() - start:.1f} s")
    if not db.is_file():
        print(f"loading into {db} ...", flush=True)
        start = time.perf_counter()
        subprocess.run([CLI, "load", str(demo), "--db", str(db)], check=True)
        print(f"  load: {time.perf_counter() - start:.1f} s")
    con = connect(db)
    has_inventory = table_exists(con, "pii_columns")
    con.close()
    if scan and not has_inventory:
        print("scanning (no NER) for pii_columns ...", flush=True)
        start = time.perf_counter()
        subprocess.run([CLI, "scan", "--db", str(db), "--no-ner", "--workers", "2"], check=True)
        print(f"  scan: {time.perf_counter() - start:.1f} s")
    truth = json.loads((demo / "truth.json").read_text("utf-8"))
    return db, dt.date.fromisoformat(truth["as_of"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--scan", action="store_true", help="scan when pii_columns is missing")
    args = parser.parse_args()
    enforce_offline()
    db, as_of = _prepare(args.contacts, args.seed, args.scan)

    con = connect(db, read_only=True, threads=2)
    suites = load_suites(default_suites_dir())
    if not table_exists(con, "pii_columns"):
        print("pii_columns missing (run with --scan): special_categories left out")
        suites = [s for s in suites if s.name != "special_categories"]

    start = time.perf_counter()
    run = run_checks(con, suites, as_of, "bench", database=db.name)
    total = time.perf_counter() - start

    print(f"\n{db.name}, as of {as_of}, GX {run.gx_version}, 2 threads")
    print(f"{'suite':20} {'rows':>10} {'check s':>8} {'read s':>8} {'x read':>7} "
          f"{'select* s':>9} {'x sel*':>7}  result")
    for spec, outcome in zip(suites, run.suites, strict=True):
        t0 = time.perf_counter()
        read_suite_frame(con, spec)
        read = time.perf_counter() - t0
        schema = None if spec.schema == "main" else spec.schema
        t0 = time.perf_counter()
        con.execute(f"SELECT * FROM {qualified(spec.table, schema)}").df()
        select_all = time.perf_counter() - t0
        failed = sum(e.status != "passed" for e in outcome.expectations)
        print(
            f"{spec.name:20} {outcome.rows:>10,} {outcome.seconds:>8.2f} {read:>8.2f} "
            f"{outcome.seconds / read:>7.1f} {select_all:>9.2f} {select_all / read:>7.1f}  "
            f"{failed} of {len(outcome.expectations)} failed"
        )
    verdict = "within" if total <= 120 else "OVER"
    print(f"\ntotal wall time (views + all suites): {total:.1f} s ({verdict} the 120 s target)")


if __name__ == "__main__":
    main()
