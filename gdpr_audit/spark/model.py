"""The canonical model built on Spark from a lake's raw tables, from the DuckDB build's SQL.

Per (raw table, entity) the same plan as :func:`gdpr_audit.load.model.build_model`
(:func:`~gdpr_audit.load.mapping.plan_sources`: profile detection on the lake tables'
headers, the generic mapping on their values, both through a
:class:`~gdpr_audit.spark.sqlconn.SparkConnection`), the very same staging query
(:func:`~gdpr_audit.load.entity_sql.stage_query`), transpiled to Spark SQL by
:func:`model_sql`: sqlglot plus the fixes of :mod:`gdpr_audit.spark.sqlconn` and the
parsing fixes here (``try_strptime`` over format lists, naive local time to UTC with
DuckDB's rule at DST edges, Excel serials, regular-expression back references). The
counts of ``model_log`` (rows in, mapped, rejected, skipped, unparsed per column) are one
aggregation per stage, all stages in one Spark job, each stage kept (memory and disk)
for its write as DuckDB keeps its stage table. The kept rows of every stage feeding one
canonical table are one DataFrame union, written once as Parquet under
``<out>/model/<table>``, beside ``model_log``, ``column_lineage`` and ``subjects`` (the
subject map of :func:`gdpr_audit.load.subjects.build_subjects`, its SQL files
transpiled the same way): the layout ``assess --engine spark --model <out>/model`` reads.

The build runs in its own Spark session (:meth:`SparkSession.newSession`: same
cluster, own temp views and session time zone, UTC); raw values never reach the
driver, which sees counts and header names only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from gdpr_audit.core.errors import UsageError
from gdpr_audit.load.entity_sql import stage_query
from gdpr_audit.load.mapping import plan_sources
from gdpr_audit.load.match import header_key
from gdpr_audit.load.model import (
    ModelReport,
    SourceMapping,
    _check_timezone,
    _duplicate_warnings,
    _has_input,
)
from gdpr_audit.load.profile import (
    BOOKKEEPING_TABLES,
    canonical_schema,
    list_profiles,
    load_profile,
)
from gdpr_audit.spark.sqlconn import (
    SparkConnection,
    _anon,
    _catalog_tables,
    parse_duckdb,
    transpile,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: strftime directive -> (Java pattern letters, what DuckDB's strptime accepts there).
_DIRECTIVES = {
    "%d": ("d", r"\d{1,2}"), "%m": ("M", r"\d{1,2}"), "%Y": ("y", r"\d{1,4}"),
    "%H": ("H", r"\d{1,2}"), "%I": ("h", r"\d{1,2}"), "%M": ("m", r"\d{1,2}"),
    "%S": ("s", r"\d{1,2}"), "%f": ("SSSSSS", r"\d{1,6}"), "%p": ("a", "(?i:am|pm)"),
    "%b": ("MMM", "[A-Za-z]{3}"),
}
_DIRECTIVE = re.compile(r"%.|\s+|[^%\s]+")
#: DuckDB type names of the canonical DDL -> Spark's.
_SPARK_TYPES = {"VARCHAR": "string", "BIGINT": "bigint", "INTEGER": "int", "BOOLEAN": "boolean",
                "DATE": "date", "DOUBLE": "double", "JSON": "string",
                "TIMESTAMP WITH TIME ZONE": "timestamp", "TIMESTAMP": "timestamp"}
_MICROS_PER_DAY = 86_400_000_000
_UTC = ("utc", "etc/utc", "gmt", "etc/gmt", "z")
#: Tables the build writes besides the entities' canonical tables.
SUBJECTS = "subjects"


def strftime_to_java(fmt: str) -> tuple[str, str]:
    """(Spark/Java datetime pattern, anchored regular expression of the values DuckDB's
    ``strptime`` accepts) for a strftime format.

    DuckDB reads ``%d %m %H %M %S %I`` as one or two digits, ``%Y`` as one to four,
    ``%f`` as one to six (a fraction), ``%p`` and ``%b`` in any case, and a blank in the
    format as one or more blanks; Java's ``y`` takes more digits, so the expression
    guards what Java alone would accept beyond DuckDB.

    Raises:
        UsageError: a directive not listed in :data:`_DIRECTIVES`.
    """
    java, guard = [], []
    for token in _DIRECTIVE.findall(fmt):
        if token.startswith("%"):
            if token not in _DIRECTIVES:
                raise UsageError(f"date format {fmt!r}: {token} is not supported on Spark "
                                 f"(supported: {' '.join(_DIRECTIVES)})")
            letters, accepts = _DIRECTIVES[token]
            java.append(letters)
            guard.append(accepts)
        elif token.isspace():
            java.append(" ")
            guard.append(r"\s+")
        else:
            java.append("".join(f"'{c}'" if c.isalpha() or c in "'[]#{}" else c
                                for c in token).replace("''", "'\\''"))
            guard.append(re.escape(token))
    return "".join(java), "^" + "".join(guard) + r"\s*$"


def _try_strptime(value: exp.Expression, formats: list[str]) -> exp.Expression:
    """``try_strptime(v, f | [f, ...])`` -> the first format that reads ``v``:
    ``coalesce(CASE WHEN v RLIKE guard THEN try_to_timestamp(v', java) END, ...)`` with
    blanks collapsed in ``v'`` (DuckDB matches a blank with any run of blanks)."""
    spaced = _anon("REGEXP_REPLACE", value.copy(), exp.Literal.string(r"\s+"),
                   exp.Literal.string(" "))
    parts: list[exp.Expression] = []
    for fmt in formats:
        java, guard = strftime_to_java(fmt)
        parsed = _anon("TRY_TO_TIMESTAMP", spaced.copy(), exp.Literal.string(java))
        parts.append(exp.Case(ifs=[exp.If(
            this=exp.RegexpLike(this=value.copy(), expression=exp.Literal.string(guard)),
            true=parsed)]))
    return parts[0] if len(parts) == 1 else exp.Coalesce(this=parts[0], expressions=parts[1:])


def _micros(ts: exp.Expression) -> exp.Expression:
    return _anon("UNIX_MICROS", ts)


def _offset(instant: exp.Expression, zone: exp.Expression) -> exp.Expression:
    """Offset of ``zone`` at an instant, in microseconds (the session zone is UTC)."""
    return exp.Paren(this=exp.Sub(
        this=_micros(_anon("FROM_UTC_TIMESTAMP", instant, zone.copy())),
        expression=_micros(instant.copy())))


def _shifted(local: exp.Expression, micros: exp.Expression) -> exp.Expression:
    return _anon("TIMESTAMP_MICROS", exp.Add(this=_micros(local.copy()), expression=micros))


def _bind(value: exp.Expression, name: str, body: exp.Expression) -> exp.Expression:
    """``body`` with ``name`` bound to ``value`` once: ``element_at(transform(array(value),
    name -> body), 1)`` (the value is a long parser expression; written once)."""
    lam = exp.Lambda(this=body, expressions=[exp.to_identifier(name)])
    return _anon("ELEMENT_AT", _anon("TRANSFORM", _anon("ARRAY", value), lam),
                 exp.Literal.number(1))


def local_to_utc(naive: exp.Expression, zone: exp.Expression) -> exp.Expression:
    """DuckDB's ``timezone(zone, naive)``: wall-clock time in ``zone`` -> the instant.

    DuckDB (ICU) reads a time in the spring-forward gap with the offset before the
    change (Berlin 02:30 -> 01:30 UTC) and a time in the autumn overlap with the offset
    after it (standard time: 02:30 -> 01:30 UTC); Spark's ``to_utc_timestamp`` takes
    the earlier offset in the overlap. So, with ``o1``/``o2`` the zone's offsets a day
    before and after the local time read as UTC: ``local - o2`` when the zone has offset
    ``o2`` at that instant (after the change, or the overlap), else ``local - o1``
    (before it, or the gap). ``naive`` is a timestamp read as UTC (the session zone).
    """
    if isinstance(zone, exp.Literal) and zone.name.lower() in _UTC:
        return exp.Cast(this=naive, to=exp.DataType.build("TIMESTAMPTZ"))
    local = exp.column("_gdpr_local")
    day = exp.Literal.number(_MICROS_PER_DAY)
    after = _offset(_shifted(local, day), zone)
    before = _offset(_shifted(local, exp.Neg(this=day.copy())), zone)
    o2 = exp.column("_gdpr_o2")
    candidate = _shifted(local, exp.Neg(this=o2.copy()))
    body = exp.Case(ifs=[exp.If(
        this=exp.EQ(this=_offset(candidate, zone), expression=o2.copy()),
        true=candidate.copy())], default=_shifted(local, exp.Neg(this=before)))
    inner = _bind(after, "_gdpr_o2", body)
    guarded = exp.Case(ifs=[exp.If(this=exp.Is(this=local.copy(), expression=exp.Null()),
                                   true=exp.Null())], default=inner)
    return _bind(exp.Cast(this=naive, to=exp.DataType.build("TIMESTAMPTZ")), "_gdpr_local",
                 guarded)


#: DuckDB's timestamp cast reads the hour 24:00[:00[.000]] as midnight of the next day.
#: A fraction counts to six digits (the rest is cut off, as DuckDB does).
_HOUR_24 = r"^(\d{4}-\d{1,2}-\d{1,2})[T ]24:00(:00([.](0{6}\d*|0{1,5}))?)?(?![:.\d])"


def _timestamp_cast(text: exp.Expression) -> exp.Expression:
    """``TRY_CAST(text AS TIMESTAMP)`` plus DuckDB's ``24:00`` (next day's midnight, an
    offset after it kept), which Spark's cast refuses."""
    cast = exp.TryCast(this=text.copy(), to=exp.DataType.build("TIMESTAMPTZ"), safe=True)
    midnight = exp.TryCast(this=_anon("REGEXP_REPLACE", text.copy(), exp.Literal.string(_HOUR_24),
                                      exp.Literal.string("$1 00:00")),
                           to=exp.DataType.build("TIMESTAMPTZ"), safe=True)
    next_day = _shifted(midnight, exp.Literal.number(_MICROS_PER_DAY))
    hour24 = exp.Case(ifs=[exp.If(
        this=exp.RegexpLike(this=text.copy(), expression=exp.Literal.string(_HOUR_24)),
        true=next_day)])
    return exp.Coalesce(this=cast, expressions=[hour24])


#: Expressions the staging SQL casts to its column type that are no text (parsed values).
_TYPED = (exp.Case, exp.Coalesce, exp.Paren, exp.Cast, exp.TryCast, exp.Anonymous, exp.Null)


#: RE2's ``\s`` is ``[\t\n\f\r ]``; Java's also matches the vertical tab.
_RE2_SPACE = re.compile(r"(?<!\\)((?:\\\\)*)\\s")
_JAVA_SPACE = r"[\s&&[^\x0B]]"
#: DuckDB's one-argument ``trim`` removes Unicode space separators (category Zs: the
#: blank, no-break space, em space, ...), Spark's only the blank.
_ZS_EDGES = r"^\p{Zs}+|\p{Zs}+$"
#: Letters whose lower case Java writes by context or as two letters (final sigma,
#: dotted capital I), DuckDB one letter for one: mapped first.
_LOWER_FIRST = ("\u0130\u03a3", "i\u03c3")


def _re2_pattern(node: exp.Expression) -> exp.Expression:
    r"""A pattern literal with RE2's ``\s`` spelled for Java (a class usable inside a class)."""
    if isinstance(node, exp.Literal) and node.is_string and "\\s" in node.name:
        return exp.Literal.string(_RE2_SPACE.sub(lambda m: m.group(1) + _JAVA_SPACE,
                                                 node.name))
    return node


def _java_replacement(text: str) -> str:
    """RE2 replacement (``\\1``) -> Java's (``$1``; a literal ``$`` escaped)."""
    return re.sub(r"\\(\d)", r"$\1", text.replace("$", "\\$"))


def _model_fix(node: exp.Expression) -> exp.Expression:
    """The staging SQL's DuckDB spellings without a Spark twin (applied before
    :func:`gdpr_audit.spark.sqlconn.transpile`'s own fixes):

    - ``try_strptime(v, f | [f, ...])`` -> :func:`_try_strptime`;
    - ``TIMESTAMP`` (naive) -> Spark's ``TIMESTAMP`` read in the session zone, UTC: the
      wall-clock time as if in UTC, what :func:`local_to_utc` expects;
    - ``ts + to_microseconds(n)`` (Excel serials) -> ``timestamp_micros(unix_micros(ts) + n)``;
    - ``regexp_replace(v, p, '\\1\\2')`` -> Java's ``$1$2``; without DuckDB's ``'g'`` only
      an end-anchored pattern (one match at most, as on Spark, which replaces all);
    - ``TRY_CAST(text AS TIMESTAMP[TZ])`` -> :func:`_timestamp_cast` (``24:00``);
    - ``arg_min(v, (a, b))`` -> ``min_by(v, struct(a, b))``;
    - ``trim(v)`` -> Unicode space separators removed at both ends (DuckDB's, Spark's
      trim removes the blank only); ``lower(v)`` with ``İ`` and ``Σ`` mapped first (one
      letter each, as DuckDB, never Java's ``i̇`` or final ``ς``); RE2's ``\\s`` in a
      pattern without the vertical tab Java's includes;
    - ``timezone(zone, naive)`` -> :func:`local_to_utc` (its argument fixed first).
    """
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "try_strptime":
        value, formats = node.expressions
        listed = formats.expressions if isinstance(formats, exp.Array) else [formats]
        if not all(isinstance(f, exp.Literal) and f.is_string for f in listed):
            raise UsageError("try_strptime formats must be literals on Spark")
        return _try_strptime(value, [f.name for f in listed])
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.TIMESTAMPNTZ:
        return exp.DataType.build("TIMESTAMPTZ")
    if (isinstance(node, exp.Add) and isinstance(node.expression, exp.Anonymous)
            and str(node.expression.this).lower() == "to_microseconds"):
        return _anon("TIMESTAMP_MICROS", exp.Add(this=_micros(node.this),
                                                 expression=node.expression.expressions[0]))
    if isinstance(node, exp.RegexpLike):
        return exp.RegexpLike(this=node.this, expression=_re2_pattern(node.expression))
    if isinstance(node, exp.Trim) and node.args.get("expression") is None:
        return _anon("REGEXP_REPLACE", node.this, exp.Literal.string(_ZS_EDGES),
                     exp.Literal.string(""))
    if isinstance(node, exp.Lower):
        return exp.Lower(this=_anon("TRANSLATE", node.this, exp.Literal.string(_LOWER_FIRST[0]),
                                    exp.Literal.string(_LOWER_FIRST[1])))
    if isinstance(node, exp.RegexpReplace):
        modifiers = node.args.get("modifiers")
        pattern = _re2_pattern(node.expression)
        if not (modifiers is not None and "g" in modifiers.name) and not (
                isinstance(pattern, exp.Literal) and pattern.name.endswith("$")):
            raise UsageError("regexp_replace without 'g' needs an end-anchored pattern on Spark")
        replacement = node.args.get("replacement")
        if isinstance(replacement, exp.Literal):
            replacement = exp.Literal.string(_java_replacement(replacement.name))
        return exp.RegexpReplace(this=node.this, expression=pattern, replacement=replacement)
    if (isinstance(node, exp.TryCast) and not isinstance(node.this, _TYPED)
            and node.to.this in (exp.DataType.Type.TIMESTAMPTZ, exp.DataType.Type.TIMESTAMP)):
        return _timestamp_cast(node.this)
    if isinstance(node, exp.ArgMin) and isinstance(node.expression, exp.Tuple):
        return _anon("MIN_BY", node.this, _anon("STRUCT", *node.expression.expressions))
    if (isinstance(node, exp.Anonymous) and str(node.this).lower() == "timezone"
            and len(node.expressions) == 2):
        return local_to_utc(node.expressions[1], node.expressions[0])
    return node


def _post_order(tree: exp.Expression, fix: Callable[[exp.Expression], exp.Expression]
                ) -> exp.Expression:
    """``fix`` applied to every node, children before their parent (sqlglot's
    ``transform`` visits parents first and skips the children of a replaced node)."""
    nodes = [n for n in tree.walk(bfs=False) if isinstance(n, exp.Expression)]
    for node in reversed(nodes):
        new = fix(node)
        if new is not node:
            if node is tree:
                return new
            node.replace(new)
    return tree


def model_sql(duckdb_sql: str) -> str:
    """A staging query of the DuckDB build (one SELECT) as Spark SQL; ``raw.<t>`` reads
    the lake table's temp view (:func:`gdpr_audit.spark.sqlconn.raw_view`)."""
    (statement,) = parse_duckdb(duckdb_sql)
    return transpile(_post_order(statement.transform(_catalog_tables), _model_fix))


@dataclass
class SparkModel(ModelReport):
    """:class:`~gdpr_audit.load.model.ModelReport` plus what was written where."""

    written: dict[str, int] = field(default_factory=dict)
    subjects: int = 0


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _conditions(keys: list[str], require: list[str]) -> tuple[str, str]:
    """(every key present, the entity's required columns and ``where`` hold)."""
    key_ok = " AND ".join(f"{_q(k)} IS NOT NULL" for k in keys) or "TRUE"
    req_ok = " AND ".join([f"{_q(r)} IS NOT NULL" for r in require] + ["_where_ok"])
    return key_ok, req_ok


def _count_frame(stage: DataFrame, index: int, key_ok: str, req_ok: str,
                 checked: list[str]) -> DataFrame:
    """One row ``(index, [rows, rejected, skipped, unparsed per checked column])``: the
    counts of ``model_log``, as the DuckDB build takes them from its stage table."""
    exprs = ["count(*)", f"count_if(NOT ({key_ok}))", f"count_if(({key_ok}) AND NOT ({req_ok}))"]
    exprs += [f"count_if({_q('_nonempty_' + c)} AND {_q(c)} IS NULL)" for c in checked]
    return stage.selectExpr(f"{index} AS stage", f"array({', '.join(exprs)}) AS n")


class _PlanConnection(SparkConnection):
    """A :class:`SparkConnection` whose catalog views are built once: planning asks for
    the raw tables' columns once per table, and they do not change while it does."""

    _catalog_built = False

    def _catalog_views(self) -> None:
        if not self._catalog_built:
            super()._catalog_views()
            self._catalog_built = True


def build_model_spark(
    spark: SparkSession, raw_uri: str, out: str, profile: str | None = None, *,
    timezone: str | None = None, subjects: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> SparkModel:
    """Build every canonical table from the raw tables under ``raw_uri``; write them,
    ``model_log``, ``column_lineage`` and ``subjects`` under ``<out>/model``.

    Args:
        spark: the session (the build runs in a new session of it: own temp views, UTC).
        raw_uri: the lake's raw tables (:func:`gdpr_audit.spark.inputs.discover_tables`).
        out: the results' root; tables go to ``<out>/model/<table>`` (overwritten).
        profile: force this profile (name or YAML path); ``None`` detects per raw table.
        timezone: read naive source times in this zone instead of the profile's.
        subjects: also build the subject map (``subjects``) from the written tables.

    Raises:
        UsageError: unknown profile or time zone, a raw table fits two profiles equally.
        InputError: ``raw_uri`` holds no table.
    """
    from pyspark import StorageLevel

    from gdpr_audit.spark.assess import raw_columns

    if timezone is not None:
        _check_timezone(timezone)
    profiles = [load_profile(profile)] if profile else [load_profile(n) for n in list_profiles()]
    session = spark.newSession()
    session.conf.set("spark.sql.session.timeZone", "UTC")
    # Parquet's own timestamp type (UTC instants), not the legacy INT96
    session.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    raw = raw_columns(session, raw_uri)
    con = _PlanConnection(session, "model-build", raw)
    report = SparkModel(profile=profiles[0].name if profile else None)
    planned = plan_sources(con, profiles, forced=bool(profile))  # type: ignore[arg-type]
    report.unmatched, report.warnings = planned.unmatched, list(planned.warnings)
    entity_tables: dict[str, dict[str, list[tuple[str, list[str]]]]] = {}
    for plan in planned.plans:
        entity_tables.setdefault(plan.profile.name, {}).setdefault(plan.entity.name, []).append(
            (plan.raw_table, raw[plan.raw_table]))
    schema = canonical_schema()
    targets = [t for t in schema if t not in BOOKKEEPING_TABLES]
    built_at = dt.datetime.now(dt.UTC)
    parts: dict[str, list[DataFrame]] = {t: [] for t in targets}
    log_rows: list[tuple[Any, ...]] = []
    lineage_rows: list[tuple[str, str, str, str, str]] = []
    stages = []
    for plan in planned.plans:
        if on_step:
            on_step(plan.raw_table)
        cols = raw[plan.raw_table]
        for entity in (plan.entity, *plan.profile.derived(plan.entity.name)):
            stage = stage_query(entity, plan.profile, plan.raw_table, cols,
                                timezone or plan.profile.timezone,
                                entity_tables[plan.profile.name])
            keys = [c for c, (_, nullable) in schema[entity.table].items() if not nullable]
            key_ok, req_ok = _conditions(keys, list(entity.require))
            # kept for the write after the counts, as DuckDB keeps its stage table
            frame = session.sql(model_sql(stage.sql)).persist(StorageLevel.MEMORY_AND_DISK)
            stages.append((plan, entity, stage, frame, keys, key_ok, req_ok))
    # every stage's counts in one job (a union of one-row aggregations)
    counted = [_count_frame(frame, i, key_ok, req_ok, stage.checked)
               for i, (_, _, stage, frame, _, key_ok, req_ok) in enumerate(stages)]
    counts = {}
    if counted:
        union = counted[0]
        for part in counted[1:]:
            union = union.unionAll(part)
        counts = {int(r["stage"]): [int(n) for n in r["n"]] for r in union.collect()}
    for i, (plan, entity, stage, frame, keys, key_ok, req_ok) in enumerate(stages):
        report.warnings.extend(stage.warnings)
        rows_in, rejected, skipped = counts[i][:3]
        unparsed = {c: n for c, n in zip(stage.checked, counts[i][3:], strict=True) if n}
        target_cols = [s.column for s in entity.columns]
        parts[entity.table].append(frame.where(f"({key_ok}) AND ({req_ok})").selectExpr(
            *[_q(c) for c in target_cols], f"{_sql_string(plan.raw_table)} AS source_table",
            "source_row"))
        lineage_rows += [(entity.table, c, plan.raw_table, r, plan.profile.name)
                         for c, r in stage.lineage]
        by_lower = {header_key(c): c for c in raw[plan.raw_table]}
        missing_keys = [k for k in keys if not _has_input(entity, k, by_lower)]
        if missing_keys:
            report.warnings.append(
                f"raw.{plan.raw_table} -> {entity.table}: no source for key column(s) "
                f"{', '.join(missing_keys)}; every row rejected")
        mapping = SourceMapping(
            raw_table=plan.raw_table, profile=plan.profile.name, entity=entity.name,
            canonical_table=entity.table, rows_in=rows_in,
            rows_mapped=rows_in - rejected - skipped, rows_rejected=rejected,
            rows_skipped=skipped, unparsed=unparsed, missing_headers=tuple(stage.missing))
        report.sources.append(mapping)
        log_rows.append((mapping.canonical_table, mapping.raw_table, mapping.profile,
                         mapping.entity, rows_in, mapping.rows_mapped, rejected, skipped,
                         json.dumps(unparsed, sort_keys=True), built_at))
    for table in targets:
        frame = _canonical_frame(session, table, parts[table])
        frame.write.mode("overwrite").parquet(f"{out}/model/{table}")
        report.counts[table] = sum(s.rows_mapped for s in report.sources
                                   if s.canonical_table == table)
        report.written[table] = report.counts[table]
    for table, rows in (("model_log", log_rows), ("column_lineage", lineage_rows)):
        session.createDataFrame(rows, _ddl(table)).coalesce(1).write.mode("overwrite").parquet(
            f"{out}/model/{table}")
        report.written[table] = len(rows)
    for _, _, _, frame, *_ in stages:
        frame.unpersist()
    tables = _register_written(session, out, [*targets, *BOOKKEEPING_TABLES])
    duplicates = _duplicate_warnings(con, targets)  # type: ignore[arg-type]
    report.warnings = list(dict.fromkeys(report.warnings + duplicates))
    if subjects:
        report.subjects = _build_subjects(session, out)
        report.written[SUBJECTS] = report.subjects
    for name in tables:
        session.catalog.dropTempView(name)
    return report


def _sql_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _ddl(table: str) -> str:
    columns = canonical_schema()[table]
    return ", ".join(f"{_q(c)} {_SPARK_TYPES[t]}" for c, (t, _) in columns.items())


def _canonical_frame(session: SparkSession, table: str, parts: list[DataFrame]) -> DataFrame:
    """The union of ``parts`` in the canonical column order and types (columns no part
    fills are NULL, as DuckDB's INSERT leaves them)."""
    columns = canonical_schema()[table]
    if not parts:
        return session.createDataFrame([], _ddl(table))
    typed = []
    for part in parts:
        have = set(part.columns)
        typed.append(part.selectExpr(*[
            f"CAST({_q(c) if c in have else 'NULL'} AS {_SPARK_TYPES[t]}) AS {_q(c)}"
            for c, (t, _) in columns.items()]))
    frame = typed[0]
    for part in typed[1:]:
        frame = frame.unionByName(part)
    return frame


def _register_written(session: SparkSession, out: str, tables: list[str]) -> list[str]:
    for table in tables:
        session.read.parquet(f"{out}/model/{table}").createOrReplaceTempView(table)
    return tables


def _build_subjects(session: SparkSession, out: str) -> int:
    """``subjects`` from the written tables: :func:`gdpr_audit.load.subjects.build_subjects`
    on a :class:`SparkConnection` (its SQL files transpiled), written to ``<out>/model``."""
    from gdpr_audit.load.subjects import build_subjects

    con = SparkConnection(session, "model-build")
    done = build_subjects(con)  # type: ignore[arg-type]
    session.table(SUBJECTS).coalesce(1).write.mode("overwrite").parquet(
        f"{out}/model/{SUBJECTS}")
    session.catalog.dropTempView(SUBJECTS)
    return done.records
