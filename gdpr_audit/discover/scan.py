"""The discover stage: classify every ``raw.*`` column and scan free-text columns.

:func:`scan_database` samples each column's distinct values in SQL (never a whole
column in Python), classifies it (:func:`gdpr_audit.discover.columns.classify_column`),
scans free-text columns row by row with :func:`gdpr_audit.discover.text.scan_texts`,
and writes ``pii_columns`` and ``pii_findings`` (docs/data-model.md). Nothing written
or returned holds a raw value: counts, scores, reasons and masked hints only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from gdpr_audit.core.db import columns_of, list_tables, qualified, run_script, run_sql
from gdpr_audit.core.errors import InputError
from gdpr_audit.core.privacy import mask_hint
from gdpr_audit.discover.columns import (
    DEFAULT_MIN_SCORE,
    ColumnClassification,
    EntityEvidence,
    classify_column,
)
from gdpr_audit.discover.values import profile_values

RAW = "raw"
PROVENANCE = ("_source_file", "_record_no")

#: ``progress(kind, done, total)``: kind is ``"columns"`` or ``"rows"`` (free text).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ScanOptions:
    """How to scan (config section ``discover``)."""

    sample: int = 1000  # distinct values sampled per column
    workers: int = 1  # processes for free-text scanning
    ner: bool = True  # spaCy NER on free text (PERSON, LOCATION)
    min_score: float = DEFAULT_MIN_SCORE
    seed: int = 42
    # free-text rows fetched and scanned at a time; large, because each call of
    # scan_texts with workers > 1 starts a process pool that loads its NLP engine
    chunk_rows: int = 20000
    batch_size: int = 256  # texts per NLP batch
    text_config: Any = None  # gdpr_audit.discover.engine.EngineConfig (overrides ``ner``)

    @classmethod
    def from_config(cls, config: dict[str, Any], **overrides: Any) -> ScanOptions:
        """Options from the ``discover`` config section; ``None`` overrides are ignored."""
        section = config.get("discover", {}) or {}
        values: dict[str, Any] = {
            "sample": int(section.get("column_sample", cls.sample)),
            "min_score": float(section.get("min_score", cls.min_score)),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        from gdpr_audit.discover.engine import EngineConfig

        values["text_config"] = EngineConfig.from_audit_config(
            config, ner=values.get("ner", cls.ner)
        )
        return cls(**values)


@dataclass
class TableScan:
    """One raw table's inventory."""

    table: str  # name in schema raw
    source: str
    rows: int
    columns: list[ColumnClassification] = field(default_factory=list)


@dataclass
class ScanReport:
    """What a scan found; the detail is in ``pii_columns`` / ``pii_findings``."""

    tables: list[TableScan]
    findings: int = 0

    @property
    def pii_columns(self) -> int:
        return sum(1 for t in self.tables for c in t.columns if c.entities)


def _sample(
    con: duckdb.DuckDBPyConnection, table: str, column: str, options: ScanOptions
) -> tuple[list[str], int]:
    """Up to ``options.sample`` distinct non-empty values and the non-empty row count."""
    rows = run_sql(
        con,
        "discover",
        "sample_distinct",
        {"n": options.sample, "seed": options.seed},
        schema=RAW,
        table=table,
        column=column,
    ).fetchall()
    values = [r[0] for r in rows]
    non_empty = int(rows[0][1]) if rows else 0
    return values, non_empty


def _table_facts(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    """Row count and source file (the table name when it was not made by the loader)."""
    if "_source_file" not in columns_of(con, table, schema=RAW):
        n = con.execute(f"SELECT count(*) FROM {qualified(table, RAW)}").fetchone()
        return (int(n[0]) if n else 0), table
    row = run_sql(con, "discover", "table_facts", schema=RAW, table=table).fetchone()
    return (int(row[0]), row[1] or table) if row else (0, table)


def classify_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    options: ScanOptions = ScanOptions(),
    on_column: Callable[[], None] | None = None,
) -> tuple[TableScan, dict[str, int]]:
    """Classify every data column of ``raw.<table>`` from a sample of distinct values.

    Returns the table's inventory and, per free-text column, its non-empty row count.
    """
    rows, source = _table_facts(con, table)
    scan = TableScan(table=table, source=source, rows=rows)
    free_text_rows: dict[str, int] = {}
    for column in columns_of(con, table, schema=RAW):
        if column in PROVENANCE:
            continue
        values, non_empty = _sample(con, table, column, options)
        result = classify_column(column, profile_values(values), min_score=options.min_score)
        scan.columns.append(result)
        if result.free_text:
            free_text_rows[column] = non_empty
        if on_column:
            on_column()
    return scan, free_text_rows


#: Scores are summed as integers of 1/10,000 of the 4-decimal score stored in pii_findings:
#: exact in any order, so a column's mean score is the same on every engine (Spark).
SCORE_UNITS = 10_000


@dataclass
class ColumnTally:
    """Row-level detections of one free-text column, summed for its pii_columns rows.

    ``score_units``: per (entity type, category), the sum of the detections' stored
    scores (``round(score, 4)``) in :data:`SCORE_UNITS`.
    """

    rows_with: Counter[tuple[str, str]] = field(default_factory=Counter)
    score_units: Counter[tuple[str, str]] = field(default_factory=Counter)
    detections: Counter[tuple[str, str]] = field(default_factory=Counter)


#: Old name (before the Spark engine used it).
_ColumnTally = ColumnTally


def _scan_free_text(
    con: duckdb.DuckDBPyConnection,
    scan: TableScan,
    column: str,
    options: ScanOptions,
    on_rows: Callable[[int], None] | None,
) -> tuple[int, list[EntityEvidence]]:
    """Scan one free-text column row by row; write pii_findings; return column evidence."""
    from gdpr_audit.discover.text import scan_texts

    cursor = run_sql(
        con.cursor(), "discover", "free_text_rows", schema=RAW, table=scan.table, column=column
    )
    tally = ColumnTally()
    non_empty = 0
    written = 0
    while True:
        chunk = cursor.fetchmany(options.chunk_rows)
        if not chunk:
            break
        non_empty += len(chunk)
        # identical texts (templates, copied notes) are scanned once per chunk
        unique = list(dict.fromkeys(text for _, text in chunk))
        detected = scan_texts(
            unique,
            workers=options.workers,
            batch_size=options.batch_size,
            ner=options.ner,
            progress=on_rows,
            config=options.text_config,
        )
        by_text = dict(zip(unique, detected, strict=True))
        out: dict[str, list[Any]] = defaultdict(list)
        for record_no, text in chunk:
            seen: set[tuple[str, str]] = set()
            for d in by_text[text]:
                key = (d.entity_type, d.category)
                score = round(float(d.score), 4)
                tally.detections[key] += 1
                tally.score_units[key] += round(score * SCORE_UNITS)
                seen.add(key)
                out["record_no"].append(record_no)
                out["entity_type"].append(d.entity_type)
                out["category"].append(d.category)
                out["score"].append(score)
                out["hint"].append(mask_hint(text[d.start : d.end], d.entity_type))
                out["language"].append(d.language)
                out["reason"].append(d.reason)
            tally.rows_with.update(seen)
        written += _write_findings(con, scan, column, out)
        if on_rows:
            on_rows(len(chunk) - len(unique))  # duplicates, not passed to scan_texts
    return written, column_evidence(tally, non_empty)


def _write_findings(
    con: duckdb.DuckDBPyConnection, scan: TableScan, column: str, out: dict[str, list[Any]]
) -> int:
    n = len(out["record_no"])
    if not n:
        return 0
    batch = pa.table(
        {
            "source": pa.array([scan.source] * n, pa.string()),
            "table_name": pa.array([scan.table] * n, pa.string()),
            "column_name": pa.array([column] * n, pa.string()),
            "record_no": pa.array(out["record_no"], pa.int64()),
            "entity_type": pa.array(out["entity_type"], pa.string()),
            "category": pa.array(out["category"], pa.string()),
            "score": pa.array(out["score"], pa.float64()),
            "hint": pa.array(out["hint"], pa.string()),
            "language": pa.array(out["language"], pa.string()),
            "reason": pa.array(out["reason"], pa.string()),
        }
    )
    con.register("_pii_findings_batch", batch)
    try:
        names = ", ".join(batch.column_names)  # by name: the column order of old databases differs
        con.execute(f"INSERT INTO pii_findings ({names}) SELECT {names} FROM _pii_findings_batch")
    finally:
        con.unregister("_pii_findings_batch")
    return n


def column_evidence(tally: ColumnTally, non_empty: int) -> list[EntityEvidence]:
    """The pii_columns evidence of a free-text column with ``non_empty`` cells: per
    entity type, the share of rows with a detection and the mean detection score."""
    out = []
    for key, rows in sorted(tally.rows_with.items()):
        entity, category = key
        mean = tally.score_units[key] / tally.detections[key] / SCORE_UNITS
        why = f"free text: {rows}/{non_empty} rows with {entity} (mean score {mean:.2f})"
        out.append(
            EntityEvidence(entity, category, round(mean, 3), round(rows / non_empty, 4), why)
        )
    return sorted(out, key=lambda e: (-e.share, e.entity_type))


_column_evidence = column_evidence  # old name


def _replace_inventory(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute("DELETE FROM pii_columns WHERE table_name = ?", [table])
    con.execute("DELETE FROM pii_findings WHERE table_name = ?", [table])


def _write_columns(con: duckdb.DuckDBPyConnection, scan: TableScan) -> None:
    rows = [
        (
            scan.table,
            scan.source,
            c.column,
            e.entity_type,
            e.category,
            e.score,
            e.share,
            e.why,
            c.free_text,
            scan.rows,
        )
        for c in scan.columns
        for e in c.entities
    ]
    if rows:
        con.executemany("INSERT INTO pii_columns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def scan_database(
    con: duckdb.DuckDBPyConnection,
    options: ScanOptions = ScanOptions(),
    tables: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> ScanReport:
    """Scan ``raw.*`` tables (all, or ``tables``) and write the PII inventory.

    Re-scanning a table replaces its rows in ``pii_columns`` and ``pii_findings``.

    Raises:
        InputError: there is no raw table to scan, or a named table does not exist.
    """
    available = list_tables(con, schema=RAW)
    if tables is None:
        tables = available
    missing = sorted(set(tables) - set(available))
    if missing:
        raise InputError(f"no raw table {', '.join(missing)} in the database")
    if not tables:
        raise InputError("no raw tables to scan: load exports first (gdpr-audit load PATH)")
    run_script(con, "discover", "inventory_tables")

    total_columns = sum(
        1 for t in tables for c in columns_of(con, t, schema=RAW) if c not in PROVENANCE
    )
    done = {"columns": 0, "rows": 0}

    def tick(kind: str, n: int, total: int) -> None:
        done[kind] += n
        if progress:
            progress(kind, done[kind], total)

    scans: list[tuple[TableScan, dict[str, int]]] = []
    for table in tables:
        scans.append(classify_table(con, table, options, lambda: tick("columns", 1, total_columns)))
    total_rows = sum(sum(ft.values()) for _, ft in scans)
    report = ScanReport(tables=[s for s, _ in scans])
    for scan, free_text in scans:
        _replace_inventory(con, scan.table)
        for i, column in enumerate(scan.columns):
            if column.column not in free_text:
                continue
            written, evidence = _scan_free_text(
                con, scan, column.column, options, lambda n: tick("rows", n, total_rows)
            )
            report.findings += written
            # row detections passed the text engine's own thresholds: all are kept
            scan.columns[i] = ColumnClassification(
                column.column, tuple(evidence), True, column.sampled
            )
        _write_columns(con, scan)
    return report


def inventory(con: duckdb.DuckDBPyConnection, report: ScanReport) -> dict[str, Any]:
    """The public JSON inventory (``gdpr-audit scan --json``) of a scan.

    ``{"tables": [{"source", "table", "rows", "columns": [{"name", "entities": [{"type",
    "score", "share", "why"}], "special_categories", "free_text"}]}], "findings":
    [{"source", "column", "row", "type", "score"}]}``; ``row`` is the 1-based record
    number in the source file. Tables sorted by name, columns in source order, entities
    by score; findings by source, column, row and type.
    """
    tables = []
    for scan in sorted(report.tables, key=lambda s: s.table):
        columns = [
            {
                "name": c.column,
                "entities": [
                    {"type": e.entity_type, "score": e.score, "share": e.share, "why": e.why}
                    for e in c.entities
                ],
                "special_categories": c.special_categories,
                "free_text": c.free_text,
            }
            for c in scan.columns
        ]
        tables.append(
            {
                "source": scan.source,
                "table": f"{RAW}.{scan.table}",
                "rows": scan.rows,
                "columns": columns,
            }
        )
    names = [s.table for s in report.tables]
    rows = run_sql(con, "discover", "inventory_findings", {"tables": names}).fetchall()
    findings = [
        {"source": source, "column": column, "row": row, "type": entity, "score": score}
        for source, column, row, entity, score in rows
    ]
    return {"tables": tables, "findings": findings}
