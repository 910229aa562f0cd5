"""Vendor exports vs the demo layout: load + model + assess wall time for the same company.

Generates the demo company twice with the same seed (issue #10's measurement): as the demo
layout (CSV/Parquet/XLSX/JSON files, the baseline) and as the vendor layout (a Salesforce
weekly-export ZIP with Contact/Individual/ContactPointTypeConsent/Task/Case, a Mailchimp
audience ZIP of the same people's newsletter subscriptions and a German ERP voucher list),
then times ``load_paths`` (the ZIPs extracted into a temporary folder), ``build_model``
(profiles detected) and ``run_assessment`` for each into its own DuckDB file, in this
process, and prints the ratio vendors / demo. Target: at most 2x.

    .venv/bin/python benchmarks/bench_vendors.py [--contacts 1000000] [--seed 42] [--keep DIR]

Generation is timed too but not part of the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from gdpr_audit.assess.registry import run_assessment
from gdpr_audit.core.db import connect
from gdpr_audit.demo import generate_demo
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

AS_OF = dt.date(2026, 11, 28)
TARGET_RATIO = 2.0


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_layout(work: Path, layout: str, contacts: int, seed: int) -> dict[str, float]:
    """Generate one layout, then time load, model build and assessment into a new DB."""
    out = work / layout
    started = time.perf_counter()
    generate_demo(out, contacts=contacts, seed=seed, as_of=AS_OF, layout=layout)
    figures = {"generate": time.perf_counter() - started, "mb": _size(out) / 1e6}
    con = connect(work / f"{layout}.duckdb")
    try:
        started = time.perf_counter()
        report = load_paths(con, [out])
        figures["load"] = time.perf_counter() - started
        figures["rows"] = float(report.rows_loaded)
        started = time.perf_counter()
        build_model(con, None)
        figures["model"] = time.perf_counter() - started
        started = time.perf_counter()
        result = run_assessment(con, AS_OF)
        figures["assess"] = time.perf_counter() - started
        figures["findings"] = float(len(result.findings))
    finally:
        con.close()
    figures["total"] = figures["load"] + figures["model"] + figures["assess"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temp one)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-vendors-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        demo = run_layout(work, "demo", args.contacts, args.seed)  # the baseline
        vendors = run_layout(work, "vendors", args.contacts, args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{args.contacts:,} contacts, seed {args.seed}, audit date {AS_OF}")
    print(f"{'layout':<8} {'files MB':>9} {'rows':>12} {'generate':>9} {'load':>8} "
          f"{'model':>8} {'assess':>8} {'total':>8} {'findings':>9}")  # fmt: skip
    for name, f in (("demo", demo), ("vendors", vendors)):
        print(f"{name:<8} {f['mb']:>9.1f} {f['rows']:>12,.0f} {f['generate']:>8.1f}s "
              f"{f['load']:>7.1f}s {f['model']:>7.1f}s {f['assess']:>7.1f}s "
              f"{f['total']:>7.1f}s {f['findings']:>9,.0f}")  # fmt: skip
    ratio = vendors["total"] / demo["total"]
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"vendors / demo (load + model + assess): {ratio:.2f}x, {verdict} the "
          f"{TARGET_RATIO:g}x target")


if __name__ == "__main__":
    main()
