"""SQL expression builders that turn raw export text into typed canonical values.

Every builder takes a trusted SQL expression for the raw value (a quoted column)
and returns a DuckDB expression. Values that do not parse become ``NULL`` (never an
error); the model build counts them per column. Literals that come from a profile
(formats, enum maps, the time zone) are rendered with :func:`sql_literal`: they are
configuration written by the auditor, not data, and DuckDB needs the format lists
as constants to plan ``strptime`` once per query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: Booleans accepted in exports (English, German, Excel checkbox ``x``), compared in lower case.
TRUE_WORDS = ("true", "t", "1", "yes", "y", "ja", "j", "wahr", "x", "on", "-1")
FALSE_WORDS = ("false", "f", "0", "no", "n", "nein", "falsch", "off")

#: Slash dates per ``date_order`` (ISO ``YYYY-MM-DD`` and German ``DD.MM.YYYY`` always work).
SLASH_DATES = {"dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y", "ymd": "%Y/%m/%d"}
_TIMES = (" %H:%M", " %H:%M:%S", " %H:%M:%S.%f")
_US_TIMES = (" %I:%M %p", " %I:%M:%S %p")
#: ISO dates with an optional time, as DuckDB's own cast reads them (fast path).
_ISO_NAIVE = r"^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}([.]\d+)?)?)?$"
_GERMAN = r"^\d{1,2}\.\d{1,2}\.\d{4}"
#: A time followed by a zone designator (``Z``, ``+02:00``, ``+0000``, ``UTC``): read as is.
_ZONED = r"\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(:?\d{2})?)$"
#: Blanks between the time and a numeric offset or ``Z`` (Shopify, Rails and Ruby's
#: ``Time#to_s`` write ``2016-03-02 10:00:00 +0100``): DuckDB's cast accepts the offset
#: only when it follows the time directly, so they are removed first.
_OFFSET_GAP = r"(\d)\s+([+-]\d{2}(:?\d{2})?|[Zz])$"
#: Excel serial day numbers (1900 date system) as the XLSX reader may hand them over.
#: Five digits only (1927-05-18 .. 2173): a four-digit value in a date column is a year.
_EXCEL_SERIAL = r"^\d{5}(\.\d+)?$"
#: Unix time in milliseconds (HubSpot API ``created``, JavaScript ``Date``): 13 digits
#: (2001-09-09 .. 2286), never a date written any other way. Always UTC.
_EPOCH_MS = r"^\d{13}$"
#: Plausible years; anything else (``01.02.24`` read as year 24) counts as unparsed.
MIN_YEAR, MAX_YEAR = 1800, 2200


def sql_literal(value: object) -> str:
    """A DuckDB literal for a profile constant (string, number, bool, None)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if "\x00" in text:
        raise ValueError("literal contains a NUL byte")
    return "'" + text.replace("'", "''") + "'"


def _list_literal(values: Iterable[str]) -> str:
    return "[" + ", ".join(sql_literal(v) for v in values) + "]"


def snake(value: str) -> str:
    """Python twin of :func:`snake_sql`: lower case, runs of non-alphanumerics -> ``_``."""
    return re.sub(r"[\W_]+", "_", value.lower()).strip("_")


def snake_sql(expr: str) -> str:
    """``'Legitimate interest – existing'`` -> ``legitimate_interest_existing``."""
    return f"trim(regexp_replace(lower({expr}), '[^\\pL\\pN]+', '_', 'g'), '_')"


def text_sql(col: str) -> str:
    """Trimmed text; empty -> NULL. ``col`` is a quoted raw column."""
    return f"NULLIF(trim(CAST({col} AS VARCHAR)), '')"


def _clean(col: str, trimmed: bool) -> str:
    """``col`` as trimmed text or NULL; ``trimmed`` says the caller already did that once
    (the model build trims every raw column in one projection: repeating ``trim`` in
    each branch of a parser doubled its cost)."""
    return col if trimmed else text_sql(col)


def _german_sql(v: str) -> str:
    """``DD.MM.YYYY[ HH:MM[:SS]]`` (format chosen by length: each failed format costs)."""
    return (
        f"(CASE WHEN length({v}) <= 10 THEN try_strptime({v}, '%d.%m.%Y') "
        f"WHEN length({v}) <= 16 THEN try_strptime({v}, '%d.%m.%Y %H:%M') "
        f"ELSE try_strptime({v}, ['%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M:%S.%f']) END)"
    )


def slash_formats(date_order: str) -> tuple[str, ...]:
    """Slash date formats with optional times for ``date_order`` (12-hour times for US)."""
    day = SLASH_DATES[date_order]
    times = _TIMES + (_US_TIMES if date_order == "mdy" else ())
    return (day, *(day + t for t in times))


def naive_sql(v: str, date_order: str, formats: Iterable[str]) -> str:
    """TIMESTAMP (no zone) from the profile's formats, ISO, German or slash text.

    Dispatches on the value's shape so that each value meets one or two formats:
    ``try_strptime`` with a long format list is an order of magnitude slower.
    """
    slash = _list_literal(slash_formats(date_order))
    branches = (
        f"CASE WHEN regexp_matches({v}, '{_ISO_NAIVE}') THEN try_cast({v} AS TIMESTAMP) "
        f"WHEN regexp_matches({v}, '{_GERMAN}') THEN {_german_sql(v)} "
        f"WHEN contains({v}, '/') THEN try_strptime({v}, {slash}) END"
    )
    own = tuple(formats)
    if own:
        return f"coalesce(try_strptime({v}, {_list_literal(own)}), {branches})"
    return branches


def _plausible(expr: str) -> str:
    return f"CASE WHEN year({expr}) BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN {expr} END"


def timestamp_sql(
    col: str,
    timezone: str,
    *,
    date_order: str = "dmy",
    formats: Iterable[str] = (),
    excel: bool = True,
    trimmed: bool = False,
) -> str:
    """TIMESTAMPTZ (UTC) from ISO-8601 with offsets, local naive text, Excel serials or
    Unix milliseconds (13 digits, UTC).

    Naive values are wall-clock time in ``timezone``. At the spring-forward gap a
    non-existent time (``02:30``) is read with the standard offset (01:30 UTC in
    Berlin); in the autumn overlap an ambiguous time is read as standard time.
    """
    v = _clean(col, trimmed)
    tz = sql_literal(timezone)
    serial = (
        f"WHEN regexp_matches({v}, '{_EXCEL_SERIAL}') THEN timezone({tz}, "
        f"TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(CAST({v} AS DOUBLE) * 86400e6) "
        f"AS BIGINT))) "
        if excel
        else ""
    )
    inner = (
        f"CASE WHEN {v} IS NULL THEN NULL "
        f"WHEN regexp_matches({v}, '{_ZONED}') "
        f"THEN try_cast(regexp_replace({v}, '{_OFFSET_GAP}', '\\1\\2') AS TIMESTAMPTZ) "
        f"WHEN regexp_matches({v}, '{_EPOCH_MS}') "
        f"THEN timezone('UTC', epoch_ms(CAST({v} AS BIGINT))) "
        f"{serial}"
        f"ELSE timezone({tz}, {naive_sql(v, date_order, formats)}) END"
    )
    return _plausible(f"({inner})")


def date_sql(
    col: str,
    *,
    date_order: str = "dmy",
    formats: Iterable[str] = (),
    excel: bool = True,
    trimmed: bool = False,
) -> str:
    """DATE from ``YYYY-MM-DD``, ``DD.MM.YYYY``, slash dates per ``date_order``, Excel serials.

    A value with a time part keeps its written calendar date (no zone shift: a birth
    date exported as ``1987-03-14T00:00:00Z`` stays 14 March).
    """
    v = _clean(col, trimmed)
    serial = (
        f"WHEN regexp_matches({v}, '{_EXCEL_SERIAL}') THEN "
        f"DATE '1899-12-30' + CAST(floor(CAST({v} AS DOUBLE)) AS INTEGER) "
        if excel
        else ""
    )
    inner = (
        f"CASE WHEN {v} IS NULL THEN NULL "
        f"WHEN regexp_matches({v}, '^\\d{{4}}-\\d{{2}}-\\d{{2}}[T ]') THEN "
        f"CAST(try_strptime(left({v}, 10), '%Y-%m-%d') AS DATE) "
        f"{serial}"
        f"ELSE CAST({naive_sql(v, date_order, formats)} AS DATE) END"
    )
    return _plausible(f"({inner})")


def bool_sql(col: str, *, trimmed: bool = False) -> str:
    """BOOLEAN from ``true/false/1/0/yes/no/y/n/ja/nein/j/wahr/falsch/x``; others NULL."""
    v = f"lower({_clean(col, trimmed)})"
    return (
        f"CASE WHEN {v} IN ({', '.join(sql_literal(w) for w in TRUE_WORDS)}) THEN TRUE "
        f"WHEN {v} IN ({', '.join(sql_literal(w) for w in FALSE_WORDS)}) THEN FALSE END"
    )


def _number_text(col: str, decimal: str, trimmed: bool) -> tuple[str, str]:
    """(cleaned text, validity regex) for a number written with ``decimal`` as separator."""
    v = f"regexp_replace({_clean(col, trimmed)}, '[\\s\u00a0€$£%]|EUR|CHF|USD', '', 'g')"
    if decimal == ",":
        pattern = r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"
        cleaned = f"replace(replace({v}, '.', ''), ',', '.')"
    else:
        pattern = r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"
        cleaned = f"replace({v}, ',', '')"
    return cleaned, f"regexp_matches({v}, '{pattern}')"


def decimal_sql(col: str, decimal: str = ",", *, trimmed: bool = False) -> str:
    """DOUBLE from ``1.234,56`` (``decimal=","``) or ``1,234.56`` (``"."``).

    Strict: a value written in the other convention (``1.5`` with a decimal comma)
    is unparsed rather than silently read as 15.
    """
    cleaned, valid = _number_text(col, decimal, trimmed)
    return f"CASE WHEN {valid} THEN try_cast({cleaned} AS DOUBLE) END"


def int_sql(col: str, decimal: str = ",", *, trimmed: bool = False) -> str:
    """BIGINT; thousands separators allowed, a fractional part only when it is zero."""
    cleaned, valid = _number_text(col, decimal, trimmed)
    num = f"try_cast({cleaned} AS DOUBLE)"
    return f"CASE WHEN {valid} AND {num} = floor({num}) THEN TRY_CAST({num} AS BIGINT) END"


def enum_sql(col: str, mapping: Mapping[str, str], allowed: Iterable[str] | None) -> str:
    """Normalised vocabulary value: the snake form of the text, mapped, then checked.

    ``mapping`` keys must already be in snake form (see :func:`snake`). With
    ``allowed`` a value outside the vocabulary is NULL (unparsed); without it the
    snake form passes through (free vocabulary such as ``purpose``).
    """
    key = snake_sql(text_sql(col))
    if mapping:
        whens = " ".join(
            f"WHEN {sql_literal(k)} THEN {sql_literal(v)}" for k, v in sorted(mapping.items())
        )
        mapped = f"(CASE {key} {whens} ELSE {key} END)"
    else:
        mapped = key
    mapped = f"NULLIF({mapped}, '')"
    allowed = tuple(allowed) if allowed is not None else None
    if allowed is None:
        return mapped
    return (
        f"(CASE WHEN {mapped} IN ({', '.join(sql_literal(a) for a in allowed)}) THEN {mapped} END)"
    )


def country_sql(col: str, names: Mapping[str, str]) -> str:
    """ISO 3166-1 alpha-2 from a code (``de``, ``DEU`` not accepted) or a country name."""
    v = text_sql(col)
    key = snake_sql(v)
    whens = " ".join(
        f"WHEN {sql_literal(k)} THEN {sql_literal(c)}" for k, c in sorted(names.items())
    )
    return (
        f"(CASE WHEN regexp_matches({v}, '^[A-Za-z]{{2}}$') THEN upper({v}) "
        f"ELSE (CASE {key} {whens} END) END)"
    )
