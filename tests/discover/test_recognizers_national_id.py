"""National identifiers after a cue word (issue #12) and the reason of each finding.

Table of (text, expected NATIONAL_ID substrings) with traps: keys whose digits pass a
checksum, numbers without a cue, cue words before invalid numbers.
"""

from __future__ import annotations

import duckdb
import pytest

from gdpr_audit.discover.recognizers.national_id import (
    KeyAwareDeTaxIdRecognizer,
    NationalIdCueRecognizer,
)
from gdpr_audit.discover.scan import ScanOptions, scan_database

CASES = [
    ("Her tax ID is 96347215856, please update payroll.", ["96347215856"]),
    ("Steuer-ID: 86095742719", ["86095742719"]),
    ("Ihre Steuernummer lautet 21/815/08150.", ["21/815/08150"]),
    ("Sozialversicherungsnummer 47160394W662 bitte nachreichen.", ["47160394W662"]),
    ("Die Rentenversicherungsnummer lautet 15 070649 C 103.", ["15 070649 C 103"]),
    ("SSN: 536-22-8741 on the W-4 form.", ["536-22-8741"]),
    ("Personalausweisnummer T22000129 (Kopie in der Akte).", ["T22000129"]),
    ("Reisepass Nr. C01X00T47 gültig bis 2030.", ["C01X00T47"]),
    ("National Insurance number QQ 12 34 56 C noted.", ["QQ 12 34 56 C"]),
    # traps
    ("Steuer-ID: 86095742718", []),  # check digit wrong
    ("SSN: 000-12-3456", []),  # area 000 is never issued
    ("Sozialversicherungsnummer 47160394W663", []),  # check digit wrong
    ("Order 86095742719 shipped.", []),  # no cue
    ("Rechnungsnummer 21/815/08150 ist bezahlt.", []),
    ("Artikelnummer C01X00T47", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_cue_recognizer(text: str, expected: list[str]) -> None:
    found = [text[r.start : r.end] for r in NationalIdCueRecognizer("de").analyze(text, [])]
    assert found == expected


def test_presidio_tax_id_skips_named_keys() -> None:
    rec = KeyAwareDeTaxIdRecognizer(supported_language="de")
    assert rec.analyze("Kundennummer 95276138414 und Steuerklasse 3.", ["DE_TAX_ID"]) == []
    (hit,) = rec.analyze("Die IdNr 95276138414 liegt vor.", ["DE_TAX_ID"])
    assert hit.score > 0.5


NOTES = [
    "Patientin hat Asthma, nimmt Salbutamol.",
    "Diagnose F32.1 laut Hausarzt.",
    "She is a member of IG Metall and pays union dues.",
    "Steuer-ID: 86095742719 für die Lohnabrechnung.",
]
TERMS = ["Asthma", "Salbutamol", "F32.1", "IG Metall", "86095742719", "dues"]


def test_findings_carry_reason_not_term() -> None:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw")
    con.execute('CREATE TABLE raw.notes ("Notiz" VARCHAR, _source_file VARCHAR, _record_no BIGINT)')
    con.executemany(
        "INSERT INTO raw.notes VALUES (?, 'notes.csv', ?)",
        [(text * 3, i + 1) for i, text in enumerate(NOTES)],  # long enough to be free text
    )
    scan_database(con, ScanOptions(ner=False))
    rows = con.execute(
        "SELECT entity_type, category, reason, hint FROM pii_findings ORDER BY record_no"
    ).fetchall()
    reasons = {(e, r) for e, _, r, _ in rows}
    assert ("HEALTH", "vocab:medications") in reasons
    assert ("HEALTH", "rule:icd10") in reasons
    assert any(e == "NATIONAL_ID" and r.startswith("recognizer:") for e, r in reasons)
    assert all(r for _, _, r, _ in rows)
    dump = repr(con.execute("SELECT * FROM pii_findings").fetchall()).lower()
    for term in TERMS:
        assert term.lower() not in dump
