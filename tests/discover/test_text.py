"""The free-text scanner end to end (Presidio + spaCy): EN and DE tables with traps."""

from __future__ import annotations

import pytest

from gdpr_audit.discover.text import (
    PII_TYPES,
    SPECIAL_CATEGORIES,
    TextDetection,
    TextScanner,
    needs_ner,
    scan_texts,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scanner() -> TextScanner:
    return TextScanner.shared()


def found(scanner: TextScanner, text: str, language: str | None = None) -> set[tuple[str, str]]:
    (dets,) = scanner.analyze_batch([text], language)
    return {(d.entity_type, text[d.start : d.end]) for d in dets}


CASES = [
    # English PII
    (
        "Spoke with John Smith, reach him at john.smith@example.com.",
        "en",
        {("PERSON", "John Smith"), ("EMAIL_ADDRESS", "john.smith@example.com")},
    ),
    (
        "Customer moved to 221 Baker Street, London.",
        "en",
        {("LOCATION", "221 Baker Street, London")},
    ),
    (
        "Please refund to IBAN DE89 3704 0044 0532 0130 00.",
        "en",
        {("IBAN_CODE", "DE89 3704 0044 0532 0130 00")},
    ),
    (
        "Paid with card 4111 1111 1111 1111 yesterday.",
        "en",
        {("CREDIT_CARD", "4111 1111 1111 1111")},
    ),
    ("my iban is gb42nawi04454264788619", "en", {("IBAN_CODE", "gb42nawi04454264788619")}),
    (
        "raise the limit on my card # 2297051310616322 please",
        "en",
        {("CREDIT_CARD", "2297051310616322")},
    ),
    ("Login from 192.168.10.23 blocked.", "en", {("IP_ADDRESS", "192.168.10.23")}),
    ("Date of birth: 1987-03-14 per ID.", "en", {("DATE_OF_BIRTH", "1987-03-14")}),
    ("Her SSN is 536-22-4312 per the form.", "en", {("NATIONAL_ID", "536-22-4312")}),
    ("She has been on sick leave since Monday.", "en", {("HEALTH", "sick leave")}),
    # German PII and special categories
    (
        "Frau Anna Schmidt ist seit 3 Wochen krankgeschrieben, Tel. 0171/1234567.",
        "de",
        {
            ("PERSON", "Anna Schmidt"),
            ("HEALTH", "krankgeschrieben"),
            ("PHONE_NUMBER", "0171/1234567"),
        },
    ),
    (
        "Neue Anschrift: Hauptstraße 12, 10115 Berlin.",
        "de",
        {("LOCATION", "Hauptstraße 12, 10115 Berlin")},
    ),
    ("Rückruf unter (030) 123 45 67 erbeten.", "de", {("PHONE_NUMBER", "(030) 123 45 67")}),
    ("Steuer-ID 12345678903 liegt vor.", "de", {("NATIONAL_ID", "12345678903")}),
    (
        "Herr Maier ist Mitglied der IG Metall.",
        "de",
        {("PERSON", "Maier"), ("TRADE_UNION", "Mitglied der IG Metall")},
    ),
    (
        "Diagnose F32.1, AU bis Freitag.",
        "de",
        {("HEALTH", "Diagnose"), ("HEALTH", "F32.1"), ("HEALTH", "AU bis")},
    ),
    (
        "Ship the hardware to 236 Rue de la Paix, Bristol.",
        "en",
        {("LOCATION", "236 Rue de la Paix, Bristol")},
    ),
    (
        "Mentioned he is Sinti and moved to Manchester.",
        "en",
        {("ETHNIC_ORIGIN", "Sinti"), ("LOCATION", "Manchester")},
    ),
    # address parts from different recognizers are one block, with region code and postcode
    (
        "Our offices are located at 6688 Kopfhölzistrasse 45 Suite 652\nGrasse, PA 39551",
        "en",
        {("LOCATION", "6688 Kopfhölzistrasse 45 Suite 652\nGrasse, PA 39551")},
    ),
    (
        "Ship it to 4880 Betburweg 74, Lascano, Uruguay 80694 please.",
        "en",
        {("LOCATION", "4880 Betburweg 74, Lascano, Uruguay 80694")},
    ),
    # German text keeps the parts apart (letters list them so); a year is no postcode
    ("Er zog von Berlin nach Hamburg, Deutschland.", "de",
     {("LOCATION", "Berlin"), ("LOCATION", "Hamburg"), ("LOCATION", "Deutschland")}),
    ("She moved to Berlin in 2019.", "en", {("LOCATION", "Berlin")}),
    # places: a place with its postcode, an upper-case city after the unit, arrival cues,
    # countries in a text without capitals (but not "turkey" the dish)
    ("We opened an office in Bjert 6091 last week.", "en", {("LOCATION", "Bjert 6091")}),
    (
        "Ship to 6400 12 Timms Drive Suite 215 NUNGATTA Australia",
        "en",
        {("LOCATION", "6400 12 Timms Drive Suite 215 NUNGATTA Australia")},
    ),
    ("The delegation arrived at Ettelgem this morning.", "en", {("LOCATION", "Ettelgem")}),
    ("i'm originally from switzerland", "en", {("LOCATION", "switzerland")}),
    ("we had turkey and rice for lunch in the office", "en", set()),
    ("Our numbers in Q3 2024 grew.", "en", set()),
    # names: middle initial; a found name recurs bare; enumerations with known names
    ("Maybe it's under Elita B Desaulniers", "en", {("PERSON", "Elita B Desaulniers")}),
    (
        "Film directed by Joakim Westgård and starring Westgård.",
        "en",
        {("PERSON", "Joakim Westgård"), ("PERSON", "Westgård")},
    ),
    (
        "Send it to 4880 Betburweg 74 Suite 967 Apt. 267, Lascano, Uruguay 80694",
        "en",
        {("LOCATION", "4880 Betburweg 74 Suite 967 Apt. 267, Lascano, Uruguay 80694")},
    ),
    # the addressee line before an address; a name addressed at the start of a sentence
    (
        "Maureen Thibault  41086 Kiannonkatu 98  Suite 464",
        "en",
        {("PERSON", "Maureen Thibault"), ("LOCATION", "41086 Kiannonkatu 98  Suite 464")},
    ),
    (
        "Dr. Cindy Holinka Apt. 117 5720 Skoanveien 226",
        "en",
        {("PERSON", "Cindy Holinka"), ("LOCATION", "Apt. 117 5720 Skoanveien 226")},
    ),
    ("Danial, can I please speak to your boss?", "en", {("PERSON", "Danial")}),
    # traps: interjections before the same question; a label line before an address
    ("Sorry, can I call you back later?", "en", set()),
    ("Okay, we will ship on Monday.", "en", set()),
    # traps: employers and firms that NER reads as people
    ("I work for Flightstats", "en", set()),
    ("Galorath Incorporated renewed the contract.", "en", set()),
    # traps: labels with a letter, firms named after people, lists of things
    ("Plan B Option was chosen for Section C Building.", "en", set()),
    ("Offer sent to Jones, Mitchell and Williams LLP.", "en", set()),
    ("We sell Apples, Pears, Plums and Cherries.", "en", set()),
    # German: conversation cues before a name; cities of the GeoNames list after a
    # preposition or a postcode; a male partner named as such
    ("Gespräch mit Maren Kühn aus dem Einkauf.", "de", {("PERSON", "Maren Kühn")}),
    ("Lieferung nach Bocholt, Rechnung an 77855 Achern.", "de",
     {("LOCATION", "Bocholt"), ("LOCATION", "77855 Achern")}),
    ("Erwähnte seinen Lebensgefährten beim Abendessen.", "de",
     {("SEXUAL_ORIENTATION", "seinen Lebensgefährten")}),
    # traps: departments after the same cues, directions and words that are also towns
    ("Termin mit Einkauf und Vertrieb am Montag.", "de", set()),
    ("Wir fahren nach Norden, das Wetter ist gut.", "de", set()),
    ("Erwähnte seinen Freund, der im Familienbetrieb hilft.", "de", set()),
    # traps: ids, order numbers, product codes, non-birth dates, scenario codes, decoys
    ("Order 4711-0815 shipped on 2024-05-01, product code M54.5.", "en", set()),
    ("scenario_code HX-2231 / run 20240501-0007 finished", "en", set()),
    ("Contact C0000123 converted, invoice INV-2024-00017 paid.", "en", set()),
    ("Our customer AOK is a health insurer; server health check done.", "en", set()),
    ("Rechnung 2024-001234 vom 12.03.2024 an Kundennummer K-000123.", "de", set()),
    ("Die Evangelische Kirchengemeinde bestellt 20 Lizenzen.", "de", set()),
    ("ver.di is our customer, renewal in May.", "en", set()),
]


@pytest.mark.parametrize(("text", "language", "expected"), CASES)
def test_scanner_table(scanner: TextScanner, text: str, language: str, expected: set) -> None:
    assert found(scanner, text, language) == expected


def test_detections_are_typed_and_in_vocabulary(scanner: TextScanner) -> None:
    texts = ["Kundin ist schwanger, Tel. 0171/1234567.", "Called Mary Jones in Boston.", "", None]
    out = scanner.analyze_batch(texts)  # language detected per text
    assert len(out) == 4 and out[2] == [] and out[3] == []
    for dets in out:
        for d in dets:
            assert isinstance(d, TextDetection)
            assert d.entity_type in PII_TYPES + SPECIAL_CATEGORIES
            assert d.category == ("special" if d.entity_type in SPECIAL_CATEGORIES else "pii")
    assert {d.language for d in out[0]} == {"de"} and {d.language for d in out[1]} == {"en"}


def test_scan_texts_pool_preserves_order_and_reports_progress() -> None:
    texts = [
        f"Note {i}: call Anna Weber at anna{i}@example.org" if i % 3 == 0 else "ok"
        for i in range(40)
    ]
    seen: list[int] = []
    serial = scan_texts(texts, language="en", batch_size=8)
    pooled = scan_texts(texts, language="en", batch_size=8, workers=2, progress=seen.append)
    assert pooled == serial
    assert sum(seen) == len(texts)
    assert [bool(d) for d in pooled] == [i % 3 == 0 for i in range(40)]


def test_ner_off_keeps_patterns_and_gazetteers(scanner: TextScanner) -> None:
    text = "Mail Zyxa Quorrel or John Smith at john@example.com"
    (with_ner,) = scan_texts([text], language="en")
    (dets,) = scan_texts([text], language="en", ner=False)
    assert ("PERSON", "Zyxa Quorrel") in {(d.entity_type, text[d.start : d.end]) for d in with_ner}
    assert [(d.entity_type, text[d.start : d.end]) for d in dets] == [
        ("PERSON", "John Smith"),  # given-name gazetteer, no NER needed
        ("EMAIL_ADDRESS", "john@example.com"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Called back, no answer.", False),
        ("Spoke with Anna about the renewal.", True),
        ("Anna called about the renewal.", True),
        ("Mr. Smith wants a quote.", True),
        ("Sent the quote. Waiting for reply.", False),
    ],
)
def test_needs_ner_prefilter(text: str, expected: bool) -> None:
    assert needs_ner(text) is expected
