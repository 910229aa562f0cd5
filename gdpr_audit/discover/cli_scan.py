"""``gdpr-audit scan``: load (optionally), scan with a progress bar, print the summary."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from gdpr_audit.core.config import load_audit_config, settings
from gdpr_audit.core.db import connect
from gdpr_audit.core.errors import InputError
from gdpr_audit.discover.scan import ScanOptions, ScanReport, inventory, scan_database


def summary_table(report: ScanReport) -> Table:
    """Detected columns: table, column, types, special categories, share, why (no values)."""
    table = Table(title=f"PII inventory: {report.pii_columns} columns with personal data")
    for name in ("table", "column", "types", "special", "share", "why"):
        table.add_column(name, overflow="fold")
    for scan in sorted(report.tables, key=lambda s: s.table):
        for col in scan.columns:
            if not col.entities:
                continue
            top = col.entities[0]
            table.add_row(
                scan.table,
                col.column + (" (free text)" if col.free_text else ""),
                ", ".join(col.pii_types) or "-",
                ", ".join(col.special_categories) or "-",
                f"{top.share:.0%}",
                "; ".join(e.why for e in col.entities[:2]),
            )
    return table


def run_scan(
    paths: list[Path],
    db: Path | None,
    json_out: Path | None,
    workers: int | None,
    sample: int | None,
    ner: bool,
    config_path: Path | None,
) -> None:
    """Body of the ``scan`` command (kept out of cli.py so ``--help`` stays fast)."""
    stderr = Console(stderr=True)
    config = load_audit_config(config_path)
    env = settings()
    db_path = db or env.db_path
    options = ScanOptions.from_config(
        config, workers=workers or env.workers, sample=sample, ner=ner
    )
    if not paths and not db_path.exists():
        raise InputError(f"database not found: {db_path} (give export PATHs to load first)")
    for path in paths:
        if not path.exists():
            raise InputError(f"input not found: {path}")
    con = connect(db_path)
    try:
        if paths:
            from gdpr_audit.load.loader import load_paths

            with stderr.status("loading exports"):
                load_paths(con, paths)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stderr,
            transient=False,
        ) as bar:
            tasks: dict[str, TaskID] = {}
            labels = {"columns": "classifying columns", "rows": "scanning free text"}

            def progress(kind: str, done: int, total: int) -> None:
                if kind not in tasks:
                    tasks[kind] = bar.add_task(labels[kind], total=total)
                bar.update(tasks[kind], completed=done, total=total)

            report = scan_database(con, options, progress=progress)
        Console().print(summary_table(report))
        stderr.print(
            f"{len(report.tables)} tables, {report.pii_columns} columns with personal data, "
            f"{report.findings} free-text detections -> pii_columns, pii_findings in {db_path}",
            highlight=False,
        )
        if json_out is not None:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(inventory(con, report), sort_keys=True, indent=1, ensure_ascii=False)
            json_out.write_text(text + "\n", encoding="utf-8")
            stderr.print(f"inventory written to {json_out}", highlight=False)
    finally:
        con.close()
