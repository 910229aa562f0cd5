"""`gdpr-audit demo`: summary, exit codes, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gdpr_audit.cli import app


def test_demo_command_writes_export_and_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo", "--out", str(tmp_path), "--contacts", "250", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "planted violation(s) of 28 check(s)" in result.output
    truth = json.loads((tmp_path / "truth.json").read_text("utf-8"))
    assert truth["seed"] == 3 and truth["contacts"] == 250 and truth["as_of"] == "2026-11-28"
    assert "SYNTHETIC" in (tmp_path / "README.txt").read_text("utf-8")
    assert {p for p in truth["files"]} == {
        str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()
    } - {"truth.json", "README.txt"}


def test_clean_demo_has_the_same_shape(tmp_path: Path) -> None:
    runner = CliRunner()
    for name, extra in (("planted", []), ("clean", ["--clean"])):
        result = runner.invoke(
            app, ["demo", "--out", str(tmp_path / name), "--contacts", "250", *extra]
        )
        assert result.exit_code == 0, result.output
    planted = json.loads((tmp_path / "planted/truth.json").read_text("utf-8"))
    clean = json.loads((tmp_path / "clean/truth.json").read_text("utf-8"))
    assert clean["clean"] is True and "0 planted violation(s)" in result.output
    assert [(c["file"], c["column"]) for c in clean["columns"]] == [
        (c["file"], c["column"]) for c in planted["columns"]
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-13-01"], "--as-of must be a date"),
        (["--as-of", "2019-05-01"], "--as-of must be 2020-01-01 or later"),
        (["--contacts", "10"], "--contacts must be at least 200"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    from gdpr_audit.core.errors import UsageError

    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path), *args])
    assert isinstance(result.exception, UsageError) and message in str(result.exception)
    assert UsageError.exit_code == 2
