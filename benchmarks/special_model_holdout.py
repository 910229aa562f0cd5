"""Rules alone vs rules + sentence classifier on held-out sets, in aggregate only.

Run: ``.venv/bin/python benchmarks/special_model_holdout.py --path FILE [--path FILE ...]``

Each set is scored twice with ``benchmarks/eval/score_special.py``'s ``score()`` (row level,
language detected per text as in ``score_dev.py``): ``discover.text.special_model`` off and
on. Only the per-language micro and per-category tables and the trap share are printed,
never rows or error lists, so the holdouts stay independent of the model's development.
Never pass the frozen set: the lead scores it once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "eval"))
sys.path.insert(0, str(ROOT))

from score_special import LANGS, load, print_table, score  # noqa: E402

from gdpr_audit.core.config import enforce_offline  # noqa: E402


def predictor(path: Path, special_model: bool):
    from gdpr_audit.discover.text import TextScanner

    scanner = TextScanner.shared(ner=False, special_model=special_model)
    found: dict[tuple[str, str], set[str]] = {}
    rows = load(path)
    for lang in LANGS:
        texts = [r["text"] for r in rows if r["lang"] == lang]
        for text, ds in zip(texts, scanner.analyze_batch(texts), strict=True):
            found[(text, lang)] = {d.entity_type for d in ds}
    return lambda text, lang: found[(text, lang)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--path", type=Path, action="append", required=True)
    args = ap.parse_args(argv)
    if any(p.name.startswith("special_categories_frozen") for p in args.path):
        print("error: the frozen set is scored by the lead only", file=sys.stderr)
        return 2
    enforce_offline()
    for path in args.path:
        for on in (False, True):
            result = score(predictor(path, on), path)
            result["errors"] = []
            print(f"\n=== {path.name}: special_model {'on' if on else 'off'}")
            print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
