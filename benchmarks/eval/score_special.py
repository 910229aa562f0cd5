"""Score special-category detection (Art. 9(1) + Art. 10 GDPR) on the frozen evaluation set.

The set (``special_categories_frozen.jsonl``, see ``README.md`` beside this file) was written
without reading gdpr-audit's rules. Scoring is row-level: a row's predicted category set is
compared with its label set, per language and category (precision, recall, F1), plus the
share of trap rows (look-alikes, label set empty) for which nothing was predicted.

    .venv/bin/python benchmarks/eval/score_special.py                  # language detected per text
    .venv/bin/python benchmarks/eval/score_special.py --given-language # row's language passed in
    .venv/bin/python benchmarks/eval/score_special.py --errors         # ids of wrong rows

In Python: ``score(predict)`` with ``predict(text, lang) -> set[str]``; categories outside
the nine are ignored, so a predictor may return PII types too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PATH = HERE / "special_categories_frozen.jsonl"
CATEGORIES = (
    "HEALTH",
    "RELIGION",
    "POLITICAL_OPINION",
    "TRADE_UNION",
    "ETHNIC_ORIGIN",
    "SEXUAL_ORIENTATION",
    "BIOMETRIC",
    "GENETIC",
    "CRIMINAL_RECORD",
)
LANGS = ("en", "de")
STYLES = ("crm_note", "ticket", "hr_remark", "event_registration", "call_log", "shop_message")

Predict = Callable[[str, str], set[str]]


def load(path: Path | str = DEFAULT_PATH) -> list[dict]:
    """The rows of the set, checked for shape (raises ValueError on a malformed row)."""
    rows = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        labels = row.get("labels")
        if (
            row.get("lang") not in LANGS
            or row.get("style") not in STYLES
            or not isinstance(labels, list)
            or not set(labels) <= set(CATEGORIES)
            or row.get("trap") is not (not labels)
            or not str(row.get("text", "")).strip()
        ):
            raise ValueError(f"{path}:{n}: malformed row {row.get('id')!r}")
        rows.append(row)
    return rows


def sha256(path: Path | str = DEFAULT_PATH) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _prf(c: Counter) -> dict[str, float | int]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "support": tp + fn, "precision": p, "recall": r, "f1": f1}


def score(predict: Predict, path: Path | str = DEFAULT_PATH) -> dict:
    """Row-level scores of ``predict`` on the set at ``path``.

    Returns ``{"path", "sha256", "rows", "by_lang": {lang: {category: {tp, fp, fn, support,
    precision, recall, f1}, "micro": {...}}}, "traps": {lang: {"rows", "clean",
    "precision"}}, "exact": {lang: share of rows whose predicted set equals the labels},
    "errors": [{"id", "want", "got"}]}``.
    """
    rows = load(path)
    counts: dict[str, dict[str, Counter]] = {
        lang: {cat: Counter() for cat in CATEGORIES} for lang in LANGS
    }
    traps = {lang: Counter() for lang in LANGS}
    exact = {lang: Counter() for lang in LANGS}
    errors = []
    for row in rows:
        lang = row["lang"]
        want = set(row["labels"])
        got = set(predict(row["text"], lang)) & set(CATEGORIES)
        for cat in CATEGORIES:
            cell = counts[lang][cat]
            if cat in want and cat in got:
                cell["tp"] += 1
            elif cat in got:
                cell["fp"] += 1
            elif cat in want:
                cell["fn"] += 1
        exact[lang]["rows"] += 1
        exact[lang]["ok"] += want == got
        if row["trap"]:
            traps[lang]["rows"] += 1
            traps[lang]["clean"] += not got
        if want != got:
            errors.append({"id": row["id"], "want": sorted(want), "got": sorted(got)})
    by_lang: dict[str, dict] = {}
    for lang in LANGS:
        by_lang[lang] = {cat: _prf(c) for cat, c in counts[lang].items()}
        by_lang[lang]["micro"] = _prf(sum(counts[lang].values(), Counter()))
    return {
        "path": str(path),
        "sha256": sha256(path),
        "rows": len(rows),
        "by_lang": by_lang,
        "traps": {
            lang: {
                "rows": t["rows"],
                "clean": t["clean"],
                "precision": t["clean"] / t["rows"] if t["rows"] else 0.0,
            }
            for lang, t in traps.items()
        },
        "exact": {lang: e["ok"] / e["rows"] if e["rows"] else 0.0 for lang, e in exact.items()},
        "errors": errors,
    }


def print_table(result: dict, file=sys.stdout) -> None:
    print(
        f"set {result['path']} ({result['rows']} rows, sha256 {result['sha256'][:16]}…)", file=file
    )
    for lang, cats in result["by_lang"].items():
        print(
            f"\n{lang}: {'category':<20} {'supp':>5} {'tp':>4} {'fp':>4} {'fn':>4}"
            f" {'P':>6} {'R':>6} {'F1':>6}",
            file=file,
        )
        for cat, m in cats.items():
            print(
                f"    {cat:<20} {m['support']:>5} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4}"
                f" {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}",
                file=file,
            )
        t = result["traps"][lang]
        print(
            f"    traps clean (nothing predicted): {t['clean']}/{t['rows']}"
            f" = {t['precision']:.3f};  rows exactly right: {result['exact'][lang]:.3f}",
            file=file,
        )


def gdpr_audit_predictor(rows: list[dict], given_language: bool, workers: int) -> Predict:
    """gdpr-audit's public free-text API (``scan_texts``), run once over all rows."""
    from gdpr_audit.core.config import enforce_offline

    enforce_offline()
    from gdpr_audit.discover.text import scan_texts

    found: dict[tuple[str, str], set[str]] = {}
    for lang in LANGS:
        texts = [r["text"] for r in rows if r["lang"] == lang]
        dets = scan_texts(texts, language=lang if given_language else None, workers=workers)
        for text, ds in zip(texts, dets, strict=True):
            found[(text, lang)] = {d.entity_type for d in ds}
    return lambda text, lang: found[(text, lang)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--path", type=Path, default=DEFAULT_PATH)
    ap.add_argument(
        "--given-language",
        action="store_true",
        help="pass each row's language instead of detecting it per text",
    )
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", type=Path, help="write the full result as JSON")
    ap.add_argument("--errors", action="store_true", help="list ids of rows predicted wrongly")
    args = ap.parse_args(argv)
    try:
        rows = load(args.path)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    predict = gdpr_audit_predictor(rows, args.given_language, args.workers)
    seconds = time.perf_counter() - t0
    result = score(predict, args.path)
    print_table(result)
    mode = "given" if args.given_language else "detected per text"
    print(f"\ngdpr-audit scan_texts, language {mode}: {len(rows)} texts in {seconds:.1f} s")
    if args.errors:
        for e in result["errors"]:
            want, got = ",".join(e["want"]) or "-", ",".join(e["got"]) or "-"
            print(f"  {e['id']}: want {want}  got {got}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
