"""Scan speed: column classification on 1,000,000 x 20 contacts, free-text throughput.

Generates (once) ``data/bench/contacts_1m.csv`` (made-up people, git-ignored), loads it
with the real loader, then measures in one process:

1. column classification of the whole table (sample distinct values in SQL, validators
   in Python) -- target <= 30 s on 2 cores;
2. free-text throughput of ``scan_texts`` with NER on a 20,000-note subset, workers=2
   (pool start-up included) -- target >= 1,000 notes/s;
3. plain Presidio (``AnalyzerEngine.analyze`` per cell / per note, en_core_web_sm) on a
   subset, scaled to the full table: the baseline a naive scanner would be;
4. presidio-structured (``PandasAnalysisBuilder``, its own 1,000-row sample) on the
   same table;
5. peak memory (``resource.getrusage``, this process and its workers).

Run: ``.venv/bin/python benchmarks/bench_scan.py [ROWS]`` (default 1,000,000).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from detect_columns import plain_analyzer  # the same baseline engine

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "data" / "bench"
TEXT_SUBSET = 20_000
PRESIDIO_NOTES = 300  # notes analysed one by one by plain Presidio (then scaled)
PRESIDIO_ROWS = 100  # rows x 20 cells analysed one by one by plain Presidio (then scaled)


def generate(rows: int) -> Path:
    """Write the synthetic export once (DuckDB, a few seconds)."""
    import duckdb

    path = BENCH / f"scan_contacts_{rows}.csv"  # bench_load.py owns contacts_<rows>.csv
    if path.exists():
        return path
    BENCH.mkdir(parents=True, exist_ok=True)
    sql = (Path(__file__).parent / "bench_scan_contacts.sql").read_text("utf-8")
    con = duckdb.connect()
    con.execute(f"CREATE TABLE contacts AS {sql}", {"rows": rows})
    tmp = path.with_suffix(".tmp")
    con.execute(f"COPY contacts TO '{tmp}' (HEADER, DELIMITER ',')")
    tmp.rename(path)
    con.close()
    return path


def peak_mb() -> tuple[float, float]:
    """Peak RSS in MB of this process and of its largest waited-for child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main(rows: int = 1_000_000) -> None:
    from gdpr_audit.core.config import enforce_offline

    enforce_offline()
    from gdpr_audit.core.db import connect
    from gdpr_audit.discover.scan import ScanOptions, classify_table
    from gdpr_audit.discover.text import scan_texts
    from gdpr_audit.load.loader import load_paths

    t = time.perf_counter()
    csv = generate(rows)
    print(
        f"data: {csv.relative_to(ROOT)} ({csv.stat().st_size / 1e6:.0f} MB, {rows:,} rows, "
        f"20 columns) ready in {time.perf_counter() - t:.1f} s"
    )
    db = BENCH / "bench_scan.duckdb"
    db.unlink(missing_ok=True)
    con = connect(db, threads=2)
    t = time.perf_counter()
    load_paths(con, [csv])
    print(
        f"load (gdpr_audit.load, for context): {time.perf_counter() - t:.1f} s; "
        f"peak RSS so far {peak_mb()[0]:,.0f} MB"
    )
    table = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'"
    ).fetchone()[0]

    # 1. column classification
    t = time.perf_counter()
    scan, free_text = classify_table(con, table, ScanOptions(sample=1000))
    classify_s = time.perf_counter() - t
    classify_peak = peak_mb()[0]
    found = {c.column: [e.entity_type for e in c.entities] for c in scan.columns if c.entities}
    print(
        f"\n1. column classification, {rows:,} x {len(scan.columns)}: {classify_s:.1f} s "
        f"(target <= 30 s); {len(found)} PII columns, free text: {sorted(free_text)}"
    )
    for column, types in found.items():
        print(f"     {column:<20} {', '.join(types)}")

    # 2. free-text throughput
    notes = [
        r[0]
        for r in con.execute(
            'SELECT "Notes" FROM raw.' + f'"{table}"' + " WHERE trim(\"Notes\") <> '' LIMIT ?",
            [TEXT_SUBSET],
        ).fetchall()
    ]
    t = time.perf_counter()
    detections = scan_texts(notes, workers=2, ner=True)
    text_s = time.perf_counter() - t
    ours_nps = len(notes) / text_s
    print(
        f"\n2. free text: {len(notes):,} notes, workers=2, NER on: {text_s:.1f} s = "
        f"{ours_nps:,.0f} notes/s (target >= 1,000); "
        f"{sum(map(len, detections)):,} detections"
    )

    ours_peak = peak_mb()[0]  # before the baselines pull the table into pandas

    # 3. plain Presidio per cell / per note (subset, scaled)
    engine = plain_analyzer()
    engine.analyze("warm up", language="en")
    t = time.perf_counter()
    for note in notes[:PRESIDIO_NOTES]:
        engine.analyze(note, language="en")
    presidio_nps = PRESIDIO_NOTES / (time.perf_counter() - t)
    print(
        f"\n3. plain Presidio AnalyzerEngine.analyze per note ({PRESIDIO_NOTES} notes, "
        f"1 process, scaled): {presidio_nps:,.0f} notes/s -> ours is "
        f"{ours_nps / presidio_nps:.1f}x (ours on 2 workers)"
    )
    cells = con.execute(
        f'SELECT * EXCLUDE (_source_file, _record_no) FROM raw."{table}" LIMIT ?',
        [PRESIDIO_ROWS],
    ).fetchall()
    t = time.perf_counter()
    n_cells = 0
    for row in cells:
        for value in row:
            if value:
                engine.analyze(value, language="en")
            n_cells += 1
    per_cell = (time.perf_counter() - t) / n_cells
    full = per_cell * rows * len(scan.columns)
    print(
        f"   plain Presidio per cell ({n_cells:,} cells, scaled to {rows * len(scan.columns):,}"
        f" cells): {full / 3600:.1f} h estimated -> column classification is "
        f"{full / classify_s:,.0f}x faster"
    )

    # 4. presidio-structured on the same table
    from presidio_structured import PandasAnalysisBuilder

    t = time.perf_counter()
    df = con.execute(f'SELECT * EXCLUDE (_source_file, _record_no) FROM raw."{table}"').df()
    df = df.fillna("")
    to_pandas = time.perf_counter() - t
    t = time.perf_counter()
    analysis = PandasAnalysisBuilder(analyzer=engine).generate_analysis(df, n=1000, language="en")
    structured_s = time.perf_counter() - t
    print(
        f"\n4. presidio-structured generate_analysis (its 1,000-row sample; to pandas "
        f"{to_pandas:.1f} s not counted): {structured_s:.1f} s -> ours/baseline time "
        f"{classify_s / structured_s:.2f}; it found {len(analysis.entity_mapping)} columns: "
        f"{dict(sorted(analysis.entity_mapping.items()))}"
    )
    del df

    own = peak_mb()[0]
    # text workers come from a forkserver: they are not our children, getrusage cannot see them
    print(
        f"\n5. peak RSS (ru_maxrss) of this process: {classify_peak:,.0f} MB after load and "
        f"classification, {ours_peak:,.0f} MB after load, "
        f"classification and free text (forkserver text workers not counted); "
        f"{own:,.0f} MB after the baselines (presidio-structured needs the table in pandas)"
    )
    con.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
