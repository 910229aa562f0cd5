"""The vendor layout through the whole pipeline: load (profiles detected, none named) ->
model -> assess gives the truth manifest's exact count and records for every check the
exports express, and 'not assessable' for every check they cannot carry."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.assess.registry import run_assessment
from gdpr_audit.core.db import audit_salt, connect
from gdpr_audit.demo import generate_demo
from gdpr_audit.demo.context import CHECK_IDS
from gdpr_audit.demo.verify import (
    DIFFERS,
    EXACT,
    NOT_ASSESSABLE,
    Comparison,
    compare,
    main,
    render,
)
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

pytestmark = pytest.mark.slow  # ~15-25 s on 2 shared cores (600 contacts)

CONTACTS = 600


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("vendors_audit")
    generate_demo(tmp / "v", contacts=CONTACTS, seed=42, layout="vendors")
    truth = json.loads((tmp / "v" / "truth.json").read_text("utf-8"))
    con = connect(tmp / "v.duckdb")
    report = load_paths(con, [tmp / "v"])
    assert report.rows_quarantined == 0
    model = build_model(con, None)
    assert {s.profile for s in model.sources} == {"salesforce", "mailchimp", "erp_invoices_de"}
    run_assessment(con, dt.date.fromisoformat(truth["as_of"]), salt=audit_salt(con))
    con.close()
    return truth, tmp / "v.duckdb"


@pytest.fixture
def con(audited):
    db = connect(audited[1], read_only=True)
    yield db
    db.close()


@pytest.fixture(scope="module")
def verdicts(audited) -> dict[str, Comparison]:
    db = connect(audited[1], read_only=True)
    try:
        return {c.check_id: c for c in compare(db, audited[0])}
    finally:
        db.close()


@pytest.mark.parametrize("check", CHECK_IDS)
def test_check_matches_the_truth(audited, con: duckdb.DuckDBPyConnection,
                                 verdicts: dict[str, Comparison], check: str) -> None:
    truth = audited[0]
    entry, got = truth["violations"][check], verdicts[check]
    if entry["applicable"]:
        assert (got.verdict, got.found) == (EXACT, entry["count"]), got
    else:
        assert got.verdict == NOT_ASSESSABLE, got
        states = con.execute("SELECT status, missing FROM audit_assessability "
                             "WHERE check_id = ?", [check]).fetchall()
        assert states and all(s in ("not_assessable", "no_source") and m for s, m in states)


def test_the_comparison_can_fail(audited, con: duckdb.DuckDBPyConnection) -> None:
    """Traps: a truth missing one found record, or calling an assessed check inexpressible,
    is reported as differing; an audit of another day is refused."""
    truth = audited[0]
    fake = json.loads(json.dumps(truth))
    late = fake["violations"]["rights.late_response"]
    assert late["refs"], "the 600-contact demo plants late responses"
    late["refs"] = late["refs"][1:]
    fake["violations"]["rights.open_overdue"] = {"applicable": False, "count": None, "refs": [],
                                                 "reason": "pretend"}
    got = {c.check_id: c for c in compare(con, fake)}
    assert got["rights.late_response"].verdict == DIFFERS
    assert got["rights.late_response"].note == "0 missing, 1 extra"
    assert got["rights.open_overdue"].verdict == DIFFERS
    assert got["consent.no_double_opt_in"].verdict == EXACT
    assert "differs" in render(list(got.values())).splitlines()[-1]
    with pytest.raises(Exception, match="no assessment of 2020-01-01"):
        compare(con, {**truth, "as_of": "2020-01-01"})


def test_verify_command(audited, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = audited[1]
    code = main([str(db.parent / "v"), "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"consent\.send_without_consent +\d+ +\d+  exact", out)
    assert re.search(r"access\.off_hours +- +0  not assessable \(no access log", out)
    assert main([str(tmp_path), "--db", str(db)]) == 2
    assert "no truth.json" in capsys.readouterr().err
