"""``load_paths``: CRM export files -> ``raw.<table>`` + ``load_log`` + ``load_quarantine``.

Each source file is loaded in its own transaction: its old raw tables, quarantine rows
and load_log rows are replaced together or not at all. A file whose path and sha256 are
already in ``load_log`` is skipped (unless ``force``). Every file is hashed and sniffed
before the first table is written, so an unusable file stops the load before any work.

An empty file (0 bytes, or only whitespace / a BOM) is a *logged empty load*: a raw table
with only the provenance columns, a load_log row with 0 rows and a note. Header-only files
give a table with the header's columns and 0 rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from gdpr_audit.core.db import qualified, run_script
from gdpr_audit.core.errors import InputError
from gdpr_audit.load.naming import display_path, raw_table_name, unique_name
from gdpr_audit.load.readers import archive
from gdpr_audit.load.readers.common import RAW_SCHEMA, TableRead, scrub_message
from gdpr_audit.load.readers.delimited import read_delimited
from gdpr_audit.load.readers.excel import read_xlsx
from gdpr_audit.load.readers.jsonfiles import read_json, read_jsonl
from gdpr_audit.load.readers.parquetfiles import read_parquet
from gdpr_audit.load.sniff import Sniffed, format_for_extension, sniff_file
from gdpr_audit.load.state import bump_raw_generation

#: File names a directory load never treats as a source.
SKIPPED_NAMES = frozenset({"truth.json"})
SKIPPED_SUFFIXES = (".duckdb", ".duckdb.wal", ".wal", ".tmp")


@dataclass(frozen=True)
class SourceFile:
    """A file to load and its path as recorded in ``load_log`` (relative, POSIX).

    A file name that is not valid UTF-8 is recorded with its undecodable bytes shown as
    ``\\xNN`` (:func:`display_path`): never the raw bytes, never a traceback.
    """

    path: Path
    relative: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "relative", display_path(self.relative))


@dataclass
class SourceResult:
    """What happened to one source table (a file, or one XLSX sheet)."""

    path: str
    table_name: str
    format: str
    encoding: str | None
    delimiter: str | None
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    skipped_unchanged: bool = False
    sha256: str = ""
    size_bytes: int = 0
    note: str | None = None


@dataclass
class LoadReport:
    """Per-source results, notes (skipped files, empty loads) and totals."""

    sources: list[SourceResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Sources loaded before that are not among this load's files (``--prune`` drops them).
    missing: list[str] = field(default_factory=list)
    #: (old path, new path) of missing sources whose content a new source has.
    renamed: list[tuple[str, str]] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sources if not s.skipped_unchanged)

    @property
    def rows_loaded(self) -> int:
        return sum(s.rows_loaded for s in self.sources if not s.skipped_unchanged)

    @property
    def rows_quarantined(self) -> int:
        return sum(s.rows_quarantined for s in self.sources if not s.skipped_unchanged)

    @property
    def tables_loaded(self) -> int:
        return sum(1 for s in self.sources if not s.skipped_unchanged)

    @property
    def tables_skipped(self) -> int:
        return sum(1 for s in self.sources if s.skipped_unchanged)


def find_sources(
    paths: Sequence[Path], workdir: Path | None = None
) -> tuple[list[SourceFile], list[str]]:
    """Files to load under ``paths`` (files, or directories walked recursively, sorted).

    Hidden files and folders, ``truth.json`` and database files are skipped silently;
    files with unknown extensions are skipped with a note.

    Raises:
        InputError: a path does not exist, a file given by name has an unknown extension,
            two sources would share a ``load_log`` path, or nothing is loadable.
    """
    sources: list[SourceFile] = []
    notes: list[str] = []
    for given in paths:
        given = Path(given)
        if not given.exists():
            raise InputError(f"path not found: {display_path(str(given))}")
        if given.is_file():
            if (found := _archive_sources(given, given.name, workdir, notes)) is not None:
                sources += found
                continue
            if format_for_extension(given) is None:
                name, suffix = display_path(given.name), display_path(given.suffix)
                raise InputError(
                    f"{name}: unsupported file type '{suffix}' "
                    "(csv, tsv, xlsx, json, jsonl, parquet)"
                )
            sources.append(SourceFile(given, given.name))
            continue
        try:
            files = sorted(p for p in given.rglob("*") if p.is_file())
        except OSError as exc:
            raise InputError(
                f"cannot list {display_path(str(given))}: {exc.strerror or type(exc).__name__}"
            ) from None
        for file in files:
            rel = file.relative_to(given)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if file.name in SKIPPED_NAMES or file.name.endswith(SKIPPED_SUFFIXES):
                continue
            if (found := _archive_sources(file, rel.as_posix(), workdir, notes)) is not None:
                sources += found
                continue
            if format_for_extension(file) is None:
                notes.append(f"skipped {rel.as_posix()}: unknown file type")
                continue
            sources.append(SourceFile(file, rel.as_posix()))
    seen: dict[str, Path] = {}
    for src in sources:
        if src.relative in seen and seen[src.relative] != src.path:
            raise InputError(
                f"two sources would both be recorded as '{src.relative}'; "
                "load them in separate runs"
            )
        seen[src.relative] = src.path
    unique = list({s.relative: s for s in sources}.values())
    if not unique:
        where = ", ".join(str(p) for p in paths) or "(no paths)"
        raise InputError(f"no loadable files (csv, tsv, xlsx, json, jsonl, parquet) in {where}")
    return unique, notes


def _archive_sources(
    file: Path, rel: str, workdir: Path | None, notes: list[str]
) -> list[SourceFile] | None:
    """Members of a .zip/.gz or an Excel Unicode .txt (readers/archive.py); None otherwise.

    Without a ``workdir`` archives are only checked and their members listed, not extracted.
    """
    if archive.is_excel_unicode_text(file):
        return [SourceFile(file, rel)]
    if not archive.is_archive(file):
        return None
    expanded = archive.expand(file, rel, workdir)
    notes += expanded.notes
    return [SourceFile(path, label) for path, label in expanded.files]


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@dataclass(frozen=True)
class _Plan:
    source: SourceFile
    sha256: str
    size_bytes: int
    sniffed: Sniffed | None  # None: unchanged, skipped


def load_paths(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    *,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
    prune: bool = False,
) -> LoadReport:
    """Load files or directories into ``raw.*``, ``load_log`` and ``load_quarantine``.

    Args:
        con: the audit database.
        paths: files and/or directories (walked recursively, sorted).
        progress: called with each source's relative path before it is loaded or skipped.
        force: reload files even when their path and sha256 are unchanged.
        prune: drop the tables, log and quarantine rows of sources loaded before that are
            not among ``paths`` (deleted or renamed files); without it they are only
            reported in :attr:`LoadReport.missing` / :attr:`LoadReport.renamed`.

    Raises:
        InputError: a path or file cannot be used (nothing of that file is written).
    """
    with archive.extraction_dir() as workdir:  # archive members live here during the load
        return _load_sources(con, paths, workdir, progress, force, prune)


def _load_sources(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    workdir: Path,
    progress: Callable[[str], None] | None,
    force: bool,
    prune: bool = False,
) -> LoadReport:
    sources, notes = find_sources(paths, workdir)
    notes = [display_path(n) for n in notes]
    run_script(con, "load", "ddl")
    report = LoadReport(notes=list(notes))
    plans = [_plan(con, src, force) for src in sources]
    loaded_at = dt.datetime.now(dt.UTC)
    for plan in plans:
        if progress:
            progress(plan.source.relative)
        if plan.sniffed is None:
            report.sources += _logged_results(con, plan.source.relative, skipped=True)
            continue
        results = _load_one(con, plan, loaded_at)
        report.sources += results
        report.notes += [f"{r.path}: {r.note}" for r in results if r.note]
    _missing_sources(con, plans, report, prune)
    return report


def _missing_sources(
    con: duckdb.DuckDBPyConnection, plans: list[_Plan], report: LoadReport, prune: bool
) -> None:
    """Fill ``report.missing``/``renamed``; with ``prune`` drop those sources (one transaction)."""
    present = {p.source.relative for p in plans}
    by_sha = {p.sha256: p.source.relative for p in plans}
    logged = con.execute(
        "SELECT path, any_value(sha256) FROM main.load_log GROUP BY path ORDER BY path"
    ).fetchall()
    report.missing = [path for path, _ in logged if path not in present]
    report.renamed = [
        (path, by_sha[sha]) for path, sha in logged if path not in present and sha in by_sha
    ]
    if not (prune and report.missing):
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for path in report.missing:
            tables = con.execute(
                "SELECT table_name FROM main.load_log WHERE path = ?", [path]
            ).fetchall()
            for (table,) in tables:
                con.execute(f"DROP TABLE IF EXISTS {qualified(table, RAW_SCHEMA)}")
            con.execute("DELETE FROM main.load_quarantine WHERE path = ?", [path])
            con.execute("DELETE FROM main.load_log WHERE path = ?", [path])
        bump_raw_generation(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    report.pruned, report.missing = report.missing, []


def _plan(con: duckdb.DuckDBPyConnection, src: SourceFile, force: bool) -> _Plan:
    try:
        sha = file_sha256(src.path)
        size = src.path.stat().st_size
    except OSError as exc:
        raise InputError(f"{src.relative}: cannot be read ({exc.strerror})") from None
    if not force:
        logged = con.execute(
            "SELECT sha256, table_name FROM main.load_log WHERE path = ?", [src.relative]
        ).fetchall()
        if (
            logged
            and all(row[0] == sha for row in logged)
            and all(_raw_table_exists(con, row[1]) for row in logged)
        ):
            return _Plan(src, sha, size, None)
    try:
        sniffed = sniff_file(src.path, src.relative)
    except OSError as exc:
        raise InputError(f"{src.relative}: cannot be read ({exc.strerror})") from None
    return _Plan(src, sha, size, sniffed)


def _raw_table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
        [RAW_SCHEMA, table],
    ).fetchone()
    return bool(row and row[0])


def _logged_results(con: duckdb.DuckDBPyConnection, path: str, skipped: bool) -> list[SourceResult]:
    rows = con.execute(
        "SELECT path, table_name, format, encoding, delimiter, rows_read, rows_loaded, "
        "rows_quarantined, sha256, size_bytes FROM main.load_log WHERE path = ? "
        "ORDER BY table_name",
        [path],
    ).fetchall()
    return [
        SourceResult(
            path=r[0],
            table_name=r[1],
            format=r[2],
            encoding=r[3],
            delimiter=r[4],
            rows_read=r[5],
            rows_loaded=r[6],
            rows_quarantined=r[7],
            skipped_unchanged=skipped,
            sha256=r[8],
            size_bytes=r[9],
        )
        for r in rows
    ]


def _load_one(
    con: duckdb.DuckDBPyConnection, plan: _Plan, loaded_at: dt.datetime
) -> list[SourceResult]:
    """Replace one source's tables, quarantine and log rows in a single transaction."""
    rel = plan.source.relative
    sniffed = plan.sniffed
    assert sniffed is not None
    con.execute("BEGIN TRANSACTION")
    try:
        old = con.execute("SELECT table_name FROM main.load_log WHERE path = ?", [rel]).fetchall()
        for (table,) in old:
            con.execute(f"DROP TABLE IF EXISTS {qualified(table, RAW_SCHEMA)}")
        con.execute("DELETE FROM main.load_quarantine WHERE path = ?", [rel])
        con.execute("DELETE FROM main.load_log WHERE path = ?", [rel])
        taken = [r[0] for r in con.execute("SELECT table_name FROM main.load_log").fetchall()]
        with _engine_path(plan.source.path) as readable:
            reads = _read(con, plan, sniffed, taken, readable)
        results = [_record(con, plan, sniffed, read, loaded_at) for read in reads]
        bump_raw_generation(con)
        con.execute("COMMIT")
    except InputError:
        con.execute("ROLLBACK")
        raise
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        if _mixed_line_ends(exc, sniffed):  # DuckDB refuses a file mixing LF and CRLF
            fixed = dataclasses.replace(sniffed, rewrite_newlines=True)
            return _load_one(con, dataclasses.replace(plan, sniffed=fixed), loaded_at)
        raise InputError(f"{rel}: could not be loaded: {scrub_message(exc)}") from None
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results


def _mixed_line_ends(exc: duckdb.Error, sniffed: Sniffed) -> bool:
    """DuckDB's refusal of a CSV whose record ends mix LF and CRLF (not yet rewritten)."""
    return (
        sniffed.format in ("csv", "tsv")
        and not sniffed.rewrite_newlines
        and "state machine reached an invalid state" in str(exc)
    )


@contextmanager
def _engine_path(path: Path) -> Iterator[Path]:
    """``path``, or a link to it under a UTF-8 name when its own name is not valid UTF-8
    (DuckDB takes file names as UTF-8 text)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        yield path
        return
    tmpdir = tempfile.mkdtemp(prefix="gdpr-audit-name-")
    try:
        link = Path(tmpdir) / ("source" + display_path(path.suffix))
        os.symlink(os.fsencode(path.resolve()), os.fsencode(link))
        yield link
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def _read(
    con: duckdb.DuckDBPyConnection,
    plan: _Plan,
    sniffed: Sniffed,
    taken: list[str],
    readable: Path,
) -> list[TableRead]:
    src = SourceFile(readable, plan.source.relative)

    def table_for(sheet: str | None = None) -> str:
        name = unique_name(raw_table_name(src.relative, sheet), taken)
        taken.append(name)
        # A raw table nobody logged (a crashed run, a manual copy) is the loader's to replace.
        con.execute(f"DROP TABLE IF EXISTS {qualified(name, RAW_SCHEMA)}")
        return name

    if sniffed.format == "xlsx":
        return read_xlsx(
            con, src.path, table_for_sheet=table_for, source_file=src.relative, label=src.relative
        )
    if sniffed.format == "parquet":
        return [
            read_parquet(
                con, src.path, table=table_for(), source_file=src.relative, label=src.relative
            )
        ]
    if sniffed.format == "jsonl":
        return [read_jsonl(con, src.path, sniffed, table=table_for(), source_file=src.relative)]
    if sniffed.format == "json":
        return [
            read_json(
                con,
                src.path,
                sniffed,
                table=table_for(),
                source_file=src.relative,
                label=src.relative,
            )
        ]
    return [read_delimited(con, src.path, sniffed, table=table_for(), source_file=src.relative)]


def _record(
    con: duckdb.DuckDBPyConnection,
    plan: _Plan,
    sniffed: Sniffed,
    read: TableRead,
    loaded_at: dt.datetime,
) -> SourceResult:
    rel = plan.source.relative
    text_format = sniffed.format in ("csv", "tsv", "json", "jsonl")
    result = SourceResult(
        path=rel,
        table_name=read.table_name,
        format=sniffed.format,
        encoding=sniffed.encoding if text_format else None,
        delimiter=sniffed.delimiter if sniffed.format in ("csv", "tsv") else None,
        rows_read=read.rows_read,
        rows_loaded=read.rows_loaded,
        rows_quarantined=read.rows_quarantined,
        sha256=plan.sha256,
        size_bytes=plan.size_bytes,
        note=read.note,
    )
    con.execute(
        "INSERT INTO main.load_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            rel,
            result.table_name,
            result.sha256,
            result.size_bytes,
            result.format,
            result.encoding,
            result.delimiter,
            result.rows_read,
            result.rows_loaded,
            result.rows_quarantined,
            loaded_at,
        ],
    )
    if read.quarantine:
        _insert_quarantine(con, rel, read, loaded_at)
    return result


def _insert_quarantine(
    con: duckdb.DuckDBPyConnection, path: str, read: TableRead, at: dt.datetime
) -> None:
    rows = read.quarantine
    batch = pa.table(
        {
            "path": pa.array([path] * len(rows), pa.string()),
            "table_name": pa.array([read.table_name] * len(rows), pa.string()),
            "record_no": pa.array([q.record_no for q in rows], pa.int64()),
            "reason": pa.array([q.reason for q in rows], pa.string()),
            "reason_code": pa.array([q.code for q in rows], pa.string()),
            "reason_params": pa.array(
                [json.dumps(dict(q.params), sort_keys=True) for q in rows], pa.string()
            ),
            "raw_record": pa.array([q.raw_record for q in rows], pa.string()),
            "quarantined_at": pa.array([at] * len(rows), pa.timestamp("us", tz="UTC")),
        }
    )
    con.register("gdpr_audit_quarantine_batch", batch)
    try:
        con.execute(
            "INSERT INTO main.load_quarantine BY NAME SELECT * FROM gdpr_audit_quarantine_batch"
        )
    finally:
        con.unregister("gdpr_audit_quarantine_batch")
