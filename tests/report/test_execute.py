"""Notebook execution: reused kernels start clean, failures name the type, never the text."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from gdpr_audit.report.execute import RESET_TAG, NotebookFailed, execute_all, execute_notebook
from gdpr_audit.report.render import prepare

pytestmark = pytest.mark.slow


def write(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('lang = "en"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(s) for s in sources)]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    nbformat.write(nb, path)
    return path


def test_a_reused_kernel_does_not_leak_variables(tmp_path: Path) -> None:
    first = write(tmp_path / "a.ipynb", "leak = 'from a'", "import sys; pid = 1")
    second = write(tmp_path / "b.ipynb", "assert 'leak' not in dir(), 'namespace leaked'",
                   "import os; print(os.getpid())")
    third = write(tmp_path / "c.ipynb", "import os; print(os.getpid())")
    done = execute_all([first, second, third], tmp_path / "out", {"lang": "de", "extra": 1},
                       jobs=1, reuse_kernels=True)
    assert [d.name for d in done] == ["a", "b", "c"]
    pids = [d.notebook.cells[-1].outputs[0]["text"] for d in done[1:]]
    assert pids[0] == pids[1]  # one kernel for the worker
    assert RESET_TAG in done[1].notebook.cells[0].metadata["tags"]
    assert all(RESET_TAG not in c.metadata.get("tags", []) for c in prepare(done[1].notebook,
                                                                             "en").cells)
    injected = [c for c in done[0].notebook.cells
                if "injected-parameters" in c.metadata.get("tags", [])]
    assert "lang = \"de\"" in injected[0].source and "extra" not in injected[0].source


def test_a_failing_cell_names_the_exception_type_only(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.ipynb", "raise ValueError('mia.mustermann@example.org')")
    with pytest.raises(NotebookFailed) as info:
        execute_notebook(bad, tmp_path / "bad_out.ipynb", {"lang": "en"})
    assert "ValueError" in str(info.value) and "bad.ipynb" in str(info.value)
    assert "mustermann" not in str(info.value)
    assert info.value.exit_code == 2
