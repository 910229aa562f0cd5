"""Quarantine reasons on page 01 are worded per language from the stored code (issue #13/6)."""

from __future__ import annotations

import json
import string

import duckdb
import pytest

from gdpr_audit.core.db import run_script
from gdpr_audit.load.readers.reasons import REASONS
from gdpr_audit.report.i18n import LANGS, catalog
from gdpr_audit.report.quarantine import quarantine_reasons, reason_text


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("lang", LANGS)
def test_every_reason_code_is_worded(lang: str) -> None:
    texts = catalog(lang)
    for code, prose in REASONS.items():
        key = f"quarantine_reason.{code}"
        assert key in texts, key
        if _fields(texts[key]):  # parameters the loader may not record: a short text too
            assert _fields(texts[key + "_short"]) == set(), key
        # the English prose's parameters are the wording's (no value goes unused)
        assert _fields(prose) <= _fields(texts[key]), code
    for name in ("null", "boolean", "number", "string", "array", "other"):
        assert f"json_type.{name}" in texts


@pytest.fixture
def con():
    connection = duckdb.connect()
    run_script(connection, "load", "ddl")
    rows = [
        ("a.csv", "ragged row: more fields than the header (expected 3 fields, found 4)",
         "too_many_fields", {"expected": 3, "found": 4}),
        ("a.csv", "ragged row: more fields than the header (expected 3 fields, found 4)",
         "too_many_fields", {"expected": 3, "found": 4}),
        ("a.csv", "ragged row: more fields than the header (expected 3 fields, found 5)",
         "too_many_fields", {"expected": 3, "found": 5}),
        ("b.json", "array element is not an object", "json_element_not_object",
         {"json_type": "string"}),
        ("c.csv", "rejected by the CSV reader (NEW KIND)", "engine_error",
         {"error_class": "NEW KIND"}),
        ("d.csv", "ragged row: more fields than the header; unterminated or misplaced quote",
         "too_many_fields", {"also": ["bad_quote"]}),
    ]
    for path, prose, code, params in rows:
        connection.execute(
            "INSERT INTO load_quarantine VALUES (?, 't', 1, ?, 'raw secret', now(), ?, ?)",
            [path, prose, code, json.dumps(params)],
        )
    yield connection
    connection.close()


def test_german_reasons(con) -> None:
    got = [tuple(r) for r in quarantine_reasons(con, "de").itertuples(index=False)]
    assert got == [
        ("a.csv", "Mehr Felder als die Kopfzeile (4 statt 3)", 2),
        ("a.csv", "Mehr Felder als die Kopfzeile (5 statt 3)", 1),
        ("b.json", "Array-Element ist kein Objekt, sondern eine Zeichenkette", 1),
        ("c.csv", "Vom CSV-Leser abgewiesen (Fehlertyp NEW KIND)", 1),
        ("d.csv", "Mehr Felder als die Kopfzeile; Nicht geschlossenes oder falsch gesetztes "
                  "Anführungszeichen", 1),
    ]


def test_english_reasons_never_show_the_record(con) -> None:
    frame = quarantine_reasons(con, "en")
    assert list(frame.columns) == ["path", "reason", "records"]
    assert frame["reason"].iloc[0] == "More fields than the header (4 instead of 3)"
    assert not frame["reason"].str.contains("secret").any()


def test_database_loaded_before_reason_codes_still_reports() -> None:
    old = duckdb.connect()
    old.execute("CREATE TABLE load_quarantine (path VARCHAR, table_name VARCHAR, record_no "
                "BIGINT, reason VARCHAR, raw_record VARCHAR, quarantined_at TIMESTAMPTZ)")
    old.execute("INSERT INTO load_quarantine VALUES ('a.csv', 't', 1, 'wrong number of fields', "
                "'x', now()), ('a.csv', 't', 2, 'wrong number of fields', 'y', now())")
    en = quarantine_reasons(old, "en")
    de = quarantine_reasons(old, "de")
    assert [tuple(r) for r in en.itertuples(index=False)] == [
        ("a.csv", "wrong number of fields", 2)]
    assert [tuple(r) for r in de.itertuples(index=False)] == [
        ("a.csv", catalog("de")["quarantine_reason.legacy"], 2)]


def test_a_code_from_a_newer_loader_is_named_not_dropped() -> None:
    text = reason_text("future_code", "{}", "some prose", "de")
    assert "future_code" in text and "some prose" not in text
