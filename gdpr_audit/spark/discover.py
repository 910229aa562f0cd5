"""The discover stage on Spark: the same classifiers and recognizers, run by executors.

- Column classification: Spark counts each column's distinct non-empty values and
  draws up to ``options.sample`` of them per column (one job per table, all columns at
  once); the driver classifies them with :func:`classify_column`, as the DuckDB path does.
- Free text: the non-empty cells of free-text columns go through ``mapInPandas`` to
  :func:`gdpr_audit.discover.text.scan_texts`, the batch function the process pool runs.
  Each executor's Python worker builds its engine once (``TextScanner.shared``, cached
  per process; ``spark.python.worker.reuse``) and keeps it for every batch.
- Output: DataFrames with the columns of ``pii_columns`` and ``pii_findings``
  (docs/data-model.md), written as Parquet by :func:`write_results`. Executors return
  masked hints only: no raw value leaves a worker.

The sample: DuckDB orders distinct values by its own ``hash(value, seed)``, Spark by
``xxhash64(value, seed)``. Both are uniform samples of the distinct values, and for a
column with at most ``sample`` distinct values both are all of them (identical results);
above that the two engines may pick different values (docs/scale-out.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from gdpr_audit.core.privacy import mask_hint
from gdpr_audit.discover.columns import ColumnClassification, classify_column
from gdpr_audit.discover.engine import EngineConfig
from gdpr_audit.discover.scan import (
    PROVENANCE,
    SCORE_UNITS,
    ColumnTally,
    ScanOptions,
    column_evidence,
)
from gdpr_audit.discover.values import profile_values
from gdpr_audit.spark.inputs import LakeTable, read_raw

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: Columns of pii_columns and pii_findings, in table order (gdpr_audit/sql/discover).
PII_COLUMNS = ["table_name", "source", "column_name", "entity_type", "category", "score",
               "share", "why", "free_text", "rows"]
PII_FINDINGS = ["source", "table_name", "column_name", "record_no", "entity_type", "category",
                "score", "hint", "language", "reason"]
_FINDINGS_SCHEMA = ("record_no long, entity_type string, category string, score double, "
                    "hint string, language string, reason string")


@dataclass
class SparkScan:
    """What a Spark scan produced: the two inventory tables and per-table facts."""

    columns: pd.DataFrame  # PII_COLUMNS (small: one row per column and type)
    findings: DataFrame  # PII_FINDINGS (large: one row per detection), lazily computed
    tables: list[dict[str, Any]]  # table, source, rows, columns, free_text columns


def scan_batches(
    batches: Iterator[pd.DataFrame], config: EngineConfig, batch_size: int
) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` body: (record_no, text) batches -> detections with masked hints.

    Identical texts of a batch are scanned once, as the DuckDB path does per chunk.
    """
    from gdpr_audit.discover.text import scan_texts

    for frame in batches:
        texts = frame["text"].tolist()
        unique = list(dict.fromkeys(texts))
        detected = dict(zip(unique, scan_texts(unique, batch_size=batch_size, config=config),
                            strict=True))
        out: dict[str, list[Any]] = {k: [] for k in
                                     ("record_no", "entity_type", "category", "score", "hint",
                                      "language", "reason")}
        for record_no, text in zip(frame["record_no"].tolist(), texts, strict=True):
            for d in detected[text]:
                out["record_no"].append(record_no)
                out["entity_type"].append(d.entity_type)
                out["category"].append(d.category)
                out["score"].append(round(float(d.score), 4))
                out["hint"].append(mask_hint(text[d.start : d.end], d.entity_type))
                out["language"].append(d.language)
                out["reason"].append(d.reason)
        # object columns: pandas 3's Arrow-backed strings reach Arrow as chunked arrays,
        # which PySpark's batch writer rejects
        yield pd.DataFrame({
            k: pd.Series(v, dtype="int64" if k == "record_no" else
                         "float64" if k == "score" else object)
            for k, v in out.items()
        })


def _samples(df: DataFrame, columns: list[str], options: ScanOptions) -> dict[str, Any]:
    """Per column: (sampled distinct values, non-empty rows); one Spark job for all."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    if not columns:
        return {}
    pairs = df.select(F.explode(F.array(*[
        F.struct(F.lit(i).alias("c"), F.trim(F.col(f"`{c}`")).alias("v"))
        for i, c in enumerate(columns)
    ])).alias("p")).select("p.c", "p.v").where("v IS NOT NULL AND v <> ''")
    counted = pairs.groupBy("c", "v").count()
    by_column = Window.partitionBy("c")
    ranked = counted.select(
        "c", "v",
        F.sum("count").over(by_column).alias("non_empty"),
        F.row_number().over(by_column.orderBy(F.xxhash64("v", F.lit(options.seed)), "v"))
        .alias("rn"),
    ).where(F.col("rn") <= options.sample)
    out: dict[str, Any] = {c: ([], 0) for c in columns}
    for row in ranked.collect():
        values, _ = out[columns[row["c"]]]
        values.append(row["v"])
        out[columns[row["c"]]] = (values, int(row["non_empty"]))
    return out


def _free_text(spark: SparkSession, df: DataFrame, table: str, source: str, column: str,
               options: ScanOptions, config: EngineConfig, partitions: int) -> DataFrame:
    from pyspark.sql import functions as F

    cells = df.select(
        F.col("_record_no").cast("long").alias("record_no"),
        F.col(f"`{column}`").alias("text"),
    ).where(F.col("text").isNotNull() & (F.trim(F.col("text")) != ""))
    # a table of one file is one input partition, which one core would scan alone: the
    # cells are spread over ``partitions`` (never fewer than the input had)
    if cells.rdd.getNumPartitions() < partitions:
        cells = cells.repartition(partitions)
    batch_size = options.batch_size
    found = cells.mapInPandas(
        lambda it: scan_batches(it, config, batch_size), schema=_FINDINGS_SCHEMA
    )
    return found.select(
        F.lit(source).alias("source"), F.lit(table).alias("table_name"),
        F.lit(column).alias("column_name"), *found.columns,
    )


def _evidence(findings: DataFrame, non_empty: dict[tuple[str, str], int]) -> dict[
        tuple[str, str], list[Any]]:
    """Free-text column evidence from the findings, as :func:`column_evidence` computes it
    (scores summed in :data:`SCORE_UNITS`, exact in any order)."""
    from pyspark.sql import functions as F

    rows = findings.groupBy("table_name", "column_name", "entity_type", "category").agg(
        F.countDistinct("record_no").alias("rows_with"),
        F.count("*").alias("detections"),
        F.sum(F.round(F.col("score") * SCORE_UNITS).cast("long")).alias("units"),
    ).collect()
    tallies: dict[tuple[str, str], ColumnTally] = {}
    for r in rows:
        tally = tallies.setdefault((r["table_name"], r["column_name"]), ColumnTally())
        key = (r["entity_type"], r["category"])
        tally.rows_with[key] = int(r["rows_with"])
        tally.detections[key] = int(r["detections"])
        tally.score_units[key] = int(r["units"])
    return {k: column_evidence(tallies[k], n) if k in tallies else []
            for k, n in non_empty.items()}


def scan_lake(
    spark: SparkSession, tables: list[LakeTable], options: ScanOptions | None = None,
    partitions: int | None = None,
) -> SparkScan:
    """Classify every column of ``tables`` and scan their free-text columns on Spark.

    ``partitions``: the free-text cells of a column are scanned in at least this many
    tasks (default ``spark.default.parallelism``, the cores of ``local[n]``).
    """
    options = options or ScanOptions()
    partitions = partitions or spark.sparkContext.defaultParallelism
    config = options.text_config or EngineConfig(ner=options.ner)
    facts: list[dict[str, Any]] = []
    classified: list[tuple[dict[str, Any], list[ColumnClassification]]] = []
    free_parts: list[DataFrame] = []
    free_non_empty: dict[tuple[str, str], int] = {}
    for table in tables:
        df = read_raw(spark, table).cache()
        rows = df.count()
        columns = [c for c in df.columns if c not in PROVENANCE]
        samples = _samples(df, columns, options)
        info: dict[str, Any] = {"table": table.name, "source": table.relative, "rows": rows,
                "columns": columns, "free_text": []}
        results = []
        for column in columns:
            values, non_empty = samples[column]
            result = classify_column(column, profile_values(values), min_score=options.min_score)
            if result.free_text:
                info["free_text"].append(column)
                free_non_empty[(table.name, column)] = non_empty
                free_parts.append(_free_text(spark, df, table.name, table.relative, column,
                                             options, config, partitions))
            results.append(result)
        facts.append(info)
        classified.append((info, results))
    findings = _union(spark, free_parts)
    if free_parts:
        findings = findings.localCheckpoint()  # scanned once, read by the evidence and writer
    evidence = _evidence(findings, free_non_empty) if free_parts else {}
    rows_out = []
    for info, results in classified:
        for result in results:
            entities = (evidence[(info["table"], result.column)] if result.free_text
                        else result.entities)
            rows_out += [
                (info["table"], info["source"], result.column, e.entity_type, e.category,
                 e.score, e.share, e.why, result.free_text, info["rows"])
                for e in entities
            ]
    return SparkScan(pd.DataFrame(rows_out, columns=PII_COLUMNS), findings, facts)


def _union(spark: SparkSession, parts: list[DataFrame]) -> DataFrame:
    if not parts:
        return spark.createDataFrame(
            [], "source string, table_name string, column_name string, " + _FINDINGS_SCHEMA
        )
    out = parts[0]
    for part in parts[1:]:
        out = out.unionByName(part)
    return out


def write_results(spark: SparkSession, scan: SparkScan, out: str,
                  tables: list[LakeTable] | None = None) -> dict[str, int]:
    """Write ``<out>/pii_columns`` and ``<out>/pii_findings`` as Parquet (overwrite), and
    with ``tables`` (those scanned) ``<out>/load_log``: what was read, for an audit
    database that loaded nothing itself (:func:`gdpr_audit.spark.lake.import_results`).

    Returns the row counts written.
    """
    if tables is not None:
        write_load_log(spark, tables, scan, out)
    columns = scan.columns.astype({"score": "float64", "share": "float64", "rows": "int64",
                                   "free_text": "bool"})
    schema = ("table_name string, source string, column_name string, entity_type string, "
              "category string, score double, share double, why string, free_text boolean, "
              "rows long")
    spark.createDataFrame(columns, schema=schema).coalesce(1).write.mode("overwrite").parquet(
        f"{out}/pii_columns")
    findings = scan.findings.select(*PII_FINDINGS)
    findings.write.mode("overwrite").parquet(f"{out}/pii_findings")
    return {"pii_columns": len(columns), "pii_findings": findings.count()}


def write_load_log(spark: SparkSession, tables: list[LakeTable], scan: SparkScan,
                   out: str) -> int:
    """``<out>/load_log``: one row per lake table the scan read, with the loader's columns.

    Spark reads every row of a lake table as text, so rows read = rows loaded and none
    are quarantined; ``size_bytes`` is the file or dataset folder's size. ``sha256`` is
    empty: the lake's files are not hashed (a full read of every byte on the driver).
    """
    import datetime as dt

    from gdpr_audit.spark.inputs import table_size

    rows_by_name = {t["table"]: t["rows"] for t in scan.tables}
    now = dt.datetime.now(dt.UTC)
    rows = []
    for table in tables:
        fmt = "tsv" if table.delimiter == "\t" else table.format
        n = int(rows_by_name.get(table.name, 0))
        rows.append((table.relative, table.name, "", table_size(spark, table.uri), fmt,
                     "utf-8" if table.format == "csv" else None,
                     table.delimiter if table.format == "csv" else None, n, n, 0, now))
    spark.createDataFrame(rows, "path string, table_name string, sha256 string, "
                          "size_bytes long, format string, encoding string, delimiter string, "
                          "rows_read long, rows_loaded long, rows_quarantined long, "
                          "loaded_at timestamp").coalesce(1).write.mode("overwrite").parquet(
        f"{out}/load_log")
    return len(rows)
