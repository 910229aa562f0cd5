"""``gdpr-audit check``: exit codes 0 / 1 / 2, result files, summary."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gdpr_audit.cli import main


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["gdpr-audit", "check", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


def test_all_pass_exits_0(compliant_db: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "reports"
    code = _cli(
        monkeypatch,
        "--db",
        str(compliant_db),
        "--out",
        str(out),
        "--as-of",
        "2026-11-28",
        "--suite",
        "consent",
        "--suite",
        "retention",
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "all expectations met" in printed and "send_has_consent" in printed
    result = json.loads((out / "checks.json").read_text("utf-8"))
    assert result["success"] is True and result["as_of"] == "2026-11-28"
    assert [s["name"] for s in result["suites"]] == ["consent", "retention"]
    assert (out / "checks.html").is_file()


def test_failures_exit_1_with_one_error_line(
    violating_db: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    code = _cli(
        monkeypatch,
        "--db",
        str(violating_db),
        "--out",
        str(tmp_path),
        "--as-of",
        "2026-11-28",
        "--suite",
        "requests",
    )
    assert code == 1
    captured = capsys.readouterr()
    assert "FAILED" in captured.out
    assert captured.err.strip().splitlines() == [
        "error: expectations failed: 2 passed, 3 failed, 0 errors of 5 in 1 suites"
    ]
    assert json.loads((tmp_path / "checks.json").read_text("utf-8"))["counts"]["failed"] == 3


def test_unknown_suite_exits_2(compliant_db: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    assert (
        _cli(monkeypatch, "--db", str(compliant_db), "--out", str(tmp_path), "--suite", "nope") == 2
    )
    assert "unknown suite(s): nope" in capsys.readouterr().err
    assert not (tmp_path / "checks.json").exists()


def test_missing_database_exits_2(tmp_path: Path, monkeypatch, capsys) -> None:
    assert _cli(monkeypatch, "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)) == 2
    assert "database not found" in capsys.readouterr().err


def test_invalid_suite_file_exits_2(
    compliant_db: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    suites = tmp_path / "suites"
    suites.mkdir()
    (suites / "bad.json").write_text(
        json.dumps(
            {
                "name": "bad",
                "meta": {"gdpr_audit": {"table": "contacts"}},
                "expectations": [
                    {
                        "type": "expect_column_values_to_not_be_null",
                        "kwargs": {"column": "email", "mostly": 7},
                        "meta": {"name": "email_present"},
                    }
                ],
            }
        ),
        "utf-8",
    )
    code = _cli(
        monkeypatch, "--db", str(compliant_db), "--suites-dir", str(suites), "--out", str(tmp_path)
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "'email_present'" in err and "Traceback" not in err


def test_bad_as_of_exits_2(compliant_db: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    assert _cli(monkeypatch, "--db", str(compliant_db), "--as-of", "28.11.2026") == 2
    assert "--as-of must be a date" in capsys.readouterr().err
