"""The staging query of one (raw table, profile entity): every canonical column parsed.

Shape of the generated SQL::

    WITH r AS (SELECT trimmed raw columns FROM raw.<table>)
    SELECT <parsed columns>, <"had text" flags>, _where_ok, source_row
    FROM r LEFT JOIN (<enum lookup over the DISTINCT values of a column>) AS _l0 ON ...

Raw columns are trimmed once (empty -> NULL) in ``r``; parsers then read them as
they are. Vocabulary columns (``enum``, ``country``) are parsed once per distinct
value and joined back: a regular expression over ten million sends costs seconds,
over their three distinct channels nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from gdpr_audit.core.db import quote_ident
from gdpr_audit.load import parse
from gdpr_audit.load.match import header_key
from gdpr_audit.load.profile import ColumnSpec, Entity, Lookup, Profile, canonical_schema
from gdpr_audit.load.vocabulary import COUNTRY_NAMES

_TEMPLATE_PART = re.compile(r"\{([^{}]+)\}")
_LOOKUP_PARSERS = ("enum", "country")


@dataclass
class StageQuery:
    """The SQL plus what the build needs to count and document it."""

    sql: str
    checked: list[str] = field(default_factory=list)  # columns with an unparsed count
    lineage: list[tuple[str, str]] = field(default_factory=list)  # (canonical, raw column)
    missing: list[str] = field(default_factory=list)  # mapped headers the table lacks
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Builder:
    raw_table: str
    by_lower: dict[str, str]
    profile: Profile
    tz: str
    used: dict[str, None] = field(default_factory=dict)  # raw columns read, in order
    joins: list[str] = field(default_factory=list)
    #: entity name -> (raw table, its columns) matched to it in this build (for lookups)
    entity_tables: Mapping[str, Sequence[tuple[str, Sequence[str]]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def ref(self, col: str) -> str:
        self.used[col] = None
        return f"r.{quote_ident(col)}"

    def lookup(self, col: str, spec: ColumnSpec) -> tuple[str, str]:
        """(parsed value, "mapped to nothing on purpose") of ``col`` via a DISTINCT lookup."""
        alias = f"_l{len(self.joins)}"
        key = self.ref(col)
        if spec.parse == "country":
            value = parse.country_sql("_k", {**COUNTRY_NAMES, **spec.mapping})
            silent = "FALSE"
        else:
            value = parse.enum_sql("_k", spec.mapping, spec.allowed)
            empty = [k for k, v in spec.mapping.items() if v == ""]
            keys = ", ".join(parse.sql_literal(k) for k in empty)
            silent = f"{parse.snake_sql('_k')} IN ({keys})" if empty else "FALSE"
        self.joins.append(
            f"LEFT JOIN (SELECT _k, {value} AS _v, {silent} AS _silent "
            f"FROM (SELECT DISTINCT {parse.text_sql(quote_ident(col))} AS _k "
            f"FROM raw.{quote_ident(self.raw_table)})) AS {alias} "
            f"ON {key} IS NOT DISTINCT FROM {alias}._k"
        )
        return f"{alias}._v", f"{alias}._silent"

    def cross_lookup(self, expr: str, spec: ColumnSpec, lookup: Lookup, keep: bool = True) -> str:
        """``expr`` replaced by ``lookup.take`` of the looked-up entities' rows that match it.

        Without a match the value stays (``keep`` and ``lookup.keep``) or becomes NULL;
        ``lookup.then`` looks the result up once more.
        """
        parts = []
        for rank, name in enumerate(lookup.entities):
            for table, cols in self.entity_tables.get(name, ()):
                by_lower = {header_key(c): c for c in cols}
                key = by_lower.get(header_key(lookup.match))
                take = by_lower.get(header_key(lookup.take))
                if key is None or take is None:
                    self.warnings.append(
                        f"raw.{self.raw_table} -> {spec.column}: lookup table raw.{table} lacks "
                        f"{lookup.match!r} or {lookup.take!r}; not used"
                    )
                    continue
                parts.append(
                    f"SELECT {parse.text_sql(quote_ident(key))} AS _k, "
                    f"{parse.text_sql(quote_ident(take))} AS _v, {rank} AS _p "
                    f"FROM raw.{quote_ident(table)}"
                )
        if not parts:
            kept = keep and lookup.keep
            self.warnings.append(
                f"raw.{self.raw_table} -> {spec.column}: no raw table of "
                f"{', '.join(lookup.entities)} to look values up in; "
                + ("kept as they are" if kept else "left empty")
            )
            value = expr if kept else "NULL"
        else:
            alias = f"_x{len(self.joins)}"
            self.joins.append(
                f"LEFT JOIN (SELECT _k, arg_min(_v, (_p, _v)) AS _v "
                f"FROM ({' UNION ALL '.join(parts)}) "
                f"WHERE _k IS NOT NULL AND _v IS NOT NULL GROUP BY _k) AS {alias} "
                f"ON {alias}._k = {expr}"
            )
            value = f"coalesce({alias}._v, {expr})" if keep and lookup.keep else f"{alias}._v"
        if lookup.then is not None:
            return self.cross_lookup(value, spec, lookup.then, keep)
        return value


def stage_query(
    entity: Entity,
    profile: Profile,
    raw_table: str,
    raw_columns: list[str],
    tz: str,
    entity_tables: Mapping[str, Sequence[tuple[str, Sequence[str]]]] | None = None,
) -> StageQuery:
    """The staging SELECT of ``raw.<raw_table>`` for ``entity`` (see the module doc).

    ``entity_tables`` maps each entity of ``profile`` to the raw tables (with their
    columns) the build matched to it; column ``lookup``s search them.
    """
    b = _Builder(
        raw_table,
        {header_key(c): c for c in raw_columns},
        profile,
        tz,
        entity_tables=entity_tables or {},
    )
    schema = canonical_schema()[entity.table]
    out = StageQuery(sql="")
    selects: list[str] = []
    for spec in entity.columns:
        present = [b.by_lower[header_key(h)] for h in spec.headers if header_key(h) in b.by_lower]
        out.missing.extend(h for h in spec.headers if header_key(h) not in b.by_lower)
        out.lineage.extend((spec.column, col) for col in present)
        expr, nonempty = _column_sql(b, spec, present, schema[spec.column][0])
        selects.append(f"{expr} AS {quote_ident(spec.column)}")
        if nonempty is not None:
            selects.append(f"{nonempty} AS {quote_ident('_nonempty_' + spec.column)}")
            out.checked.append(spec.column)
    selects.append(f"{_where_sql(b, entity, out.warnings)} AS _where_ok")
    record_no = b.by_lower.get(header_key("_record_no"))
    if record_no:
        selects.append(f"try_cast({b.ref(record_no)} AS BIGINT) AS source_row")
    else:
        selects.append("CAST(NULL AS BIGINT) AS source_row")
        out.warnings.append(f"raw.{raw_table} has no _record_no: source_row left empty")
    cleaned = [f"{parse.text_sql(quote_ident(c))} AS {quote_ident(c)}" for c in b.used] or [
        "1 AS _none"
    ]
    out.sql = (
        f"WITH r AS (SELECT {', '.join(cleaned)} FROM raw.{quote_ident(raw_table)}) "
        f"SELECT {', '.join(selects)} FROM r {' '.join(b.joins)}"
    )
    out.missing = list(dict.fromkeys(out.missing))
    out.warnings.extend(b.warnings)
    return out


def _column_sql(
    b: _Builder, spec: ColumnSpec, present: list[str], dtype: str
) -> tuple[str, str | None]:
    """(typed expression, "source had text" expression or None when nothing can fail)."""
    if spec.value is not None:
        return f"CAST({parse.sql_literal(spec.value)} AS {dtype})", None
    if spec.template is not None and not spec.sources:
        return _template_sql(b, spec.template, present), None
    wanted = {header_key(h) for h in spec.sources}
    sources = [c for c in present if header_key(c) in wanted]
    expr, nonempty = "NULL", None
    if sources:
        parsed, flags = [], []
        for col in sources:
            lookup = spec.lookup
            if lookup is not None and lookup.source not in (None, col.strip().lower()):
                lookup = None
            if lookup is not None and spec.parse == "text":
                value = b.cross_lookup(b.ref(col), spec, lookup)
                parsed.append(value)
                flags.append(f"{value} IS NOT NULL")
            elif lookup is not None:
                # Looked up, then parsed (an account's type -> is_customer); no match: NULL.
                looked_up = b.cross_lookup(b.ref(col), spec, lookup, keep=False)
                value, flag = _parse_looked_up(b, spec, looked_up)
                parsed.append(value)
                flags.append(flag)
            elif spec.parse in _LOOKUP_PARSERS:
                value, silent = b.lookup(col, spec)
                parsed.append(value)
                flags.append(f"({b.ref(col)} IS NOT NULL AND NOT {silent})")
            else:
                parsed.append(_parse_sql(b, spec, b.ref(col)))
                flags.append(f"{b.ref(col)} IS NOT NULL")
        expr = parsed[0] if len(parsed) == 1 else f"coalesce({', '.join(parsed)})"
        if spec.parse != "text":
            nonempty = "(" + " OR ".join(flags) + ")"
    if spec.template is not None:
        expr = f"coalesce({expr}, {_template_sql(b, spec.template, present)})"
    if spec.default is not None:
        expr = f"coalesce({expr}, CAST({parse.sql_literal(spec.default)} AS {dtype}))"
    # TRY_CAST: an enum passing a data value through to a typed column must not fail
    # the build (nor put that value in an error message); it counts as unparsed.
    return f"TRY_CAST({expr} AS {dtype})", nonempty


def _parse_looked_up(b: _Builder, spec: ColumnSpec, text: str) -> tuple[str, str]:
    """(parsed value, "had text" flag) of a looked-up text expression (no DISTINCT join)."""
    if spec.parse == "country":
        return parse.country_sql(text, {**COUNTRY_NAMES, **spec.mapping}), f"{text} IS NOT NULL"
    if spec.parse == "enum":
        empty = ", ".join(parse.sql_literal(k) for k, v in spec.mapping.items() if v == "")
        silent = f"{parse.snake_sql(parse.text_sql(text))} IN ({empty})" if empty else "FALSE"
        value = parse.enum_sql(text, spec.mapping, spec.allowed)
        return value, f"({text} IS NOT NULL AND NOT coalesce({silent}, FALSE))"
    return _parse_sql(b, spec, text), f"{text} IS NOT NULL"


def _parse_sql(b: _Builder, spec: ColumnSpec, col: str) -> str:
    kind, prof = spec.parse, b.profile
    if kind == "timestamp":
        return parse.timestamp_sql(
            col, b.tz, date_order=prof.date_order, formats=spec.formats, trimmed=True
        )
    if kind == "date":
        return parse.date_sql(col, date_order=prof.date_order, formats=spec.formats, trimmed=True)
    if kind == "bool":
        return parse.bool_sql(col, trimmed=True)
    if kind == "present":  # a customer number: having one is the fact
        return f"({col} IS NOT NULL)"
    if kind == "decimal":
        return parse.decimal_sql(col, prof.decimal, trimmed=True)
    if kind == "int":
        return parse.int_sql(col, prof.decimal, trimmed=True)
    return col  # text: trimmed in r already


def _template_sql(b: _Builder, template: str, present: list[str]) -> str:
    """``"{Id}#Description"`` -> ``Id || '#Description'`` (NULL when a field is empty)."""
    by_lower = {header_key(c): c for c in present}
    parts: list[str] = []
    pos = 0
    for m in _TEMPLATE_PART.finditer(template):
        if m.start() > pos:
            parts.append(parse.sql_literal(template[pos : m.start()]))
        col = by_lower.get(header_key(m.group(1)))
        parts.append(b.ref(col) if col else "NULL")
        pos = m.end()
    if pos < len(template):
        parts.append(parse.sql_literal(template[pos:]))
    return "(" + " || ".join(parts) + ")"


def _where_sql(b: _Builder, entity: Entity, warnings: list[str]) -> str:
    """Row filter of ``where``; a filter on a header the table lacks is dropped with a warning.

    An accepted value ``""`` lets empty cells pass (``where: {OPTIN_TIME: [""]}``: rows
    without an opt-in time).
    """
    conds = []
    for header, values in entity.where:
        col = b.by_lower.get(header_key(header))
        if col is None:
            warnings.append(
                f"raw.{b.raw_table} -> {entity.table}: filter header {header!r} missing; "
                "not applied"
            )
            continue
        accepted = ", ".join(parse.sql_literal(v) for v in values if v) or "NULL"
        cond = f"coalesce({parse.snake_sql(b.ref(col))} IN ({accepted}), FALSE)"
        if "" in values:  # "" accepts an empty cell (r holds NULL for it)
            cond = f"({b.ref(col)} IS NULL OR {cond})"
        conds.append(cond)
    return " AND ".join(conds) or "TRUE"
