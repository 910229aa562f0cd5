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
