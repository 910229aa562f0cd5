"""The suites on the demo CRM: the clean demo passes, the default demo fails exactly where
the truth manifest planted violations (docs/demo.md), and no value reaches a result."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gdpr_audit.check.runner import default_suites_dir
from gdpr_audit.check.suites import load_suites
from gdpr_audit.cli import main
from gdpr_audit.core.db import connect

pytestmark = pytest.mark.slow

CONTACTS = "300"
SEED = "11"
#: Expectations whose unexpected rows are exactly the findings of one check.
EXACT = {
    "consent.send_has_consent": "consent.send_without_consent",
    "consent.send_not_after_withdrawal": "consent.send_after_withdrawal",
    "requests.request_answered_in_time": "rights.late_response",
    "requests.request_not_overdue": "rights.open_overdue",
    "requests.request_has_received_date": "rights.request_missing_date",
    "retention.record_within_period_or_held": "retention.past_period",
    "retention.record_has_created_date": "retention.missing_date",
}


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["gdpr-audit", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict, dict]]:
    """``{"default"|"clean": (database, truth manifest, checks.json)}``."""
    monkeypatch = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("demo")
    out: dict[str, tuple[Path, dict, dict]] = {}
    try:
        for kind in ("default", "clean"):
            folder = base / kind
            extra = ["--clean"] if kind == "clean" else []
            assert (
                _cli(
                    monkeypatch,
                    "demo",
                    "--out",
                    str(folder),
                    "--contacts",
                    CONTACTS,
                    "--seed",
                    SEED,
                    *extra,
                )
                == 0
            )
            db = base / f"{kind}.duckdb"
            assert _cli(monkeypatch, "load", str(folder), "--db", str(db)) == 0
            assert _cli(monkeypatch, "scan", "--db", str(db), "--no-ner") == 0
            truth = json.loads((folder / "truth.json").read_text("utf-8"))
            reports = base / f"{kind}_reports"
            code = _cli(
                monkeypatch,
                "check",
                "--db",
                str(db),
                "--out",
                str(reports),
                "--as-of",
                truth["as_of"],
            )
            result = json.loads((reports / "checks.json").read_text("utf-8"))
            assert code == (0 if result["success"] else 1)
            out[kind] = (db, truth, result)
    finally:
        monkeypatch.undo()
    return out


def _outcomes(result: dict) -> dict[str, dict]:
    return {f"{s['name']}.{e['name']}": e for s in result["suites"] for e in s["expectations"]}


def test_clean_demo_passes_every_suite(demos) -> None:
    _, truth, result = demos["clean"]
    assert truth["clean"] is True
    outcomes = _outcomes(result)
    failing = [k for k, e in outcomes.items() if e["status"] != "passed"]
    assert failing == []
    # every send is judged (a NULL status would pass unnoticed)
    assert outcomes["consent.send_has_consent"]["missing_count"] == 0
    assert {s["name"] for s in result["suites"]} == {
        s.name for s in load_suites(default_suites_dir())
    }


def test_default_demo_fails_where_violations_are_planted(demos) -> None:
    _, truth, result = demos["default"]
    planted = {c: v["count"] for c, v in truth["violations"].items()}
    outcomes = _outcomes(result)
    guarded: dict[str, list[str]] = {}
    for key, e in outcomes.items():
        for check_id in e["check_ids"]:
            guarded.setdefault(check_id, []).append(key)
        if not any(planted.get(c, 0) for c in e["check_ids"]):
            assert e["status"] == "passed", f"{key} fails but guards no planted violation"
    for check_id, keys in guarded.items():
        if planted.get(check_id, 0):
            assert any(outcomes[k]["status"] == "failed" for k in keys), check_id


@pytest.mark.parametrize(("key", "check_id"), sorted(EXACT.items()))
def test_unexpected_rows_match_the_planted_count(demos, key: str, check_id: str) -> None:
    _, truth, result = demos["default"]
    assert _outcomes(result)[key]["unexpected_count"] == truth["violations"][check_id]["count"]


def test_missing_proof_is_split_over_the_proof_fields(demos) -> None:
    _, truth, result = demos["default"]
    planted = truth["violations"]["consent.missing_proof"]["count"]
    counts = [
        e["unexpected_count"]
        for k, e in _outcomes(result).items()
        if "consent.missing_proof" in e["check_ids"]
    ]
    assert len(counts) == 3
    assert max(counts) <= planted <= sum(counts)


def test_results_hold_no_values_of_the_demo(demos) -> None:
    db, _, _ = demos["default"]
    con = connect(db, read_only=True)
    values = [
        v
        for (v,) in con.execute(
            "SELECT email FROM contacts WHERE email IS NOT NULL UNION ALL "
            "SELECT last_name FROM contacts WHERE length(last_name) > 5 UNION ALL "
            "SELECT contact_id FROM contacts"
        ).fetchall()
    ]
    con.close()
    assert values
    reports = db.parent / "default_reports"
    for name in ("checks.json", "checks.html"):
        text = (reports / name).read_text("utf-8")
        leaked = [v for v in values if v in text]
        assert leaked == [], f"{name} holds values of the demo"
