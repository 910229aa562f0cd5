"""The model build's staging SQL on Spark: each dialect fix as text (fast), then the parsers
of gdpr_audit/load/parse.py run on both engines for the same literals (slow: Spark), DST
edges, invalid dates, 12-hour times and fractions included, and the subject map."""

from __future__ import annotations

import pytest

pytest.importorskip("sqlglot")

from gdpr_audit.core.errors import UsageError  # noqa: E402
from gdpr_audit.load import parse  # noqa: E402
from gdpr_audit.spark.model import model_sql, strftime_to_java  # noqa: E402


@pytest.mark.parametrize(("fmt", "java", "accepts", "refuses"), [
    ("%d.%m.%Y", "d.M.y", "1.3.2026", "01.03.02026"),  # DuckDB: at most 4 year digits
    ("%d.%m.%Y %H:%M:%S.%f", "d.M.y H:m:s.SSSSSS", "01.03.2026 09:05:07.5",
     "01.03.2026 09:05:07.1234567"),  # 1 to 6 fraction digits
    ("%m/%d/%Y %I:%M %p", "M/d/y h:m a", "3/1/2026 9:05  pm", "3/1/2026 9:05PM"),
    ("%b %d, %Y %I:%M %p", "MMM d, y h:m a", "MAR 1, 2026 9:05 PM", "March 1, 2026 9:05 PM"),
    ("%Y-%m-%dT%H:%M", "y-M-d'T'H:m", "2026-03-01T09:05", "2026-03-01 09:05"),
])
def test_strftime_to_java(fmt, java, accepts, refuses):
    import re

    got, guard = strftime_to_java(fmt)
    assert got == java
    assert re.match(guard, accepts) and not re.match(guard, refuses)


def test_an_unsupported_directive_is_a_usage_error():
    with pytest.raises(UsageError, match="%j"):
        strftime_to_java("%Y-%j")


@pytest.mark.parametrize(("duckdb", "spark"), [
    # a format list: the first format that reads the value, each guarded and in Java letters
    ("SELECT try_strptime(v, ['%d.%m.%Y', '%m/%d/%Y %I:%M %p']) FROM raw.t",
     "COALESCE(CASE WHEN v RLIKE '^\\\\d{1,2}\\\\.\\\\d{1,2}\\\\.\\\\d{1,4}\\\\s*$' THEN "
     "TRY_TO_TIMESTAMP(REGEXP_REPLACE(v, '\\\\s+', ' '), 'd.M.y') END, CASE WHEN"),
    ("SELECT try_strptime(v, '%d.%m.%Y') FROM raw.t", "'d.M.y') END FROM _gdpr_raw__t AS t"),
    # naive local time -> UTC with DuckDB's gap/overlap rule, not to_utc_timestamp's
    ("SELECT timezone('Europe/Berlin', try_cast(v AS TIMESTAMP)) FROM t",
     "_gdpr_o2 -> CASE WHEN (UNIX_MICROS(FROM_UTC_TIMESTAMP(TIMESTAMP_MICROS("
     "UNIX_MICROS(_gdpr_local) + -_gdpr_o2), 'Europe/Berlin'))"),
    ("SELECT timezone('UTC', epoch_ms(CAST(v AS BIGINT))) FROM t",
     "SELECT CAST(TIMESTAMP_MILLIS(CAST(v AS BIGINT)) AS TIMESTAMP) FROM t"),
    # Excel serials: TIMESTAMP + to_microseconds
    ("SELECT TIMESTAMP '1899-12-30' + to_microseconds(n) FROM t",
     "TIMESTAMP_MICROS(UNIX_MICROS(CAST('1899-12-30' AS TIMESTAMP)) + n)"),
    # RE2 back references -> Java's; 'g' dropped (Spark replaces every match)
    ("SELECT regexp_replace(v, '(\\d)\\s+(Z)$', '\\1\\2') FROM t", "'$1$2')"),
    ("SELECT regexp_replace(upper(v), '[^a-z]+', '_', 'g') FROM t",
     "REGEXP_REPLACE(UPPER(v), '[^a-z]+', '_')"),
    # DuckDB reads 24:00 as the next day's midnight
    ("SELECT try_cast(v AS TIMESTAMP) FROM t", "COALESCE(TRY_CAST(v AS TIMESTAMP), CASE WHEN"),
    ("SELECT arg_min(_v, (_p, _v)) FROM t", "MIN_BY(_v, STRUCT(_p, _v))"),
])
def test_model_sql_fixes(duckdb, spark):
    assert spark in model_sql(duckdb)


def test_blanks_and_case_as_duckdb():
    text = model_sql("SELECT trim(v), lower(v), regexp_matches(v, '^\\d\\s*$') FROM t")
    assert "REGEXP_REPLACE(v, '^\\\\p{Zs}+|\\\\p{Zs}+$', '')" in text
    assert "LOWER(TRANSLATE(v, 'İΣ', 'iσ'))" in text
    assert "RLIKE '^\\\\d[\\\\s&&[^\\\\x0B]]*$'" in text


def test_timezone_never_uses_sparks_overlap_rule():
    text = model_sql("SELECT timezone('Europe/Berlin', try_cast(v AS TIMESTAMP)) FROM t")
    assert "TO_UTC_TIMESTAMP" not in text and "TIMEZONE(" not in text


def test_first_match_replacement_needs_an_anchor():
    """DuckDB replaces the first match without 'g', Spark every match: only a pattern
    that can match once (anchored at the end) is accepted."""
    assert "'$1'" in model_sql("SELECT regexp_replace(v, '(a)$', '\\1') FROM t")
    with pytest.raises(UsageError, match="end-anchored"):
        model_sql("SELECT regexp_replace(v, 'a', 'b') FROM t")


def test_cli_usage_errors_before_spark_starts(tmp_path):
    from typer.testing import CliRunner

    from gdpr_audit.cli import app

    runner = CliRunner()
    for args, says in (
            (["--engine", "spark", "--raw", "x"], "--out"),
            (["--engine", "spark", "--raw", "x", "--out", "y", "--db", "a.duckdb"], "no --db"),
            (["--engine", "flink", "--db", "a.duckdb"], "flink"),
            (["--raw", "x"], "--db FILE"),
            (["--engine", "spark", "--raw", "x", "--out", "y", "--timezone", "Mars/Base"],
             "Mars/Base"),
            (["--engine", "spark", "--raw", "x", "--out", "y", "--profile", "nope"], "nope")):
        done = runner.invoke(app, ["model", *args])
        assert isinstance(done.exception, UsageError), args
        assert done.exception.exit_code == 2 and says in str(done.exception)
    assert not (tmp_path / "y").exists()


def test_job_model_usage_error_exits_2(capsys):
    from gdpr_audit.spark.job import main

    with pytest.raises(SystemExit) as stop:
        main(["model", "--raw", "x", "--out", "y", "--timezone", "Nowhere/Else"])
    assert stop.value.code == 2
    assert "Nowhere/Else" in capsys.readouterr().err


# ----------------------------------------------------------------- both engines (slow)

#: (zone, date order, profile formats, values): parse.timestamp_sql on both engines.
_TIMESTAMPS = [
    ("Europe/Berlin", "dmy", (), [
        "29.03.2026 02:30", "2026-03-29 02:30", "29.03.2026 01:59:59", "29.03.2026 03:00",
        "25.10.2026 02:30", "2026-10-25T02:30:00", "25.10.2026 01:59:59", "25.10.2026 03:00",
        "31.02.2026", "29.02.2024", "29.02.2026", "01.03.2026 09:05:07.5",
        "01.03.2026 09:05:07.123456", "2026-03-01 09:05:07.1234567", "2026-03-01 24:00",
        "2026-03-01 24:00:01", "2026-03-01 24:00:00.0000001", "2026-03-01T24:00:00.01+01:00",
        "01/03/2026 21:05", "01.03.2026  9:05", "1.3.2026",
        "2026-03-01T09:05:00+02:00", "2026-03-01 09:05:00 +0100", "2026-03-01 09:05:00Z",
        "2026-03-01 09:05:00 UTC", "2026-03-01T09:05:00.5z", "1772355900000", "46082.5",
        "46082", "12.5", "01.03.26", "01.03.02026", "garbage", "", "1850-06-01 12:00",
        # blanks: a no-break space is trimmed, a vertical tab is a blank to strptime
        "\u00a001.03.2026 09:05\u00a0", "1.3.2026\x0b9:05", "1.3.2026\u00a09:05"]),
    ("America/New_York", "mdy", ("%b %d, %Y %I:%M %p",), [
        "3/1/2026 9:05 PM", "3/1/2026 12:05 am", "3/1/2026 12:05 PM", "3/1/2026 13:05 PM",
        "3/1/2026 0:05 AM", "Mar 01, 2026 09:05 PM", "mar 1, 2026 9:05 pm",
        "March 1, 2026 9:05 pm", "11/01/2026 01:30", "03/08/2026 02:30", "02/30/2026"]),
    ("Australia/Sydney", "dmy", (), ["04.10.2026 02:30", "05.04.2026 02:30", "05.04.2026 03:00"]),
    ("Australia/Lord_Howe", "dmy", (), ["05.04.2026 01:45", "04.10.2026 02:15"]),
]


@pytest.fixture(scope="module")
def both(spark):
    """Run one parser expression of ``v`` over literals on DuckDB and on Spark (the
    model's transpiler, its own session in UTC); {value: result} per engine."""
    import duckdb

    from gdpr_audit.spark.model import model_sql as to_spark

    session = spark.newSession()
    session.conf.set("spark.sql.session.timeZone", "UTC")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")

    def run(expr: str, values: list[str], micros: bool = False) -> tuple[dict, dict]:
        rows = ", ".join(f"({parse.sql_literal(v)})" for v in values)
        sql = f"SELECT v, {expr} AS x FROM (VALUES {rows}) AS t(v)"
        duck_x, spark_x = ("epoch_us(x)", "unix_micros(x)") if micros else ("x", "x")
        want = dict(con.execute(f"SELECT v, {duck_x} FROM ({sql})").fetchall())
        got = {r[0]: r[1] for r in session.sql(
            f"SELECT v, {spark_x} FROM ({to_spark(sql)})").collect()}
        return want, got

    yield run
    con.close()


@pytest.mark.slow
@pytest.mark.parametrize(("zone", "order", "formats", "values"), _TIMESTAMPS,
                         ids=[z for z, *_ in _TIMESTAMPS])
def test_timestamps_identical(both, zone, order, formats, values):
    want, got = both(parse.timestamp_sql("v", zone, date_order=order, formats=formats),
                     values, micros=True)
    assert got == want
    assert sum(v is not None for v in want.values()) >= len(values) // 2  # not all NULL


@pytest.mark.slow
def test_dst_edges_follow_duckdb_not_java(both):
    """Berlin: the spring gap 02:30 and the autumn overlap 02:30 are both 01:30 UTC
    (Spark's to_utc_timestamp makes the overlap 00:30 UTC, summer time)."""
    import datetime as dt

    want, got = both(parse.timestamp_sql("v", "Europe/Berlin"),
                     ["2026-03-29 02:30", "2026-10-25 02:30"], micros=True)
    utc = {v: dt.datetime.fromtimestamp(n / 1e6, dt.UTC).strftime("%H:%M")
           for v, n in got.items()}
    assert utc == {"2026-03-29 02:30": "01:30", "2026-10-25 02:30": "01:30"}
    assert got == want


@pytest.mark.slow
def test_dates_identical(both):
    values = ["2026-03-01", "1987-03-14T00:00:00Z", "14.03.1987", "3/14/1987", "14/03/1987",
              "31.02.2026", "46082.9", "1987", "03-14-1987", "garbage", "1799-12-31"]
    for order in ("dmy", "mdy"):
        want, got = both(parse.date_sql("v", date_order=order, formats=("%m-%d-%Y",)), values)
        assert got == want
        assert sum(v is not None for v in want.values()) >= 5


@pytest.mark.slow
def test_text_parsers_identical(both):
    values = ["Ja", "x", "NEIN", "-1", "maybe", "1.234,56", "1,234.56", "12 €", "1.5",
              "2,00", "3,5", "1 234", "EUR 7", " Legitimate interest – existing ",
              "Datenübertragbarkeit", "de", "Deutschland", "Österreich", "XYZ", "n/a",
              # DuckDB trims Unicode space separators, RE2's \s has no vertical tab,
              # DuckDB lower-cases one letter for one (no final sigma, no i + dot)
              "\u00a0x\u00a0", "\u2003Ja\u3000", "1\x0b234", "12\x0b", "İstanbul", "ΣΑΣ",
              "\u200bde"]
    for expr in (parse.bool_sql("v"), parse.decimal_sql("v", ","), parse.decimal_sql("v", "."),
                 parse.int_sql("v", ","), parse.int_sql("v", "."), parse.snake_sql("v"),
                 parse.enum_sql("v", {"legitimate_interest_existing": "legitimate_interest",
                                      "ja": "yes"}, ("legitimate_interest", "yes")),
                 parse.enum_sql("v", {}, None),
                 parse.country_sql("v", {"deutschland": "DE", "österreich": "AT"})):
        want, got = both(expr, values)
        assert got == want, expr


@pytest.mark.slow
def test_subject_map_identical(spark, tmp_path):
    """build_subjects' SQL on Spark: records of three systems linked by e-mail and by a
    declared person id, with the traps (a role mailbox, a mailbox two contacts of one
    system share, an id that names different people in two systems) as on DuckDB."""
    from gdpr_audit.core.db import connect, run_script
    from gdpr_audit.load.subjects import build_subjects
    from gdpr_audit.spark.model import _build_subjects

    con = connect(tmp_path / "subjects.duckdb")
    run_script(con, "model", "canonical")
    contacts = [  # source_table, contact_id, individual_id, email
        ("hub__contacts", "1063", None, "anna@example.org"),
        ("hub__contacts", "2001", None, "info@firma.de"),
        ("hub__contacts", "2003", None, "shared@team.de"),
        ("hub__contacts", "2004", None, "shared@team.de"),
        ("oro__contacts", "1063", None, "bob@example.org"),
        ("oro__contacts", "77", None, " ANNA@example.org"),
        ("oro__contacts", "78", None, "shared@team.de"),
        ("oro__contacts", "79", None, "info@firma.de"),
        ("oro__contacts", "80", None, "noreply-shop@firma.de"),
        ("sf__contacts", "003A", "0PK1", "carl@example.org"),
        ("erp__customers", "K-9", "77", None),
    ]
    con.executemany("INSERT INTO contacts (source_table, contact_id, individual_id, email) "
                    "VALUES (?, ?, ?, ?)", contacts)
    con.executemany("INSERT INTO consents (source_table, contact_id, consent_id, purpose) "
                    "VALUES (?, ?, ?, 'newsletter')",
                    [("sf__consents", "0PK1", "c1"), ("hub__consents", "1063", "c2")])
    con.executemany("INSERT INTO model_log (canonical_table, raw_table, profile, entity) "
                    "VALUES (?, ?, ?, ?)",
                    [("contacts", "hub__contacts", "hubspot", "contacts"),
                     ("consents", "hub__consents", "hubspot", "consents"),
                     ("contacts", "oro__contacts", "orocrm", "contacts"),
                     ("contacts", "sf__contacts", "salesforce", "contacts"),
                     ("consents", "sf__consents", "salesforce", "consents"),
                     ("contacts", "erp__customers", "erp_invoices_de", "customers")])
    session = spark.newSession()
    session.conf.set("spark.sql.session.timeZone", "UTC")
    for table in ("contacts", "consents", "communications", "dsr_requests", "contact_changes",
                  "automated_decisions", "model_log"):
        con.execute(f"COPY {table} TO '{tmp_path / table}.parquet' (FORMAT parquet)")
        session.read.parquet(str(tmp_path / f"{table}.parquet")).createOrReplaceTempView(table)
    done = build_subjects(con)
    want = sorted(con.execute("SELECT * FROM subjects").fetchall(), key=str)
    con.close()
    assert _build_subjects(session, str(tmp_path)) == done.records == len(want) >= 6
    got = sorted((tuple(r) for r in session.read.parquet(
        str(tmp_path / "model" / "subjects")).collect()), key=str)
    assert got == want
    linked = {r[2]: r[4] for r in want}  # contact_id -> linked_by
    assert linked["77"] and "email" in linked["77"]  # Anna in OroCRM and HubSpot
    assert "2001" not in linked and "79" not in linked  # info@ links nobody
