"""``gdpr-audit report``: execute the notebooks, render the DPO report, verify it is offline."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdpr_audit.assess.charts import latest_run, stale_reason
from gdpr_audit.core.config import load_audit_config
from gdpr_audit.core.db import connect, table_exists
from gdpr_audit.core.errors import ConfigError, InputError
from gdpr_audit.core.output import publish, staged_output
from gdpr_audit.core.shipped import shipped_dir
from gdpr_audit.report.actions import write_findings_csv
from gdpr_audit.report.assets import install_plotly_js
from gdpr_audit.report.checks_page import write_checks_page
from gdpr_audit.report.context import assessed_as_of
from gdpr_audit.report.execute import Executed, NotebookFailed, execute_all
from gdpr_audit.report.i18n import check_lang
from gdpr_audit.report.pages import CHECKS_PAGE, PAGES, Page, notebooks_in_reading_order
from gdpr_audit.report.render import chrome, render_page

EXECUTED_DIR = "_executed"


def default_notebooks_dir() -> Path:
    """The report notebooks shipped with the package (wheel copy, else the checkout's)."""
    return shipped_dir("notebooks")


@dataclass
class ReportResult:
    """Where the report went and how long each stage took.

    ``timings`` in seconds: ``assets``, ``execute`` and ``render`` summed over notebooks
    (they overlap across workers), ``total`` wall time of executing and rendering, and
    ``execute:<notebook>`` / ``render:<notebook>``.
    """

    index: Path
    pages: list[Path]
    as_of: dt.date
    timings: dict[str, float] = field(default_factory=dict)


_PAGE_BY_NOTEBOOK = {p.notebook: p for p in PAGES}
#: Tables the notebooks read, and the command that writes them.
PREREQUISITES = {"load_log": "load", "model_log": "load", "pii_columns": "scan",
                 "pii_findings": "scan", "audit_findings": "assess", "audit_runs": "assess"}


def resolve_as_of(db_path: Path, as_of: dt.date | None,
                  config_path: Path | None = None) -> tuple[dt.date, dict[str, Any]]:
    """Check the database holds current results; the audit date and its stored run.

    Returns the given date (else the date of the last assessment) and its ``audit_runs``
    row.

    Raises:
        InputError: no database, a stage not run, no assessment and no date given, or
            results that are stale (the model rebuilt after ``assess``, or ``config_path``
            with other settings than the run's): the message names the command to run.
    """
    if not db_path.is_file():
        raise InputError(f"database not found: {db_path}")
    con = connect(db_path, read_only=True)
    try:
        missing = [(t, c) for t, c in PREREQUISITES.items() if not table_exists(con, t)]
        if missing:
            table, command = missing[0]
            raise InputError(f"{db_path.name} has no table {table}: run `gdpr-audit {command}` "
                             "first")
        found = as_of or assessed_as_of(con)
        if found is None:
            raise InputError(f"{db_path} holds no assessment: run `gdpr-audit assess` first")
        config = load_audit_config(config_path) if config_path else None
        reason = stale_reason(con, found, config)
        run = latest_run(con, found)
    finally:
        con.close()
    if reason is not None or run is None:
        again = f"gdpr-audit assess --db {db_path} --as-of {found.isoformat()}" + (
            f" --config {config_path}" if config_path else "")
        raise InputError(f"the results in {db_path.name} are stale: {reason}; run `{again}` "
                         "before `gdpr-audit report`")
    return found, run


def build_report(
    db_path: Path,
    out_dir: Path,
    lang: str = "en",
    as_of: dt.date | None = None,
    config_path: Path | None = None,
    notebooks_dir: Path | None = None,
    jobs: int = 2,
    reuse_kernels: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> ReportResult:
    """Execute the eight notebooks on ``db_path`` and write the HTML report to ``out_dir``.

    Executed notebooks (they may hold whatever the notebooks display) go to
    ``out_dir/_executed``; pages carry no code and load only ``assets/plotly.min.js``.
    Everything is written to a folder beside ``out_dir`` and moved in when all pages
    are complete; a full disk leaves ``out_dir`` as it was (``OutputError``, exit 2).
    Other files in ``out_dir`` stay; ``checks.html`` is rendered again from
    ``checks.json`` of ``gdpr-audit check`` in ``lang`` with the report's navigation.

    Args:
        jobs: notebooks executed at the same time (one kernel each).
        reuse_kernels: run a worker's notebooks on one kernel, its namespace reset in
            between (see :func:`gdpr_audit.report.execute.execute_all`).
        on_step: called with a page name after each notebook is executed and rendered.
    """
    lang = check_lang(lang)
    db_path = db_path.resolve()
    date, run = resolve_as_of(db_path, as_of, config_path)
    nb_dir = (notebooks_dir or default_notebooks_dir()).resolve()
    pages: list[Page] = notebooks_in_reading_order()
    sources = [nb_dir / f"{p.notebook}.ipynb" for p in pages]
    missing = [s.name for s in sources if not s.is_file()]
    if missing:
        raise ConfigError(f"report notebooks missing in {nb_dir}: {', '.join(missing)}")
    out_dir = out_dir.resolve()
    timings: dict[str, float] = {}
    # a failed notebook keeps the staging folder: the error names its executed copy there
    with staged_output(out_dir, "report", keep_on=(NotebookFailed,)) as staged:
        start = time.perf_counter()
        write_findings_csv(db_path, date, staged, lang)
        # checks.html of `gdpr-audit check` again, in the report's language and frame
        write_checks_page(out_dir, staged, lang,
                          chrome(CHECKS_PAGE, lang, date, db_path.name, out_dir, run))
        timings["downloads"] = time.perf_counter() - start
        executed = _build_into(staged, out_dir, db_path, date, lang, run, sources,
                               jobs, reuse_kernels, on_step, timings)
        publish(staged, out_dir, last=["index.html"])
    return ReportResult(index=out_dir / "index.html",
                        pages=[out_dir / _PAGE_BY_NOTEBOOK[e.name].html for e in executed],
                        as_of=date, timings=timings)


def _build_into(staged: Path, out_dir: Path, db_path: Path, date: dt.date, lang: str,
                run: dict[str, Any], sources: list[Path], jobs: int,
                reuse_kernels: bool, on_step: Callable[[str], None] | None,
                timings: dict[str, float]) -> list[Executed]:
    """Execute and render the report into ``staged``; it will be read from ``out_dir``."""
    start = time.perf_counter()
    install_plotly_js(staged)
    timings["assets"] = time.perf_counter() - start

    # no config: the notebooks read what assess stored with the run (checked above)
    params = {"db_path": str(db_path), "as_of": date.isoformat(), "lang": lang,
              "config_path": "", "report_dir": str(out_dir)}
    render_seconds: dict[str, float] = {}

    def render(e: Executed) -> None:
        # Runs in the worker that executed the notebook, while the other one still executes.
        if on_step:
            on_step(f"executed {e.name}")
        begin = time.perf_counter()
        render_page(e.notebook, _PAGE_BY_NOTEBOOK[e.name], staged, lang, date,
                    db_path.name, report_dir=out_dir, run=run)
        render_seconds[e.name] = time.perf_counter() - begin
        if on_step:
            on_step(f"rendered {e.name}")

    start = time.perf_counter()
    executed: list[Executed] = execute_all(sources, staged / EXECUTED_DIR, params, jobs=jobs,
                                           on_done=render, reuse_kernels=reuse_kernels)
    timings["total"] = time.perf_counter() - start
    timings["execute"] = sum(e.seconds for e in executed)
    timings["render"] = sum(render_seconds.values())
    for e in executed:
        timings[f"execute:{e.name}"] = e.seconds
        timings[f"render:{e.name}"] = render_seconds[e.name]
    return executed
