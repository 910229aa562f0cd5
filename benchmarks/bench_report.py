"""Benchmark: `gdpr-audit report` on an assessed audit database (default: the 100,000-contact demo).

Prints, per notebook, the wall time of executing it with papermill and of rendering it,
and the ratio against a baseline measured in the same process: executing a notebook that
only opens the audit (kernel start, imports, read-only connection), i.e. the fixed cost
every notebook pays. Then the whole build with one and two workers, with a fresh kernel
per notebook and with one kernel per worker (the default).

Target: the whole report (8 notebooks + rendering) well under 60 s on 2 cores.

    make audit   # or: gdpr-audit demo/load/scan/assess into data/demo.duckdb
    .venv/bin/python benchmarks/bench_report.py [--db data/demo.duckdb]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from gdpr_audit.core.config import enforce_offline
from gdpr_audit.report.build import build_report, default_notebooks_dir, resolve_as_of
from gdpr_audit.report.execute import execute_notebook
from gdpr_audit.report.pages import PAGES, notebooks_in_reading_order
from gdpr_audit.report.render import render_page


def baseline_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('db_path = ""\nas_of = ""\nlang = "en"\nconfig_path = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("from gdpr_audit.report import open_audit"),
                nbformat.v4.new_code_cell("audit = open_audit(db_path, as_of, lang, config_path)")]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    nbformat.write(nb, path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("data/demo.duckdb"))
    args = parser.parse_args()
    enforce_offline()
    if not args.db.is_file():
        print(f"{args.db} not found: run `make audit` (or demo/load/scan/assess) first")
        return 2
    db = args.db.resolve()
    as_of = resolve_as_of(db, None)
    params = {"db_path": str(db), "as_of": as_of.isoformat(), "lang": "en", "config_path": "",
              "report_dir": ""}
    nb_dir = default_notebooks_dir()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        base = execute_notebook(baseline_notebook(out / "baseline.ipynb"), out / "b.ipynb", params)
        print(f"database {db.name}, audit date {as_of}")
        print(f"baseline (kernel + imports + open_audit): {base.seconds:6.2f} s")
        print(f"{'notebook':<16} {'execute s':>9} {'x base':>7} {'render s':>9}")
        total = 0.0
        by_name = {p.notebook: p for p in PAGES}
        for page in notebooks_in_reading_order():
            done = execute_notebook(nb_dir / f"{page.notebook}.ipynb",
                                    out / f"{page.notebook}.ipynb", params)
            start = time.perf_counter()
            render_page(done.notebook, by_name[page.notebook], out, "en", as_of.isoformat(),
                        db.name)
            rendered = time.perf_counter() - start
            total += done.seconds + rendered
            print(f"{page.notebook:<16} {done.seconds:9.2f} {done.seconds / base.seconds:7.2f} "
                  f"{rendered:9.2f}")
        print(f"{'sum':<16} {total:9.2f} {total / base.seconds:7.2f}")
        for jobs, reuse in ((1, True), (2, False), (2, True)):
            start = time.perf_counter()
            result = build_report(db, out / f"jobs{jobs}{reuse}", jobs=jobs, reuse_kernels=reuse)
            wall = time.perf_counter() - start
            kernels = "one kernel per worker" if reuse else "one kernel per notebook"
            print(f"build_report jobs={jobs}, {kernels}: {wall:6.2f} s wall "
                  f"(execute {result.timings['execute']:.2f} s + render "
                  f"{result.timings['render']:.2f} s summed over workers), "
                  f"{wall / base.seconds:.1f} x baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
