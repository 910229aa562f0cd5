"""Building blocks of the demo: identifiers, free-text templates, raw names, plant counts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import phonenumbers
import pytest
from stdnum import iban
from stdnum.de import idnr

from gdpr_audit.demo import identifiers, texts
from gdpr_audit.demo.context import DemoContext
from gdpr_audit.demo.texts_special import SPECIAL_DE, SPECIAL_EN
from gdpr_audit.demo.truth import raw_table_name, special_access_violations

CATEGORIES = {
    "HEALTH",
    "RELIGION",
    "POLITICAL_OPINION",
    "TRADE_UNION",
    "ETHNIC_ORIGIN",
    "SEXUAL_ORIENTATION",
    "BIOMETRIC",
    "GENETIC",
    "CRIMINAL_RECORD",
}


@pytest.mark.parametrize("country", ["DE", "AT", "US", "GB", "FR", "BE", "IE", "NL"])
def test_phone_numbers_are_valid_for_their_country(country: str) -> None:
    rng = np.random.default_rng(1)
    for _ in range(200):
        number = identifiers.phone_number(rng, country)
        assert phonenumbers.is_valid_number(phonenumbers.parse(number, country)), number


def test_ibans_and_tax_ids_carry_valid_check_digits() -> None:
    rng = np.random.default_rng(2)
    assert all(iban.is_valid(identifiers.iban_de(rng)) for _ in range(300))
    assert all(idnr.is_valid(identifiers.tax_id_de(rng)) for _ in range(300))
    assert not idnr.is_valid("12345678901")  # the validator itself can fail


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jürgen", "juergen"),
        ("Weiß", "weiss"),
        ("O'Brien", "obrien"),
        ("Hans-Peter", "hanspeter"),
        ("Émilie", "emilie"),
        ("De Vries", "devries"),
    ],
)
def test_names_become_ascii_local_parts(name: str, expected: str) -> None:
    assert identifiers.ascii_local_part(name) == expected


@pytest.mark.parametrize("table", [SPECIAL_EN, SPECIAL_DE])
def test_every_special_category_has_eight_distinct_sentences(table: dict) -> None:
    assert set(table) == CATEGORIES
    for category, sentences in table.items():
        assert len(set(sentences)) >= 8, category


@pytest.mark.parametrize(
    ("kind", "has_pii", "has_special", "decoy"),
    [
        ("harmless", False, False, False),
        ("pii", True, False, False),
        ("special", None, True, False),
        ("decoy", False, False, True),
    ],
)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_composed_texts_carry_their_truth(kind, has_pii, has_special, decoy, lang) -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        body, truth = texts.compose(rng, lang, kind)
        assert body
        if kind == "harmless":
            assert truth is None
            continue
        assert bool(truth.decoy) is decoy
        assert bool(truth.special) is has_special
        if has_pii is not None:
            assert bool(truth.pii) is has_pii


@pytest.mark.parametrize(
    ("template", "slot", "entity"),
    [
        ("Call back on {phone} after 3 pm.", "phone", "PHONE_NUMBER"),
        ("Neue Bankverbindung: {iban}.", "iban", "IBAN_CODE"),
        ("Steuer-ID {taxid} für die Rechnung hinterlegt.", "taxid", "NATIONAL_ID"),
    ],
)
def test_pii_slots_map_to_entities(template: str, slot: str, entity: str) -> None:
    assert texts.SLOT_TYPES[slot] == entity
    assert template in texts.PII["en"] + texts.PII["de"]


@pytest.mark.parametrize(
    ("path", "sheet", "expected"),
    [
        ("crm/contacts.csv", None, "crm__contacts"),
        ("crm/Kontakte DE.csv", None, "crm__kontakte_de"),
        ("privacy/requests.xlsx", "requests", "privacy__requests__requests"),
        ("analytics/scoring_runs.parquet", None, "analytics__scoring_runs"),
    ],
)
def test_raw_table_names_follow_the_data_model(path, sheet, expected) -> None:
    assert raw_table_name(path, sheet) == expected


COLUMNS = [
    {"file": "crm/notes.jsonl", "column": "body", "special": ["HEALTH", "RELIGION"]},
    {"file": "crm/contacts.csv", "column": "Description", "special": ["HEALTH"]},
    {"file": "crm/kontakte_de.csv", "column": "Bemerkung", "special": []},
    {"file": "crm/kontakte_de.csv", "column": "Konfession", "special": ["RELIGION"]},
]


@pytest.mark.parametrize(
    ("grant", "expected"),
    [
        (("dpo", "notes", "*", 1, 0), []),
        (("hr", "notes", "body", 1, 0), ["hr|raw.crm__notes|body"]),  # HEALTH ok, RELIGION not
        (
            ("support", "notes", "body", 1, 0),
            ["support|raw.crm__contacts|Description", "support|raw.crm__notes|body"],
        ),
        (("support", "notes", "body", 0, 1), []),  # no read right
        (("sales", "notes", "note_id", 1, 0), []),
        (("sales", "contacts", "*", 1, 0), []),
        (
            ("hr", "raw.crm__kontakte_de", "Konfession", 1, 0),
            ["hr|raw.crm__kontakte_de|Konfession"],
        ),
        (("intern", "raw.crm__kontakte_de", "*", 1, 0), ["intern|raw.crm__kontakte_de|Konfession"]),
    ],
)
def test_special_access_follows_lineage_and_allow_lists(grant, expected) -> None:
    raw = {"crm__kontakte_de": ["Kundennummer", "Konfession", "Bemerkung"]}
    assert special_access_violations([grant], COLUMNS, raw) == expected


@pytest.mark.parametrize("n", [200, 300, 5_000, 100_000])
def test_plant_counts_scale_with_the_demo_and_vanish_when_clean(n: int) -> None:
    ctx = DemoContext(seed=1, n_contacts=n, clean=False, as_of=dt.date(2026, 11, 28))
    count = ctx.plant_count("consent.missing_proof")
    assert 1 <= count <= (60 if n >= 10_000 else max(1, n // 250))
    clean = DemoContext(seed=1, n_contacts=n, clean=True, as_of=dt.date(2026, 11, 28))
    assert clean.plant_count("consent.missing_proof") == 0


@pytest.mark.parametrize(
    ("as_of", "years"),
    [
        (dt.date(2026, 11, 28), 0),
        (dt.date(2026, 8, 1), 0),
        (dt.date(2026, 7, 31), -4),
        (dt.date(2030, 9, 1), 4),
        (dt.date(2021, 3, 1), -8),
    ],
)
def test_edge_dates_move_in_leap_cycles(as_of: dt.date, years: int) -> None:
    ctx = DemoContext(seed=1, n_contacts=300, clean=False, as_of=as_of)
    assert ctx.anchor_years == years
    assert ctx.anchor("2012-02-29").day == 29
