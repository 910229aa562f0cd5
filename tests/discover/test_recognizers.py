"""Recognizers on their own (no spaCy): tables of (text, expected spans), with traps."""

from __future__ import annotations

import pytest

from gdpr_audit.discover.recognizers.address import (
    ContextPlaceRecognizer,
    GermanPlaceRecognizer,
    StreetAddressRecognizer,
)
from gdpr_audit.discover.recognizers.date_of_birth import DateOfBirthRecognizer
from gdpr_audit.discover.recognizers.person import GazetteerPersonRecognizer
from gdpr_audit.discover.recognizers.phone import GermanPhoneRecognizer
from gdpr_audit.discover.recognizers.registry import (
    ENTITY_MAP,
    PII_TYPES,
    build_registry,
    category_of,
    recognizers_for,
    yaml_recognizers,
)


def spans(recognizer, text: str, entity: str) -> list[str]:
    return [text[r.start : r.end] for r in recognizer.analyze(text, [entity], None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ruf mich an: 0171/1234567 bitte", ["0171/1234567"]),
        ("Tel. (030) 123 45 67", ["(030) 123 45 67"]),
        ("Mobil +49 30 1234567", ["+49 30 1234567"]),
        ("erreichbar unter 0049 30 1234567", ["0049 30 1234567"]),
        ("Büro: 089 12345678", ["089 12345678"]),
        ("Wien +43 1 5123456", ["+43 1 5123456"]),
        # traps: order numbers, postcodes, invoice numbers, dates, too short
        ("Bestellnr 4711-0815", []),
        ("Rechnung 2024-001234 vom 12.03.2024", []),
        ("PLZ 10115 Berlin", []),
        ("Kundennummer K-000123", []),
        ("Ticket 12345", []),
        ("Termin am 07.04.2029 bestätigt", []),
        ("Therapie 05/2023 - 08/2023, Kontrolle 3.8.2033", []),
        ("vom 24.01.2028 bis zum 06.02.2028", []),
        ("Vorgangs-Nr. 01776324221", []),
        ("Telefonnummer 0177 6324221", ["0177 6324221"]),
    ],
)
def test_german_phone_formats(text: str, expected: list[str]) -> None:
    assert spans(GermanPhoneRecognizer(), text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Neue Anschrift: Hauptstraße 12, 10115 Berlin.", ["Hauptstraße 12, 10115 Berlin"]),
        ("wohnt jetzt Berliner Straße 5a", ["Berliner Straße 5a"]),
        (
            "Lieferung an Karl-Marx-Allee 90-92, 10243 Berlin",
            ["Karl-Marx-Allee 90-92, 10243 Berlin"],
        ),
        ("Am Markt 3, 04109 Leipzig", ["Am Markt 3, 04109 Leipzig"]),
        ("moved to 221 Baker Street, London", ["221 Baker Street, London"]),
        (
            "ship to 4613 Parkway Drive Apt. 32 Lewisville, TX 75067",
            ["4613 Parkway Drive Apt. 32 Lewisville, TX 75067"],
        ),
        ("Post an 80331 München", ["80331 München"]),
        (
            "send to 475 Breivangvegen 38 Suite 490, Kristiansund",
            ["475 Breivangvegen 38 Suite 490, Kristiansund"],
        ),
        ("office at Via Roma 131", ["Via Roma 131"]),
        ("Postfach 1234, bitte", ["Postfach 1234"]),
        ("20 licences for 3 users", []),
        # traps: a number and a capitalised noun is not a place
        ("Bestellung 12345 Lizenzen geliefert", []),
        ("Version 2 Update installiert", []),
        ("We sold 20 Licences Street-wise", []),
        # address blocks: the unit, place and postcode lines after the street belong to it
        (
            "Elizabeth Hanson\n077 Mellemstræde 74\nApt. 316\nVordingborg\nDenmark 29587\n",
            ["077 Mellemstræde 74\nApt. 316\nVordingborg\nDenmark 29587"],
        ),
        ("lives at 5720 Skoanveien 226, Fauske", ["5720 Skoanveien 226, Fauske"]),
        ("return to PSC 2581, Box 0041\nAPO AP 32376 please", ["PSC 2581, Box 0041\nAPO AP 32376"]),
        ("Unit 5022 Box 1225\nDPO AE 44085", ["Unit 5022 Box 1225\nDPO AE 44085"]),
        ("ZIP: 4943", ["4943"]),
        ("my zip code is 35350", ["35350"]),
        # traps: order numbers, product codes, counts, timestamps are no address
        ("Order 12345 Item 12 shipped", []),
        ("Ticket 4711 Widget 3", []),
        ("We sold 3 Apples for 5 dollars", []),
        ("Logged 2023 12 05, 10:15", []),
        ("the zip file is 3 MB", []),
        ("lives at 12 Skoanveien 3, he said", ["12 Skoanveien 3"]),
    ],
)
def test_street_addresses(text: str, expected: list[str]) -> None:
    assert spans(StreetAddressRecognizer("de"), text, "LOCATION") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("geboren am 14.03.1987 in Köln", ["14.03.1987"]),
        ("Geburtsdatum: 1987-03-14", ["1987-03-14"]),
        ("DOB 03/14/1987", ["03/14/1987"]),
        ("born on March 14, 1987", ["March 14, 1987"]),
        ("geb. 14. März 1987", ["14. März 1987"]),
        # traps: dates that are not birth dates, invalid dates
        ("Termin am 14.03.2025 bestätigt", []),
        ("contract ends 2026-12-31", []),
        ("geboren am 31.02.1987", []),
        ("Rechnung vom 01.04.2024, Kunde geboren in Köln", []),
    ],
)
def test_date_of_birth_needs_birth_context(text: str, expected: list[str]) -> None:
    assert spans(DateOfBirthRecognizer("de"), text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gespräch mit Herrn Müller", ["Müller"]),
        ("Frau Dr. Anna Schmidt ruft zurück", ["Anna Schmidt"]),
        ("Frau Müller Bescheid geben", ["Müller"]),
        ("Thomas Wagner hat angerufen", ["Thomas Wagner"]),
        ("Rückruf von Jürgen", ["Jürgen"]),
        # traps: nouns after a title, surnames that are common words, capitalised nouns
        ("Frau Doktor hat angerufen", []),
        ("Koch und Bauer kommen zum Termin", []),
        ("Die Lizenzen wurden geliefert", []),
    ],
)
def test_german_person_rules(text: str, expected: list[str]) -> None:
    assert spans(GazetteerPersonRecognizer(), text, "PERSON") == expected


def test_places_are_case_sensitive() -> None:
    rec = GermanPlaceRecognizer()
    assert spans(rec, "Termin in Essen am Montag", "LOCATION") == ["Essen"]
    assert spans(rec, "Wir gehen essen", "LOCATION") == []


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("Lewisville, TX 75067", "LOCATION", ["Lewisville, TX 75067"]),
        ("office at SW1A 1AA", "LOCATION", ["SW1A 1AA"]),
        ("passport C01X00T47 expired", "NATIONAL_ID", ["C01X00T47"]),
        ("Ausweisnummer L01X00T47", "NATIONAL_ID", ["L01X00T47"]),
        ("order ABC123456 shipped", "NATIONAL_ID", []),
        ("Phone: 451 5986", "PHONE_NUMBER", ["451 5986"]),
        ("Mobile: 0490 39 07 81 Desk: +44", "PHONE_NUMBER", ["0490 39 07 81"]),
        ("Order: 4711 0815 00", "PHONE_NUMBER", []),
        ("Desk: +1-903-140-4508x769", "PHONE_NUMBER", ["+1-903-140-4508x769"]),
        ("Can someone call me on 9472 7916?", "PHONE_NUMBER", ["9472 7916"]),
        ("They're not answering at 71-33-52-22", "PHONE_NUMBER", ["71-33-52-22"]),
        ("781 1704 office\n", "PHONE_NUMBER", ["781 1704"]),
        ("(37) 788-063-Office", "PHONE_NUMBER", ["(37) 788-063"]),
        # traps: times, order numbers, version strings near the same words
        ("call me at 10:30 tomorrow", "PHONE_NUMBER", []),
        ("Order 2023-11-05 shipped to the office", "PHONE_NUMBER", []),
        ("Build 1.2.3 works at home", "PHONE_NUMBER", []),
        ("my card 4131034282458809939 expires", "CREDIT_CARD", ["4131034282458809939"]),
        ("card no 501864667909?", "CREDIT_CARD", ["501864667909"]),
        # traps: order numbers and timestamps are not card numbers
        ("order 4131034282458809939 shipped", "CREDIT_CARD", []),
        ("card updated 20231105101500", "CREDIT_CARD", []),
        ("Ticket 1234567 closed", "PHONE_NUMBER", []),
    ],
)
def test_yaml_pattern_recognizers(text: str, entity: str, expected: list[str]) -> None:
    lang = "de" if "Ausweis" in text else "en"
    found = []
    for rec in yaml_recognizers(lang):
        if entity in rec.supported_entities:
            found += spans(rec, text, entity)
    assert found == expected


def test_registry_covers_vocabulary_and_german_recognizers() -> None:
    registry = build_registry(["en", "de"], ner_languages=())
    names_de = {r.name for r in registry.get_recognizers("de", all_fields=True)}
    assert {
        "KeyAwareDeTaxIdRecognizer",
        "DeSocialSecurityRecognizer",
        "DeIdCardRecognizer",
    } <= names_de
    assert "NationalIdCueRecognizer_de" in names_de
    reported = {
        ENTITY_MAP[e] for r in registry.recognizers for e in r.supported_entities if e in ENTITY_MAP
    }
    assert set(PII_TYPES) - {"PERSON"} <= reported  # PERSON for English comes from NER
    assert category_of("HEALTH") == "special" and category_of("PERSON") == "pii"


def test_no_ner_recognizer_without_ner() -> None:
    assert not any(
        "Spacy" in r.name for r in recognizers_for("en", ner=False, german_person_rules=True)
    )


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "She grew up in Store Merløse.", ["Store Merløse"]),
        ("en", "We moved here from Saareküla last year", ["Saareküla"]),
        ("en", "Estonia was super fun to visit!", ["Estonia"]),
        ("en", "shipped to the United Kingdom", ["United Kingdom"]),
        ("en", "When: 2020-01-01\nWhere: Beerze Country Club.", ["Beerze Country Club"]),
        ("de", "Der Patient wohnt in Bad Homburg und raucht nicht.", ["Bad Homburg"]),
        ("de", "Sie stammt aus Castrop-Rauxel.", ["Castrop-Rauxel"]),
        # traps: no capitalised place after the cue, a determiner, a name or a company
        ("en", "He lives in a small flat", []),
        ("en", "Meeting moved to Thursday, agenda sent.", []),
        ("en", "The call moved to Teams, she is based in March", []),
        ("en", "She lives in The Ritz", []),
        ("en", "Jordan called about the Georgia invoice", []),
        ("en", "Luiza is from Xignite", []),
        ("en", "turkey and china on the menu", []),
        ("de", "Er kommt aus der Klinik", []),
    ],
)
def test_context_places(language: str, text: str, expected: list[str]) -> None:
    rec = ContextPlaceRecognizer(language)
    assert spans(rec, text, "LOCATION") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("block my card asap, my name is lena andersson.", ["lena andersson"]),
        ("My name is Ján M. Novák but everyone calls me Ján", ["Ján M. Novák", "Ján"]),
        ("Her maiden name is Møller", ["Møller"]),
        ("She named him Luís", ["Luís"]),
        ("join accounts with ms. Marcela", ["Marcela"]),
        ("Timotea lives on Via dei Fiorentini 1", ["Timotea"]),
        ("Dear Mr. Smith, thanks", ["Smith"]),
        ("please follow up with Patricia Desrosiers next month", ["Patricia Desrosiers"]),
        ("remove my kid Lukas from the will", ["Lukas"]),
        ("approved by Sari J. Paavolainen", ["Sari J. Paavolainen"]),
        # traps: pronouns, teams and products after the same cues
        ("She was born on 2/8/1935.", []),
        ("please follow up with Support on Monday", []),
        ("approved by the board", []),
        # traps: no name after the cue, salutations to groups, units, things and companies
        ("my name is on the list", []),
        ("Hello Team, the build failed", []),
        ("It was called Project Phoenix", []),
        ("The report took 200 ms. Server load was high", []),
        ("The customer lives in Berlin", []),
        ("Order 4711 was called back at 10:15", []),
        ("Acme GmbH ships product XJ-200", []),
    ],
)
def test_english_person_cues(text: str, expected: list[str]) -> None:
    assert spans(GazetteerPersonRecognizer("en"), text, "PERSON") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mrs. Alcaraz Suite 541 6343 Skogstien 106\nAsker",
            ["Suite 541 6343 Skogstien 106\nAsker"],
        ),
        ("send it to Mellemvej 32, Aalborg", ["Mellemvej 32, Aalborg"]),
        ("2224 Trenerys gate 232\nApt. 342", ["2224 Trenerys gate 232\nApt. 342"]),
        ("billing: 31401 ul. Słowicza 10 Apt. 360", ["31401 ul. Słowicza 10 Apt. 360"]),
        ("The restaurant is at 9816 214 Pavlou Drive", ["9816 214 Pavlou Drive"]),
        # traps: product codes, versions and counts next to a capitalised word
        ("Firmware Tie 3 released", []),
        ("ordered 12 Ikea Kallax shelves", []),
        ("Invoice 2023 Gate 4 boarding", []),
        ("Timotea lives on Via dei Fiorentini 17 street.", ["Via dei Fiorentini 17"]),
        ("He lives on the north side of Joaquin Suarez 2906.", ["Joaquin Suarez 2906"]),
        ("Our offices are located at USNS Møller\nFPO AA 85844", ["USNS Møller\nFPO AA 85844"]),
        ("Ship to 6556 106 Rue Ettatawer Apt. 409", ["6556 106 Rue Ettatawer Apt. 409"]),
        (
            "meet at the corner of Pachergasse 64 and Radolič Harbor.",
            ["the corner of Pachergasse 64 and Radolič Harbor"],
        ),
        # traps: a residence verb without a street and number; a corner of lower-case words
        ("She lives on a budget of 300 euros", []),
        ("put it in the corner of the room and the hall.", []),
        ("The file is located in folder 12", []),
    ],
)
def test_english_address_blocks(text: str, expected: list[str]) -> None:
    assert spans(StreetAddressRecognizer("en"), text, "LOCATION") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trainer Jürgen Klopp lobte die Mannschaft", ["Jürgen Klopp"]),
        ("Oberarzt Brenneisen wurde informiert", ["Brenneisen"]),
        ("Das sei ein Erfolg, sagte Klinsmann am Montag", ["Klinsmann"]),
        # traps: a role or verb of saying before a lower-case word, a number or a quote
        ("Der Trainer war zufrieden", []),
        ("sagte der Sprecher der Firma", []),
        ("Patient 4711 Bett 3", []),
    ],
)
def test_german_role_and_speaker_cues(text: str, expected: list[str]) -> None:
    assert spans(GazetteerPersonRecognizer("de"), text, "PERSON") == expected
