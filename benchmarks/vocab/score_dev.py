"""Score the special-category rules on the development set ``benchmarks/eval/dev_special_v2.jsonl``.

Run: ``.venv/bin/python benchmarks/vocab/score_dev.py [--errors] [--given-language]``

The development set was written by the rules' author (issue #12), before the rule changes it
measures, so it is a development set, not an independent one: the frozen set is scored by
the lead only. Row level, like the frozen scorer: for each row the predicted set of the nine
categories (``scan_texts``, the public API) is compared with ``labels``; per language and
category tp/fp/fn, precision, recall, F1, the micro average, and the share of trap rows with
nothing predicted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

DEV = Path(__file__).resolve().parents[1] / "eval" / "dev_special_v2.jsonl"
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


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", type=Path, default=DEV)
    ap.add_argument("--errors", action="store_true", help="print the rows predicted wrong")
    ap.add_argument("--given-language", action="store_true", help="pass the row's language")
    args = ap.parse_args(argv)
    from gdpr_audit.core.config import enforce_offline

    enforce_offline()
    from gdpr_audit.discover.text import scan_texts

    rows = [json.loads(line) for line in args.path.read_text("utf-8").splitlines() if line]
    for lang in ("en", "de"):
        part = [r for r in rows if r["lang"] == lang]
        dets = scan_texts([r["text"] for r in part], language=lang if args.given_language else None)
        counts: dict[str, Counter[str]] = {c: Counter() for c in CATEGORIES}
        traps = clean = 0
        for row, ds in zip(part, dets, strict=True):
            pred = {d.entity_type for d in ds} & set(CATEGORIES)
            gold = set(row["labels"])
            for c in CATEGORIES:
                counts[c]["tp"] += c in pred and c in gold
                counts[c]["fp"] += c in pred and c not in gold
                counts[c]["fn"] += c in gold and c not in pred
            if row["trap"]:
                traps += 1
                clean += not pred
            if args.errors and pred != gold:
                print(f"  {row['id']} gold={sorted(gold)} pred={sorted(pred)} | {row['text']}")
        print(f"{lang}: {len(part)} rows")
        total: Counter[str] = Counter()
        for c in CATEGORIES:
            k = counts[c]
            total.update(k)
            p, r, f = _f1(k["tp"], k["fp"], k["fn"])
            counts_text = f"(tp {k['tp']} fp {k['fp']} fn {k['fn']})"
            print(f"  {c:<19} P {p:.3f} R {r:.3f} F1 {f:.3f}  {counts_text}")
        p, r, f = _f1(total["tp"], total["fp"], total["fn"])
        print(f"  {'micro':<19} P {p:.3f} R {r:.3f} F1 {f:.3f}   traps clean {clean / traps:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
