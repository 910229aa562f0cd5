"""Load a vendor fixture folder the way `gdpr-audit load` + `assess` do and read the
findings back as natural ids (fixtures are made up, so their ids may be shown in tests).

Used by tests/load/test_vendor_*.py; the fixtures in tests/data/vendors/<vendor>/ are
written from the vendors' documented export formats (docs/vendors.md), not from the demo
generator, with planted violations and look-alikes listed in each test.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gdpr_audit.assess.registry import AssessmentResult, run_assessment
from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import ModelReport, build_model

VENDORS = Path(__file__).parent.parent / "data" / "vendors"
SALT = "vendor-test-salt"
#: canonical (table, id column) whose ids findings refer to, and the ref prefixes used.
_ID_COLUMNS = [
    ("contacts", "contact_id"),
    ("consents", "consent_id"),
    ("communications", "communication_id"),
    ("dsr_requests", "request_id"),
    ("business_records", "record_id"),
]
_PREFIXES = ("S", "CS", "M", "R", "BR")


@dataclass
class VendorAudit:
    con: duckdb.DuckDBPyConnection
    model: ModelReport
    findings: dict[str, set[str]]  # check_id -> natural ids (record_ref de-pseudonymised)

    def rows(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()


def load_and_assess(
    vendor: str, as_of: dt.date, profile: str | None = None
) -> tuple[duckdb.DuckDBPyConnection, ModelReport, AssessmentResult]:
    """Load tests/data/vendors/<vendor>/ as `gdpr-audit load` does, build the model
    (profiles detected unless ``profile``) and run every check as of ``as_of``."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [VENDORS / vendor])
    model = build_model(con, profile)
    return con, model, run_assessment(con, as_of, salt=SALT, store=False)


def audit_vendor(vendor: str, as_of: dt.date) -> VendorAudit:
    """Load tests/data/vendors/<vendor>/, build the model, run every check."""
    con, model, result = load_and_assess(vendor, as_of)
    natural: dict[str, str] = {}
    for table, column in _ID_COLUMNS:
        for (value,) in con.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall():
            for prefix in _PREFIXES:
                natural[pseudonym(value, SALT, prefix=prefix)] = value
    findings: dict[str, set[str]] = defaultdict(set)
    for check_id, ref in result.findings[["check_id", "record_ref"]].itertuples(index=False):
        findings[check_id].add(natural.get(ref, ref))
    return VendorAudit(con, model, dict(findings))


def scores(found: dict[str, set[str]], planted: dict[str, set[str]]) -> tuple[float, float]:
    """(recall, precision) of planted (check, id) pairs among the findings."""
    got = {(c, i) for c, ids in found.items() for i in ids}
    want = {(c, i) for c, ids in planted.items() for i in ids}
    hit = len(got & want)
    return hit / len(want), (hit / len(got) if got else 1.0)
