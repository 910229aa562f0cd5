"""``gdpr-audit load --profile``: the model build from the command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).parent.parent / "data" / "profiles"


def _load(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdpr_audit.cli", "load", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": ""},
    )


def test_load_builds_the_model(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SAMPLES / "salesforce", export)
    done = _load(str(export), "--db", str(tmp_path / "a.duckdb"), "--profile", "salesforce")
    assert done.returncode == 0, done.stderr
    # consents 3: the OptOut row of the sample is kept as a withdrawal (opted_out);
    # communications 2: the walk-in visit Task (Task/Other) is no e-mail or call.
    assert "canonical model (salesforce): communications 2, consents 3, contacts 2, notes 1" in (
        done.stdout
    )
    assert "rejected" in done.stderr  # the sample's row without Id, as a count
    assert "Ghost" not in done.stdout + done.stderr


def test_unknown_profile_exits_2_before_loading(tmp_path: Path) -> None:
    db = tmp_path / "b.duckdb"
    done = _load(str(SAMPLES / "salesforce"), "--db", str(db), "--profile", "sap")
    assert done.returncode == 2
    assert "unknown profile 'sap'" in done.stderr
    assert "suitecrm_de" in done.stderr
    assert "Traceback" not in done.stderr
    assert not db.exists()


def test_invalid_profile_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nentities:\n  x:\n    table: nowhere\n", "utf-8")
    done = _load(
        str(SAMPLES / "salesforce"), "--db", str(tmp_path / "c.duckdb"), "--profile", str(bad)
    )
    assert done.returncode == 2
    assert "bad.yaml" in done.stderr and "not a canonical table" in done.stderr
