"""The notebooks: committed output-free, in sync with their percent scripts, and thin."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jupytext
import pytest

from gdpr_audit.report.pages import PAGES
from gdpr_audit.report.render import ANALYST_TAG

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = sorted(p.notebook for p in PAGES)
REQUIRED_PARAMETERS = {"db_path", "as_of", "lang", "config_path"}


def load(name: str) -> dict:
    return json.loads((NOTEBOOKS / f"{name}.ipynb").read_text("utf-8"))


def code_cells(name: str) -> list[dict]:
    return [c for c in load(name)["cells"] if c["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_the_eight_notebooks_in_reading_order() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    assert NAMES[0] == "01_load" and NAMES[-1] == "08_dpo_summary"
    assert sorted(p.stem for p in (NOTEBOOKS / "py").glob("*.py")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    nb = load(name)
    for cell in code_cells(name):
        assert cell["outputs"] == [], f"{name}: outputs committed"
        assert cell["execution_count"] is None, f"{name}: execution count committed"
    assert "widgets" not in nb["metadata"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_paired_percent_script_is_in_sync(name: str) -> None:
    ipynb = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    script = jupytext.read(NOTEBOOKS / "py" / f"{name}.py")
    assert len(ipynb.cells) == len(script.cells), f"{name}: run `jupytext --sync notebooks/py/*.py`"
    for a, b in zip(ipynb.cells, script.cells, strict=True):
        assert (a.cell_type, a.source.strip()) == (b.cell_type, b.source.strip()), name
        assert a.metadata.get("tags", []) == b.metadata.get("tags", []), name


@pytest.mark.parametrize("name", NAMES)
def test_own_exports_cell_then_header_then_one_literal_parameters_cell(name: str) -> None:
    cells = load(name)["cells"]
    first = source(cells[0])
    assert cells[0]["cell_type"] == "markdown" and first.startswith("**Use your own exports.**")
    assert ANALYST_TAG in cells[0]["metadata"]["tags"], "the DPO's pages drop this cell"
    assert "gdpr-audit run " in first and "gdpr-audit notebooks " in first, name
    assert cells[1]["cell_type"] == "markdown" and source(cells[1]).startswith("# ")
    assert "GDPR" in source(cells[1]) or "DSGVO" in source(cells[1]) or name == "08_dpo_summary"
    params = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1 and cells.index(params[0]) == 2, name
    text = source(params[0])
    tree = ast.parse(text)
    names = set()
    for node in tree.body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), \
            f"{name}: parameters must be literal assignments"
        names.add(node.targets[0].id)  # type: ignore[attr-defined]
    assert names >= REQUIRED_PARAMETERS, name
    for line in text.splitlines():  # documented: papermill --help-notebook shows the comment
        assert "  # " in line and line.split("  # ", 1)[1].strip(), f"{name}: {line}"
    assert 'as_of = "today"' in text, name


@pytest.mark.parametrize("name", NAMES)
def test_parameters_are_documented_for_papermill(name: str) -> None:
    import papermill

    params = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    # a line papermill cannot parse is not a parameter: `-p config_path` would be ignored
    cell = next(c for c in load(name)["cells"] if "parameters" in c["metadata"].get("tags", []))
    assigned = {n.targets[0].id for n in ast.parse(source(cell)).body}  # type: ignore[attr-defined]
    assert set(params) == assigned and all(p["help"] for p in params.values())
    assert params["as_of"]["default"] == '"today"'
    assert "YYYY-MM-DD" in params["as_of"]["help"]
    assert "read-only" in params["db_path"]["help"]


@pytest.mark.parametrize("name", NAMES)
def test_cells_stay_thin(name: str) -> None:
    for cell in code_cells(name):
        text = source(cell)
        tree = ast.parse(text)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                         ast.Lambda, ast.For, ast.While, ast.ListComp,
                                         ast.DictComp, ast.SetComp, ast.GeneratorExp)), \
                f"{name}: logic in a cell belongs in the library:\n{text}"
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").startswith("gdpr_audit"), f"{name}: {node.module}"
            assert not isinstance(node, ast.Import), f"{name}: import from gdpr_audit only"
        assert "SELECT" not in text.upper().split("#")[0], f"{name}: SQL in a cell"
        statements = [n for n in tree.body if not isinstance(n, ast.ImportFrom)]
        assert len(statements) <= 4 or "parameters" in cell["metadata"].get("tags", []), \
            f"{name}: one call and one display per cell"
