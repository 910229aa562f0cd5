"""Issue #12: staff and third parties by role, special categories by header, smaller types.

Each case is (header, values, expected public types); negatives and traps included.
"""

from __future__ import annotations

import base64
import random

import pytest

from gdpr_audit.discover.columns import classify_column
from gdpr_audit.discover.values import profile_values

RNG = random.Random(12)
PEOPLE = [
    "Anna Weber",
    "Thomas Becker",
    "Laura Klein",
    "Michael Wolf",
    "Sabine Neumann",
    "Peter Hoffmann",
    "Julia Schmidt",
    "Jan Müller",
]
TEAMS = ["Sales EMEA", "Customer Success", "Partner Desk", "Inside Sales", "Key Accounts"]
COMPANIES = ["Nordlicht Software GmbH", "Acme Inc.", "Beta Systems AG", "Blue Sky Ltd"]
SF_IDS = ["0055g00000AbCdEfGh", "0055g00000XyZaBcDe", "0055g00000QwErTyUi", "0055g00000PlMnBvCx"]
BLOBS = [base64.b64encode(RNG.randbytes(RNG.randrange(120, 300))).decode() for _ in range(6)]

CASES = [
    # staff and third parties: a role name with names of people
    ("Owner Name", PEOPLE, {"PERSON"}),
    ("Assigned To", PEOPLE, {"PERSON"}),
    ("Created By", PEOPLE, {"PERSON"}),
    ("createdBy", PEOPLE, {"PERSON"}),
    ("Sachbearbeiter", PEOPLE, {"PERSON"}),
    ("Ansprechpartner", PEOPLE, {"PERSON"}),
    ("Behandelnder Arzt", ["Dr. " + p for p in PEOPLE], {"PERSON"}),
    ("Begleitperson", PEOPLE, {"PERSON"}),
    ("Agent", PEOPLE, {"PERSON"}),
    ("Erstellt von", PEOPLE, {"PERSON"}),
    # ... but not ids, teams or companies under a role name
    ("Owner Id", SF_IDS, set()),
    ("Assignee id", ["3810293812", "3810293813", "3810299999", "3810200001"], set()),
    ("Team Owner", TEAMS, set()),
    ("Owner", TEAMS, set()),
    ("Company", COMPANIES, set()),
    ("Created Date", ["2024-01-02 10:00:00", "2024-02-03 11:00:00", "2024-03-04 12:00:00"], set()),
    # special categories named by the header; yes/no and numbers agree
    ("Schwerbehinderung", ["ja", "nein"], {"HEALTH"}),
    ("GdB", ["30", "50", "80"], {"HEALTH"}),
    ("Disability Status", ["Yes", "No", "Decline to answer"], {"HEALTH"}),
    ("Union Member", ["Y", "N"], {"TRADE_UNION"}),
    ("Blutgruppe", ["A+", "0-", "AB+"], {"HEALTH"}),
    ("Diagnosis Code", ["J45.909", "E11.9", "I10"], {"HEALTH"}),
    ("Dietary Requirements", ["Vegetarian", "Gluten-free", "Nut allergy"], {"HEALTH"}),
    ("Barrierefreiheit", ["Rollstuhl", "nein", "Gebärdendolmetscher"], {"HEALTH"}),
    ("Fingerprint Template", BLOBS, {"BIOMETRIC"}),
    ("face_embedding", BLOBS, {"BIOMETRIC"}),
    # a weak special name needs health values: a lab result is, an A/B test result is not
    ("Test Result", ["positive", "negative", "inconclusive"], {"HEALTH"}),
    ("Test Result", ["Variant A", "Variant B", "Control"], set()),
    ("Call Result", ["Connected", "Voicemail", "No answer"], set()),
    # traps: technical names that only look special
    ("Email Template", ["Welcome", "Reminder", "Invoice"], set()),
    ("Health Score", ["12", "77", "93"], set()),
    ("Krankenkasse", ["AOK", "TK", "Barmer"], set()),
    # smaller: birthdays without a year, opt-in IPs, coordinates, SSN
    ("BIRTHDAY", ["03/14", "11/02", "07/30", "01/09", "12/24"], {"DATE_OF_BIRTH"}),
    ("OPTIN_IP", ["84.12.33.4", "91.200.1.7", "10.4.4.1"], {"IP_ADDRESS"}),
    ("OPTIN_TIME", ["2024-01-02 10:00:00", "2024-02-03 11:00:00"], set()),
    ("LATITUDE", ["49.9804989", "52.5200066", "48.1351253"], {"LOCATION"}),
    ("LONGITUDE", ["13.8138281", "8.6283394", "11.5819806"], {"LOCATION"}),
    ("SSN", ["536-22-8741", "412-68-3390", "219-09-9999"], {"NATIONAL_ID"}),
]


@pytest.mark.parametrize(("header", "values", "expected"), CASES)
def test_role_special_and_small_types(header: str, values: list[str], expected: set[str]) -> None:
    found = {e.entity_type for e in classify_column(header, profile_values(values)).entities}
    assert found == expected


def test_lat_long_values_are_not_phone_numbers_without_a_name() -> None:
    values = ["49.9804989", "52.5200066", "48.1351253", "50.1109221", "53.5510846"]
    found = {e.entity_type for e in classify_column("c7", profile_values(values)).entities}
    assert "PHONE_NUMBER" not in found


def test_special_reason_names_the_rule_not_a_value() -> None:
    result = classify_column("Blutgruppe", profile_values(["A+", "0-", "AB+"]))
    (entity,) = result.entities
    assert entity.category == "special"
    assert "A+" not in entity.why and "0-" not in entity.why
