"""The ``assess`` and ``export-subject`` commands: exit codes and outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pytest

from gdpr_audit import cli
from gdpr_audit.core.db import sql_text

from .test_registry import seed


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["gdpr-audit", *args])
    monkeypatch.setenv("COLUMNS", "160")
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.fixture
def audit_db(tmp_path: Path) -> Path:
    path = tmp_path / "audit.duckdb"
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'UTC'")
    con.execute(sql_text("model", "canonical"))
    seed(con)
    con.close()
    return path


def test_assess_writes_findings_and_json(monkeypatch, capsys, audit_db, tmp_path) -> None:
    out_json = tmp_path / "findings.json"
    code, out, _ = run_cli(monkeypatch, capsys, "assess", "--db", str(audit_db), "--as-of",
                           "2026-11-28", "--json", str(out_json))
    assert code == 0
    assert "consent.send_without_consent" in out and "6(1)(a)" in out
    doc = json.loads(out_json.read_text("utf-8"))
    assert doc["as_of"] == "2026-11-28"
    assert {s["check_id"] for s in doc["summary"]} >= {"breach.not_notified"}
    assert len(doc["findings"]) == sum(s["findings"] for s in doc["summary"])
    assert "zoltan" not in out_json.read_text("utf-8").lower()
    con = duckdb.connect(str(audit_db), read_only=True)
    assert con.execute("SELECT count(*) FROM audit_findings").fetchone()[0] == len(doc["findings"])


@pytest.mark.parametrize(("fail_on", "code"), [("critical", 1), ("high", 1), (None, 0)])
def test_assess_fail_on(monkeypatch, capsys, audit_db, fail_on, code) -> None:
    args = ["assess", "--db", str(audit_db), "--as-of", "2026-11-28"]
    if fail_on:
        args += ["--fail-on", fail_on]
    assert run_cli(monkeypatch, capsys, *args)[0] == code


def test_assess_fail_on_not_met(monkeypatch, capsys, audit_db) -> None:
    code, _, _ = run_cli(monkeypatch, capsys, "assess", "--db", str(audit_db), "--as-of",
                         "2026-11-28", "--area", "access", "--fail-on", "critical")
    assert code == 0  # only a high bulk export


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "28.11.2026"],
        ["--fail-on", "severe"],
        ["--area", "nope"],
    ],
)
def test_assess_usage_errors(monkeypatch, capsys, audit_db, args) -> None:
    code, _, err = run_cli(monkeypatch, capsys, "assess", "--db", str(audit_db), *args)
    assert code == 2 and "error:" in err and "Traceback" not in err


def test_assess_input_errors(monkeypatch, capsys, tmp_path) -> None:
    missing = tmp_path / "missing.duckdb"
    assert run_cli(monkeypatch, capsys, "assess", "--db", str(missing))[0] == 2
    assert not missing.exists()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    code, _, err = run_cli(monkeypatch, capsys, "assess", "--db", str(empty))
    assert code == 2 and "canonical table(s) missing" in err


def test_export_subject_command(monkeypatch, capsys, audit_db, tmp_path) -> None:
    out = tmp_path / "subject"
    code, stdout, _ = run_cli(monkeypatch, capsys, "export-subject", "--db", str(audit_db),
                              "--email", "ZOLTAN@example.de", "--out", str(out),
                              "--as-of", "2026-11-28")
    assert code == 0 and "contact record" in stdout
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["generated_at"] == "2026-11-28T00:00:00+00:00"
    assert {f["source_table"] for f in manifest["files"]} >= {"contacts", "communications"}
    code, _, err = run_cli(monkeypatch, capsys, "export-subject", "--db", str(audit_db),
                           "--contact-id", "C2", "--out", str(tmp_path / "none"))
    assert code == 2 and "no data subject" in err
    code, _, _ = run_cli(monkeypatch, capsys, "export-subject", "--db", str(audit_db),
                         "--contact-id", "C1", "--out", str(out))
    assert code == 2  # not empty


def test_assess_config_file(monkeypatch, capsys, audit_db, tmp_path) -> None:
    config = tmp_path / "audit.yaml"
    config.write_text("assess:\n  access:\n    bulk_export_records: 10000\n", "utf-8")
    out_json = tmp_path / "f.json"
    code, _, _ = run_cli(monkeypatch, capsys, "assess", "--db", str(audit_db), "--as-of",
                         "2026-11-28", "--config", str(config), "--json", str(out_json))
    summary = {s["check_id"]: s["findings"] for s in json.loads(out_json.read_text())["summary"]}
    assert code == 0 and summary["access.bulk_export"] == 0
    config.write_text("assess:\n  timezone: Mars/Olympus\n", "utf-8")
    code, _, err = run_cli(monkeypatch, capsys, "assess", "--db", str(audit_db), "--config",
                           str(config))
    assert code == 2 and "assess.timezone" in err
