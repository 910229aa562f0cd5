"""Spark jobs: build the canonical model of a lake, scan it, assess it; ``spark-submit``
entry point.

``python -m gdpr_audit.spark.job scan --input s3a://lake/crm/ --out s3a://audit/run1`` (or
``spark-submit $(python -c 'import gdpr_audit.spark.job as j; print(j.__file__)') scan ...``)
writes ``<out>/pii_columns`` and ``<out>/pii_findings``; ``model --raw URI --out URI`` the
canonical tables under ``<out>/model``; ``assess --model URI --as-of DATE``
writes ``<out>/audit_findings``. ``gdpr-audit import-results OUT --db FILE`` then merges
them into a DuckDB audit database for ``check`` and ``report``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdpr_audit.core.config import load_audit_config, settings
from gdpr_audit.core.errors import UsageError
from gdpr_audit.discover.scan import ScanOptions


@dataclass
class ScanJob:
    """Figures of one Spark scan (counts only)."""

    tables: int
    rows: int
    free_text_columns: int
    written: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def run_scan_job(inputs: list[str], out: str, *, master: str | None = None,
                 sample: int | None = None, ner: bool = True,
                 config_path: Path | None = None, partitions: int | None = None) -> ScanJob:
    """Scan the tables under ``inputs`` on Spark and write the results under ``out``
    (``partitions``: tasks per free-text column, default ``spark.default.parallelism``)."""
    import time

    from gdpr_audit.spark.discover import scan_lake, write_results
    from gdpr_audit.spark.inputs import discover_tables
    from gdpr_audit.spark.session import spark_session

    start = time.perf_counter()
    config = load_audit_config(config_path)
    options = ScanOptions.from_config(config, sample=sample, ner=ner)
    spark = spark_session(master)
    tables = discover_tables(spark, inputs)
    scan = scan_lake(spark, tables, options, partitions)
    written = write_results(spark, scan, out, tables)
    return ScanJob(
        tables=len(scan.tables), rows=sum(t["rows"] for t in scan.tables),
        free_text_columns=sum(len(t["free_text"]) for t in scan.tables), written=written,
        seconds=round(time.perf_counter() - start, 1),
    )


def run_model_job(raw: str, out: str, *, master: str | None = None,
                  profile: str | None = None, timezone: str | None = None) -> dict[str, Any]:
    """Build the canonical model of the raw tables under ``raw`` on Spark and write it
    under ``<out>/model`` (:func:`gdpr_audit.spark.model.build_model_spark`).

    Returns rows written per table, the rows rejected and values unparsed, the raw tables
    no profile mapped, the warnings (counts and names only) and the seconds taken.

    Raises:
        UsageError: unknown profile or time zone (before Spark starts).
    """
    import time

    from gdpr_audit.load.model import _check_timezone
    from gdpr_audit.load.profile import load_profile
    from gdpr_audit.spark.model import build_model_spark
    from gdpr_audit.spark.session import spark_session

    if profile:
        load_profile(profile)
    if timezone:
        _check_timezone(timezone)
    start = time.perf_counter()
    spark = spark_session(master)
    report = build_model_spark(spark, raw, out, profile, timezone=timezone)
    return {"written": report.written, "rows_rejected": report.rows_rejected,
            "unparsed": sum(sum(s.unparsed.values()) for s in report.sources),
            "unmatched": report.unmatched, "warnings": report.warnings,
            "seconds": round(time.perf_counter() - start, 1)}


def model_line(done: dict[str, Any], out: str) -> str:
    """What ``gdpr-audit model --engine spark`` prints: tables written, rejected, unparsed."""
    tables = ", ".join(f"{t} {n:,}" for t, n in done["written"].items()
                       if n and t not in ("model_log", "column_lineage"))
    line = f"canonical model in {out}/model: {tables or 'no rows'} ({done['seconds']} s)"
    if done["unmatched"]:
        line += f"; not mapped: {', '.join(done['unmatched'])}"
    if done["rows_rejected"] or done["unparsed"]:
        line += (f"; {done['rows_rejected']:,} row(s) without a key rejected, "
                 f"{done['unparsed']:,} value(s) unparsed (see model_log)")
    return line


def run_assess_job(model: str, out: str, as_of: dt.date, *, master: str | None = None,
                   config_path: Path | None = None, salt: str | None = None,
                   raw: str | None = None, areas: list[str] | None = None) -> dict[str, Any]:
    """Run the checks on the canonical tables under ``model``; write ``<out>/audit_findings``.

    The salt of pseudonymous ids must be the audit database's (``GDPR_AUDIT_SALT``), so
    ids match those of a DuckDB run. ``raw``: the lake's raw tables (their columns
    count for the access checks, as DuckDB's ``raw`` schema does); a ``pii_columns``
    table under ``model`` is the inventory the access checks read (a scan's output).
    """
    from gdpr_audit.spark.assess import (
        raw_columns,
        register_model,
        run_spark_assessment,
        write_assessment,
        write_bookkeeping,
        write_run,
    )
    from gdpr_audit.spark.session import spark_session

    salt = salt or settings().pseudonym_salt
    if not salt:
        raise UsageError("set GDPR_AUDIT_SALT to the audit's salt: pseudonymous ids need it")
    spark = spark_session(master)
    views = register_model(spark, model)
    config = load_audit_config(config_path)
    result = run_spark_assessment(spark, as_of, salt, config, areas,
                                  raw=raw_columns(spark, raw) if raw else None)
    rows = write_assessment(spark, result, out)
    written = write_run(spark, result, out, config, salt)
    written.update(write_bookkeeping(spark, views, out))
    return {"audit_findings": rows, **written, "failed": result.failed}


def assess_for_database(db: Path, model: str, out: str, as_of: dt.date, *,
                        raw: str | None = None, master: str | None = None,
                        config_path: Path | None = None,
                        areas: list[str] | None = None) -> str:
    """``gdpr-audit assess --engine spark``: the checks on the lake's canonical tables
    with the salt of ``db`` (the audit database the results are imported into, so
    pseudonymous ids match; a new database with its own salt when ``db`` does not exist:
    a lake audit loads nothing); one line saying what was written and what did not run."""
    from gdpr_audit.core.db import audit_salt, connect

    con = connect(db)
    try:
        salt = audit_salt(con)
    finally:
        con.close()
    done = run_assess_job(model, out, as_of, master=master, config_path=config_path,
                          salt=salt, raw=raw, areas=areas)
    failed = ", ".join(f"{c} ({why})" for c, why in sorted(done["failed"].items()))
    return (f"{done['audit_findings']:,} audit_findings rows in {out}; not on Spark: "
            f"{failed or 'none'}; then gdpr-audit import-results {out} --db {db}")


def main(argv: list[str] | None = None) -> None:
    """``spark-submit`` / ``python -m gdpr_audit.spark.job`` entry point."""
    parser = argparse.ArgumentParser(prog="gdpr_audit.spark.job")
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser("scan", help="discover personal data in lake tables")
    scan.add_argument("--input", action="append", required=True)
    scan.add_argument("--out", required=True)
    scan.add_argument("--sample", type=int)
    scan.add_argument("--no-ner", action="store_true")
    scan.add_argument("--partitions", type=int,
                      help="tasks per free-text column (default spark.default.parallelism)")
    model = sub.add_parser("model", help="build the canonical tables from lake raw tables")
    model.add_argument("--raw", required=True)
    model.add_argument("--out", required=True)
    model.add_argument("--profile")
    model.add_argument("--timezone")
    model.add_argument("--master")
    assess = sub.add_parser("assess", help="run the checks on canonical lake tables")
    assess.add_argument("--model", required=True)
    assess.add_argument("--out", required=True)
    assess.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    assess.add_argument("--raw", help="the lake's raw tables (access checks list them)")
    for p in (scan, assess):
        p.add_argument("--master")
        p.add_argument("--config", type=Path)
    args = parser.parse_args(argv)
    if args.command == "model":
        try:
            done = run_model_job(args.raw, args.out, master=args.master, profile=args.profile,
                                 timezone=args.timezone)
        except UsageError as exc:
            parser.exit(2, f"error: {exc}\n")
        print(json.dumps(done))
    elif args.command == "scan":
        job = run_scan_job(args.input, args.out, master=args.master, sample=args.sample,
                           ner=not args.no_ner, config_path=args.config,
                           partitions=args.partitions)
        print(json.dumps(job.__dict__))
    else:
        print(json.dumps(run_assess_job(args.model, args.out, args.as_of, master=args.master,
                                        config_path=args.config, raw=args.raw)))


if __name__ == "__main__":
    main()
