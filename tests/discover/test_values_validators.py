"""Value evidence: validators (checksums, phone formats, dates) and shape tags, with traps."""

from __future__ import annotations

import datetime as dt

import pytest

from gdpr_audit.discover.values import parse_date, phone_kind, profile_values, value_tags

ENTITY_TAGS = {
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "PHONE_BARE",
    "IBAN_CODE",
    "CREDIT_CARD",
    "DE_TAX_ID",
    "DE_SOCIAL_SECURITY",
    "DE_ID_CARD",
    "DE_PASSPORT",
    "IP_ADDRESS",
    "URL",
    "DATE",
    "DATETIME",
    "POSTCODE",
    "STREET",
    "RELIGION",
    "GENDER",
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # IBAN: checksum (Presidio IbanRecognizer), with and without spaces
        ("DE89 3704 0044 0532 0130 00", {"IBAN_CODE"}),
        ("DE89370400440532013000", {"IBAN_CODE"}),
        ("DE89370400440532013001", set()),  # one digit off: checksum fails
        ("GB82 WEST 1234 5698 7654 32", {"IBAN_CODE"}),
        # credit cards: Luhn
        ("4111 1111 1111 1111", {"CREDIT_CARD"}),
        ("5500-0000-0000-0004", {"CREDIT_CARD"}),
        ("4111 1111 1111 1112", set()),
        # German tax id (stdnum.de.idnr rules via Presidio DeTaxIdRecognizer)
        ("65929970489", {"DE_TAX_ID", "PHONE_BARE"}),
        ("65 929 970 489", {"DE_TAX_ID", "PHONE_NUMBER"}),
        ("65929970488", {"PHONE_BARE"}),
        # pension insurance number with check digit
        ("15070649C103", {"DE_SOCIAL_SECURITY"}),
        ("15070649C104", set()),
        # e-mail, IP, URL
        ("jane.doe@example.de", {"EMAIL_ADDRESS"}),
        ("jane.doe@example", set()),
        ("192.168.10.1", {"IP_ADDRESS"}),
        ("2001:db8::1", {"IP_ADDRESS"}),
        ("999.1.1.1", set()),
        ("https://www.linkedin.com/in/jane-doe", {"URL"}),
        # dates are not phone numbers
        ("1987-03-14", {"DATE"}),
        ("14.03.1987", {"DATE"}),
        ("03/14/1987", {"DATE"}),
        ("2024-05-01T09:12:00Z", {"DATETIME"}),
        ("01.05.2024 09:12", {"DATETIME"}),
        ("31.02.2020", set()),
        # address parts
        ("Hauptstraße 12", {"STREET"}),
        ("Schillerstr. 4a", {"STREET"}),
        ("Am Lindenweg 3", {"STREET"}),
        ("221 Baker Street", {"STREET"}),
        ("10115", {"POSTCODE"}),
        # words
        ("rk", {"RELIGION"}),
        ("römisch-katholisch", {"RELIGION"}),
        ("female", {"GENDER"}),
        # traps: order numbers, SKUs, prices, codes
        ("ORD-2024-00017", set()),
        ("SKU-10115-XL", set()),
        ("1.234,56", set()),
        ("19.99", set()),
        ("C0000001", set()),
        ("scenario_b_07", set()),
    ],
)
def test_value_tags(value: str, expected: set[str]) -> None:
    assert value_tags(value) & ENTITY_TAGS == expected, value


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("+49 30 12345678", "formatted"),  # DE landline, international
        ("030 12345678", "formatted"),  # DE landline, national
        ("0171 1234567", "formatted"),  # DE mobile
        ("+49 (0)171 1234567", "formatted"),
        ("0049 171 1234567", "formatted"),
        ("(415) 293-3313", "formatted"),  # US
        ("1-955-371-0847 x371", "formatted"),  # Faker-style US with extension
        ("415-293-3313 x12", "formatted"),  # US with extension
        ("+33 1 23 45 67 89", "formatted"),  # FR
        ("01 23 45 67 89", "formatted"),  # FR national
        ("4152568563", "bare"),  # 10 bare digits: a phone only with name evidence
        ("12345", None),
        ("+49 123", None),
        ("2024-05-01", None),
        ("hello", None),
    ],
)
def test_phone_kind(value: str, kind: str | None) -> None:
    assert phone_kind(value) == kind


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1987-03-14", (dt.date(1987, 3, 14), False)),
        ("14.3.1987", (dt.date(1987, 3, 14), False)),
        ("2024-05-01 09:12:00+02:00", (dt.date(2024, 5, 1), True)),
        ("13/01/2020", (dt.date(2020, 1, 13), False)),  # day first when month > 12
        ("2024-13-01", None),
        ("1.234,56", None),
    ],
)
def test_parse_date(value: str, expected: tuple[dt.date, bool] | None) -> None:
    assert parse_date(value) == expected


def test_person_and_organisation_shapes() -> None:
    assert {"PERSON_SHAPE", "FIRST_NAME"} <= value_tags("Jürgen Müller")
    assert "FIRST_NAME" in value_tags("Anna-Lena")
    assert "ORG" in value_tags("Nordlicht Software GmbH")
    assert "ORG" in value_tags("Gottlieb and Sons")
    assert "PERSON_SHAPE" not in value_tags("Acme Inc.")
    assert "PERSON_SHAPE" not in value_tags("R2-D2")


def test_profile_counts_shares_and_free_text() -> None:
    profile = profile_values(["a@example.de", "b@example.org", "not an e-mail", "", None, "  "])
    assert profile.sampled == 3
    assert profile.count("EMAIL_ADDRESS") == 2
    assert profile.share("EMAIL_ADDRESS") == pytest.approx(2 / 3)
    assert not profile.is_free_text
    notes = profile_values(
        [
            "Called the customer about the renewal, will follow up next week.",
            "Kunde wünscht Rückruf wegen der Rechnung vom März, bitte klären.",
            "Met at the trade fair, interested in the premium plan for the team.",
        ]
    )
    assert notes.is_free_text


def test_birth_date_distribution() -> None:
    births = profile_values([f"{1950 + i}-0{1 + i % 9}-1{i % 10}" for i in range(40)])
    assert births.plausible_birth_dates()
    contract_ends = profile_values([f"202{i % 8}-0{1 + i % 9}-1{i % 10}" for i in range(40)])
    assert not contract_ends.plausible_birth_dates()
    created = profile_values([f"{1950 + i}-01-01T10:00:00Z" for i in range(40)])
    assert not created.plausible_birth_dates()  # timestamps are never birth dates
