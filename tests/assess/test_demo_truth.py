"""On the demo CRM: every check finds exactly the planted violations; the clean demo none.

The PII inventory is seeded from the truth manifest's column list, so this test measures
the assessment alone, not the scanner's recall (tests/discover does that).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.assess.registry import all_checks, run_assessment
from gdpr_audit.core.db import connect
from gdpr_audit.core.privacy import pseudonym

pytestmark = pytest.mark.slow

SALT = "demo-test"
CONTACTS = 2000
#: Pseudonym prefix of each check's record_ref; None = non-personal key used as is.
PREFIX = {
    "consent.send_without_consent": "M", "consent.send_after_withdrawal": "M",
    "consent.missing_proof": "CS", "consent.no_double_opt_in": "CS",
    "consent.minor_without_parental_consent": "CS", "consent.coupled_with_contract": "CS",
    "consent.no_legal_basis": "S", "retention.inactive_contact": "S",
    "retention.past_period": "BR", "retention.missing_date": "BR", "retention.no_policy": None,
    "access.special_category_outside_allowlist": None, "access.dormant_privileged_user": "U",
    "access.access_by_deactivated_user": "U", "access.off_hours": "U", "access.bulk_export": "E",
    "breach.late_notification": None, "breach.not_notified": None,
    "breach.subjects_not_notified": None, "breach.incomplete_record": None,
}


def _prefix(check_id: str) -> str | None:
    return PREFIX.get(check_id, "R" if check_id.startswith("rights.") else None)


def _seed_inventory(con: duckdb.DuckDBPyConnection, truth: dict) -> None:
    tables = {f: spec["table"].removeprefix("raw.") for f, spec in truth["files"].items()}
    rows = [
        (tables[c["file"]], "raw", c["column"], entity, category)
        for c in truth["columns"] if c["file"] in tables
        for category, entities in (("pii", c["pii"]), ("special", c["special"]))
        for entity in entities
    ]
    con.execute("DROP TABLE IF EXISTS pii_columns")
    con.execute("CREATE TABLE pii_columns (table_name VARCHAR, source VARCHAR, "
                "column_name VARCHAR, entity_type VARCHAR, category VARCHAR)")
    con.executemany("INSERT INTO pii_columns VALUES (?, ?, ?, ?, ?)", rows)


def _audit(tmp: Path, clean: bool) -> tuple[dict, duckdb.DuckDBPyConnection]:
    from gdpr_audit.demo.generator import generate_demo
    from gdpr_audit.load.loader import load_paths
    from gdpr_audit.load.model import build_model

    out = tmp / ("clean" if clean else "demo")
    generate_demo(out, contacts=CONTACTS, seed=7, clean=clean)
    truth = json.loads((out / "truth.json").read_text("utf-8"))
    con = connect(tmp / f"{out.name}.duckdb")
    load_paths(con, [out])
    build_model(con)
    _seed_inventory(con, truth)
    return truth, con


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[dict, object]:
    truth, con = _audit(tmp_path_factory.mktemp("demo"), clean=False)
    result = run_assessment(con, dt.date.fromisoformat(truth["as_of"]), salt=SALT)
    yield truth, result
    con.close()


def test_truth_lists_every_registered_check(demo) -> None:
    truth, _ = demo
    assert set(truth["violations"]) == {s.check_id for s in all_checks()}


@pytest.mark.parametrize("check_id", [s.check_id for s in all_checks()])
def test_planted_violations_found_exactly(demo, check_id: str) -> None:
    truth, result = demo
    planted = truth["violations"][check_id]
    prefix = _prefix(check_id)
    expected = {pseudonym(r, SALT, prefix=prefix) if prefix else r for r in planted["refs"]}
    found = result.findings.loc[result.findings["check_id"] == check_id, "record_ref"]
    assert len(found) == planted["count"] > 0
    assert set(found) == expected


def test_clean_demo_has_no_findings(tmp_path) -> None:
    truth, con = _audit(tmp_path, clean=True)
    try:
        result = run_assessment(con, dt.date.fromisoformat(truth["as_of"]), salt=SALT)
    finally:
        con.close()
    assert result.findings.groupby("check_id").size().to_dict() == {}


ENGLISH_WORDS = re.compile(r"\b(?:subject|via|request|received|without|after|sent|consent|"
                           r"role|user|rows?|table|days?|months|created|breach|limit)\b")


def test_every_demo_finding_detail_reads_in_german(demo) -> None:
    """The German report shows each check's details in German (report/i18n/details.de.yaml)."""
    from gdpr_audit.report.i18n import localise_detail

    _, result = demo
    untranslated = [
        (c, d) for c, d in zip(result.findings["check_id"], result.findings["detail"], strict=True)
        if localise_detail(c, d, "de") == d or ENGLISH_WORDS.search(localise_detail(c, d, "de"))
    ]
    assert untranslated == []
    assert set(result.findings["check_id"]) == {s.check_id for s in all_checks()}
