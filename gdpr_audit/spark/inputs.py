"""Tables of a data lake as Spark DataFrames: raw (like the loader's ``raw.*``) or typed.

A URI is anything Spark reads (a local folder, ``s3a://``, ``abfss://``, ``hdfs://``).
Under it, each entry is one table:

- a file ``contacts.parquet`` / ``notes.csv`` / ``sends.tsv``;
- a folder of Parquet or CSV part files (a Spark or Hive dataset: ``part-*`` files or a
  ``_SUCCESS`` marker);
- a Delta table (a folder with ``_delta_log``), when ``delta-spark`` is installed.

A folder holding none of these is walked, and its name becomes a prefix as in the
loader (``crm/kontakte.parquet`` -> ``crm__kontakte``, :func:`raw_table_name`).

Raw tables mirror the DuckDB loader's Parquet reader, so both engines scan the same
rows: every column cast to text (structs, lists and maps as JSON), ``_source_file`` the
path relative to the URI and ``_record_no`` the 1-based row in the file (Parquet's
``_metadata.row_index``; for a folder of parts, parts in name order, rows counted on).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gdpr_audit.core.errors import InputError
from gdpr_audit.load.naming import (
    RECORD_NO_COLUMN,
    SOURCE_FILE_COLUMN,
    column_names,
    raw_table_name,
    unique_name,
)
from gdpr_audit.spark.session import delta_available

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

FORMATS = {".parquet": "parquet", ".csv": "csv", ".tsv": "csv"}


@dataclass(frozen=True)
class LakeTable:
    """One table found under a URI."""

    name: str  # raw table name (loader naming)
    uri: str  # file or folder
    relative: str  # path relative to the URI it was found under (``_source_file``)
    format: str  # parquet | csv | delta
    delimiter: str = ","
    single_file: bool = True  # one file (record numbers need no per-part offsets)


def _fs(spark: SparkSession, uri: str):  # type: ignore[no-untyped-def]
    jvm: Any = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path  # type: ignore[attr-defined]


def table_size(spark: SparkSession, uri: str) -> int:
    """Bytes of a table's file or dataset folder (file system metadata, nothing read)."""
    fs, path = _fs(spark, uri)
    return int(fs.getContentSummary(path).getLength())


def _format_of(name: str) -> str | None:
    lower = name.lower()
    for ext, fmt in FORMATS.items():
        if lower.endswith(ext):
            return fmt
    return None


def discover_tables(spark: SparkSession, uris: list[str]) -> list[LakeTable]:
    """The tables under ``uris`` in a stable order (by relative path).

    Raises:
        InputError: a URI does not exist or holds no table.
    """
    found: list[LakeTable] = []
    taken: list[str] = []
    for uri in uris:
        fs, root = _fs(spark, uri)
        if not fs.exists(root):
            raise InputError(f"input not found: {uri}")
        before = len(found)
        if fs.getFileStatus(root).isFile():
            fmt = _format_of(root.getName())
            if fmt is None:
                raise InputError(f"{uri}: not a Parquet or CSV file")
            entries = [(root, root.getName(), fmt)]
        else:
            entries = _walk(fs, root, "")
        for path, relative, fmt in entries:
            name = unique_name(raw_table_name(relative), taken)
            taken.append(name)
            delimiter = "\t" if relative.lower().endswith(".tsv") else ","
            single = bool(fs.getFileStatus(path).isFile())
            found.append(LakeTable(name, path.toString(), relative, fmt, delimiter, single))
        if len(found) == before:
            raise InputError(f"no Parquet, CSV or Delta table under {uri}")
    return found


def _walk(fs, folder, prefix: str) -> list[tuple[object, str, str]]:  # type: ignore[no-untyped-def]
    out: list[tuple[object, str, str]] = []
    statuses = sorted(fs.listStatus(folder), key=lambda s: s.getPath().getName())
    for status in statuses:
        path = status.getPath()
        name = path.getName()
        if name.startswith((".", "_")):
            continue
        relative = f"{prefix}{name}"
        if status.isFile():
            fmt = _format_of(name)
            if fmt:
                out.append((path, relative, fmt))
            continue
        children = fs.listStatus(path)
        names = [c.getPath().getName() for c in children]
        if "_delta_log" in names:
            if delta_available():
                out.append((path, relative, "delta"))
            continue
        data = [n for n, c in zip(names, children, strict=True)
                if c.isFile() and not n.startswith((".", "_")) and _format_of(n)]
        formats = {_format_of(n) for n in data}
        # a dataset written by Spark/Hive (part files, a _SUCCESS marker) is one table;
        # a folder of named files is a folder of tables, as for the loader
        if len(formats) == 1 and ("_SUCCESS" in names or any(n.startswith("part-")
                                                              for n in data)):
            out.append((path, relative, formats.pop()))  # type: ignore[arg-type]
        else:
            out += _walk(fs, path, f"{relative}/")
    return out


def read_typed(spark: SparkSession, table: LakeTable) -> DataFrame:
    """The table as written (types kept): for canonical tables exported to the lake."""
    reader = spark.read
    if table.format == "csv":
        reader = reader.option("header", "true").option("multiLine", "true").option(
            "sep", table.delimiter
        ).option("escape", '"')
        return reader.csv(table.uri)
    return reader.format(table.format).load(table.uri)


def read_raw(spark: SparkSession, table: LakeTable) -> DataFrame:
    """The table as the loader's ``raw.<name>``: text columns plus provenance."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, MapType, StringType, StructType

    df = read_typed(spark, table)
    if table.format == "parquet":
        df = df.select("*", F.col("_metadata.file_name").alias("_part"),
                       F.col("_metadata.row_index").alias("_row"))
    else:
        # CSV and Delta have no file row index: the order Spark reads the rows in (a
        # multi-line CSV is one split per file, so this is the file's order)
        df = df.select("*", F.input_file_name().alias("_part"),
                       F.monotonically_increasing_id().alias("_mono"))
        order = Window.partitionBy("_part").orderBy("_mono")
        df = df.withColumn("_row", F.row_number().over(order) - 1).drop("_mono")
    data_fields = [f for f in df.schema.fields if f.name not in ("_part", "_row")]
    names = column_names([f.name for f in data_fields])
    exprs = []
    for field, name in zip(data_fields, names, strict=True):
        col = F.col(f"`{field.name}`")
        if isinstance(field.dataType, ArrayType | MapType | StructType):
            col = F.to_json(col)
        elif not isinstance(field.dataType, StringType):
            col = col.cast("string")
        exprs.append(col.alias(name))
    offset = F.lit(0)
    if not table.single_file:
        # rows before each part file (parts in name order), so record numbers run on
        counts = df.groupBy("_part").count().orderBy("_part").collect()
        offsets: dict[str, int] = {}
        running = 0
        for row in counts:
            offsets[row["_part"]] = running
            running += int(row["count"])
        pairs = [x for k, v in offsets.items() for x in (F.lit(k), F.lit(v))]
        offset = F.create_map(*pairs)[F.col("_part")] if pairs else F.lit(0)
    return df.select(
        *exprs,
        F.lit(table.relative).alias(SOURCE_FILE_COLUMN),
        (F.col("_row") + offset + 1).cast("long").alias(RECORD_NO_COLUMN),
    )
