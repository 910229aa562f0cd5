"""The ``gdpr-audit`` command line: thin wrappers around the stages.

Exit codes: 0 ok, 1 audit or check failures, 2 usage or input errors. User
mistakes end in one clean line on stderr, never a traceback.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from gdpr_audit.core.config import enforce_offline, settings
from gdpr_audit.core.errors import GdprAuditError
from gdpr_audit.core.tables import OutputFormat

app = typer.Typer(
    name="gdpr-audit",
    help="Audit CRM exports for GDPR (DSGVO) compliance: "
    "load -> scan -> assess -> check -> report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

DbOption = Annotated[
    Path,
    typer.Option("--db", help="Audit database (DuckDB file).", dir_okay=False),
]
ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", help="CRM profile name or YAML path (default: detect)."),
]
TimezoneOption = Annotated[
    str | None,
    typer.Option("--timezone", help="Zone of naive source times (default: the profile's)."),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", help="Result tables as drawn tables (whole width when piped), "
                                  "json or csv on stdout; other lines go to stderr then."),
]


def _info_console(fmt: OutputFormat) -> Console:
    """Where a command's lines besides its tables go: stdout, or stderr for json/csv."""
    from gdpr_audit.core.tables import stdout_console

    return stdout_console() if fmt is OutputFormat.table else console


@app.command()
def version() -> None:
    """Print the gdpr-audit version."""
    from gdpr_audit import __version__

    typer.echo(__version__)


@app.command("load")
def load_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Export files or folders (walked recursively).")
    ],
    db: DbOption,
    force: Annotated[
        bool, typer.Option("--force", help="Reload files even when unchanged (same sha256).")
    ] = False,
    profile: ProfileOption = None,
    timezone: TimezoneOption = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Drop sources loaded before that are not among "
                                           "PATHS now (deleted or renamed files).")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load CRM exports (CSV/TSV, XLSX, JSON, JSON Lines, Parquet) into raw tables.

    Then builds the canonical model through the vendor profile. Malformed records are
    quarantined (a warning, exit 0); unusable input or an unknown profile exits 2.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from gdpr_audit.core.db import connect, list_tables
    from gdpr_audit.core.tables import print_tables
    from gdpr_audit.load.loader import find_sources, load_paths
    from gdpr_audit.load.model import build_model
    from gdpr_audit.load.profile import load_profile

    if profile:
        load_profile(profile)  # an unknown or invalid profile fails before any loading
    sources, _ = find_sources(paths)
    con = connect(db)
    try:
        with Progress(TextColumn("load"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), console=console,
                      disable=not console.is_terminal) as bar:
            task = bar.add_task("", total=len(sources))
            started: list[str] = []

            def step(path: str) -> None:
                if started:
                    bar.advance(task)
                started.append(path)
                bar.update(task, description=path)

            report = load_paths(con, paths, progress=step, force=force, prune=prune)
            bar.update(task, completed=len(sources), description="done")
        with Progress(TextColumn("model"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), console=console,
                      disable=not console.is_terminal) as bar:
            task = bar.add_task("", total=len(list_tables(con, schema="raw")))
            model = build_model(con, profile, timezone=timezone,
                                on_step=lambda raw: bar.update(task, advance=1, description=raw))
    finally:
        con.close()
    table = Table("raw table", "format", "encoding", "delim", "read", "loaded", "quarantined",
                  "", title=f"raw tables in {db}")
    for src in report.sources:
        delim = {"\t": "TAB", None: ""}.get(src.delimiter, src.delimiter or "")
        table.add_row(src.table_name, src.format, src.encoding or "", delim,
                      f"{src.rows_read:,}", f"{src.rows_loaded:,}", f"{src.rows_quarantined:,}",
                      "unchanged" if src.skipped_unchanged else "loaded")
    print_tables([table], fmt)
    stdout = _info_console(fmt)
    for note in report.notes:
        console.print(f"note: {note}", highlight=False, markup=False)
    for old, new in report.renamed:
        console.print(f"warning: {old} is gone but {new} has its content (renamed?)",
                      style="yellow", highlight=False, markup=False)
    if report.missing:
        console.print(f"warning: {len(report.missing)} source(s) loaded before are not among "
                      f"the given paths and stay in the database: {', '.join(report.missing)}; "
                      "rerun with --prune to drop them", style="yellow", highlight=False,
                      markup=False)
    if report.pruned:
        console.print(f"note: dropped {len(report.pruned)} source(s) no longer among the given "
                      f"paths: {', '.join(report.pruned)}", highlight=False, markup=False)
    stdout.print(f"{report.tables_loaded} table(s) loaded, {report.tables_skipped} unchanged; "
                 f"{report.rows_loaded:,} of {report.rows_read:,} rows loaded", highlight=False)
    if report.rows_quarantined:
        console.print(f"warning: {report.rows_quarantined:,} malformed record(s) quarantined "
                      "(see table load_quarantine)", style="yellow", highlight=False)
    profiles = sorted({s.profile for s in model.sources})
    stdout.print(f"canonical model ({', '.join(profiles) or 'no profile matched'}): "
                 + ", ".join(f"{t} {n:,}" for t, n in model.counts.items() if n), highlight=False)
    if model.unmatched:
        stdout.print(f"not mapped (kept in raw, still scanned): {', '.join(model.unmatched)}",
                     highlight=False)
    unparsed = sum(sum(s.unparsed.values()) for s in model.sources)
    if model.rows_rejected or unparsed:
        console.print(f"warning: {model.rows_rejected:,} row(s) without a key rejected, "
                      f"{unparsed:,} value(s) unparsed (see table model_log)",
                      style="yellow", highlight=False)
    for warning in model.warnings:
        console.print(f"warning: {warning}", style="yellow", highlight=False, markup=False)


@app.command("map")
def map_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Export files or folders to load first (else read --db)."),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Audit database (default: in memory).",
                                  dir_okay=False)
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="CRM profile name or YAML path (default: detect)."),
    ] = None,
    write_profile: Annotated[
        Path | None,
        typer.Option("--write-profile", help="Write the generic mapping of unknown exports "
                                             "as an editable profile YAML.", dir_okay=False),
    ] = None,
) -> None:
    """Show how each export was mapped: profile, entity, which header fed which column, why."""
    import duckdb

    from gdpr_audit.core.db import connect
    from gdpr_audit.core.errors import UsageError
    from gdpr_audit.load.map_report import prepare, report_lines
    from gdpr_audit.load.map_report import write_profile as write

    if not paths and db is None:
        raise UsageError("give export PATHs, --db FILE, or both")
    con = connect(db) if db is not None else duckdb.connect()
    try:
        prepare(con, paths or [], profile)
        for line in report_lines(con):
            typer.echo(line)
        if write_profile is not None:
            n = write(con, write_profile)
            typer.echo(f"profile with {n} entit{'y' if n == 1 else 'ies'} written to "
                       f"{write_profile}")
    finally:
        con.close()


@app.command("model")
def model_command(
    db: Annotated[
        Path | None, typer.Option("--db", help="DuckDB: the audit database whose raw tables "
                                  "are mapped.", dir_okay=False)
    ] = None,
    profile: ProfileOption = None,
    timezone: TimezoneOption = None,
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (default) or spark (raw tables in a lake, "
                          "see docs/scale-out.md).")
    ] = "duckdb",
    raw: Annotated[
        str | None, typer.Option("--raw", help="Spark: URI of the raw tables.")
    ] = None,
    out: Annotated[
        str | None, typer.Option("--out", help="Spark: where the canonical tables go "
                                 "(<out>/model/<table>, Parquet).")
    ] = None,
    master: Annotated[
        str | None, typer.Option("--master", help="Spark: master URL (default: the active "
                                 "session or local[*]).")
    ] = None,
) -> None:
    """Rebuild the canonical model from the raw tables (load does this after loading).

    DuckDB: the raw schema of --db. Spark: the lake tables under --raw, written as Parquet
    under --out/model, the layout `assess --engine spark --model` reads.
    """
    from gdpr_audit.core.errors import UsageError

    if engine == "spark":
        if not raw or not out or db is not None:
            raise UsageError("--engine spark needs --raw URI and --out URI (no --db)")
        from gdpr_audit.spark.job import model_line, run_model_job

        typer.echo(model_line(run_model_job(raw, out, master=master, profile=profile,
                                            timezone=timezone), out))
        return
    if engine != "duckdb":
        raise UsageError(f"unknown engine {engine!r} (duckdb or spark)")
    if db is None or raw or out:
        raise UsageError("--engine duckdb needs --db FILE (--raw/--out are for --engine spark)")
    from gdpr_audit.core.db import connect
    from gdpr_audit.load.model import build_model

    con = connect(db)
    try:
        report = build_model(con, profile, timezone=timezone)
    finally:
        con.close()
    typer.echo("canonical model: " + (", ".join(f"{t} {n:,}" for t, n in report.counts.items()
                                                if n) or "no rows"))
    for warning in report.warnings:
        console.print(f"warning: {warning}", style="yellow", highlight=False, markup=False)


@app.command("scan")
def scan_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Export files or folders to load first (else scan the database)."),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Audit database (DuckDB file).", dir_okay=False)
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the PII inventory as JSON.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes for free-text scanning.")
    ] = None,
    sample: Annotated[
        int | None, typer.Option("--sample", min=10, help="Distinct values sampled per column.")
    ] = None,
    ner: Annotated[
        bool, typer.Option("--ner/--no-ner", help="spaCy NER (PERSON, LOCATION) on free text.")
    ] = True,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML overriding the defaults.", dir_okay=False)
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (default) or spark (a data lake, see "
                          "docs/scale-out.md).")
    ] = "duckdb",
    inputs: Annotated[
        list[str] | None, typer.Option("--input", help="Spark: lake URI (folder, s3a://, "
                                       "abfss://, hdfs://); repeatable.")
    ] = None,
    out: Annotated[
        str | None, typer.Option("--out", help="Spark: where pii_columns/pii_findings go "
                                 "(Parquet); then `gdpr-audit import-results`.")
    ] = None,
    master: Annotated[
        str | None, typer.Option("--master", help="Spark: master URL (default: the active "
                                 "session or local[*]).")
    ] = None,
    partitions: Annotated[
        int | None, typer.Option("--partitions", min=1, help="Spark: tasks per free-text "
                                 "column (default spark.default.parallelism).")
    ] = None,
) -> None:
    """Discover personal data: classify every raw column, scan free-text columns (Art. 9, 30)."""
    from gdpr_audit.core.errors import UsageError

    if engine == "spark":
        if not inputs or not out or paths:
            raise UsageError("--engine spark needs --input URI... and --out URI (no PATH)")
        from gdpr_audit.spark.job import run_scan_job

        job = run_scan_job(inputs, out, master=master, sample=sample, ner=ner,
                           config_path=config, partitions=partitions)
        typer.echo(f"{job.tables} table(s), {job.rows:,} rows, {job.free_text_columns} "
                   f"free-text column(s): {job.written['pii_columns']} pii_columns, "
                   f"{job.written['pii_findings']:,} pii_findings rows in {out} "
                   f"({job.seconds} s)")
        return
    if engine != "duckdb":
        raise UsageError(f"unknown engine {engine!r} (duckdb or spark)")
    from gdpr_audit.discover.cli_scan import run_scan

    run_scan(paths or [], db, json_out, workers, sample, ner, config)


@app.command("import-results")
def import_results_command(
    results: Annotated[Path, typer.Argument(help="Folder a Spark job wrote (--out).",
                                            file_okay=False)],
    db: DbOption,
) -> None:
    """Merge Spark results (pii_columns, pii_findings, audit_findings) into the audit database."""
    from gdpr_audit.core.db import connect
    from gdpr_audit.spark.lake import import_results

    con = connect(db)
    try:
        counts = import_results(con, results)
    finally:
        con.close()
    typer.echo(", ".join(f"{table} {n:,}" for table, n in counts.items()) + " imported")


@app.command("check")
def check_command(
    db: DbOption,
    suite: Annotated[
        list[str] | None,
        typer.Option("--suite", help="Suite name (file stem in expectations/); repeatable."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for checks.html and checks.json.", file_okay=False)
    ] = Path("reports"),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Audit date YYYY-MM-DD (default: today, UTC).")
    ] = None,
    suites_dir: Annotated[
        Path | None,
        typer.Option("--suites-dir", help="Folder of suite files (default: expectations/).",
                     file_okay=False),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run the Great Expectations suites; exit 1 if any expectation fails."""
    import datetime as dt

    from gdpr_audit.check.command import check_database, summary_line, summary_tables
    from gdpr_audit.check.runner import default_suites_dir
    from gdpr_audit.core.errors import AuditFailed, UsageError
    from gdpr_audit.core.tables import print_tables
    from gdpr_audit.load.state import ensure_model_current

    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.datetime.now(dt.UTC).date()
    except ValueError:
        raise UsageError(f"--as-of must be a date YYYY-MM-DD, got {as_of!r}") from None
    ensure_model_current(db)
    files = check_database(
        db, suites_dir or default_suites_dir(), suite, out, day,
        show_progress=console.is_terminal,
    )
    print_tables(summary_tables(files.run), fmt)
    stdout = _info_console(fmt)
    stdout.print(f"results: {files.html} , {files.json}", highlight=False)
    if not files.run.success:
        raise AuditFailed(summary_line(files.run))
    stdout.print(summary_line(files.run), style="green", highlight=False)


@app.command("report")
def report_command(
    db: DbOption,
    out: Annotated[
        Path, typer.Option("--out", help="Report folder (index.html, pages, assets/).",
                           file_okay=False)
    ] = Path("reports"),
    lang: Annotated[str, typer.Option("--lang", help="Report language: en or de.")] = "en",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Audit date YYYY-MM-DD (default: the last assessment's)."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Audit config YAML (thresholds).",
                                  dir_okay=False)
    ] = None,
    notebooks: Annotated[
        Path | None,
        typer.Option("--notebooks", help="Notebook folder (default: the shipped notebooks).",
                     file_okay=False),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", help="Notebooks executed at once.", min=1)] = 2,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also print the whole report to DIR/report.pdf "
                                         "(A4, headless Chromium, offline).")
    ] = False,
) -> None:
    """Execute the notebooks and write the offline HTML report for the DPO (index.html).

    With --pdf also one A4 PDF to file: cover, contents, every page, the checks and an
    appendix of the findings by pseudonymous id.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from gdpr_audit.load.state import ensure_model_current
    from gdpr_audit.report.build import build_report
    from gdpr_audit.report.context import parse_as_of
    from gdpr_audit.report.i18n import check_lang
    from gdpr_audit.report.pages import PAGES

    check_lang(lang)
    day = parse_as_of(as_of)
    _check_report_options(config, notebooks, pdf)
    ensure_model_current(db)
    with Progress(TextColumn("report"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  disable=not console.is_terminal) as progress:
        task = progress.add_task("starting kernels", total=2 * len(PAGES))
        result = build_report(
            db, out, lang=lang, as_of=day, config_path=config, notebooks_dir=notebooks,
            jobs=jobs, on_step=lambda step: progress.update(task, advance=1, description=step),
        )
    t = result.timings
    console.print(f"timings: assets {t['assets']:.1f}s, execute {t['execute']:.1f}s and render "
                  f"{t['render']:.1f}s over {jobs} worker(s), {t['total']:.1f}s wall",
                  highlight=False)
    typer.echo(str(result.index))
    if pdf:
        from gdpr_audit.report.pdf import write_pdf

        printed = write_pdf(result.index.parent, db, result.as_of, lang)
        console.print(f"pdf: {printed.pages} A4 page(s), {printed.bytes / 1e6:.1f} MB in "
                      f"{printed.seconds:.1f}s", highlight=False)
        typer.echo(str(printed.path))


@app.command("notebooks")
def notebooks_command(
    db: DbOption,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the notebooks.", file_okay=False)
    ] = Path("audit-notebooks"),
    lang: Annotated[str, typer.Option("--lang", help="Language of the text: en or de.")] = "en",
    as_of: Annotated[
        str, typer.Option("--as-of", help="Audit date YYYY-MM-DD, 'today' (UTC) or '' (the "
                                          "last assessed).")
    ] = "today",
    config: Annotated[
        Path | None, typer.Option("--config", help="Audit config YAML the audit used.",
                                  dir_okay=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace notebooks in OUT.")] = False,
) -> None:
    """Write the report notebooks for your own audit database: parameters set, text in --lang.

    Open them with `jupyter lab OUT`; they read the database read-only.
    """
    from gdpr_audit.report.context import parse_as_of
    from gdpr_audit.report.notebooks import write_notebooks

    parse_as_of(as_of)  # a bad date fails here, not in the notebook
    written = write_notebooks(out, db, as_of=as_of, lang=lang, config_path=config, force=force)
    typer.echo(f"{len(written)} notebooks in {out}; open them with: jupyter lab {out}")


def _check_report_options(config: Path | None, notebooks: Path | None, pdf: bool) -> None:
    """Fail on a report option before any work (exit 2): config, notebooks, Chromium."""
    from gdpr_audit.core.config import load_audit_config
    from gdpr_audit.core.errors import UsageError

    load_audit_config(config)
    if notebooks is not None and not notebooks.is_dir():
        raise UsageError(f"--notebooks: no such folder: {notebooks}")
    if pdf:
        from gdpr_audit.report.chromium import find_chromium

        find_chromium()


@app.command("assess")
def assess_command(
    db: DbOption,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Audit date YYYY-MM-DD (default: today, UTC).")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write findings + summary as JSON.",
                                  dir_okay=False)
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML overriding the defaults.", dir_okay=False)
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Exit 1 when findings at or above this severity exist "
                                       "(low, medium, high, critical)."),
    ] = None,
    area: Annotated[
        list[str] | None,
        typer.Option("--area", help="Only this area (consent, rights, retention, access, "
                                    "breaches, ropa); repeatable."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (default) or spark (canonical tables in "
                          "a lake, see docs/scale-out.md).")
    ] = "duckdb",
    model: Annotated[
        str | None, typer.Option("--model", help="Spark: URI of the canonical tables "
                                 "(model/<table>, and pii_columns of a Spark scan).")
    ] = None,
    raw: Annotated[
        str | None, typer.Option("--raw", help="Spark: URI of the raw tables (access checks "
                                 "list their columns).")
    ] = None,
    out: Annotated[
        str | None, typer.Option("--out", help="Spark: where audit_findings goes (Parquet); "
                                 "then `gdpr-audit import-results`.")
    ] = None,
    master: Annotated[
        str | None, typer.Option("--master", help="Spark: master URL.")
    ] = None,
) -> None:
    """Assess consent, data-subject rights, retention, access, breaches and Art. 30.

    Writes audit_findings; exit 0 (findings are the result) unless --fail-on is met.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from gdpr_audit.assess.command import (
        assess_database,
        known_areas,
        parse_day,
        parse_severity,
        summary_table,
        totals_line,
        write_json,
    )
    from gdpr_audit.core.config import load_audit_config
    from gdpr_audit.core.errors import AuditFailed, UsageError
    from gdpr_audit.core.tables import print_tables
    from gdpr_audit.load.state import ensure_model_current

    day = parse_day(as_of)
    floor = parse_severity(fail_on)
    load_audit_config(config)  # a missing or broken config fails before any work
    if engine == "spark":
        from gdpr_audit.spark.job import assess_for_database

        if not model or not out:
            raise UsageError("--engine spark needs --model URI and --out URI")
        typer.echo(assess_for_database(db, model, out, day, raw=raw, master=master,
                                       config_path=config, areas=area or None))
        return
    if engine != "duckdb":
        raise UsageError(f"unknown engine {engine!r} (duckdb or spark)")
    ensure_model_current(db)
    areas = area or None
    with Progress(TextColumn("assess"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=console,
                  disable=not console.is_terminal) as bar:
        task = bar.add_task("", total=len(areas or known_areas()))
        started: list[str] = []

        def step(name: str) -> None:
            if started:
                bar.advance(task)
            started.append(name)
            bar.update(task, description=name)

        result = assess_database(db, day, config, areas, on_area=step)
        bar.update(task, completed=len(started), description="done")
    print_tables([summary_table(result)], fmt)
    stdout = _info_console(fmt)
    stdout.print(totals_line(result), highlight=False)
    if json_out:
        write_json(result, json_out)
        stdout.print(f"findings: {json_out}", highlight=False)
    if floor is not None and result.at_or_above(floor):
        raise AuditFailed(
            f"{result.at_or_above(floor):,} finding(s) at or above severity {floor.value}"
        )


@app.command("resolve")
def resolve_command(
    refs: Annotated[list[str], typer.Argument(help="References from the report (S-…, R-…).")],
    db: DbOption,
) -> None:
    """Turn pseudonymous references back into CRM record ids (for who may open the DB).

    Exit 2 when a reference matches no record of this database.
    """
    from rich.table import Table

    from gdpr_audit.core.errors import InputError
    from gdpr_audit.report.resolve import resolve_file

    result = resolve_file(db, refs)
    table = Table("ref", "table", "record id", "source table", "row", "source file",
                  title=f"references in {db.name}")
    for rec in result.records.itertuples(index=False):
        table.add_row(*(str(v) if v is not None and v == v else "" for v in rec))
    Console(width=None if sys.stdout.isatty() else 160).print(table)
    if result.missing:
        raise InputError(f"{len(result.missing)} reference(s) not found in {db.name}: "
                         f"{', '.join(result.missing[:5])}")


@app.command("export-subject")
def export_subject_command(
    db: DbOption,
    out: Annotated[Path, typer.Option("--out", help="Empty folder for the export.",
                                      file_okay=False)],
    email: Annotated[
        str | None, typer.Option("--email", help="The subject's e-mail (case-insensitive).")
    ] = None,
    contact_id: Annotated[
        str | None, typer.Option("--contact-id", help="The subject's contact id (exact).")
    ] = None,
    system: Annotated[
        str | None,
        typer.Option("--system", help="Profile of the contact id when several systems use it."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="generated_at of the manifest (default: now, UTC)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the previous export in --out (only the "
                                           "files its manifest lists).")
    ] = False,
) -> None:
    """Export everything held about one data subject (Art. 15, 20): CSVs + manifest.

    Rows are found through the subject's contact records and identifier columns, each
    with its reason in manifest.json. Exit 2 when no subject matches or --out cannot
    take the export (a full disk leaves --out unchanged).
    """
    from gdpr_audit.assess.command import export_subject_file

    manifest = export_subject_file(db, out, email=email, contact_id=contact_id, as_of=as_of,
                                   force=force, system=system)
    rows = sum(manifest.tables.values())
    typer.echo(f"{rows:,} row(s) from {len(manifest.tables)} table(s) about "
               f"{manifest.contacts} contact record(s) written to {out}")


@app.command("demo")
def demo_command(
    out: Annotated[Path, typer.Option("--out", help="Folder for the export (created).",
                                      file_okay=False)],
    contacts: Annotated[int, typer.Option("--contacts", help="Number of data subjects.")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same bytes).")] = 42,
    clean: Annotated[
        bool, typer.Option("--clean", help="Same shape, no planted violations.")
    ] = False,
    as_of: Annotated[
        str, typer.Option("--as-of", help="Audit date the planted cases refer to (YYYY-MM-DD).")
    ] = "2026-11-28",
    layout: Annotated[
        str, typer.Option("--layout", help="demo (the files of docs/demo.md) or vendors "
                          "(Salesforce + Mailchimp + German ERP exports).")
    ] = "demo",
) -> None:
    """Write a synthetic CRM export with planted GDPR violations and truth.json (docs/demo.md)."""
    import datetime as dt

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from gdpr_audit.core.errors import UsageError
    from gdpr_audit.demo import generate_demo
    from gdpr_audit.demo.generator import STEPS

    try:
        audit_date = dt.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of must be a date YYYY-MM-DD (got {as_of!r})") from None
    with Progress(TextColumn("demo"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  disable=not console.is_terminal) as bar:
        task = bar.add_task("", total=len(STEPS))

        def step(name: str) -> None:
            bar.update(task, completed=STEPS.index(name), description=name)

        summary = generate_demo(out, contacts=contacts, seed=seed, clean=clean, as_of=audit_date,
                                progress=step, layout=layout)
        bar.update(task, completed=len(STEPS), description="done")
    files = Table("file", "rows", title=f"demo export in {out} (synthetic)")
    for path, rows in summary.files.items():
        files.add_row(path, f"{rows:,}")
    typer.echo("")
    Console().print(files)
    planted = ", ".join(f"{c} {n}" for c, n in summary.violations.items() if n)
    kinds = sum(1 for n in summary.violations.values() if n)
    typer.echo(f"{sum(summary.files.values()):,} rows in {len(summary.files)} files; "
               f"{summary.planted:,} planted violation(s) of {kinds} "
               f"check(s){': ' + planted if planted else ''}; truth: {summary.manifest}")


@app.command("run")
def run_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders to audit.")],
    db: DbOption,
    out: Annotated[
        Path, typer.Option("--out", help="Report folder (index.html, checks.html, pages).",
                           file_okay=False)
    ] = Path("reports"),
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Audit date YYYY-MM-DD (default: today, UTC).")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Report language: en or de.")] = "en",
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="CRM profile name or YAML path (default: detect)."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML overriding the defaults.", dir_okay=False)
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes for free-text scanning.")
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also print the report to OUT/report.pdf.")
    ] = False,
) -> None:
    """Everything end to end: load, scan, assess, check, report; prints stage timings.

    Exit 1 when a Great Expectations suite fails (the report is still written), 2 on
    usage or input errors.
    """
    import datetime as dt
    import time

    from gdpr_audit.core.errors import AuditFailed, UsageError
    from gdpr_audit.load.profile import load_profile
    from gdpr_audit.report.i18n import check_lang

    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.datetime.now(dt.UTC).date()
    except ValueError:
        raise UsageError(f"--as-of must be a date YYYY-MM-DD, got {as_of!r}") from None
    # every option is checked before the load starts: a typo must not cost a scan
    check_lang(lang)
    if profile:
        load_profile(profile)
    _check_report_options(config, None, pdf)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    when = day.isoformat()
    timings: list[tuple[str, float]] = []
    failed: AuditFailed | None = None

    def stage(name: str, call: Callable[[], None]) -> None:
        nonlocal failed
        console.rule(name)
        start = time.perf_counter()
        try:
            call()
        except AuditFailed as exc:  # a failed check is a result: keep going to the report
            failed = exc
        timings.append((name, time.perf_counter() - start))

    stage("load", lambda: load_command(paths, db, profile=profile))
    stage("scan", lambda: scan_command(None, db, None, workers, None, True, config))
    stage("assess", lambda: assess_command(db, as_of=when, config=config))
    stage("check", lambda: check_command(db, out=out, as_of=when))
    stage("report", lambda: report_command(db, out=out, lang=lang, as_of=when, config=config,
                                           pdf=pdf))
    total = sum(t for _, t in timings)
    console.print("stage timings: " + ", ".join(f"{n} {t:.1f}s" for n, t in timings)
                  + f"; total {total:.1f}s", highlight=False)
    if failed is not None:
        raise failed


def _print_version(value: bool) -> None:
    if value:
        from gdpr_audit import __version__

        typer.echo(f"gdpr-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.",
                           callback=_print_version, is_eager=True)
    ] = False,
) -> None:
    """Audit CRM exports for GDPR (DSGVO) compliance: load -> scan -> assess -> check -> report."""


def main() -> None:
    """Entry point: run the app and map errors to exit codes (0 ok, 1 failures, 2 usage/input)."""
    enforce_offline()
    try:
        app()  # standalone: click prints usage errors itself and exits with 2
    except GdprAuditError as exc:
        console.print(f"error: {exc}", style="bold red", highlight=False, markup=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug, not a user mistake: exit 3, never echo the message
        # Exception messages from DuckDB, pandas or Presidio can quote cell values, so
        # only the type and the place are printed; GDPR_AUDIT_DEBUG=1 shows everything.
        if settings().debug:
            raise
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
        console.print(f"internal error: {type(exc).__name__}{where} (a bug in gdpr-audit; "
                      "rerun with GDPR_AUDIT_DEBUG=1 for the traceback)",
                      style="bold red", highlight=False, markup=False)
        sys.exit(3)


if __name__ == "__main__":  # pragma: no cover
    main()
