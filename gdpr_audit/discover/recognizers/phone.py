"""Phone numbers in German-speaking formats, validated with ``phonenumbers``."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

# Seven digits with at most separators between them: the shortest phone number
# phonenumbers accepts in practice. Texts without one skip the (slow) matcher.
_DIGIT_RUN = re.compile(r"\d(?:[\s().\/-]{0,3}\d){6,}")


class GatedPhoneRecognizer(PhoneRecognizer):
    """Presidio's phone recognizer, called only on texts with a 7-digit run.

    ``phonenumbers``' matcher was the largest single cost per note (profiled in
    bench_detect.py); the gate cannot lose a match the matcher would find.
    """

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not _DIGIT_RUN.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts)


class GermanPhoneRecognizer(GatedPhoneRecognizer):
    """``0171/1234567``, ``(030) 123 45 67``, ``+49 30 1234567``, ``0049 30 ...``.

    Presidio's :class:`PhoneRecognizer` already runs ``phonenumbers``' matcher at
    leniency VALID (the number must be a valid number of its region); this class
    fixes the regions to the DACH countries (national formats like ``030 ...`` are
    read as German first) and gives German context words.
    """

    CONTEXT = [
        "telefon", "tel", "telefonnummer", "rufnummer", "handy", "handynummer", "mobil",
        "mobilnummer", "festnetz", "fax", "erreichbar", "anrufen", "rückruf", "durchwahl",
        "phone", "mobile", "call",
    ]
    # National formats are read as DACH numbers; numbers with + or 00 are any country.
    # More regions (US, TR, ...) made invoice numbers like "2024-001234" valid numbers.
    REGIONS = ("DE", "AT", "CH")

    def __init__(self, supported_language: str = "de") -> None:
        super().__init__(
            context=self.CONTEXT,
            supported_language=supported_language,
            supported_regions=self.REGIONS,
            name="GermanPhoneRecognizer",
        )
