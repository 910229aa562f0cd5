"""``gdpr-audit check``: load the suites, validate, write the result files, summarise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gdpr_audit.check.html import write_results
from gdpr_audit.check.results import CheckRun, SuiteOutcome, threshold_text
from gdpr_audit.check.runner import run_checks
from gdpr_audit.check.suites import load_suites
from gdpr_audit.core.db import audit_salt, connect

_STYLE = {"passed": "green", "failed": "bold red", "error": "bold yellow"}


@dataclass(frozen=True)
class CheckFiles:
    """The run and where its results were written."""

    run: CheckRun
    html: Path
    json: Path


def check_database(
    db: Path,
    suites_dir: Path,
    suite_names: list[str] | None,
    out_dir: Path,
    as_of: dt.date,
    salt: str | None = None,
    show_progress: bool = True,
) -> CheckFiles:
    """Validate ``db`` with the suites of ``suites_dir`` and write checks.html/checks.json.

    Suites are loaded (strictly) before the database is opened, so a bad suite file
    fails fast.

    Raises:
        UsageError: unknown suite name or no suite directory.
        ConfigError: invalid suite file.
        InputError: missing database or table.
    """
    suites = load_suites(suites_dir, suite_names)
    con = connect(db, read_only=True)
    try:
        with Progress(
            TextColumn("[bold]checking[/] {task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} suites"),
            TimeElapsedColumn(),
            transient=True,
            disable=not show_progress,
        ) as progress:
            task = progress.add_task(suites[0].name, total=len(suites))
            names = [s.name for s in suites]

            def advance(outcome: SuiteOutcome) -> None:
                done = names.index(outcome.name) + 1
                following = names[done] if done < len(names) else "done"
                progress.update(task, advance=1, description=following)

            run = run_checks(con, suites, as_of, salt if salt is not None else audit_salt(con),
                             database=db.name, on_suite=advance)
    finally:
        con.close()
    html_path, json_path = write_results(run, out_dir)
    return CheckFiles(run=run, html=html_path, json=json_path)


def summary_tables(run: CheckRun) -> list[Table]:
    """One table per suite, one row per expectation: status, unexpected/of, threshold, article."""
    tables = []
    for suite in run.suites:
        verdict = "[green]pass[/]" if suite.success else "[bold red]FAIL[/]"
        table = Table(
            title=f"{suite.name} ({suite.table}, {suite.rows:,} rows) {verdict}",
            title_justify="left",
        )
        table.add_column("expectation", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("unexpected", justify="right")
        table.add_column("of", justify="right")
        table.add_column("threshold", justify="right")
        table.add_column("art.")
        for e in suite.expectations:
            table.add_row(
                e.name,
                f"[{_STYLE[e.status]}]{e.status.upper() if e.status != 'passed' else 'pass'}[/]",
                "" if e.unexpected_count is None else f"{e.unexpected_count:,}",
                "" if e.element_count is None else f"{e.element_count:,}",
                threshold_text(e.threshold),
                e.article,
            )
        tables.append(table)
    return tables


def summary_line(run: CheckRun) -> str:
    counts = run.counts()
    total = sum(counts.values())
    verdict = "all expectations met" if run.success else "expectations failed"
    return (
        f"{verdict}: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['error']} errors of {total} in {len(run.suites)} suites"
    )
