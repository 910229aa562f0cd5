"""Transpiling the check SQL: the DuckDB-only spellings sqlglot leaves or gets wrong (fast)."""

from __future__ import annotations

import pytest

pytest.importorskip("sqlglot")

from gdpr_audit.core.privacy import pseudonym  # noqa: E402
from gdpr_audit.spark.sqlconn import hmac_pads, to_spark_sql  # noqa: E402


@pytest.mark.parametrize(("duckdb", "spark"), [
    ("SELECT timezone($zone, t) FROM x",
     "TO_UTC_TIMESTAMP(FROM_UTC_TIMESTAMP(t, :zone), CURRENT_TIMEZONE())"),
    ("SELECT epoch(a - b) FROM x", "(UNIX_MICROS(a) - UNIX_MICROS(b)) / 1000000.0"),
    ("SELECT isodow(d) FROM x", "(((DAYOFWEEK(d) + 5) % 7) + 1)"),
    ("SELECT d + to_months(p) FROM x", "ADD_MONTHS(d, (p))"),
    ("SELECT d - to_years(2) FROM x", "ADD_MONTHS(d, -((2) * 12))"),
    ("SELECT CAST($as_of AS DATE) - legal_deadline FROM x",
     "DATEDIFF(CAST(:as_of AS DATE), legal_deadline)"),
    ("SELECT CAST($as_of AS DATE) - 90 FROM x", "CAST(:as_of AS DATE) - 90"),  # trap
    ("SELECT len(list_filter(s, lambda v: v > 1)) FROM x", "SIZE(FILTER(s, v -> v > 1))"),
    ("SELECT unnest($a) AS x, unnest($b) AS y", "INLINE(ARRAYS_ZIP(:a, :b)) AS (x, y)"),
    ("SELECT strftime(t, '%Y-%m-%d %H:%M %Z') FROM x", "'yyyy-MM-dd HH:mm VV'"),
    # a generator inside an expression: zipped in a FROM-less subquery
    ("SELECT upper(unnest($a)) AS e, lower(unnest($b)) AS r",
     "SELECT UPPER(_u0) AS e, LOWER(_u1) AS r FROM (SELECT INLINE(ARRAYS_ZIP(:a, :b)) "
     "AS (_u0, _u1)) AS _unnest"),
    ("SELECT upper(unnest($a)) AS e", "FROM (SELECT EXPLODE(:a) AS _u0) AS _unnest"),
    ("SELECT k, unnest(regexp_extract_all(v, 'x')) AS e FROM t",  # trap: has a FROM
     "SELECT k, EXPLODE(REGEXP_EXTRACT_ALL(v, 'x', 0)) AS e FROM t"),
    # DISTINCT + ORDER BY + FILTER string_agg: a sorted set, NULL when nothing is left
    ("SELECT string_agg(DISTINCT e, ', ' ORDER BY e) FILTER (WHERE c = 'x') FROM t",
     "CASE WHEN SIZE(COLLECT_SET(CASE WHEN c = 'x' THEN e END)) > 0 THEN "
     "ARRAY_JOIN(ARRAY_SORT(COLLECT_SET(CASE WHEN c = 'x' THEN e END)), ', ') END"),
    ("SELECT string_agg(e, ', ' ORDER BY e DESC) FROM t",  # trap: no DISTINCT, kept
     "LISTAGG(e, ', ') WITHIN GROUP (ORDER BY e DESC)"),
    # Spark has no TIME type: the time of day as fixed-width text, a parameter on 1970-01-01
    ("SELECT CAST(t AS TIME) < CAST($start AS TIME) FROM x",
     "DATE_FORMAT(t, 'HH:mm:ss.SSSSSS') < DATE_FORMAT(CAST(CONCAT('1970-01-01 ', :start) "
     "AS TIMESTAMP), 'HH:mm:ss.SSSSSS')"),
    # the subject search (rights.erasure_not_effective): UNPIVOT, full match, row ids
    ("SELECT _rid, v FROM (UNPIVOT c ON a, b INTO NAME _col VALUE v)",
     "SELECT _rid, v FROM (SELECT * FROM (SELECT *, INLINE(ARRAY(NAMED_STRUCT('n', 'a', 'v', "
     "a), NAMED_STRUCT('n', 'b', 'v', b))) AS (_col, v) FROM c) AS _unpivoted "
     "WHERE NOT v IS NULL)"),
    ("SELECT regexp_full_match(n, '[0-9]{1,5}') FROM x", "n RLIKE '^(?:[0-9]{1,5})$'"),
    ("SELECT rowid AS _rid, q.rowid FROM t AS q",
     "MONOTONICALLY_INCREASING_ID() AS _rid, MONOTONICALLY_INCREASING_ID()"),
    ('SELECT "rowid" FROM t', "`rowid`"),  # trap: a quoted column of that name stays
    ("SELECT trim(t, '.-') FROM x", "TRIM('.-' FROM t)"),
])
def test_transpile_fixes(duckdb, spark):
    assert spark in to_spark_sql(duckdb)[0]


def test_schemas_become_temp_views():
    """``raw.<t>`` is the lake table's temp view (read under its own name), ``main.<t>``
    the canonical view; other schemas are left alone."""
    from gdpr_audit.spark.sqlconn import _catalog_tables, parse_duckdb, raw_view, transpile

    sql = ('SELECT a.x FROM raw."crm__contacts" AS a JOIN main.contacts c ON a.x = c.x '
           "JOIN raw.notes ON TRUE JOIN other.t ON TRUE")
    text = transpile(parse_duckdb(sql)[0].transform(_catalog_tables))
    assert f"FROM {raw_view('crm__contacts')} AS a" in text
    assert "JOIN contacts AS c" in text
    assert f"JOIN {raw_view('notes')} AS notes" in text
    assert "other.t" in text


def test_pseudonym_pads_match_python_hmac():
    import hashlib

    ipad, opad = hmac_pads("some-salt-of-the-audit")
    inner = hashlib.sha256(ipad + b"C-42").digest()
    digest = hashlib.sha256(opad + inner).hexdigest()
    assert f"S-{digest[:12]}" == pseudonym("C-42", "some-salt-of-the-audit")
    assert f"S-{digest[:12]}" != pseudonym("C-43", "some-salt-of-the-audit")
