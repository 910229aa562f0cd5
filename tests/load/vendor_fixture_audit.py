"""Load a vendor fixture folder as `gdpr-audit load` + `assess` do (my vendor tests).

The fixtures under tests/data/vendors/<vendor>/ are written from the vendors' documented
export formats (sources in docs/vendors.md), with planted violations and look-alikes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
from vendor_audit import SALT, load_and_assess

from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.model import ModelReport


def ref(value: str, prefix: str = "S") -> str:
    """The pseudonymous record_ref a finding carries for ``value``."""
    return pseudonym(value, SALT, prefix=prefix)


@dataclass
class Audit:
    con: duckdb.DuckDBPyConnection
    model: ModelReport
    findings: dict[str, set[str]] = field(default_factory=dict)
    details: dict[tuple[str, str], str] = field(default_factory=dict)  # (check, ref) -> detail

    def rows(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()

    def logged(self, entity: str) -> tuple[int, int, int, int]:
        """(rows_in, rows_mapped, rows_rejected, rows_skipped) of one entity, summed."""
        got = [s for s in self.model.sources if s.entity == entity]
        assert got, f"entity {entity} mapped nothing"
        return (
            sum(s.rows_in for s in got),
            sum(s.rows_mapped for s in got),
            sum(s.rows_rejected for s in got),
            sum(s.rows_skipped for s in got),
        )


def audit(vendor: str, as_of: dt.date, profile: str | None = None) -> Audit:
    """Load ``tests/data/vendors/<vendor>/``, build the model (profiles detected unless
    ``profile``), assess as of ``as_of``; findings as check_id -> record_refs."""
    con, model, result = load_and_assess(vendor, as_of, profile)
    found: dict[str, set[str]] = {}
    pairs = zip(result.findings["check_id"], result.findings["record_ref"], strict=True)
    for check_id, record_ref in pairs:
        found.setdefault(str(check_id), set()).add(str(record_ref))
    details = {
        (str(c), str(r)): str(d)
        for c, r, d in zip(
            result.findings["check_id"],
            result.findings["record_ref"],
            result.findings["detail"],
            strict=True,
        )
    }
    return Audit(con, model, found, details)
