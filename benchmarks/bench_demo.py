"""Demo generator speed: ``generate_demo`` at 10k and 100k contacts, per step.

Baseline in the same process: DuckDB writing a CSV of the same number of contact rows
(21 text columns, ``COPY ... TO``) - the floor for "write that many contacts at all".
Prints seconds per step, rows written per second, the ratio of the full demo (14 files,
~9 rows per contact) against that baseline, and the 10k -> 100k scaling factor (10.0 is
linear). Target: 100,000 contacts in under a minute on 2 cores.

Usage: ``python benchmarks/bench_demo.py [--contacts N] [--seed S]``. Synthetic data only.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from gdpr_audit.demo import generate_demo


def _timed_demo(out: Path, contacts: int, seed: int) -> tuple[float, dict[str, float], int]:
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    summary = generate_demo(
        out,
        contacts=contacts,
        seed=seed,
        progress=lambda step: marks.append((step, time.perf_counter())),
    )
    end = time.perf_counter()
    steps = {
        name: (marks[i + 1][1] if i + 1 < len(marks) else end) - at
        for i, (name, at) in enumerate(marks)
    }
    return end - start, steps, sum(summary.files.values())


def _baseline(out: Path, contacts: int) -> float:
    con = duckdb.connect()
    cols = ", ".join(f"'v{i}_' || (i * {i + 7} % 99991)::VARCHAR AS c{i}" for i in range(21))
    start = time.perf_counter()
    con.execute(
        f"COPY (SELECT {cols} FROM range({contacts}) t(i)) TO '{out}' (HEADER, DELIMITER ',')"
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        small_n = max(1_000, args.contacts // 10)
        small, _, _ = _timed_demo(tmp_path / "small", small_n, args.seed)
        total, steps, rows = _timed_demo(tmp_path / "big", args.contacts, args.seed)
        base = _baseline(tmp_path / "baseline.csv", args.contacts)
    print(
        f"demo, {args.contacts:,} contacts: {total:.1f} s, {rows:,} rows in 14 files "
        f"({rows / total:,.0f} rows/s)"
    )
    for name, secs in steps.items():
        print(f"  {name:<9} {secs:6.2f} s")
    print(f"baseline (DuckDB COPY of {args.contacts:,} contact rows, 21 columns): {base:.2f} s")
    print(
        f"ratio demo / baseline: {total / base:.1f}x  (the demo writes {rows / args.contacts:.1f} "
        "rows per contact in 14 files, with truth)"
    )
    print(
        f"scaling {small_n:,} -> {args.contacts:,} contacts: {total / small:.1f}x "
        f"for {args.contacts / small_n:.0f}x the data"
    )
    print("target: under 60 s for 100,000 contacts:", "met" if total < 60 else "MISSED")


if __name__ == "__main__":
    main()
