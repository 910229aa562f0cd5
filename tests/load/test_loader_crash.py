"""``kill -9`` during ``gdpr-audit load`` (issue #11): the database still opens, every table
the log names holds exactly the logged rows, an interrupted model is marked stale, and a
re-load ends with exact counts."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.core.errors import InputError
from gdpr_audit.load.state import ensure_model_current, stale_model

FILES = 20
ROWS = 50


def _export(root: Path) -> int:
    """``FILES`` small contact exports (CSV and JSON Lines); returns the number of records."""
    root.mkdir()
    for f in range(FILES):
        ids = range(f * ROWS, (f + 1) * ROWS)
        if f % 4 == 3:
            lines = [f'{{"id": "K{i}", "email": "k{i}@example.invalid"}}' for i in ids]
            (root / f"notes_{f:02d}.jsonl").write_text("\n".join(lines) + "\n")
        else:
            lines = ["Id,FirstName,LastName,Email"] + [
                f"C{i},Vor{i},Nach{i},c{i}@example.invalid" for i in ids
            ]
            (root / f"contacts_{f:02d}.csv").write_text("\r\n".join(lines) + "\r\n")
    return FILES * ROWS


def _load(root: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gdpr_audit.cli", "load", str(root), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _consistent(db: Path) -> int:
    """Check the log against the tables; return the rows loaded so far."""
    con = duckdb.connect(str(db))
    try:
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
        if "load_log" not in tables:
            return 0
        total = 0
        for table, read, loaded, quarantined in con.execute(
            "SELECT table_name, rows_read, rows_loaded, rows_quarantined FROM load_log"
        ).fetchall():
            (count,) = con.execute(f'SELECT count(*) FROM raw."{table}"').fetchone()
            assert count == loaded == read and quarantined == 0
            total += loaded
        return total
    finally:
        con.close()


def _kill_and_reload(tmp_path: Path, seed: int) -> tuple[float, int]:
    expected = _export(tmp_path / "export")
    db = tmp_path / "audit.duckdb"
    delay = random.Random(seed).uniform(1.0, 6.0)  # imports take ~1 s, the load a few
    proc = _load(tmp_path / "export", db)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _consistent(db) if db.exists() else 0
    assert partial <= expected
    rerun = _load(tmp_path / "export", db)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    assert b"Traceback" not in err
    assert _consistent(db) == expected
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert not stale_model(con)
        (contacts,) = con.execute("SELECT count(*) FROM contacts").fetchone()
        assert contacts == expected * 3 // 4  # the CSVs; no table twice, none missing
    finally:
        con.close()
    return delay, partial


@pytest.mark.parametrize("seed", [1, 2])
def test_kill_during_load_then_reload_gives_exact_counts(tmp_path: Path, seed: int) -> None:
    delay, partial = _kill_and_reload(tmp_path, seed)
    print(f"\nkilled after {delay:.2f} s with {partial} of {FILES * ROWS} rows loaded")


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3, 15))
def test_kill_at_many_points(tmp_path: Path, seed: int) -> None:
    delay, partial = _kill_and_reload(tmp_path, seed)
    print(f"\nkilled after {delay:.2f} s with {partial} of {FILES * ROWS} rows loaded")


def test_kill_during_the_model_build_leaves_the_model_stale(tmp_path: Path) -> None:
    """Simulated exactly: raw data committed, the build's transaction never committed."""
    expected = _export(tmp_path / "export")
    db = tmp_path / "audit.duckdb"
    first = _load(tmp_path / "export", db)
    first.communicate(timeout=120)
    (tmp_path / "export" / "contacts_00.csv").write_text("Id,FirstName\nX1,Neu\n")
    script = (
        "import sys; from pathlib import Path\n"
        "from gdpr_audit.core.db import connect\n"
        "from gdpr_audit.load.loader import load_paths\n"
        "con = connect(sys.argv[1]); load_paths(con, [Path(sys.argv[2])])\n"
        "con.execute('BEGIN TRANSACTION'); con.execute('DELETE FROM contacts')\n"
        "import os, signal; os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db), str(tmp_path / "export")])
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert stale_model(con)
        (contacts,) = con.execute("SELECT count(*) FROM contacts").fetchone()
        assert contacts == expected * 3 // 4  # the old model, untouched, but marked stale
    finally:
        con.close()
    with pytest.raises(InputError, match="older than its raw data"):
        ensure_model_current(db)
    rerun = _load(tmp_path / "export", db)
    rerun.communicate(timeout=120)
    assert rerun.returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert not stale_model(con)
    finally:
        con.close()
