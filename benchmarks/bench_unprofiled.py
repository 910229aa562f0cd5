"""Recall and precision per check on exports of systems without a profile (issue #15).

Each folder of ``tests/data/unprofiled/`` holds a made-up export of one system written
from its documented export headers and a ``truth.yaml`` naming the planted violations
(``PREFIX:natural id`` per check). The folder is loaded and assessed as ``gdpr-audit
run`` would (generic mapping for what no profile claims); findings are turned back into
natural ids through the canonical tables and compared with the truth.

    python benchmarks/bench_unprofiled.py [SYSTEM ...]

Prints per system and check: planted, found, true positives, recall, precision. A
finding of a check with nothing planted is a false positive.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path

import duckdb
import yaml

from gdpr_audit.assess.registry import run_assessment
from gdpr_audit.core.config import load_audit_config
from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "unprofiled"
SALT = "bench-unprofiled"
_IDS = {"S": ("contacts", "contact_id"), "CS": ("consents", "consent_id"),
        "M": ("communications", "communication_id"), "R": ("dsr_requests", "request_id"),
        "BR": ("business_records", "record_id")}


def audit(folder: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(truth, found): check id -> {``PREFIX:natural id``}."""
    truth_doc = yaml.safe_load((folder / "truth.yaml").read_text("utf-8"))
    as_of = dt.date.fromisoformat(str(truth_doc["as_of"]))
    con = duckdb.connect()
    load_paths(con, [folder])
    build_model(con)
    result = run_assessment(con, as_of, load_audit_config(None), salt=SALT, store=True)
    del result
    back: dict[str, str] = {}
    for prefix, (table, col) in _IDS.items():
        for (value,) in con.execute(f"SELECT DISTINCT {col} FROM {table}").fetchall():
            back[pseudonym(value, SALT, prefix)] = f"{prefix}:{value}"
    found: dict[str, set[str]] = defaultdict(set)
    for check_id, ref in con.execute(
        "SELECT check_id, record_ref FROM audit_findings WHERE record_ref IS NOT NULL"
    ).fetchall():
        found[check_id].add(back.get(ref, ref))
    truth = {k: {str(v) for v in vs} for k, vs in truth_doc["checks"].items()}
    return truth, dict(found)


def score(truth: dict[str, set[str]], found: dict[str, set[str]]) -> list[tuple]:
    """Rows ``(check, planted, found, tp, recall, precision)``."""
    rows = []
    for check in sorted(set(truth) | set(found)):
        t, f = truth.get(check, set()), found.get(check, set())
        tp = len(t & f)
        rows.append((check, len(t), len(f), tp, tp / len(t) if t else None,
                     tp / len(f) if f else None))
    return rows


def main(names: list[str]) -> None:
    folders = [ROOT / n for n in names] if names else sorted(p for p in ROOT.iterdir()
                                                            if p.is_dir())
    total_t = total_f = total_tp = 0
    for folder in folders:
        truth, found = audit(folder)
        print(f"== {folder.name}")
        for check, planted, n_found, tp, rec, prec in score(truth, found):
            total_t += planted
            total_f += n_found
            total_tp += tp
            r = "-" if rec is None else f"{rec:.2f}"
            p = "-" if prec is None else f"{prec:.2f}"
            print(f"  {check:40s} planted {planted:3d} found {n_found:3d} tp {tp:3d} "
                  f"recall {r:>4s} precision {p:>4s}")
    if total_t or total_f:
        print(f"overall: planted {total_t}, found {total_f}, tp {total_tp}, recall "
              f"{total_tp / max(total_t, 1):.2f}, precision {total_tp / max(total_f, 1):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
