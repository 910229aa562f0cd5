"""Column classification: name + value evidence combined, with the traps pinned."""

from __future__ import annotations

import random

import pytest
from stdnum import iban, luhn
from stdnum.de import idnr
from stdnum.iso7064 import mod_11_10

from gdpr_audit.discover.columns import classify_column
from gdpr_audit.discover.values import profile_values

RNG = random.Random(7)
FIRST = ["Anna", "Jürgen", "Maria", "Thomas", "Laura", "Michael", "Sabine", "Peter", "Julia", "Jan"]
LAST = ["Schmidt", "Müller", "Weber", "Becker", "Hoffmann", "Klein", "Wolf", "Neumann"]
COMPANIES = [
    "Nordlicht Software GmbH",
    "Acme Inc.",
    "Gottlieb and Sons",
    "Müller & Partner KG",
    "Alpha Dynamics",
    "Beta Systems AG",
    "Hansa Logistik GmbH",
    "Blue Sky Ltd",
]


def luhn_numbers(n: int, length: int = 16, prefix: str = "4") -> list[str]:
    out = []
    for _ in range(n):
        body = prefix + "".join(RNG.choice("0123456789") for _ in range(length - 1 - len(prefix)))
        out.append(body + luhn.calc_check_digit(body))
    return out


def tax_ids(n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        digits = RNG.sample("123456789", 9)
        body = "".join(digits[:1] + digits + [])[:9]
        body = body + body[RNG.randrange(1, 9)]  # one digit twice: a valid structure
        candidate = body + mod_11_10.calc_check_digit(body)
        if idnr.is_valid(candidate):
            out.append(candidate)
    return out


def ibans(n: int) -> list[str]:
    out = []
    for _ in range(n):
        bban = "".join(RNG.choice("0123456789") for _ in range(18))
        out.append(iban.format("DE" + iban.calc_check_digits("DE00" + bban) + bban))
    return out


EMAILS = [f"{f.lower()}.{ln.lower()}@example.de".replace("ü", "ue") for f in FIRST for ln in LAST]
PHONES_DE = [f"+49 30 {RNG.randrange(1000000, 9999999)}" for _ in range(30)]
BARE_US = [f"415{RNG.randrange(2000000, 9999999)}" for _ in range(30)]
PERSONS = [f"{f} {ln}" for f in FIRST for ln in LAST]
BIRTHS_DE = [
    f"{RNG.randrange(1, 28):02d}.{RNG.randrange(1, 13):02d}.{RNG.randrange(1940, 2005)}"
    for _ in range(50)
]
BIRTHS_ISO = [
    f"{RNG.randrange(1940, 2005)}-{RNG.randrange(1, 13):02d}-{RNG.randrange(1, 28):02d}"
    for _ in range(50)
]
TIMESTAMPS = [
    f"2024-{RNG.randrange(1, 13):02d}-{RNG.randrange(1, 28):02d}T09:{i % 60:02d}:00Z"
    for i in range(50)
]
FUTURE = [f"{RNG.randrange(2025, 2029)}-{RNG.randrange(1, 13):02d}-01" for _ in range(50)]
POSTCODES = [f"{RNG.randrange(10000, 99999)}" for _ in range(50)]
NOTES = [
    "Called the customer about the renewal, will follow up next week with an offer.",
    "Kunde wünscht Rückruf wegen der Rechnung vom März, bitte bis Freitag klären.",
    "Met at the trade fair in Hannover, interested in the premium plan for the team.",
]


def types(column: str, values: list[str]) -> list[str]:
    return [e.entity_type for e in classify_column(column, profile_values(values)).entities]


@pytest.mark.parametrize(
    ("column", "values", "expected"),
    [
        # name and values agree
        ("Email", EMAILS, ["EMAIL_ADDRESS"]),
        ("E-Mail", EMAILS, ["EMAIL_ADDRESS"]),
        ("Telefon (geschäftlich)", PHONES_DE, ["PHONE_NUMBER"]),
        ("Contact: Phone", BARE_US, ["PHONE_NUMBER"]),  # bare digits with a phone name
        ("FirstName", FIRST, ["PERSON"]),
        ("Nachname", LAST, ["PERSON"]),
        ("Name", PERSONS, ["PERSON"]),
        ("Birthdate", BIRTHS_ISO, ["DATE_OF_BIRTH"]),
        ("Geburtsdatum", BIRTHS_DE, ["DATE_OF_BIRTH"]),
        ("PLZ", POSTCODES, ["LOCATION"]),
        ("Ort", ["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main"], ["LOCATION"]),
        ("MailingStreet", ["Hauptstraße 12", "Am Markt 5", "Lindenweg 3a"], ["LOCATION"]),
        ("IBAN", ibans(30), ["IBAN_CODE"]),
        ("Steuer-ID", tax_ids(30), ["NATIONAL_ID"]),  # public vocabulary
        ("Konfession", ["ev", "rk"], ["RELIGION"]),
        ("Gewerkschaft", ["ver.di", "IG Metall", "keine"], ["TRADE_UNION"]),
        # values alone
        ("Kontakt", EMAILS, ["EMAIL_ADDRESS"]),
        ("Feld 7", PHONES_DE, ["PHONE_NUMBER"]),
        ("Feld 8", ibans(30), ["IBAN_CODE"]),
        ("Feld 9", luhn_numbers(40), ["CREDIT_CARD"]),
        ("Feld 10", BIRTHS_ISO, ["DATE_OF_BIRTH"]),
        ("Merkmal", ["ev", "rk", "römisch-katholisch", "evangelisch"], ["RELIGION"]),
        ("Vertriebler", PERSONS, ["PERSON"]),
        ("Feld 13", ["Berlin", "Hamburg", "München", "Köln", "Leipzig"], ["LOCATION"]),
        ("Feld 14", LAST, ["PERSON"]),  # surnames alone
        # traps
        ("ref", BARE_US, []),  # numeric ids that parse as US phone numbers
        ("Kundennummer", luhn_numbers(40), []),  # ids that pass Luhn
        ("Order Number", luhn_numbers(40), []),
        ("customer_no", tax_ids(30), []),  # ids that pass the tax-id check digit
        ("Created Date", BIRTHS_ISO, []),
        ("CreatedDate", TIMESTAMPS, []),
        ("LastActivityDate", TIMESTAMPS, []),
        ("Letzte Aktivität", ["01.05.2024 09:12", "03.06.2024 17:45"], []),
        ("ContractEndDate", FUTURE, []),
        ("Feld 11", TIMESTAMPS, []),
        ("AccountName", COMPANIES, []),
        ("Name", COMPANIES, []),  # a bare "Name" column of companies
        ("Contact Name", COMPANIES, []),  # legal persons are not personal data
        ("Campaign Name", ["Spring Sale 2024", "Anna Schmidt Webinar"], []),
        ("Product", ["Premium Plan", "Starter Plan", "Cloud Backup 10115"], []),
        ("Artikel", ["SKU-10115-XL", "SKU-80331-S"], []),
        ("Zahl", POSTCODES, []),  # bare 5-digit numbers without a postcode name
        ("Preis", ["19,99", "1.234,56", "5.00"], []),
        ("Status", ["open", "closed", "in progress", "won", "lost"], []),
        ("Abteilung", ["Einkauf", "Vertrieb", "Buchhaltung", "IT", "Personal"], []),
        ("scenario_code", ["scenario_a_12", "scenario_b_07"], []),
        ("Phone", ["true", "false"], []),  # the name says phone, values say flag
        ("Email Opt Out", ["true", "false"], []),
        ("Land", ["DE", "AT", "CH", "FR"], []),  # a country alone identifies no one
        ("MailingCountry", ["DE", "AT", "CH", "FR"], []),
        ("login", EMAILS, ["EMAIL_ADDRESS"]),
        ("Feld 12", ["15070649C103"] * 1, []),  # one value is not enough without a name
    ],
)
def test_classify_column(column: str, values: list[str], expected: list[str]) -> None:
    assert types(column, values) == expected


def test_why_score_and_share() -> None:
    values = EMAILS[:9] + ["n/a"]
    (ev,) = classify_column("Email", profile_values(values)).entities
    assert ev.why == "name: 'Email' ~ EMAIL_ADDRESS; values: 9/10 valid e-mail"
    assert ev.share == pytest.approx(0.9)
    assert 0.9 < ev.score <= 0.99
    assert ev.category == "pii"


def test_empty_column_keeps_name_evidence_with_lower_score() -> None:
    (ev,) = classify_column("email_work", profile_values([])).entities
    assert ev.entity_type == "EMAIL_ADDRESS" and ev.score == 0.5 and ev.share == 0.0
    assert "no values to check" in ev.why
    assert classify_column("Name", profile_values([])).entities == ()


def test_special_category_and_free_text() -> None:
    result = classify_column("Konfession", profile_values(["ev", "rk"]))
    assert result.special_categories == ["RELIGION"] and result.pii_types == []
    notes = classify_column("Bemerkung", profile_values(NOTES))
    assert notes.free_text and notes.entities == ()


def test_min_score_filters() -> None:
    assert types("email_work", []) == ["EMAIL_ADDRESS"]
    result = classify_column("email_work", profile_values([]), min_score=0.6)
    assert result.entities == ()
