import hashlib
import hmac

import duckdb
import pytest

from gdpr_audit.core.privacy import mask_digits, mask_email, mask_text, pseudonym, pseudonym_sql


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("jane.doe@example.de", "j***@e***.de"),
        ("x@y", "x***@y***"),
        ("jürgen@müller-gmbh.co.uk", "j***@m***.uk"),
    ],
)
def test_mask_email(value: str, expected: str) -> None:
    assert mask_email(value) == expected


def test_mask_digits_keeps_no_more_than_two_digits() -> None:
    masked = mask_digits("DE89370400440532013000")
    assert masked.startswith("DE") and masked.endswith("00")
    assert sum(ch.isdigit() for ch in masked) == 2


def test_mask_text_hides_all_but_initials() -> None:
    assert mask_text("Jürgen Müller") == "J*** M***"


def test_pseudonym_is_stable_salted_and_matches_sql() -> None:
    assert pseudonym("C-1", "a") == pseudonym("C-1", "a")
    assert pseudonym("C-1", "a") != pseudonym("C-1", "b")
    assert pseudonym("C-1", "a") != pseudonym("C-2", "a")
    con = duckdb.connect()
    (sql_id,) = con.execute("SELECT " + pseudonym_sql("$v"), {"v": "C-1", "salt": "a"}).fetchone()
    assert sql_id == pseudonym("C-1", "a")


@pytest.mark.parametrize("value", ["C-1", "1063", "ü€ 1", "", "x" * 300, 419])
@pytest.mark.parametrize("salt", ["a", "s" * 64, "0f" * 32, "ß" * 100])
def test_pseudonym_is_hmac_sha256_in_python_and_sql(value: object, salt: str) -> None:
    key = hashlib.sha256(salt.encode()).digest()
    expected = "S-" + hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()[:12]
    assert pseudonym(value, salt) == expected
    con = duckdb.connect()
    (sql_id,) = con.execute("SELECT " + pseudonym_sql("$v"), {"v": value, "salt": salt}).fetchone()
    assert sql_id == expected
    # the salt as a column (views.sql reads it from audit_params p)
    (col_id,) = con.execute(
        "SELECT " + pseudonym_sql("t.v", salt_param="p.salt", prefix="R")
        + " FROM (SELECT $v AS v) t, (SELECT $salt AS salt) p", {"v": value, "salt": salt},
    ).fetchone()
    assert col_id == pseudonym(value, salt, prefix="R")


def test_pseudonyms_of_a_column_match_row_by_row() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT CAST(i AS VARCHAR) AS v FROM range(500) r(i)")
    rows = con.execute(f"SELECT v, {pseudonym_sql('v')} FROM t", {"salt": "k"}).fetchall()
    assert all(ref == pseudonym(v, "k") for v, ref in rows)
    assert len({ref for _, ref in rows}) == 500
