"""A DuckDB-shaped connection over a SparkSession, so the assessment runs unchanged.

The checks and their helpers call ``con.execute(sql, params)`` with DuckDB SQL (the
files of ``gdpr_audit/sql/assess``), ``register``/``unregister`` for pandas frames and
``.df()``/``.fetchall()``/``.fetchone()`` on the result. :class:`SparkConnection` offers
exactly that: each statement is transpiled from DuckDB's dialect to Spark SQL with
sqlglot and run by ``spark.sql`` with the same named parameters (``$as_of`` becomes
``:as_of``; values never enter the SQL text). Temp tables become temp views over a
materialised (locally checkpointed) DataFrame; catalog lookups
(``information_schema.tables``, ``duckdb_tables()``) are answered from Spark's catalog.

Pseudonyms: ``{ref:PREFIX:column}`` is the same HMAC-SHA-256 as
:func:`gdpr_audit.core.privacy.pseudonym`, spelled in Spark SQL (``sha2``/``unhex``); the
key pads derived from the salt travel as binary parameters.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlglot
from sqlglot import exp

from gdpr_audit.core.errors import InputError
from gdpr_audit.core.privacy import PSEUDONYM_LENGTH

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: Name of the placeholder function a ``{ref:P:col}`` macro becomes before transpiling.
REF_FUNCTION = "gdpr_ref_"
#: Prefix of the temp views holding the lake's raw tables (listed as schema ``raw``).
RAW_VIEW_PREFIX = "_gdpr_raw__"
_REF_CALL = re.compile(r"\bgdpr_ref_([A-Z]+)\(([A-Za-z_][A-Za-z0-9_.`]*)\)", re.IGNORECASE)
_CATALOG = re.compile(r"information_schema\.|duckdb_tables\(\)", re.IGNORECASE)
_BLOCK, _IPAD, _OPAD = 64, 0x36, 0x5C


def hmac_pads(salt: str) -> tuple[bytes, bytes]:
    """The inner and outer HMAC key pads of ``salt`` (key = sha256(salt), RFC 2104)."""
    key = hashlib.sha256(salt.encode()).digest().ljust(_BLOCK, b"\0")
    return bytes(b ^ _IPAD for b in key), bytes(b ^ _OPAD for b in key)


def pseudonym_spark(expr: str, prefix: str) -> str:
    """Spark SQL for :func:`gdpr_audit.core.privacy.pseudonym` of ``expr`` (a column)."""
    inner = f"unhex(sha2(concat(:_ipad, encode(CAST({expr} AS STRING), 'UTF-8')), 256))"
    return (f"concat('{prefix}-', substr(sha2(concat(:_opad, {inner}), 256), 1, "
            f"{PSEUDONYM_LENGTH}))")


# DuckDB's len() of a list; the assessment SQL uses length() for text only.
_LIST_LEN = re.compile(r"\blen\(", re.IGNORECASE)


def _anon(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=list(args))


def _fix(node: exp.Expression) -> exp.Expression:
    """Rewrite what sqlglot 30 leaves DuckDB-shaped (or gets wrong) for Spark.

    - ``timezone(zone, ts)`` (wall-clock time in a zone) -> ``from_utc_timestamp(ts, zone)``
      shifted back by ``current_timezone()`` (reads as that wall-clock in any session zone);
    - ``epoch(x)`` and ``epoch(a - b)`` (seconds, fractional) -> ``unix_micros`` / 1e6;
    - ``epoch_us(x)`` -> ``unix_micros(x)``;
    - ``d + to_months(n)`` / ``d - to_years(n)`` -> ``add_months(d, ±n[*12])``;
    - ``a - b`` of two days (DuckDB: whole days; Spark: an interval) -> ``datediff(a, b)``,
      recognised by the assessment SQL's naming of the subtrahend: ``CAST(... AS DATE)``,
      ``*_day``, ``*_date``, ``*_deadline`` (``day - 90`` stays Spark's date arithmetic);
    - ``CAST(x AS TIME)`` -> the time of day as fixed-width text (:func:`_time_of_day`);
    - ``isodow(x)``: sqlglot writes ``dayofweek(x) % 7 + 1`` (Sunday -> 2); ISO is
      ``(dayofweek(x) + 5) % 7 + 1`` (Monday 1 ... Sunday 7).
    """
    if isinstance(node, exp.Anonymous):
        name = str(node.this).lower()
        args = node.expressions
        if name == "timezone" and len(args) == 2:
            # shifted back by the session zone, so the value reads as the zone's wall-clock
            # time whatever the session zone (DuckDB returns a zone-less timestamp)
            return _anon("TO_UTC_TIMESTAMP", _anon("FROM_UTC_TIMESTAMP", args[1], args[0]),
                         _anon("CURRENT_TIMEZONE"))
        if name == "epoch_us" and len(args) == 1:
            return _anon("UNIX_MICROS", args[0])
    if isinstance(node, exp.TimeToUnix):
        arg = node.this
        if isinstance(arg, exp.Paren):
            arg = arg.this
        if isinstance(arg, exp.Sub):
            micros: exp.Expression = exp.Sub(this=_anon("UNIX_MICROS", arg.this),
                                             expression=_anon("UNIX_MICROS", arg.expression))
        else:
            micros = _anon("UNIX_MICROS", arg)
        return exp.Div(this=exp.Paren(this=micros), expression=exp.Literal.number("1000000.0"))
    if isinstance(node, exp.Add | exp.Sub) and isinstance(node.expression, exp.Anonymous):
        unit = str(node.expression.this).lower()
        if unit in ("to_months", "to_years") and len(node.expression.expressions) == 1:
            months: exp.Expression = exp.Paren(this=node.expression.expressions[0])
            if unit == "to_years":
                months = exp.Mul(this=months, expression=exp.Literal.number(12))
            if isinstance(node, exp.Sub):
                months = exp.Neg(this=exp.Paren(this=months))
            return _anon("ADD_MONTHS", node.this, months)
    if isinstance(node, exp.Sub) and _is_day(node.expression):
        return _anon("DATEDIFF", node.this, node.expression)
    if isinstance(node, exp.Cast) and node.to.this == exp.DataType.Type.TIME:
        return _time_of_day(node.this)
    if isinstance(node, exp.Column) and node.name.lower() == "rowid" and not node.args.get(
            "quoted") and isinstance(node.this, exp.Identifier) and not node.this.quoted:
        # DuckDB's row id: the statements that use it (subject search) only count or
        # group rows by it within one query
        return _anon("MONOTONICALLY_INCREASING_ID")
    if isinstance(node, exp.RegexpFullMatch):
        # Spark has no full-match function: RLIKE finds, so the pattern is anchored
        pattern = node.expression
        if isinstance(pattern, exp.Literal) and pattern.is_string:
            pattern = exp.Literal.string(f"^(?:{pattern.this})$")
        else:
            pattern = _anon("CONCAT", exp.Literal.string("^(?:"), pattern,
                            exp.Literal.string(")$"))
        return exp.RegexpLike(this=node.this, expression=pattern)
    if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Pivot) and node.this.args.get(
            "unpivot"):
        return _unpivot(node, node.this)
    if isinstance(node, exp.DayOfWeekIso):
        dow = exp.Add(this=_anon("DAYOFWEEK", node.this), expression=exp.Literal.number(5))
        mod = exp.Mod(this=exp.Paren(this=dow), expression=exp.Literal.number(7))
        return exp.Paren(this=exp.Add(this=exp.Paren(this=mod), expression=exp.Literal.number(1)))
    return node


def _unpivot(node: exp.Subquery, pivot: exp.Pivot) -> exp.Expression:
    """DuckDB's ``(UNPIVOT t ON a, b INTO NAME n VALUE v)`` -> ``(SELECT * FROM (SELECT *,
    inline(array(named_struct('n', 'a', 'v', a), ...)) AS (n, v) FROM t) WHERE v IS NOT NULL)``:
    one row per column and value, NULL values left out as DuckDB's UNPIVOT does (the
    unpivoted columns stay beside them; nothing here reads them)."""
    into = pivot.args.get("into")
    if not isinstance(into, exp.UnpivotColumns) or len(into.expressions) != 1:
        return node
    name, value = into.this.name, into.expressions[0].name
    # named fields: Spark's array() wants one struct type, and struct(a) is named after a
    structs = [_anon("NAMED_STRUCT", exp.Literal.string("n"), exp.Literal.string(c.name),
                     exp.Literal.string("v"), c.copy()) for c in pivot.expressions]
    rows = exp.Aliases(this=_anon("INLINE", _anon("ARRAY", *structs)),
                       expressions=[exp.to_identifier(name), exp.to_identifier(value)])
    inner = exp.select(exp.Star(), rows).from_(pivot.this.copy()).subquery("_unpivoted")
    outer = exp.select(exp.Star()).from_(inner).where(
        exp.Not(this=exp.Is(this=exp.column(value), expression=exp.Null())))
    return exp.Subquery(this=outer, alias=node.args.get("alias"))


def _time_of_day(value: exp.Expression) -> exp.Expression:
    """``CAST(x AS TIME)`` -> ``date_format(ts, 'HH:mm:ss.SSSSSS')``: Spark has no TIME type
    (sqlglot writes TIMESTAMP, which compares today's date too); the fixed-width text
    orders as the time of day does. A parameter or text literal (``'07:00'``) is read as
    that time on 1970-01-01, anything else as a timestamp."""
    if isinstance(value, exp.Placeholder) or (isinstance(value, exp.Literal)
                                              and value.is_string):
        value = exp.Cast(this=_anon("CONCAT", exp.Literal.string("1970-01-01 "), value),
                         to=exp.DataType.build("TIMESTAMP"))
    return _anon("DATE_FORMAT", value, exp.Literal.string("HH:mm:ss.SSSSSS"))


def raw_view(table: str) -> str:
    """Temp view of the lake's raw table ``table``: what DuckDB calls ``raw.<table>``."""
    return f"{RAW_VIEW_PREFIX}{table}"


def _catalog_tables(node: exp.Expression) -> exp.Expression:
    """``information_schema.tables|columns`` and ``duckdb_tables()`` -> the catalog views;
    ``raw.<table>`` -> its temp view (:func:`raw_view`)."""
    if isinstance(node, exp.Table):
        if node.db.lower() == "main" and not node.catalog:  # temp views have no schema
            return exp.Table(this=node.this, alias=node.args.get("alias"))
        if node.db.lower() == "raw" and not node.catalog:
            return exp.Table(this=exp.to_identifier(raw_view(node.name)),
                             alias=node.args.get("alias") or exp.TableAlias(
                                 this=exp.to_identifier(node.name)))
        if str(node.this).lower() == "duckdb_tables()" or (
                isinstance(node.this, exp.Anonymous)
                and str(node.this.this).lower() == "duckdb_tables"):
            return exp.alias_(  # type: ignore[return-value]
                exp.select("table_schema AS schema_name", "table_name").from_("_gdpr_tables")
                .subquery(), node.alias or "duckdb_tables", table=True)
        if node.db.lower() == "information_schema" and node.name.lower() in ("tables",
                                                                             "columns"):
            return exp.Table(this=exp.to_identifier(f"_gdpr_{node.name.lower()}"),
                             alias=node.args.get("alias"))
    return node


def _zip_unnest(node: exp.Expression) -> exp.Expression:
    """``unnest`` of lists in a SELECT without FROM (DuckDB zips several, and allows them
    inside expressions) -> Spark's one generator per SELECT, never nested:

    - ``SELECT unnest(a) AS x, unnest(b) AS y`` -> ``SELECT inline(arrays_zip(a, b)) AS (x, y)``;
    - ``SELECT upper(unnest(a)) AS x, lower(unnest(b)) AS y`` -> ``SELECT upper(_u0) AS x,
      lower(_u1) AS y FROM (SELECT inline(arrays_zip(a, b)) AS (_u0, _u1)) AS _unnest``
      (``explode`` for one list). Lists of unequal length pad with NULL in both engines.
    """
    if not isinstance(node, exp.Select) or node.args.get("from_") or node.args.get("from"):
        return node
    items = node.expressions
    if len(items) >= 2 and all(isinstance(i, exp.Alias) and isinstance(i.this, exp.Explode)
                               for i in items):
        zipped = _anon("INLINE", _anon("ARRAYS_ZIP", *[i.this.this for i in items]))
        aliases = exp.Aliases(this=zipped,
                              expressions=[exp.to_identifier(i.alias) for i in items])
        return node.select(aliases, append=False)
    generators = [g for i in items for g in i.find_all(exp.Explode)]
    if not generators or any(g.find_ancestor(exp.Select) is not node for g in generators):
        return node
    names = [exp.to_identifier(f"_u{n}") for n in range(len(generators))]
    lists = [g.this for g in generators]
    for generator, name in zip(generators, names, strict=True):
        generator.replace(exp.column(name))
    inner: exp.Expression
    if len(lists) == 1:
        inner = exp.alias_(_anon("EXPLODE", lists[0]), names[0])  # type: ignore[assignment]
    else:
        inner = exp.Aliases(this=_anon("INLINE", _anon("ARRAYS_ZIP", *lists)),
                            expressions=names)
    return node.from_(exp.select(inner).subquery("_unnest"))


def _distinct_string_agg(node: exp.Expression) -> exp.Expression:
    """``string_agg(DISTINCT x, s ORDER BY x) [FILTER (WHERE c)]`` ->
    ``CASE WHEN size(collect_set(x')) > 0 THEN array_join(array_sort(collect_set(x')), s) END``
    with ``x' = CASE WHEN c THEN x END``.

    Spark 4 plans two DISTINCT ``listagg ... WITHIN GROUP`` of one SELECT (or one with
    FILTER) through its distinct-aggregate rewrite and fails at run time
    (ClassCastException: AttributeReference to SortOrder). A sorted set is the same text:
    both engines skip NULLs, order text by code point, and give NULL for no value.
    """
    cond = None
    agg = node
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.GroupConcat):
        agg = node.this
        where = node.expression
        cond = where.this if isinstance(where, exp.Where) else where
    if not isinstance(agg, exp.GroupConcat):
        return node
    order = agg.this
    if not isinstance(order, exp.Order) or not isinstance(order.this, exp.Distinct):
        return node
    values, keys = order.this.expressions, order.expressions
    if (len(values) != 1 or len(keys) != 1 or keys[0].this != values[0]
            or keys[0].args.get("desc")):
        return node
    value = values[0].copy()
    if cond is not None:
        value = exp.Case(ifs=[exp.If(this=cond.copy(), true=value)])
    separator = agg.args.get("separator") or exp.Literal.string(",")
    joined = _anon("ARRAY_JOIN", _anon("ARRAY_SORT", _anon("COLLECT_SET", value)),
                   separator.copy())
    some = exp.GT(this=_anon("SIZE", _anon("COLLECT_SET", value.copy())),
                  expression=exp.Literal.number(0))
    return exp.Case(ifs=[exp.If(this=some, true=joined)])


def _is_day(node: exp.Expression) -> bool:
    if isinstance(node, exp.Cast):
        return node.to.this == exp.DataType.Type.DATE
    return isinstance(node, exp.Column) and node.name.endswith(("_day", "_date", "_deadline"))


# DuckDB's %Z (zone name, "Europe/Berlin") is Spark's VV; sqlglot writes z ("CET").
_ZONE_PATTERN = re.compile(r"(DATE_FORMAT\([^']*'[^']*?)(?<![A-Za-z])z(?=[^']*')")


def transpile(statement: exp.Expression) -> str:
    """One parsed DuckDB statement as Spark SQL (fixes applied, pseudonym calls expanded)."""
    text = (statement.transform(_fix).transform(_distinct_string_agg).transform(_zip_unnest)
            .sql(dialect="spark"))
    return _expand_refs(_ZONE_PATTERN.sub(r"\1VV", text))


def parse_duckdb(sql: str) -> list[exp.Expression]:
    """DuckDB statements parsed by sqlglot (``len()`` of lists read as ``array_length``)."""
    parsed = sqlglot.parse(_LIST_LEN.sub("array_length(", sql), read="duckdb")
    return [s for s in parsed if s is not None]  # type: ignore[misc]


def to_spark_sql(duckdb_sql: str) -> list[str]:
    """DuckDB statements -> Spark SQL statements (sqlglot), pseudonym calls expanded."""
    return [transpile(s) for s in parse_duckdb(duckdb_sql)]


def _expand_refs(spark_sql: str) -> str:
    return _REF_CALL.sub(lambda m: pseudonym_spark(m.group(2), m.group(1).upper()), spark_sql)


class SparkResult:
    """The result of one statement, read like a DuckDB result."""

    def __init__(self, frame: DataFrame | None = None, rows: list[tuple[Any, ...]] | None = None):
        self._frame = frame
        self._rows = rows

    def df(self) -> pd.DataFrame:
        if self._frame is None:
            return pd.DataFrame()
        return self._frame.toPandas()

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self._rows is None:
            self._rows = [] if self._frame is None else [tuple(r) for r in self._frame.collect()]
        return self._rows

    def fetchone(self) -> tuple[Any, ...] | None:
        rows = self.fetchall()
        return rows[0] if rows else None


class SparkConnection:
    """What the assessment needs of a DuckDB connection, over ``spark``.

    Args:
        spark: the session whose temp views hold the canonical tables.
        salt: salt of pseudonymous ids (its HMAC pads become the ``_ipad``/``_opad``
            parameters of every statement).
        raw_columns: raw table -> its columns (the lake's raw tables, which the access
            checks list as schema ``raw`` as DuckDB's catalog does; never read).
    """

    def __init__(self, spark: SparkSession, salt: str,
                 raw_columns: Mapping[str, Sequence[str]] | None = None) -> None:
        self.spark = spark
        self._pads = hmac_pads(salt)
        self.raw_columns = dict(raw_columns or {})
        self.statements = 0

    def cursor(self) -> SparkConnection:
        return self

    def register(self, name: str, frame: pd.DataFrame) -> None:
        frame_to_spark(self.spark, frame).createOrReplaceTempView(name)

    def unregister(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)

    def execute(self, sql: str, params: Mapping[str, Any] | Sequence[Any] | None = None
                ) -> SparkResult:
        """Run DuckDB SQL (one or more statements) on Spark; the last statement's result."""
        if _CATALOG.search(sql):
            self._catalog_views()
        result = SparkResult(rows=[])
        for statement in parse_duckdb(sql):
            if isinstance(statement, exp.Set):
                self._set(statement, params)
                continue
            statement = self._expand_stars(statement.transform(_catalog_tables))
            result = self._run(statement, params)
        return result

    def _set(self, statement: exp.Set, params: Any) -> None:
        """``SET TimeZone = $zone``: the session time zone (others are DuckDB-only: ignored)."""
        item = statement.expressions[0].this if statement.expressions else None
        if not isinstance(item, exp.EQ) or item.this.name.lower() != "timezone":
            return
        value = item.expression
        if isinstance(value, exp.Placeholder) and isinstance(params, Mapping):
            zone = str(params[value.name])
        else:
            zone = value.name
        self.spark.conf.set("spark.sql.session.timeZone", zone)

    def _catalog_views(self) -> None:
        """Temp views ``_gdpr_tables`` / ``_gdpr_columns``: the session's temp views as
        DuckDB's ``information_schema`` shows tables (schema ``main``), and the raw tables
        of :attr:`raw_columns` (schema ``raw``)."""
        tables, columns = [], []
        views = {t.name for t in self.spark.catalog.listTables() if t.isTemporary}
        listed = [("main", name, self.spark.table(name).dtypes)
                  for name in sorted(views) if not name.startswith("_gdpr_")]
        # raw tables: their views' types when registered (register_raw), else text
        listed += [("raw", name, self.spark.table(raw_view(name)).dtypes
                    if raw_view(name) in views else [(c, "string") for c in cols])
                   for name, cols in self.raw_columns.items()]
        for schema, name, typed in listed:
            tables.append((schema, name))
            columns += [(schema, name, c, position, _DUCKDB_TYPES.get(t, t.upper()))
                        for position, (c, t) in enumerate(typed, start=1)]
        self.spark.createDataFrame(
            tables, "table_schema string, table_name string"
        ).createOrReplaceTempView("_gdpr_tables")
        self.spark.createDataFrame(
            columns, "table_schema string, table_name string, column_name string, "
            "ordinal_position int, data_type string"
        ).createOrReplaceTempView("_gdpr_columns")

    def _expand_stars(self, statement: exp.Expression) -> exp.Expression:
        """``t.* REPLACE (expr AS c)`` (no Spark counterpart) -> t's columns listed."""
        for star in list(statement.find_all(exp.Star)):
            replace = star.args.get("replace")
            column = star.parent if isinstance(star.parent, exp.Column) else None
            if not replace or column is None or not column.table:
                continue
            select = column.find_ancestor(exp.Select)
            alias = column.table
            table = next((t for t in select.find_all(exp.Table)
                          if (t.alias_or_name == alias)), None) if select else None
            if table is None or select is None:
                continue
            by_name = {r.alias: r for r in replace}
            items = [by_name.get(c, exp.column(c, table=alias))
                     for c in self.spark.table(table.name).columns]
            position = select.expressions.index(column)
            select.set("expressions", [*select.expressions[:position], *items,
                                       *select.expressions[position + 1:]])
        return statement

    def _args(self, text: str, params: Mapping[str, Any] | Sequence[Any] | None) -> Any:
        if params is None or isinstance(params, Mapping):
            named = dict(params or {})
            named["_ipad"], named["_opad"] = (bytearray(p) for p in self._pads)
            used = set(re.findall(r":([A-Za-z_][A-Za-z0-9_]*)", text))
            return {k: _literal(v) for k, v in named.items() if k in used}
        return [_literal(v) for v in params]

    def _sql(self, text: str, params: Any) -> DataFrame:
        self.statements += 1
        return self.spark.sql(text, args=self._args(text, params) or None)

    def _run(self, statement: exp.Expression, params: Any) -> SparkResult:
        if isinstance(statement, exp.Drop):
            for table in statement.args.get("tables") or [statement.this]:
                self.spark.catalog.dropTempView(table.name)
            return SparkResult(rows=[])
        if isinstance(statement, exp.Create) and statement.kind in ("TABLE", "VIEW"):
            return self._create(statement, params)
        if isinstance(statement, exp.Delete):
            return self._delete(statement, params)
        if isinstance(statement, exp.Insert):
            return self._insert(statement, params)
        return SparkResult(frame=self._sql(transpile(statement), params))

    def _create(self, statement: exp.Create, params: Any) -> SparkResult:
        target = statement.this
        name = target.this.name if isinstance(target, exp.Schema) else target.name
        body = statement.expression
        if body is None and isinstance(target, exp.Schema):
            ddl = ", ".join(f"`{c.name}` {c.args['kind'].sql(dialect='spark')}"
                            for c in target.expressions)
            frame = self.spark.createDataFrame([], ddl)
        else:
            frame = self._sql(transpile(body), params)
            if statement.kind == "TABLE":
                frame = frame.localCheckpoint()  # a table is computed once, as in DuckDB
        frame.createOrReplaceTempView(name)
        return SparkResult(rows=[])

    def _insert(self, statement: exp.Insert, params: Any) -> SparkResult:
        """``INSERT INTO temp SELECT ...``: the view becomes its rows plus the new ones."""
        name = statement.this.name
        text = transpile(statement.expression)
        current = self.spark.table(name)
        added = self._sql(text, params)
        added = added.toDF(*current.columns[: len(added.columns)])
        current.unionByName(added).localCheckpoint().createOrReplaceTempView(name)
        return SparkResult(rows=[])

    def _delete(self, statement: exp.Delete, params: Any) -> SparkResult:
        """``DELETE FROM temp WHERE c``: the view becomes the rows where c is not true."""
        name = statement.this.name
        where = statement.args.get("where")
        keep = (f"SELECT * FROM `{name}` WHERE NOT coalesce(({transpile(where.this)}), false)"
                if where is not None else f"SELECT * FROM `{name}` WHERE false")
        self._sql(keep, params).localCheckpoint().createOrReplaceTempView(name)
        return SparkResult(rows=[])


#: Spark's type names as DuckDB's information_schema spells them (others upper-cased).
_DUCKDB_TYPES = {"string": "VARCHAR", "int": "INTEGER", "bigint": "BIGINT",
                 "double": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE",
                 "timestamp": "TIMESTAMP WITH TIME ZONE", "timestamp_ntz": "TIMESTAMP"}


def _literal(value: Any) -> Any:
    """A parameter value Spark's ``lit`` accepts (lists stay lists, pandas NA is None)."""
    if isinstance(value, tuple):
        return list(value)
    return value


def frame_to_spark(spark: SparkSession, frame: pd.DataFrame) -> DataFrame:
    """A pandas frame as a Spark DataFrame; columns without values become strings."""
    from pyspark.sql.types import StringType, StructField, StructType

    frame = frame.copy()
    fields: list[StructField | None] = []
    for name in frame.columns:
        series = frame[name]
        if series.isna().all():
            frame[name] = series.astype(object).where(series.notna(), None)
            fields.append(StructField(str(name), StringType(), True))
        else:
            fields.append(None)
    if len(frame) == 0 or all(f is not None for f in fields):
        schema = StructType([f or StructField(str(n), StringType(), True)
                             for f, n in zip(fields, frame.columns, strict=True)])
        rows = [tuple(None if pd.isna(v) else v for v in r) for r in frame.itertuples(False)]
        return spark.createDataFrame(rows, schema)
    for name in frame.columns:
        if str(frame[name].dtype) in ("str", "string"):
            frame[name] = frame[name].astype(object)
    return spark.createDataFrame(frame)


def require_views(spark: SparkSession, names: Sequence[str]) -> None:
    """Raise :class:`InputError` naming the canonical tables missing from the session."""
    missing = [n for n in names if not spark.catalog.tableExists(n)]
    if missing:
        raise InputError(f"canonical table(s) missing in the lake: {', '.join(missing)}")
