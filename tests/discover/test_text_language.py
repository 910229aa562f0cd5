"""Language detection of free-text values."""

from __future__ import annotations

import pytest

from gdpr_audit.discover.language import detect_language, detect_languages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Called the customer about the renewal, she will send the PO next week.", "en"),
        ("Kunde hat angerufen, Rückruf wegen Vertragsverlängerung nächste Woche.", "de"),
        ("Bitte Rückruf", "de"),
        ("Meeting moved to Thursday", "en"),
        ("Le client a appelé hier pour la facture.", "fr"),
        ("El cliente llamó ayer por la factura.", "es"),
        # too little to tell
        ("ok", "unknown"),
        ("C0000123", "unknown"),
        ("", "unknown"),
        ("12.03.2024 / 4711", "unknown"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_detect_languages_keeps_order() -> None:
    assert detect_languages(["Guten Morgen, wie geht es Ihnen?", "x", "How are you today?"]) == [
        "de",
        "unknown",
        "en",
    ]
