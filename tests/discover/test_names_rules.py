"""Column-name evidence: EN/DE synonyms, vendor field names, and names that must not match."""

from __future__ import annotations

import pytest

from gdpr_audit.discover.names import (
    is_excluded_name,
    is_identifier_name,
    name_evidence,
    normalize_name,
)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("MailingPostalCode", "mailing postal code"),
        ("Telefon (geschäftlich)", "telefon geschaeftlich"),
        ("Contact: First Name", "first name"),
        ("\ufeffAccount: Phone", "phone"),
        ("E-Mail", "e mail"),
        ("Straße", "strasse"),
        ("address.city", "address city"),
        ("HTMLEmailOptOut", "html email opt out"),
    ],
)
def test_normalize_name(raw: str, normalized: str) -> None:
    assert normalize_name(raw) == normalized


@pytest.mark.parametrize(
    ("column", "entity"),
    [
        # English / vendor field names (Salesforce, HubSpot, OroCRM, SuiteCRM, Atomic CRM)
        ("Email", "EMAIL_ADDRESS"),
        ("Emails 1 Email", "EMAIL_ADDRESS"),
        ("email_other", "EMAIL_ADDRESS"),
        ("email1", "EMAIL_ADDRESS"),
        ("Contact: Email", "EMAIL_ADDRESS"),
        ("FirstName", "PERSON"),
        ("LastName", "PERSON"),
        ("first_name", "PERSON"),
        ("Contact Owner", "PERSON"),
        ("MailingStreet", "LOCATION"),
        ("MailingPostalCode", "LOCATION"),
        ("primary_address_city", "LOCATION"),
        ("zip", "LOCATION"),
        ("Phone", "PHONE_NUMBER"),
        ("MobilePhone", "PHONE_NUMBER"),
        ("phone_work", "PHONE_NUMBER"),
        ("Birthdate", "DATE_OF_BIRTH"),
        ("date_of_birth", "DATE_OF_BIRTH"),
        ("IBAN", "IBAN_CODE"),
        ("ip_address", "IP_ADDRESS"),
        ("linkedin_url", "URL"),
        ("gender", "GENDER"),
        # German
        ("Vorname", "PERSON"),
        ("Nachname", "PERSON"),
        ("E-Mail", "EMAIL_ADDRESS"),
        ("E-Mail-Adresse", "EMAIL_ADDRESS"),
        ("Telefon (geschäftlich)", "PHONE_NUMBER"),
        ("Handynummer", "PHONE_NUMBER"),
        ("Straße", "LOCATION"),
        ("PLZ", "LOCATION"),
        ("Ort", "LOCATION"),
        ("Geburtsdatum", "DATE_OF_BIRTH"),
        ("Steuer-ID", "DE_TAX_ID"),
        ("Sozialversicherungsnummer", "DE_SOCIAL_SECURITY"),
        ("Personalausweisnummer", "DE_ID_CARD"),
        # special categories
        ("Konfession", "RELIGION"),
        ("Religion", "RELIGION"),
        ("Gewerkschaft", "TRADE_UNION"),
        ("Diagnose", "HEALTH"),
        ("health_status", "HEALTH"),
        ("Parteizugehörigkeit", "POLITICAL_OPINION"),
        ("ethnicity", "ETHNIC_ORIGIN"),
        ("Vorstrafen", "CRIMINAL_RECORD"),
    ],
)
def test_name_suggests_entity(column: str, entity: str) -> None:
    types = [e.entity_type for e in name_evidence(column)]
    assert entity in types, (column, types)


@pytest.mark.parametrize(
    "column",
    [
        "Created Date",
        "CreatedDate",
        "LastModifiedDate",
        "LastActivityDate",
        "Angelegt am",
        "Letzte Aktivität",
        "Order Number",
        "Bestellnummer",
        "Campaign Name",
        "Company",
        "AccountName",
        "company_name",
        "Firma",
        "scenario_code",
        "Product Name",
        "SKU",
        "Price",
        "Umsatz",
        "Email Opt Out",
        "HasOptedOutOfEmail",
        "hs_email_domain",
        "Phone Type",
        "IsCustomer",
        "LeadSource",
        "Description",
        "Id",
        "Kundennummer",
        "server health check",
        "Union Investment Fund",
        "Health Score",
        "Anrede",  # a salutation is not a gender record
        "MailingCountry",  # a country alone identifies no one
        "Land",
        "login",  # reported by its values (usually e-mail addresses)
    ],
)
def test_name_does_not_suggest_personal_data(column: str) -> None:
    assert name_evidence(column) == [], column


@pytest.mark.parametrize(
    ("column", "excluded", "identifier"),
    [
        ("Created Date", True, False),
        ("Order Number", True, True),
        ("Kundennummer", False, True),
        ("contact_id", False, True),
        ("Email", False, False),
        ("Telefonnummer", False, True),
    ],
)
def test_exclusion_and_identifier_names(column: str, excluded: bool, identifier: bool) -> None:
    assert is_excluded_name(column) is excluded
    assert is_identifier_name(column) is identifier


def test_bare_name_is_only_weak_person_evidence() -> None:
    (ev,) = name_evidence("Name")
    assert ev.entity_type == "PERSON" and not ev.strong
    (strong,) = name_evidence("Nachname")
    assert strong.strong and strong.category == "pii"
    (special,) = name_evidence("Konfession")
    assert special.category == "special"


#: Canonical contact columns of the vendor profiles and the type their headers must
#: suggest (None: no personal-data type by name).
CANONICAL_TYPE = {
    "first_name": "PERSON",
    "last_name": "PERSON",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "street": "LOCATION",
    "postcode": "LOCATION",
    "city": "LOCATION",
    "birth_date": "DATE_OF_BIRTH",
    "contact_id": None,
    "company": None,
    "country": None,
    "created_at": None,
    "last_activity_at": None,
    "contract_end_at": None,
    "is_customer": None,
}


def _vendor_headers() -> list[tuple[str, str, str | None]]:
    from importlib import resources

    import yaml

    out = []
    for entry in sorted(
        resources.files("gdpr_audit.load").joinpath("profiles").iterdir(), key=lambda p: p.name
    ):
        if not entry.name.endswith(".yaml"):
            continue
        profile = yaml.safe_load(entry.read_text("utf-8"))
        for spec in profile.get("entities", {}).values():
            if spec.get("table") != "contacts":
                continue
            for canonical, sources in spec.get("columns", {}).items():
                if canonical not in CANONICAL_TYPE:
                    continue
                for header in sources if isinstance(sources, list) else [sources]:
                    if isinstance(header, str):
                        out.append((entry.name, header, CANONICAL_TYPE[canonical]))
    return out


def test_vendor_profile_headers() -> None:
    """Every contact header of the shipped vendor profiles (Salesforce, HubSpot, OroCRM,
    SuiteCRM, Atomic CRM, demo) gets the type its canonical column holds."""
    cases = _vendor_headers()
    assert len(cases) > 50
    wrong = []
    for profile, header, expected in cases:
        types = [e.entity_type for e in name_evidence(header)]
        if (expected is None and types) or (expected is not None and expected not in types):
            wrong.append((profile, header, expected, types))
    assert wrong == []
