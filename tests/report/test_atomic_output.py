"""A full disk during `report` leaves the report folder as it was and exits 2."""

from __future__ import annotations

import datetime as dt
import errno
import sys
from pathlib import Path

import pytest

from gdpr_audit import cli
from gdpr_audit.assess.charts import config_digest
from gdpr_audit.core.db import connect, run_script
from gdpr_audit.core.errors import OutputError
from gdpr_audit.core.output import publish, staged_output
from gdpr_audit.report import build

AS_OF = dt.date(2026, 11, 28)


@pytest.fixture
def audit_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An assessed-looking audit database (the writer fails before any notebook runs)."""
    path = tmp_path_factory.mktemp("db") / "audit.duckdb"
    con = connect(path)
    run_script(con, "load", "ddl")
    run_script(con, "model", "canonical")
    run_script(con, "discover", "inventory_tables")
    run_script(con, "assess", "audit_findings")
    run_script(con, "assess", "audit_runs")
    con.execute("INSERT INTO audit_runs VALUES ('r1', ?, now(), ['consent'], ?, "
                "'audit.duckdb', NULL, 0, 'Europe/Berlin')", [AS_OF, config_digest(None)])
    con.close()
    return path


def _disk_fills_while_copying(monkeypatch) -> None:
    def install(report_dir: Path) -> Path:
        target = report_dir / "assets" / "plotly.min.js"
        target.parent.mkdir(parents=True)
        target.write_bytes(b"/* plotly.js, cut short")  # half a file, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "install_plotly_js", install)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_full_disk_keeps_the_previous_report(audit_db: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "reports"
    (out / "assets").mkdir(parents=True)
    (out / "index.html").write_text("<p>last week's report</p>")
    (out / "assets" / "plotly.min.js").write_text("/* complete */")
    (out / "checks.html").write_text("<p>checks</p>")
    before = _snapshot(out)
    _disk_fills_while_copying(monkeypatch)
    with pytest.raises(OutputError, match="no space left on device; nothing in .* was changed"):
        build.build_report(audit_db, out, as_of=AS_OF)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]  # no staging folder left


def test_full_disk_is_exit_2_with_one_line(audit_db: Path, tmp_path: Path, monkeypatch,
                                           capsys) -> None:
    _disk_fills_while_copying(monkeypatch)
    out = tmp_path / "new"
    monkeypatch.setattr(sys, "argv", ["gdpr-audit", "report", "--db", str(audit_db),
                                      "--out", str(out), "--as-of", str(AS_OF)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "cannot write the report" in err and "Traceback" not in err
    assert "internal error" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_publish_replaces_files_and_folders_but_keeps_others(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    (out / "_executed").mkdir(parents=True)
    (out / "_executed" / "old.ipynb").write_text("old")
    (out / "checks.html").write_text("checks")
    with staged_output(out, "report") as staged:
        (staged / "_executed").mkdir()
        (staged / "_executed" / "01.ipynb").write_text("new")
        (staged / "index.html").write_text("index")
        publish(staged, out, last=["index.html"])
    assert _snapshot(out) == {"_executed/01.ipynb": b"new", "checks.html": b"checks",
                              "index.html": b"index"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]
