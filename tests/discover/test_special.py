"""Special categories (Art. 9, 10): tables of (language, text, expected categories), with decoys."""

from __future__ import annotations

import pytest

from gdpr_audit.discover.special import SPECIAL_CATEGORIES, categories_in, find_icd10, find_special

POSITIVES = [
    # HEALTH
    ("en", "She has been on sick leave since Monday.", {"HEALTH"}),
    ("en", "Customer mentioned he was diagnosed with diabetes last year.", {"HEALTH"}),
    ("en", "He is pregnant? No - his wife is pregnant, he asked about parental leave.", {"HEALTH"}),
    ("en", "Mr. Doe uses a wheelchair, please book the ground floor room.", {"HEALTH"}),
    ("de", "Kundin ist seit 3 Wochen krankgeschrieben.", {"HEALTH"}),
    ("de", "AU bis Freitag, danach wieder erreichbar.", {"HEALTH"}),
    ("de", "Herr Maier ist schwerbehindert (GdB 50).", {"HEALTH"}),
    ("de", "Frau Yilmaz ist schwanger und ab Juni im Mutterschutz.", {"HEALTH"}),
    ("de", "Er ist ab März zur Kur in Bad Kissingen.", {"HEALTH"}),
    ("de", "Diagnose laut Attest: M54.5", {"HEALTH"}),
    # RELIGION
    ("en", "He is a devout Catholic and does not take calls on Sundays.", {"RELIGION"}),
    ("en", "She observes Ramadan, schedule the meeting after sunset.", {"RELIGION"}),
    ("de", "Er ist katholisch und möchte keine Termine am Sonntag.", {"RELIGION"}),
    ("de", "Konfession: ev, Kirchensteuer wird abgeführt.", {"RELIGION"}),
    # POLITICAL_OPINION
    ("en", "He voted for the Greens and wants to talk about it.", {"POLITICAL_OPINION"}),
    ("de", "Sie ist Parteimitglied und engagiert sich politisch.", {"POLITICAL_OPINION"}),
    ("de", "Herr Weber ist Mitglied der SPD.", {"POLITICAL_OPINION"}),
    # TRADE_UNION
    ("en", "She is a union member and asked about the strike.", {"TRADE_UNION"}),
    ("de", "Herr Maier ist Mitglied der IG Metall.", {"TRADE_UNION"}),
    ("de", "Kunde ist Gewerkschaftsmitglied bei ver.di.", {"TRADE_UNION"}),
    # ETHNIC_ORIGIN
    ("en", "Customer is of Turkish descent and prefers German documents.", {"ETHNIC_ORIGIN"}),
    ("de", "Kundin hat einen Migrationshintergrund.", {"ETHNIC_ORIGIN"}),
    # SEXUAL_ORIENTATION
    ("en", "He mentioned he is gay; his husband will join the call.", {"SEXUAL_ORIENTATION"}),
    ("de", "Sie lebt in einer gleichgeschlechtlichen Partnerschaft.", {"SEXUAL_ORIENTATION"}),
    # BIOMETRIC
    ("en", "We stored her fingerprint for the door access system.", {"BIOMETRIC"}),
    ("de", "Fingerabdruck des Kunden für die Zeiterfassung hinterlegt.", {"BIOMETRIC"}),
    # GENETIC
    ("en", "She shared the results of her genetic test (BRCA1).", {"GENETIC"}),
    ("de", "Er hat einen Gentest machen lassen.", {"GENETIC"}),
    # German compounds: the term is the end of a longer word
    ("de", "Hat eine Herzerkrankung, bitte kurze Termine.", {"HEALTH"}),
    ("de", "Nimmt Antidepressiva, morgens schlecht erreichbar.", {"HEALTH"}),
    # CRIMINAL_RECORD (Art. 10)
    ("en", "The applicant has a criminal record for fraud.", {"CRIMINAL_RECORD"}),
    ("de", "Kunde ist vorbestraft, Führungszeugnis angefordert.", {"CRIMINAL_RECORD"}),
    # sentences without a subject of their own are about the contact
    ("en", "Wears a kippah and asked for kosher catering.", {"RELIGION"}),
    ("de", "Sitzt im Vorstand der GEW und fragte nach Lizenzen.", {"TRADE_UNION"}),
    ("de", "Ist SPD-Mitglied und kandidiert für den Kreistag.", {"POLITICAL_OPINION"}),
    # ethnic origin needs an ethnic word plus origin/roots/minority, not a nationality
    ("de", "Hat kurdische Wurzeln, Familie lebt in der Region.", {"ETHNIC_ORIGIN"}),
    ("de", "Erwähnte seine jüdische Herkunft mütterlicherseits.", {"ETHNIC_ORIGIN"}),
    ("en", "She mentioned her Kurdish background.", {"ETHNIC_ORIGIN"}),
    ("de", "Er engagiert sich im Kirchenvorstand seiner evangelischen Gemeinde.", {"RELIGION"}),
    ("en", "Mentioned his boyfriend helps with the family business.", {"SEXUAL_ORIENTATION"}),
    ("en", "Has Huntington's in the family and did a predictive gene test.", {"GENETIC"}),
    # two categories in one note
    (
        "de",
        "Herr Maier ist krankgeschrieben und Mitglied der IG Metall.",
        {"HEALTH", "TRADE_UNION"},
    ),
]

DECOYS = [
    # a statement that only denies a category is not special-category data
    ("en", "No criminal record according to the applicant.", set()),
    ("en", "Our customer AOK is a health insurer.", set()),
    ("en", "Server health check failed again, restarted the pod.", set()),
    ("en", "The parish ordered 20 licences for the office.", set()),
    ("en", "ver.di is our customer since 2019.", set()),
    ("en", "Union Investment fund renewal due in May.", set()),
    ("en", "Updated the SSH fingerprint of the build server.", set()),
    ("en", "We diagnosed the issue: the database was full.", set()),
    ("en", "Fraud detection module demo scheduled.", set()),
    ("en", "Customer care is in our DNA.", set()),
    ("en", "Product code M54.5 shipped with order 4711.", set()),
    ("de", "Unser Kunde AOK Nordost bestellt 50 Lizenzen.", set()),
    ("de", "Die Evangelische Kirchengemeinde bestellt 20 Lizenzen.", set()),
    ("de", "Unser Kunde ver.di hat 20 Lizenzen bestellt.", set()),
    ("de", "Die IG Metall ist seit 2020 unser Kunde.", set()),
    ("de", "Gesundheitscheck des Servers erfolgreich.", set()),
    ("de", "Angebot an die Techniker Krankenkasse geschickt.", set()),
    ("de", "Rechnung 2024-00123 für Union Investment erstellt.", set()),
    ("de", "Bestellung F32.1 Ersatzteil, Lieferung Freitag.", set()),
    ("de", "Bahnstreik: Termin auf Donnerstag verschoben.", set()),
    ("en", "Asked whether our app supports fingerprint login.", set()),
    ("en", "He has a strong technical background in Java.", set()),
    ("en", "Our German customers want invoices in German.", set()),
    ("de", "Veranstaltungsort ist das Gewerkschaftshaus, Saal 2.", set()),
    ("de", "Ist seit Jahren Kunde und bestellt jedes Quartal.", set()),
]


@pytest.mark.parametrize(("lang", "text", "expected"), POSITIVES + DECOYS)
def test_categories(lang: str, text: str, expected: set[str]) -> None:
    assert categories_in(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Diagnose F32.1 G, AU bis 12.05.", ["F32.1"]),
        ("ICD-10: M54.5", ["M54.5"]),
        ("diagnosis J45 (asthma)", ["J45"]),
        ("AU wegen S82.0 R", ["S82.0"]),
        ("Diagnose U07.1", []),  # U is reserved for special purposes: not a regular chapter
        ("Diagnose F3.1", []),  # too few digits
        ("Artikel M54.5 bestellt", []),  # valid shape, no diagnosis context
        ("Diagnose: siehe Ticket AB12.3", []),  # two letters
        ("Diagnose M54.55 bestätigt", ["M54.55"]),
        ("diagnosis X12.345", []),  # three decimals: not ICD-10
    ],
)
def test_icd10_shape_and_context(text: str, codes: list[str]) -> None:
    assert [text[m.start : m.end] for m in find_icd10(text)] == codes


def test_weak_term_needs_a_person() -> None:
    assert categories_in("Catholic schools are a target segment.", "en") == set()
    assert categories_in("She is Catholic.", "en") == {"RELIGION"}


def test_mentions_carry_spans_and_scores_not_text() -> None:
    text = "Kundin ist krankgeschrieben."
    (m,) = find_special(text, "de")
    assert (m.category, text[m.start : m.end], m.rule) == ("HEALTH", "krankgeschrieben", "strong")
    assert 0 < m.score <= 1
    assert not hasattr(m, "text")


def test_unknown_language_applies_both_lists() -> None:
    assert categories_in("krankgeschrieben", None) == {"HEALTH"}
    assert categories_in("sick leave", "fr") == {"HEALTH"}


def test_vocabulary_is_the_nine_categories() -> None:
    assert len(SPECIAL_CATEGORIES) == 9 and len(set(SPECIAL_CATEGORIES)) == 9
