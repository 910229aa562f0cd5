"""`gdpr-audit report` refuses a database that misses a stage, before starting any kernel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gdpr_audit.core.db import connect, run_script
from gdpr_audit.core.errors import InputError
from gdpr_audit.report.build import build_report, resolve_as_of

from .conftest import AS_OF, build_audit_db


def test_date_of_the_last_assessment_is_the_default(audit_db: Path) -> None:
    assert resolve_as_of(audit_db, None)[0] == AS_OF
    with pytest.raises(InputError, match="no stored audit run for 2026-01-01"):
        resolve_as_of(audit_db, dt.date(2026, 1, 1))


@pytest.mark.parametrize(("drop", "command"), [
    ("pii_columns", "scan"), ("load_log", "load"), ("audit_findings", "assess"),
])
def test_missing_stage_is_named(tmp_path: Path, drop: str, command: str) -> None:
    path = build_audit_db(tmp_path / "a.duckdb")
    con = connect(path)
    con.execute(f"DROP TABLE {drop}")
    con.close()
    with pytest.raises(InputError, match=f"run `gdpr-audit {command}` first"):
        build_report(path, tmp_path / "out")
    assert not (tmp_path / "out" / "_executed").exists()


def test_unassessed_database_without_date(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb", assess=False)
    con = connect(path)
    con.execute("CREATE TABLE audit_findings (check_id VARCHAR, as_of DATE)")
    run_script(con, "assess", "audit_runs")
    con.close()
    with pytest.raises(InputError, match="holds no assessment"):
        resolve_as_of(path, None)
