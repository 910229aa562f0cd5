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


def folds_of(rows: list[sm.TrainRow], folds: int = 5) -> dict[str, np.ndarray]:
    """The expensive part, once: per outer fold, the model's probabilities of the held-out
    rows and the inner out-of-fold probabilities of the training rows (``--save``)."""
    from sklearn.model_selection import KFold

    out: dict[str, np.ndarray] = {
        "y": sm.labels(rows), "rules": sm.rule_matrix(rows),
        "langs": np.array([r.lang for r in rows]), "fold": np.zeros(len(rows), dtype=int),
        "held": np.zeros((len(rows), len(SPECIAL_CATEGORIES))),
    }
    for k, (train, test) in enumerate(KFold(folds, shuffle=True, random_state=1).split(rows)):
        tr = [rows[i] for i in train]
        m = sm.fit(tr, tune=False)
        out["fold"][test] = k
        out["held"][test] = m.proba(m.features([rows[i].text for i in test]))
        out[f"inner{k}"] = sm.out_of_fold(tr)
    return out


def nested(arrays: dict[str, np.ndarray], floor: float | list[float] = sm.PRECISION_FLOOR,
           veto_grid: tuple[float, ...] = sm.VETOES) -> dict[str, np.ndarray]:
    """Held-out predictions of every row: rules, model (p >= 0.5), rules OR model with the
    thresholds and vetoes tuned on the inner folds of its outer training fold."""
    y, rules, langs, fold, held = (arrays[k] for k in ("y", "rules", "langs", "fold", "held"))
    combined = np.zeros(y.shape, dtype=int)
    for k in range(int(fold.max()) + 1):
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        inner = arrays[f"inner{k}"]
        for lang in sm.LANGUAGES:
            mk = langs[train] == lang
            t, v = sm.tune_thresholds(y[train][mk], rules[train][mk], inner[mk], floor,
                                      veto_grid)
            sel = test[langs[test] == lang]
            combined[sel] = (rules[sel] & (held[sel] >= v)) | (held[sel] >= t)
    return {"y": y, "rules": rules, "model": (held >= 0.5).astype(int), "combined": combined,
            "langs": langs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folder", type=Path, default=None)
    ap.add_argument("--C", type=float, default=sm.C)
    ap.add_argument("--categories", action="store_true", help="per-category table")
    ap.add_argument("--save", type=Path, help="keep the fold probabilities (.npz)")
    ap.add_argument("--load", type=Path, help="re-tune saved fold probabilities (no fitting)")
    ap.add_argument("--floor", default=str(sm.PRECISION_FLOOR),
                    help="precision floor, or one per category (comma-separated)")
    ap.add_argument("--vetoes", default=",".join(map(str, sm.VETOES)), help="veto grid")
    args = ap.parse_args(argv)
    sm.C = args.C
    files = sm.training_files(args.folder)
    rows: list[sm.TrainRow] = []
    origin: list[str] = []
    for f in files:
        got = sm.load_rows([f])
        rows += got
        origin += ["dev" if f.name.startswith("dev_") else "new"] * len(got)
    if args.load:
        with np.load(args.load, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        if len(arrays["y"]) != len(rows):
            print("error: the saved folds are of other training rows", file=sys.stderr)
            return 2
    else:
        arrays = folds_of(rows)
        if args.save:
            np.savez_compressed(args.save, allow_pickle=False, **arrays)
    floors = [float(f) for f in args.floor.split(",")]
    res = nested(arrays, floors[0] if len(floors) == 1 else floors,
                 tuple(float(v) for v in args.vetoes.split(",")))
    print(f"floor {args.floor}, vetoes {args.vetoes}")
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
