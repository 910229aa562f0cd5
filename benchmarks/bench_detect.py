"""Free-text detection: accuracy per task and type, and speed, ours vs plain Presidio.

Run: ``.venv/bin/python benchmarks/bench_detect.py [--demo DIR] [--limit N] [--workers 2]``

Tasks (each printed as a table, ours beside the baseline where one applies):

(a) demo truth manifest (``truth.json`` ``free_text``): row-level special categories
    and PII per language. ``--demo DIR`` uses an existing demo export; without it the
    script runs ``gdpr-audit demo --contacts 2000`` into a temporary folder when that
    command exists.
(b) presidio-research ``synth_dataset_v2.json`` (EN): the types our vocabulary shares,
    token-level (as presidio-evaluator's Evaluator) and span-level (IoU >= 0.5),
    precision / recall / F1 / F2.
(c) GermEval 2014 test (DE): PERSON, LOCATION; German NER modes compared, on the
    first 2,000 sentences, the rest and all 5,100.
(d) GraSCCo PHI (DE clinical letters): PERSON, LOCATION, PHONE_NUMBER, EMAIL_ADDRESS,
    and document-level HEALTH recall (every letter is health data).
(e) ``--tasks special`` (opt-in, lead only): the frozen special-category set of issue #12,
    per language and category, rules alone and rules + sentence classifier.
Speed: notes per second, ours (1 and N workers) vs plain Presidio ``analyze()`` per
text, on the same texts in the same process.

The baseline is Presidio as shipped: ``AnalyzerEngine`` with its default recognizers
and a ``SpacyNlpEngine`` on the same small model (never the default, which would
download en_core_web_lg), language 'en' for every text (Presidio has no German
pipeline out of the box).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from gdpr_audit.core.config import enforce_offline

enforce_offline()

from presidio_analyzer import AnalyzerEngine  # noqa: E402
from presidio_analyzer.nlp_engine import SpacyNlpEngine  # noqa: E402

from gdpr_audit.discover.engine import DEFAULT_MODEL, EngineConfig  # noqa: E402
from gdpr_audit.discover.recognizers.registry import ENTITY_MAP  # noqa: E402
from gdpr_audit.discover.special import SPECIAL_CATEGORIES  # noqa: E402
from gdpr_audit.discover.text import PII_TYPES, TextScanner, scan_texts  # noqa: E402

SHARED = Path("/work/shared/benchmarks")
ROOT = Path(__file__).resolve().parent.parent
Span = tuple[int, int, str]

# --------------------------------------------------------------------- engines


def baseline_engine() -> AnalyzerEngine:
    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": DEFAULT_MODEL}])
    return AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])


def baseline_predict(engine: AnalyzerEngine, texts: Sequence[str]) -> list[list[Span]]:
    out = []
    for text in texts:
        res = engine.analyze(text, language="en")
        out.append(
            [
                (r.start, r.end, ENTITY_MAP[r.entity_type])
                for r in res
                if r.entity_type in ENTITY_MAP
            ]
        )
    return out


def ours_predict(texts: Sequence[str], language: str | None, **cfg: object) -> list[list[Span]]:
    scanner = TextScanner.shared(**cfg)  # type: ignore[arg-type]
    return [
        [(d.start, d.end, d.entity_type) for d in dets]
        for dets in scanner.analyze_batch(texts, language)
    ]


# --------------------------------------------------------------------- metrics


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    f2 = 5 * p * r / (4 * p + r) if p + r else 0.0
    return p, r, f1, f2


_TOKEN = re.compile(r"\w+|[^\w\s]")


def token_counts(
    texts: Sequence[str],
    gold: Sequence[list[Span]],
    pred: Sequence[list[Span]],
    types: Iterable[str],
) -> dict[str, Counter]:
    """Token-level TP/FP/FN per type (a token takes the type of the span covering it)."""
    types = set(types)
    counts: dict[str, Counter] = defaultdict(Counter)
    for text, g, p in zip(texts, gold, pred, strict=True):
        for m in _TOKEN.finditer(text):
            a, b = m.span()
            gt = next((t for s, e, t in g if s < b and a < e), None)
            pt = next((t for s, e, t in p if s < b and a < e), None)
            for t in types:
                if gt == t and pt == t:
                    counts[t]["tp"] += 1
                elif pt == t:
                    counts[t]["fp"] += 1
                elif gt == t:
                    counts[t]["fn"] += 1
    return counts


def span_counts(
    gold: Sequence[list[Span]], pred: Sequence[list[Span]], types: Iterable[str], iou: float = 0.5
) -> dict[str, Counter]:
    """Span-level TP/FP/FN per type: same type and intersection-over-union >= ``iou``."""
    types = set(types)
    counts: dict[str, Counter] = defaultdict(Counter)
    for g, p in zip(gold, pred, strict=True):
        used: set[int] = set()
        for s, e, t in p:
            if t not in types:
                continue
            hit = None
            for k, (gs, ge, gt) in enumerate(g):
                inter = min(e, ge) - max(s, gs)
                if (
                    gt == t
                    and k not in used
                    and inter > 0
                    and inter / (max(e, ge) - min(s, gs)) >= iou
                ):
                    hit = k
                    break
            if hit is None:
                counts[t]["fp"] += 1
            else:
                used.add(hit)
                counts[t]["tp"] += 1
        for k, (_, _, gt) in enumerate(g):
            if gt in types and k not in used:
                counts[gt]["fn"] += 1
    return counts


def total(counts: dict[str, Counter]) -> Counter:
    out: Counter = Counter()
    for c in counts.values():
        out.update(c)
    return out


def print_table(title: str, columns: dict[str, dict[str, Counter]], f2: bool = False) -> None:
    """Rows = types + ALL; one P/R/F block per column (ours, baseline, ...)."""
    print(f"\n## {title}")
    names = list(columns)
    types = sorted({t for c in columns.values() for t in c})
    metric = "F2" if f2 else "F1"
    head = f"{'type':<20}" + "".join(f"| {n:^28}" for n in names)
    print(head)
    print(f"{'':<20}" + "".join(f"| {'P':>6} {'R':>6} {metric:>6} {'n':>6} " for _ in names))
    for t in [*types, "ALL"]:
        row = f"{t:<20}"
        for n in names:
            c = total(columns[n]) if t == "ALL" else columns[n].get(t, Counter())
            p, r, f1, f2v = prf(c["tp"], c["fp"], c["fn"])
            row += f"| {p:6.3f} {r:6.3f} {(f2v if f2 else f1):6.3f} {c['tp'] + c['fn']:6d} "
        print(row)


# --------------------------------------------------------------------- data sets

SYNTH_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "GPE": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "CREDIT_CARD": "CREDIT_CARD",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_SSN": "NATIONAL_ID",
}


def load_synth(limit: int | None) -> tuple[list[str], list[list[Span]]]:
    data = json.loads((SHARED / "presidio_research_synth/synth_dataset_v2.json").read_text())
    data = data[:limit] if limit else data
    texts = [d["full_text"] for d in data]
    gold = [
        [
            (s["start_position"], s["end_position"], SYNTH_MAP.get(s["entity_type"], "OTHER"))
            for s in d["spans"]
        ]
        for d in data
    ]
    return texts, gold


def load_germeval(limit: int | None) -> tuple[list[str], list[list[Span]]]:
    texts, gold = [], []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if not tokens:
            return
        text, spans, pos, cur = "", [], 0, None
        for tok, tag in tokens:
            start = pos + (1 if text else 0)
            text = f"{text} {tok}" if text else tok
            pos = start + len(tok)
            kind = {"PER": "PERSON", "LOC": "LOCATION"}.get(tag[2:]) if tag != "O" else None
            if tag.startswith("I-") and cur and kind == cur[2]:
                cur = (cur[0], pos, kind)
                spans[-1] = cur
            elif kind and tag.startswith(("B-", "I-")):
                cur = (start, pos, kind)
                spans.append(cur)
            else:
                cur = None
        texts.append(text)
        gold.append(spans)
        tokens.clear()

    for line in (SHARED / "germeval2014_de/NER-de-test.tsv").read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            flush()
            if limit and len(texts) >= limit:
                break
            continue
        parts = line.split("\t")
        tokens.append((parts[1], parts[2]))
    flush()
    return texts[:limit] if limit else texts, gold[:limit] if limit else gold


GRASCCO_MAP = {
    "NAME_PATIENT": "PERSON",
    "NAME_DOCTOR": "PERSON",
    "NAME_RELATIVE": "PERSON",
    "NAME_EXT": "PERSON",
    "LOCATION_CITY": "LOCATION",
    "LOCATION_STREET": "LOCATION",
    "LOCATION_ZIP": "LOCATION",
    "LOCATION_COUNTRY": "LOCATION",
    "CONTACT_PHONE": "PHONE_NUMBER",
    "CONTACT_FAX": "PHONE_NUMBER",
    "CONTACT_EMAIL": "EMAIL_ADDRESS",
}


def load_grascco() -> tuple[list[str], list[list[Span]]]:
    texts, gold = [], []
    for line in (SHARED / "grascco_phi_de/grascco_phi.jsonl").read_text("utf-8").splitlines():
        doc = json.loads(line)
        texts.append(doc["text"])
        gold.append(
            [(s["start"], s["end"], GRASCCO_MAP.get(s["label"], "OTHER")) for s in doc["spans"]]
        )
    return texts, gold


# --------------------------------------------------------------------- tasks


def task_synth(base: AnalyzerEngine | None, limit: int | None) -> None:
    """Token- and span-level tables on three splits of the set.

    Recognizer changes were tuned by looking at errors of the FIRST half only
    (samples [0, n/2)); the second half is held out and reported separately, beside
    the whole set, so a gain that only shows on the tuning half is visible.
    """
    texts, gold = load_synth(limit)
    types = sorted(set(SYNTH_MAP.values()))
    ours = ours_predict(texts, "en")
    bl = baseline_predict(base, texts) if base is not None else None
    n = len(texts)
    half = n // 2
    splits = {
        f"tuning half [0, {half})": slice(0, half),
        f"held-out half [{half}, {n})": slice(half, n),
        f"whole set, {n} samples": slice(0, n),
    }
    for label, sl in splits.items():
        t, g, o = texts[sl], gold[sl], ours[sl]
        cols_tok = {"ours": token_counts(t, g, o, types)}
        cols_span = {"ours": span_counts(g, o, types)}
        if bl is not None:
            cols_tok["plain Presidio (sm)"] = token_counts(t, g, bl[sl], types)
            cols_span["plain Presidio (sm)"] = span_counts(g, bl[sl], types)
        print_table(f"(b) presidio-research synth_dataset_v2, {label}, token-level",
                    cols_tok, f2=True)
        print_table(f"(b) presidio-research synth_dataset_v2, {label}, span-level IoU>=0.5",
                    cols_span, f2=True)
    print("   tuned on the first half only; the held-out half is the honest figure")
    print("   published (token-level, en_core_web_lg default engine): P 0.685 R 0.603 F2 0.618")


GERMAN_MODES = ("rules", "model", "english_model", "both")


def task_germeval(
    base: AnalyzerEngine | None, limit: int | None, modes: Sequence[str] = GERMAN_MODES
) -> None:
    """PERSON/LOCATION per German NER mode, on the first 2,000 test sentences and the rest.

    The German model never saw the test split (trained on GermEval dev and Europeana).
    The rules' GeoNames city list was cleaned with sentences after the first 2,000, so
    the first 2,000 are the honest figure for the rules, the rest for nothing tuned on it
    but that list; both are printed, and the whole split.
    """
    texts, gold = load_germeval(limit)
    types = ["PERSON", "LOCATION"]
    preds = {mode: ours_predict(texts, "de", german_ner=mode) for mode in modes}
    bl = baseline_predict(base, texts) if base is not None else None
    n = len(texts)
    cut = min(2000, n)
    splits = {f"sentences [0, {cut})": slice(0, cut), f"all {n} sentences": slice(0, n)}
    if n > cut:
        splits[f"sentences [{cut}, {n})"] = slice(cut, n)
    for label, sl in splits.items():
        cols = {
            f"ours german_ner={m}": span_counts(gold[sl], p[sl], types) for m, p in preds.items()
        }
        if bl is not None:
            cols["plain Presidio (sm, 'en')"] = span_counts(gold[sl], bl[sl], types)
        print_table(f"(c) GermEval 2014 test, {label}, span-level IoU>=0.5", cols)
    # News and Wikipedia sentences carry no special-category labels: every flag is a
    # candidate false alarm (some are true mentions of public figures' illness or party).
    flags = Counter(
        d.entity_type
        for dets in TextScanner.shared().analyze_batch(texts, "de")
        for d in dets
        if d.entity_type in SPECIAL_CATEGORIES
    )
    print(
        f"   special-category flags on these unlabelled news sentences: {sum(flags.values())} "
        f"in {len(texts)} ({dict(flags.most_common())})"
    )


def task_grascco(base: AnalyzerEngine | None) -> None:
    texts, gold = load_grascco()
    types = ["PERSON", "LOCATION", "PHONE_NUMBER", "EMAIL_ADDRESS"]
    cols: dict[str, dict[str, Counter]] = {}
    health_docs = {}
    for mode in ("rules", "model", "both"):
        scanner = TextScanner.shared(german_ner=mode)
        dets = scanner.analyze_batch(texts, "de")
        pred = [[(d.start, d.end, d.entity_type) for d in ds] for ds in dets]
        cols[f"ours german_ner={mode}"] = span_counts(gold, pred, types)
        health_docs[mode] = sum(any(d.entity_type == "HEALTH" for d in ds) for ds in dets)
    if base is not None:
        cols["plain Presidio (sm, 'en')"] = span_counts(gold, baseline_predict(base, texts), types)
    print_table(f"(d) GraSCCo PHI, {len(texts)} German clinical letters, span-level IoU>=0.5", cols)
    for mode, n in health_docs.items():
        print(
            f"   documents flagged HEALTH (german_ner={mode}): {n}/{len(texts)} "
            f"= recall {n / len(texts):.3f} (plain Presidio has no health recognizer: 0)"
        )


def _demo_dir(arg: str | None) -> Path | None:
    if arg:
        return Path(arg)
    exe = ROOT / ".venv/bin/gdpr-audit"
    out = Path(tempfile.mkdtemp(prefix="bench_detect_demo_"))
    proc = subprocess.run(
        [str(exe), "demo", "--out", str(out), "--contacts", "2000"], capture_output=True, text=True
    )
    if proc.returncode != 0:
        shutil.rmtree(out, ignore_errors=True)
        print(
            "\n## (a) demo truth manifest: skipped (`gdpr-audit demo` not available: "
            f"{(proc.stderr or proc.stdout).strip().splitlines()[-1:]})"
        )
        return None
    return out


def _free_text_values(demo: Path, key: str) -> list[str]:
    """The values of one free-text source named ``file#column`` in truth.json."""
    import pandas as pd

    file, _, column = key.partition("#")
    path = demo / file
    if path.suffix == ".jsonl":
        return [
            json.loads(line).get(column) or ""
            for line in path.read_text("utf-8").splitlines()
            if line.strip()
        ]
    if "kontakte" in path.name:
        frame = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame[column].tolist()


def task_demo(demo: Path | None, workers: int, cfg: EngineConfig) -> list[str]:
    """Row-level scores on the demo's free text; returns all its texts for the speed test."""
    if demo is None:
        return []
    truth = json.loads((demo / "truth.json").read_text("utf-8"))
    all_texts: list[str] = []
    by_lang: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    decoy_hits: Counter = Counter()
    decoys_total: Counter = Counter()
    for key, section in truth["free_text"].items():
        texts = _free_text_values(demo, key)
        all_texts += texts
        base = 0 if section.get("row_base", 1) == 0 else 1
        truth_rows = {p["row"] - base: p for p in section.get("positives", [])}
        decoys = {d["row"] - base: d["kind"] for d in section.get("decoys", [])}
        results = scan_texts(texts, workers=workers, config=cfg)
        for i, (text, dets) in enumerate(zip(texts, results, strict=True)):
            if not text.strip():
                continue
            t = truth_rows.get(i, {})
            lang = t.get("lang") or (dets[0].language if dets else "?")
            lang = lang if lang in ("en", "de") else "other"
            want = set(t.get("special", [])) | set(t.get("pii", []))
            got = {d.entity_type for d in dets}
            for typ in set(SPECIAL_CATEGORIES) | set(PII_TYPES):
                cell = by_lang[lang][typ]
                if typ in want and typ in got:
                    cell["tp"] += 1
                elif typ in got:
                    cell["fp"] += 1
                elif typ in want:
                    cell["fn"] += 1
            if i in decoys:
                decoys_total[decoys[i]] += 1
                decoy_hits[decoys[i]] += bool(got & set(SPECIAL_CATEGORIES))
    for lang, counts in sorted(by_lang.items()):
        special = {k: v for k, v in counts.items() if k in SPECIAL_CATEGORIES and sum(v.values())}
        pii = {k: v for k, v in counts.items() if k in PII_TYPES and sum(v.values())}
        if not special and not pii:
            continue
        print_table(
            f"(a) demo free text, language {lang}: special categories, row-level", {"ours": special}
        )
        print_table(f"(a) demo free text, language {lang}: PII, row-level", {"ours": pii})
    if decoys_total:
        print(
            "   decoys flagged as special (should be 0): "
            + ", ".join(f"{k} {decoy_hits[k]}/{n}" for k, n in sorted(decoys_total.items()))
        )
    return all_texts


def task_special() -> None:
    """(e) The frozen special-category set (issue #12): per language and category P/R/F1
    and the share of clean traps, rules alone and rules + sentence classifier.

    Opt-in (``--tasks special``) and for the lead only: every run is feedback from the
    frozen set, so each is logged in docs/detection.md; rule and model authors use the
    development sets and ``benchmarks/special_model_holdout.py`` instead."""
    spec = importlib.util.spec_from_file_location(
        "special_model_holdout", ROOT / "benchmarks/special_model_holdout.py")
    assert spec and spec.loader
    holdout = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(holdout)
    path = ROOT / "benchmarks/eval/special_categories_frozen.jsonl"
    for on in (False, True):
        result = holdout.score(holdout.predictor(path, on), path)
        result["errors"] = []  # aggregate tables only, never rows
        print(f"\n## (e) frozen special-category set, special_model {'on' if on else 'off'}")
        holdout.print_table(result)


def task_speed(
    texts: list[str], base: AnalyzerEngine | None, workers: int, n: int, cfg: EngineConfig
) -> None:
    texts = [t for t in texts if t.strip()][:n]
    no_prefilter = dataclasses.replace(cfg, ner_prefilter=False)
    patterns_only = dataclasses.replace(cfg, ner=False)
    rules_only = dataclasses.replace(cfg, special_model=not cfg.special_model)
    if not texts:
        return
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"\n## speed: {len(texts)} texts, {words:.1f} words on average")
    rates: dict[str, float] = {}

    print(
        "   (wall: texts per second elapsed; cpu: per CPU-second of this process, which the\n"
        "   other tenants of a shared machine disturb less; 2 x cpu = what 2 free cores give)"
    )

    def timed(name: str, fn: Callable[[], object], count: int) -> None:
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        wall = count / (time.perf_counter() - start)
        cpu_rate = count / max(1e-9, time.process_time() - cpu)
        rates[name] = cpu_rate if "processes" not in name else wall
        extra = f"  cpu {cpu_rate:8.0f} texts/s" if "processes" not in name else ""
        print(f"   {name:<44} wall {wall:8.0f} texts/s{extra}")

    # Build and warm up outside the timing (lingua's models, spaCy's vocabulary), as the
    # baseline engine is warm from the accuracy tasks.
    print(f"   german_ner={cfg.german_ner}; load average {os.getloadavg()[0]:.1f}")
    scan_texts(texts[:500], config=cfg)
    scan_texts(texts[:500], config=patterns_only)
    scan_texts(texts[:500], config=no_prefilter)
    scan_texts(texts[:500], config=rules_only)
    timed("ours, 1 process", lambda: scan_texts(texts, config=cfg), len(texts))
    switched = f"special_model {'off' if cfg.special_model else 'on'}"
    timed(f"ours, {switched}", lambda: scan_texts(texts, config=rules_only), len(texts))
    ratio = rates["ours, 1 process"] / rates[f"ours, {switched}"]
    ratio = ratio if cfg.special_model else 1 / ratio
    print(f"   speed ratio per CPU-second, special_model on / off: {ratio:.2f}")
    timed(
        "ours, NER on every text (no pre-filter)",
        lambda: scan_texts(texts, config=no_prefilter),
        len(texts),
    )
    timed(
        "ours, patterns only (ner=False)",
        lambda: scan_texts(texts, config=patterns_only),
        len(texts),
    )
    if workers > 1:
        timed(
            f"ours, {workers} processes (incl. pool start)",
            lambda: scan_texts(texts, workers=workers, batch_size=256, config=cfg),
            len(texts),
        )
    print(f"   load average after: {os.getloadavg()[0]:.1f}")
    if base is not None:
        sub = texts[: min(len(texts), 1500)]
        timed(
            "plain Presidio analyze() per text, 1 process",
            lambda: [base.analyze(t, language="en") for t in sub],
            len(sub),
        )
        ours = rates["ours, 1 process"]
        plain = rates["plain Presidio analyze() per text, 1 process"]
        print(f"   speed ratio per CPU-second, ours (NER on) / plain Presidio: {ours / plain:.1f}x")


def synth_like_notes(limit: int) -> list[str]:
    texts, _ = load_synth(None)
    germ, _ = load_germeval(None)
    mixed = [t for pair in zip(texts, germ, strict=False) for t in pair]
    return (mixed * (1 + limit // max(1, len(mixed))))[:limit]


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo", help="existing demo export folder (holds truth.json)")
    ap.add_argument("--limit", type=int, default=None, help="samples per public set")
    ap.add_argument("--germeval", type=int, default=None, help="GermEval sentences (all)")
    ap.add_argument(
        "--german-ner", default="rules", help="german_ner of the demo and speed tasks"
    )
    ap.add_argument(
        "--german-modes", default=",".join(GERMAN_MODES), help="german_ner modes for (c)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--speed-texts", type=int, default=6000)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--tasks",
        default="demo,synth,germeval,grascco,speed,columns",
        help="comma-separated subset of demo,synth,germeval,grascco,speed,columns; "
        "'special' (not in the default) scores the frozen special-category set",
    )
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    tasks = set(args.tasks.split(","))
    base = None if args.no_baseline else baseline_engine()
    cfg = EngineConfig(german_ner=args.german_ner)
    demo_texts = task_demo(_demo_dir(args.demo), args.workers, cfg) if "demo" in tasks else []
    if "synth" in tasks:
        task_synth(base, args.limit)
    if "germeval" in tasks:
        task_germeval(base, args.germeval, args.german_modes.split(","))
    if "grascco" in tasks:
        task_grascco(base)
    if "speed" in tasks:
        speed_texts = demo_texts or synth_like_notes(args.speed_texts)
        task_speed(speed_texts, base, args.workers, args.speed_texts, cfg)
    if "special" in tasks:
        task_special()
    if "columns" not in tasks:
        print(f"\n(total {time.perf_counter() - t0:.0f} s)")
        return
    spec = importlib.util.spec_from_file_location(
        "detect_columns", ROOT / "benchmarks/detect_columns.py"
    )
    if spec and spec.loader and (ROOT / "benchmarks/detect_columns.py").exists():
        module = importlib.util.module_from_spec(spec)
        sys.modules["detect_columns"] = module
        spec.loader.exec_module(module)
        print("\n## column classification (benchmarks/detect_columns.py)")
        module.run()
    print(f"\n(total {time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
