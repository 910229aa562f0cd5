"""Cross-validation of the special-category sentence classifier (discover/special_model.py).

Run: ``.venv/bin/python benchmarks/special_model_cv.py [--folder DIR] [--C 10]``

Nested and row-level, per language: the outer 5 folds hold out rows; on the other rows the
model is fitted and its thresholds are tuned on their own inner out-of-fold probabilities
(as ``train`` does), then the held-out rows are predicted with rules alone, the model alone
(p >= 0.5) and rules OR model (tuned thresholds). Scores are given for all rows and split by
where the rows come from: the development sets the rules were written on (``dev_*``, so the
rules look better there than on new text) and the training sets written for the model
(everything else). Only training data is read: never the frozen set or the holdouts.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gdpr_audit.discover import special_model as sm  # noqa: E402
from gdpr_audit.discover.special import SPECIAL_CATEGORIES  # noqa: E402


def _prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _score(y: np.ndarray, pred: np.ndarray) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for j, cat in enumerate(SPECIAL_CATEGORIES):
        t, p = y[:, j].astype(bool), pred[:, j].astype(bool)
        out[cat] = Counter(tp=int((t & p).sum()), fp=int((~t & p).sum()), fn=int((t & ~p).sum()))
    out["micro"] = sum(out.values(), Counter())
    traps = ~y.any(axis=1)
    out["traps"] = Counter(rows=int(traps.sum()), clean=int((traps & ~pred.any(axis=1)).sum()))
    return out


def nested(rows: list[sm.TrainRow], folds: int = 5) -> dict[str, np.ndarray]:
    """Held-out predictions of every row: rules, model (p >= 0.5), rules OR model (tuned)."""
    from sklearn.model_selection import KFold

    y = sm.labels(rows)
    rules = sm.rule_matrix(rows)
    langs = np.array([r.lang for r in rows])
    model = np.zeros(y.shape, dtype=int)
    combined = np.zeros(y.shape, dtype=int)
    for train, test in KFold(folds, shuffle=True, random_state=1).split(rows):
        tr = [rows[i] for i in train]
        m = sm.fit(tr, tune=False)
        inner = sm.out_of_fold(tr)
        proba = m.proba(m.features([rows[i].text for i in test]))
        model[test] = proba >= 0.5
        for lang in sm.LANGUAGES:
            mk = langs[train] == lang
            t, v = sm.tune_thresholds(y[train][mk], rules[train][mk], inner[mk])
            sel = langs[test] == lang
            held = test[sel]
            combined[held] = (rules[held] & (proba[sel] >= v)) | (proba[sel] >= t)
    return {"y": y, "rules": rules, "model": model, "combined": combined, "langs": langs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folder", type=Path, default=None)
    ap.add_argument("--C", type=float, default=sm.C)
    ap.add_argument("--categories", action="store_true", help="per-category table")
    args = ap.parse_args(argv)
    sm.C = args.C
    files = sm.training_files(args.folder)
    rows: list[sm.TrainRow] = []
    origin: list[str] = []
    for f in files:
        got = sm.load_rows([f])
        rows += got
        origin += ["dev" if f.name.startswith("dev_") else "new"] * len(got)
    res = nested(rows)
    for lang in sm.LANGUAGES:
        in_lang = res["langs"] == lang
        mask = {"all": in_lang, "dev": in_lang & (np.array(origin) == "dev"),
                "new": in_lang & (np.array(origin) == "new")}
        print(f"\n{lang}: {in_lang.sum()} rows (dev {mask['dev'].sum()}, new {mask['new'].sum()}),"
              f" C={args.C}")
        for part, mk in mask.items():
            if not mk.any():
                continue
            line = []
            for name in ("rules", "model", "combined"):
                s = _score(res["y"][mk], res[name][mk])
                p, r, f1 = _prf(s["micro"])
                trap = s["traps"]["clean"] / max(1, s["traps"]["rows"])
                line.append(f"{name} P{p:.3f} R{r:.3f} F1 {f1:.3f} traps {trap:.3f}")
            print(f"  {part:<4} " + " | ".join(line))
            if args.categories and part != "dev":
                for cat in SPECIAL_CATEGORIES:
                    cells = []
                    for name in ("rules", "combined"):
                        c = _score(res["y"][mk], res[name][mk])[cat]
                        p, r, f1 = _prf(c)
                        cells.append(f"{name} P{p:.2f} R{r:.2f} F1 {f1:.2f}")
                    sup = int(res["y"][mk][:, SPECIAL_CATEGORIES.index(cat)].sum())
                    print(f"      {cat:<19} n={sup:<4} " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
