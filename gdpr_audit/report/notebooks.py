"""``gdpr-audit notebooks``: the report notebooks for an analyst's own audit database.

Copies of the shipped notebooks with the parameters cell pointing at the analyst's
database (absolute path), audit date, language and config, and the Markdown prose in that
language; opened in Jupyter they read the database read-only, like the report does.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from gdpr_audit.core.errors import InputError, UsageError
from gdpr_audit.report.build import default_notebooks_dir
from gdpr_audit.report.i18n import check_lang, markdown_for
from gdpr_audit.report.pages import notebooks_in_reading_order

PARAMETERS_TAG = "parameters"


def set_parameters(source: str, values: Mapping[str, Any]) -> str:
    """``source`` of a parameters cell with the literals of ``values`` replaced.

    Only single-line assignments ``name = <literal>`` are rewritten; their comments stay.

    Raises:
        UsageError: a name in ``values`` is not assigned in the cell.
    """
    lines = source.split("\n")
    seen = set()
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id in values
                and node.lineno == node.end_lineno):
            continue
        name = node.targets[0].id
        line = lines[node.lineno - 1]
        value = node.value
        lines[node.lineno - 1] = (line[:value.col_offset] + repr(values[name])
                                  + line[value.end_col_offset:])
        seen.add(name)
    missing = set(values) - seen
    if missing:
        raise UsageError(f"parameters cell assigns no {', '.join(sorted(missing))}")
    return "\n".join(lines)


def localise(nb: nbformat.NotebookNode, values: Mapping[str, Any],
             lang: str) -> nbformat.NotebookNode:
    """``nb`` with its parameters set to ``values`` and its Markdown in ``lang``."""
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            cell.source = markdown_for(tags, cell.source, lang)
        elif PARAMETERS_TAG in tags:
            cell.source = set_parameters(cell.source, values)
    return nb


def write_notebooks(out_dir: Path, db_path: Path, *, as_of: str = "today", lang: str = "en",
                    config_path: Path | None = None, source_dir: Path | None = None,
                    force: bool = False) -> list[Path]:
    """Write the eight report notebooks for ``db_path`` into ``out_dir``; their paths.

    Raises:
        InputError: the database or a notebook is missing, or ``out_dir`` already holds
            one of the notebooks (without ``force``).
    """
    check_lang(lang)
    if not db_path.is_file():
        raise InputError(f"database not found: {db_path}")
    if config_path is not None and not config_path.is_file():
        raise InputError(f"config not found: {config_path}")
    src = source_dir or default_notebooks_dir()
    names = [p.notebook for p in notebooks_in_reading_order()]
    missing = [n for n in names if not (src / f"{n}.ipynb").is_file()]
    if missing:
        raise InputError(f"report notebooks missing in {src}: {', '.join(missing)}")
    targets = [out_dir / f"{n}.ipynb" for n in names]
    taken = [t.name for t in targets if t.exists()]
    if taken and not force:
        raise InputError(f"{out_dir} already holds {', '.join(taken)}: pass --force to "
                         "replace them")
    values = {"db_path": str(db_path.resolve()), "as_of": as_of, "lang": lang,
              "config_path": str(config_path.resolve()) if config_path else ""}
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, target in zip(names, targets, strict=True):
        nb = nbformat.read(src / f"{name}.ipynb", as_version=4)
        nbformat.write(localise(nb, values, lang), target)
    return targets
