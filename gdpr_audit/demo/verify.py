"""Compare an audit database's findings with a demo's truth manifest, check by check.

``python -m gdpr_audit.demo.verify DEMO_DIR --db AUDIT.duckdb`` (``make audit`` runs it
on the vendor layout) prints one line per check: ``exact`` (the found records are the
truth's refs), ``differs`` (how many missing and extra), ``not assessable`` (the truth
says the exports cannot carry the check, and the audit agrees: every source of the
check is ``not_assessable`` or there is ``no_source``) or ``not derived`` (a manifest
without a count). Exit 0 when every check is exact or not assessable, 1 when any
differs, 2 on a missing folder, manifest or database, or an audit of another date.

The truth's refs are natural ids; the findings hold pseudonyms. They are compared by
pseudonymising the truth with the database's salt, so nothing personal is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gdpr_audit.core.db import audit_salt, connect
from gdpr_audit.core.errors import GdprAuditError, InputError
from gdpr_audit.core.privacy import pseudonym

#: Pseudonym prefix of each check's record_ref (rights: R); None = key used as is.
PREFIX = {
    "consent.send_without_consent": "M", "consent.send_after_withdrawal": "M",
    "consent.missing_proof": "CS", "consent.no_double_opt_in": "CS",
    "consent.minor_without_parental_consent": "CS", "consent.coupled_with_contract": "CS",
    "consent.no_legal_basis": "S", "retention.inactive_contact": "S",
    "retention.past_period": "BR", "retention.missing_date": "BR", "retention.no_policy": None,
    "access.special_category_outside_allowlist": None, "access.dormant_privileged_user": "U",
    "access.access_by_deactivated_user": "U", "access.off_hours": "U", "access.bulk_export": "E",
}  # fmt: skip
#: Assessability statuses meaning "this check could not judge the source".
UNJUDGED = frozenset({"not_assessable", "no_source"})
EXACT, DIFFERS, NOT_ASSESSABLE, NOT_DERIVED = "exact", "differs", "not assessable", "not derived"


def prefix_of(check_id: str) -> str | None:
    """Pseudonym prefix of ``check_id``'s record_ref."""
    if check_id in PREFIX:
        return PREFIX[check_id]
    return "R" if check_id.startswith("rights.") else None


@dataclass(frozen=True)
class Comparison:
    """One check: the truth's count, the audit's, the verdict and why."""

    check_id: str
    expected: int | None
    found: int
    verdict: str
    note: str = ""


def compare(con: duckdb.DuckDBPyConnection, truth: dict) -> list[Comparison]:
    """Per check of ``truth['violations']``: the audit of ``truth['as_of']`` against it.

    Raises:
        InputError: the database holds no assessment of the truth's audit date.
    """
    as_of = truth["as_of"]
    salt = audit_salt(con)
    rows = con.execute("SELECT check_id, record_ref FROM audit_findings WHERE as_of = ?",
                       [as_of]).fetchall()
    judged = con.execute("SELECT check_id, status, source, missing FROM audit_assessability "
                         "WHERE as_of = ?", [as_of]).fetchall()
    if not judged:
        raise InputError(f"the database holds no assessment of {as_of} (run gdpr-audit assess "
                         f"--as-of {as_of})")
    found: dict[str, set[str]] = {}
    for check, ref in rows:
        found.setdefault(check, set()).add(ref)
    status: dict[str, list[tuple[str, str, list[str]]]] = {}
    for check, state, source, missing in judged:
        status.setdefault(check, []).append((state, source or "-", list(missing or [])))
    out = []
    for check, entry in sorted(truth["violations"].items()):
        got = found.get(check, set())
        applicable = entry.get("applicable", True)
        if applicable is None:
            out.append(Comparison(check, None, len(got), NOT_DERIVED, entry.get("reason", "")))
        elif applicable is False:
            states = status.get(check, [])
            unjudged = bool(states) and all(s in UNJUDGED for s, _, _ in states)
            if unjudged and not got:
                missing = sorted({m for _, _, ms in states for m in ms})
                out.append(Comparison(check, None, 0, NOT_ASSESSABLE,
                                      f"{entry.get('reason', '')}; audit: lacks "
                                      f"{', '.join(missing)}"))
            else:
                out.append(Comparison(check, None, len(got), DIFFERS,
                                      "truth: not expressible, yet the audit judged it"))
        else:
            p = prefix_of(check)
            want = {pseudonym(r, salt, prefix=p) if p else r for r in entry["refs"]}
            if got == want:
                out.append(Comparison(check, entry["count"], len(got), EXACT))
            else:
                out.append(Comparison(check, entry["count"], len(got), DIFFERS,
                                      f"{len(want - got)} missing, {len(got - want)} extra"))
    return out


def render(rows: list[Comparison]) -> str:
    """The comparison as a fixed-width table plus a one-line summary."""
    width = max(len(r.check_id) for r in rows)
    lines = [f"{'check':<{width}}  {'truth':>6}  {'found':>6}  verdict"]
    for r in rows:
        expected = "-" if r.expected is None else str(r.expected)
        note = f" ({r.note})" if r.note else ""
        lines.append(f"{r.check_id:<{width}}  {expected:>6}  {r.found:>6}  {r.verdict}{note}")
    counts = {v: sum(r.verdict == v for r in rows)
              for v in (EXACT, DIFFERS, NOT_ASSESSABLE, NOT_DERIVED)}
    lines.append(", ".join(f"{n} {v}" for v, n in counts.items() if n)
                 + f" of {len(rows)} checks")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gdpr_audit.demo.verify",
        description="Compare an audit database's findings with a demo's truth.json.")
    parser.add_argument("demo", type=Path, help="folder gdpr-audit demo wrote (holds truth.json)")
    parser.add_argument("--db", type=Path, required=True, help="audit database of that folder")
    args = parser.parse_args(argv)
    manifest = args.demo / "truth.json"
    try:
        if not manifest.is_file():
            raise InputError(f"no truth.json in {args.demo}")
        truth = json.loads(manifest.read_text("utf-8"))
        con = connect(args.db, read_only=True)
        try:
            rows = compare(con, truth)
        finally:
            con.close()
    except GdprAuditError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    layout = truth.get("layout", "demo")
    print(f"findings of {args.db} against {manifest} (layout {layout}, as of {truth['as_of']})")
    print(render(rows))
    return 1 if any(r.verdict == DIFFERS for r in rows) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
