"""Notebooks an analyst points at their own audit database (issue #13): read-only, no lock
held between cells, a writer told who holds a lock, notebooks written for a database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from gdpr_audit.core.db import connect, lock_holder
from gdpr_audit.core.errors import InputError
from gdpr_audit.report import open_audit
from gdpr_audit.report.notebooks import set_parameters, write_notebooks
from tests.report.conftest import AS_OF, build_audit_db

WRITE = ("import sys\nfrom gdpr_audit.core.db import connect\nfrom gdpr_audit.core.errors "
         "import InputError\ntry:\n    connect(sys.argv[1]).close()\nexcept InputError as e:\n"
         "    print(e); sys.exit(2)\n")


def writer(path: Path) -> subprocess.CompletedProcess[str]:
    """Another process opening the audit database for writing (like `gdpr-audit assess`)."""
    return subprocess.run([sys.executable, "-c", WRITE, str(path)], capture_output=True,
                          text=True, timeout=60)


def test_a_writer_is_told_which_process_holds_the_lock(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb")
    con = connect(path, read_only=True)
    try:
        done = writer(path)
    finally:
        con.close()
    assert done.returncode == 2
    assert f"(process {os.getpid()})" in done.stdout and "locked by" in done.stdout
    assert writer(path).returncode == 0  # released: the writer gets in


def message(pid: int) -> str:
    return (f'IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held in '
            f"{sys.executable} (PID {pid}). However, you would be able to open it read-only")


def test_lock_holder_names_a_kernel_a_command_or_the_program() -> None:
    me = Path(Path("/proc/self/cmdline").read_bytes().split(b"\0")[0].decode()).name
    assert lock_holder(message(os.getpid())) == f"{me} (process {os.getpid()})"
    kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)",
                               "-m", "ipykernel_launcher", "-f", "/secret/kernel-1.json"])
    try:
        for _ in range(100):  # the child's command line appears once it has exec'd
            if Path(f"/proc/{kernel.pid}/cmdline").read_bytes():
                break
            time.sleep(0.05)
        assert lock_holder(message(kernel.pid)) == (
            f"a Jupyter notebook kernel (process {kernel.pid})")
    finally:
        kernel.kill()
        kernel.wait()
    assert lock_holder(message(kernel.pid)).endswith(f"(process {kernel.pid})")  # gone
    assert lock_holder("IO Error: Cannot open file x: No space left on device") is None


def test_a_notebook_holds_no_lock_between_cells(tmp_path: Path) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    path = build_audit_db(tmp_path / "a.duckdb")
    shell = InteractiveShell.instance()
    try:
        ok = shell.run_cell(f"from gdpr_audit.report import open_audit\n"
                            f"audit = open_audit({str(path)!r}, 'today', 'en')\n"
                            "n = audit.con.execute('SELECT count(*) FROM audit_findings')"
                            ".fetchone()[0]")
        # "today" has no assessment in this database: a clear error naming the stored date
        assert not ok.success and AS_OF.isoformat() in str(ok.error_in_exec)
        ok = shell.run_cell(f"audit = open_audit({str(path)!r}, {AS_OF.isoformat()!r}, 'en')\n"
                            "n = audit.con.execute('SELECT count(*) FROM audit_findings')"
                            ".fetchone()[0]")
        assert ok.success and shell.user_ns["n"] > 0
        assert writer(path).returncode == 0, "the cell ended: no lock left"
        # the next cell reopens the connection by itself
        ok = shell.run_cell("m = audit.con.execute('SELECT count(*) FROM audit_findings')"
                            ".fetchone()[0]")
        assert ok.success and shell.user_ns["m"] == shell.user_ns["n"]
        # outside a cell the connection stays open: the writer meets the lock
        shell.user_ns["audit"].con.execute("SELECT 1")
        assert writer(path).returncode == 2
    finally:
        shell.user_ns["audit"].release()
        InteractiveShell.clear_instance()


def test_open_audit_refuses_a_date_without_assessment(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb")
    with pytest.raises(InputError, match=f"no assessment of 2026-12-01 .stored: {AS_OF}"):
        open_audit(path, "2026-12-01", "en")
    open_audit(path, AS_OF.isoformat(), "en").release()


def test_set_parameters_keeps_comments_and_other_lines() -> None:
    cell = 'db_path = "x"  # the db\nas_of = "today"  # date\nlang = "en"\ntop_n = 10  # n'
    out = set_parameters(cell, {"db_path": "/data/a b.duckdb", "lang": "de"})
    assert out == ("db_path = '/data/a b.duckdb'  # the db\nas_of = \"today\"  # date\n"
                   "lang = 'de'\ntop_n = 10  # n")
    with pytest.raises(Exception, match="no config_path"):
        set_parameters(cell, {"config_path": ""})


def test_written_notebooks_point_at_the_database_in_german(tmp_path: Path) -> None:
    path = build_audit_db(tmp_path / "a.duckdb")
    out = tmp_path / "mine"
    written = write_notebooks(out, path, as_of="2026-11-28", lang="de")
    assert [p.name for p in written][0] == "01_load.ipynb" and len(written) == 8
    nb = nbformat.read(out / "03_consent.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert f"db_path = {str(path.resolve())!r}  # " in params.source
    assert "as_of = '2026-11-28'" in params.source and "lang = 'de'" in params.source
    md = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert md[0].startswith("**Eigene Exporte prüfen.**") and md[1].startswith("# 3 · Einwill")
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")
    with pytest.raises(InputError, match="--force"):
        write_notebooks(out, path)
    write_notebooks(out, path, force=True)
    nb = json.loads((out / "03_consent.ipynb").read_text("utf-8"))
    assert "as_of = 'today'" in "".join(nb["cells"][2]["source"])
    with pytest.raises(InputError, match="database not found"):
        write_notebooks(tmp_path / "x", tmp_path / "missing.duckdb")


@pytest.mark.slow
def test_a_written_notebook_runs_on_the_database(tmp_path: Path) -> None:
    from gdpr_audit.report.execute import execute_notebook

    path = build_audit_db(tmp_path / "a.duckdb")
    out = tmp_path / "mine"
    write_notebooks(out, path, as_of=AS_OF.isoformat(), lang="de")
    done = execute_notebook(out / "03_consent.ipynb", tmp_path / "run.ipynb", {})
    text = json.dumps(done.notebook["cells"])
    assert "Einwilligung" in text and "Traceback" not in text
    assert writer(path).returncode == 0
