"""Tables of (raw text, expected value) for the SQL parsers, traps included."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb
import pytest

from gdpr_audit.load import parse

UTC = ZoneInfo("UTC")


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("SET TimeZone = 'UTC'")
    return c


def _eval(con: duckdb.DuckDBPyConnection, expr_of, raw: str | None):
    row = con.execute(f"SELECT {expr_of('v')} FROM (SELECT CAST(? AS VARCHAR) AS v)", [raw])
    return row.fetchone()[0]


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15.01.2024 10:00", _utc(2024, 1, 15, 9)),  # CET
        ("15.07.2024 10:00", _utc(2024, 7, 15, 8)),  # CEST
        ("15.07.2024 10:00:30", _utc(2024, 7, 15, 8, 0, 30)),
        ("1.2.2024", _utc(2024, 1, 31, 23)),  # no zero padding
        ("29.02.2024", _utc(2024, 2, 28, 23)),  # leap day
        ("31.02.2024", None),  # no such day
        ("29.02.2023", None),
        ("01.02.24", None),  # two-digit year would be year 24: refused
        ("2024-03-31T23:30:00+02:00", _utc(2024, 3, 31, 21, 30)),
        ("2024-05-01T09:12:00Z", _utc(2024, 5, 1, 9, 12)),
        ("2024-01-31T10:00:00.000+0000", _utc(2024, 1, 31, 10)),  # Salesforce API
        ("2024-07-01T11:54:49.95+00:00", _utc(2024, 7, 1, 11, 54, 49, 950000)),
        ("2024-01-31 00:00:00", _utc(2024, 1, 30, 23)),  # XLSX date as text
        ("45321", _utc(2024, 1, 29, 23)),  # Excel serial 2024-01-30
        ("45321.5", _utc(2024, 1, 30, 11)),
        ("2024-03-31 02:30", _utc(2024, 3, 31, 1, 30)),  # spring gap: standard offset
        ("2024-03-31 03:30", _utc(2024, 3, 31, 1, 30)),  # first CEST hour
        ("2024-10-27 02:30", _utc(2024, 10, 27, 1, 30)),  # autumn overlap: read as CET
        ("2024-10-27 01:30", _utc(2024, 10, 26, 23, 30)),
        ("12/31/2024", None),  # US only when the profile says so
        ("n/a", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("tomorrow", None),
    ],
)
def test_timestamp_berlin(con, raw, expected) -> None:
    assert _eval(con, lambda v: parse.timestamp_sql(v, "Europe/Berlin"), raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12/31/2024", _utc(2024, 12, 31, 5)),
        ("12/31/2024 10:00 PM", _utc(2025, 1, 1, 3)),
        ("31/12/2024", None),
    ],
)
def test_timestamp_us_order(con, raw, expected) -> None:
    expr = lambda v: parse.timestamp_sql(v, "America/New_York", date_order="mdy")  # noqa: E731
    assert _eval(con, expr, raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14.03.1987", dt.date(1987, 3, 14)),
        ("1987-03-14", dt.date(1987, 3, 14)),
        ("1987-03-14T00:00:00Z", dt.date(1987, 3, 14)),  # the written day, no zone shift
        ("1987-03-14 00:00:00", dt.date(1987, 3, 14)),
        ("29.02.2024", dt.date(2024, 2, 29)),
        ("31.02.2024", None),
        ("31/12/1999", dt.date(1999, 12, 31)),  # dmy slash form
        ("31743", dt.date(1986, 11, 27)),  # Excel serial
        ("0", None),
        ("1987", None),  # a year alone, not Excel day 1987 (1905)
        ("n/a", None),
        ("1799-12-31", None),  # implausible year
    ],
)
def test_date(con, raw, expected) -> None:
    assert _eval(con, parse.date_sql, raw) == expected


def test_excel_serial_can_be_switched_off(con) -> None:
    assert _eval(con, lambda v: parse.date_sql(v, excel=False), "31743") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        ("yes", True),
        ("No", False),
        ("y", True),
        ("n", False),
        ("Ja", True),
        ("nein", False),
        ("j", True),
        ("wahr", True),
        ("falsch", False),
        ("x", True),
        ("X", True),
        (" ja ", True),
        ("", None),
        ("vielleicht", None),
        ("2", None),
        (None, None),
    ],
)
def test_bool(con, raw, expected) -> None:
    assert _eval(con, parse.bool_sql, raw) == expected


@pytest.mark.parametrize(
    ("raw", "comma", "point"),
    [
        ("1.234,56", 1234.56, None),
        ("1,234.56", None, 1234.56),
        ("1.234.567,8", 1234567.8, None),
        ("-3,5", -3.5, None),
        ("12", 12.0, 12.0),
        ("1.5", None, 1.5),  # with a decimal comma 1.5 is ambiguous: never read as 15
        ("1.234", 1234.0, 1.234),
        ("12,00 €", 12.0, None),  # "12,00" is no thousands grouping
        ("EUR 7,5", 7.5, None),
        ("1 234,50", 1234.5, None),
        ("abc", None, None),
        ("", None, None),
    ],
)
def test_decimal(con, raw, comma, point) -> None:
    assert _eval(con, lambda v: parse.decimal_sql(v, ","), raw) == comma
    assert _eval(con, lambda v: parse.decimal_sql(v, "."), raw) == point


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234", 1234),
        ("42", 42),
        ("42,0", 42),
        ("42,5", None),
        ("x", None),
        ("", None),
        ("9" * 30, None),  # beyond BIGINT: unparsed, not a conversion error quoting the value
    ],
)
def test_int_german(con, raw, expected) -> None:
    assert _eval(con, lambda v: parse.int_sql(v, ","), raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Legitimate interest – existing customer", "legitimate_interest"),
        ("CONSENT", "consent"),
        ("  consent ", "consent"),
        ("Einwilligung", "consent"),
        ("performance of a contract", None),  # not in this test's map or vocabulary
        ("", None),
    ],
)
def test_enum_closed_vocabulary(con, raw, expected) -> None:
    mapping = {
        parse.snake("Legitimate interest – existing customer"): "legitimate_interest",
        "einwilligung": "consent",
    }
    expr = lambda v: parse.enum_sql(v, mapping, ["consent", "legitimate_interest"])  # noqa: E731
    assert _eval(con, expr, raw) == expected


def test_enum_free_vocabulary_is_snake_case(con) -> None:
    assert _eval(con, lambda v: parse.enum_sql(v, {}, None), "Product Updates") == "product_updates"
    assert _eval(con, lambda v: parse.enum_sql(v, {}, None), "Kündigung") == "kündigung"


@pytest.mark.parametrize("text", ["Legitimate interest – existing", "Straße/Ort", "A__b  c", "x"])
def test_snake_python_and_sql_agree(con, text) -> None:
    assert _eval(con, parse.snake_sql, text) == parse.snake(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("de", "DE"),
        ("Deutschland", "DE"),
        ("Österreich", "AT"),
        ("United Kingdom", "GB"),
        ("DEU", None),
        ("Narnia", None),
        ("", None),
    ],
)
def test_country(con, raw, expected) -> None:
    names = {"deutschland": "DE", "österreich": "AT", "united_kingdom": "GB"}
    assert _eval(con, lambda v: parse.country_sql(v, names), raw) == expected


def test_literals_are_escaped() -> None:
    assert parse.sql_literal("it's") == "'it''s'"
    with pytest.raises(ValueError):
        parse.sql_literal("a\x00b")


NASTY = [
    "9" * 400,
    "-",
    "+",
    ".",
    ",",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "99999.9999999999999",
    "٣٤٥",
    "２０２４-01-01",
    "0000-00-00",
    "00.00.0000",
    "2024-02-30T25:61:61Z",
    "2024-01-01T10:00:00+99:99",
    "Z",
    "31.12.9999 23:59:59.999999",
    "1.2.3.4",
    "1,2,3",
    "--1",
    "1..2",
    "'; DROP TABLE contacts; --",
    "\\x00",
    "\u200b",
    "99999",
    "12/13/14/15",
]


@pytest.mark.parametrize("raw", NASTY)
def test_no_parser_raises(con, raw) -> None:
    exprs = [
        parse.timestamp_sql("v", "Europe/Berlin"),
        parse.timestamp_sql("v", "America/New_York", date_order="mdy"),
        parse.date_sql("v"),
        parse.bool_sql("v"),
        parse.decimal_sql("v", ","),
        parse.decimal_sql("v", "."),
        parse.int_sql("v", ","),
        parse.int_sql("v", "."),
        parse.enum_sql("v", {"a": "b"}, ["b"]),
        parse.country_sql("v", {"deutschland": "DE"}),
    ]
    con.execute(f"SELECT {', '.join(exprs)} FROM (SELECT CAST(? AS VARCHAR) AS v)", [raw])
