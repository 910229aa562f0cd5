"""The shipped German NER model and its evidence gate (issue #12).

The gate's table runs without loading the model; the scanner tests load it (slow).
"""

from __future__ import annotations

import json

import pytest

from gdpr_audit.discover.engine import EngineConfig, german_model_path
from gdpr_audit.discover.recognizers.german_model import has_evidence
from gdpr_audit.discover.recognizers.registry import recognizers_for


def test_model_mode_runs_the_german_model_on_german_texts() -> None:
    assert EngineConfig(german_ner="model").ner_languages == ("en", "de")
    names = [r.__class__.__name__ for r in recognizers_for(
        "de", ner=True, german_person_rules=True, german_model=True)]
    assert "GermanModelRecognizer" in names and "GazetteerPersonRecognizer" in names
    assert "SpacyRecognizer" not in names  # the English NER stays off German text


def test_the_built_model_is_small_and_attributed() -> None:
    path = german_model_path()
    meta = json.loads((path / "meta.json").read_text("utf-8"))
    assert meta["lang"] == "de" and {"PER", "LOC"} <= set(meta["labels"]["ner"])
    assert meta["license"] == "CC BY 4.0" and len(meta["sources"]) == 2
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size < 20_000_000
    assert (path.parent / "README.md").is_file()


@pytest.mark.parametrize(
    ("text", "span", "entity", "kept"),
    [
        # two capitalised words, a known name, a cue before or a verb of saying after
        ("Telefonat mit Katrin Albers wegen der Kündigung.", "Katrin Albers", "PERSON", True),
        ("Laut Bredehorst ist der Vertrag gekündigt.", "Bredehorst", "PERSON", True),
        ("Bredehorst sagte, die Lieferung komme am Montag.", "Bredehorst", "PERSON", True),
        ("Herr Oltmanns ruft morgen zurück.", "Oltmanns", "PERSON", True),
        ("Die Kundin zieht nach Quakenbrück um.", "Quakenbrück", "LOCATION", True),
        ("Filiale Bad Zwischenahn meldet Verzug.", "Bad Zwischenahn", "LOCATION", True),
        # traps: nouns, drugs, lab values, salutations, headings
        ("Liebe Frau Kollegin, anbei der Befund.", "Kollegin", "PERSON", False),
        ("Kreatinin im Normbereich.", "Normbereich", "LOCATION", False),
        ("Kreatinin im Normbereich.", "Kreatinin", "LOCATION", False),
        ("Beschwerden bei Juckreiz.", "Juckreiz", "LOCATION", False),
        ("Endoskopischer Befund: unauffällig.", "Endoskopischer Befund", "PERSON", False),
        ("Therapie nach Zyklus CCVE.", "Zyklus CCVE", "PERSON", False),
        ("Da Infektparameter steigen, Antibiose.", "Da Infektparameter", "PERSON", False),
        ("Termin mit Einkauf und Buchhaltung.", "Einkauf", "PERSON", False),
        ("Ware in Auftragsbearbeitung.", "Auftragsbearbeitung", "LOCATION", False),
        ("Wetterstein\nAmbulanz", "Wetterstein\nAmbulanz", "LOCATION", False),
    ],
)
def test_a_model_span_needs_evidence(text: str, span: str, entity: str, kept: bool) -> None:
    start = text.index(span)
    assert has_evidence(text, start, start + len(span), entity) is kept


CRM_NOTES_DE = [
    # (text, names and places the model must tag; none of them in the gazetteers)
    ("Rücksprache mit Katrin Albers ergab, dass sie alle Daten gelöscht haben will.",
     ["Albers"]),
    ("Wiebke Terhorst aus Cloppenburg hat zweimal wegen der Gutschrift angerufen.",
     ["Terhorst", "Cloppenburg"]),
    ("Die Unterlagen gehen an Jannik Oltmanns in Quakenbrück.", ["Oltmanns", "Quakenbrück"]),
    ("Herr Bredehorst wünscht keine Werbung mehr.", ["Bredehorst"]),
]
TRAPS_DE = [
    "Termin mit Einkauf verschoben, Angebot folgt nächste Woche.",
    "Bitte Rechnung an die Buchhaltung schicken, Mahnung gestoppt.",
    "Kreatinin im Normbereich, Kontrolle in vier Wochen.",
    "Reklamation wegen defekter Ware, Gutschrift erstellt.",
    "Liebe Frau Kollegin, vielen Dank für die Überweisung.",
]


@pytest.mark.slow
def test_the_german_model_tags_names_and_places_in_crm_notes() -> None:
    from gdpr_audit.discover.engine import _load_german_model

    nlp = _load_german_model()
    # the model alone misses some sentence-initial names ("Wiebke Terhorst aus ..."):
    # the gazetteer rules, which run beside it, find those (next test)
    notes = [n for n in CRM_NOTES_DE if not n[0].startswith("Wiebke")]
    for (text, names), doc in zip(notes, nlp.pipe(t for t, _ in notes), strict=True):
        tagged = [e.text for e in doc.ents if e.label_ in ("PER", "LOC")]
        for name in names:
            assert any(name in t for t in tagged), (text, tagged)


@pytest.mark.slow
def test_model_mode_finds_crm_names_and_nothing_in_traps() -> None:
    from gdpr_audit.discover.text import TextScanner

    scanner = TextScanner.shared(german_ner="model")
    notes = [t for t, _ in CRM_NOTES_DE]
    for (text, names), dets in zip(CRM_NOTES_DE, scanner.analyze_batch(notes, "de"), strict=True):
        found = [text[d.start : d.end] for d in dets if d.entity_type in ("PERSON", "LOCATION")]
        for name in names:
            assert any(name in f for f in found), (text, found)
    for text, dets in zip(TRAPS_DE, scanner.analyze_batch(TRAPS_DE, "de"), strict=True):
        found = [text[d.start : d.end] for d in dets if d.entity_type in ("PERSON", "LOCATION")]
        assert found == [], (text, found)
