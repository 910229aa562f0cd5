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
])
def test_transpile_fixes(duckdb, spark):
    assert spark in to_spark_sql(duckdb)[0]


def test_pseudonym_pads_match_python_hmac():
    import hashlib

    ipad, opad = hmac_pads("some-salt-of-the-audit")
    inner = hashlib.sha256(ipad + b"C-42").digest()
    digest = hashlib.sha256(opad + inner).hexdigest()
    assert f"S-{digest[:12]}" == pseudonym("C-42", "some-salt-of-the-audit")
    assert f"S-{digest[:12]}" != pseudonym("C-43", "some-salt-of-the-audit")
