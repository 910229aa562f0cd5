"""Score the special-category rules on a development set (default
``benchmarks/eval/dev_special_v2.jsonl``) with the frozen set's scorer.

Run: ``.venv/bin/python benchmarks/vocab/score_dev.py [--path FILE] [--errors] [--given-language]``

The development sets were written by the rules' authors (issue #12), before the rule changes
they measure, so they are development sets, not independent ones. This script only points
``benchmarks/eval/score_special.py`` (the same row-level scoring: per language and category
tp/fp/fn, P/R/F1, micro average, traps clean) at such a set; it never reads the frozen set,
which the lead scores.
"""

from __future__ import annotations

import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1] / "eval"
DEV = EVAL / "dev_special_v2.jsonl"
sys.path.insert(0, str(EVAL))

from score_special import main as score_main  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not any(a == "--path" or a.startswith("--path=") for a in args):
        args = ["--path", str(DEV), *args]
    return score_main(args)


if __name__ == "__main__":
    sys.exit(main())
