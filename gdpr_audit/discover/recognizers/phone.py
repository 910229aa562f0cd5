"""Phone numbers in German-speaking formats, validated with ``phonenumbers``."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

# Seven digits with at most separators between them: the shortest phone number
# phonenumbers accepts in practice. Texts without one skip the (slow) matcher.
_DIGIT_RUN = re.compile(r"\d(?:[\s().\/-]{0,3}\d){6,}")
# phonenumbers reads "07.04.2029", "05/2023 - 08/2023" and "Vorgangs-Nr. 01776324221"
# as valid German numbers: a span holding a date, or labelled as some other number, is
# not a phone number.
_DATE_INSIDE = re.compile(
    r"\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\b\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}\.\d{1,2}\s?[-–]"
)
_OTHER_NUMBER_LABEL = re.compile(
    r"(?:nr\.?|nummer|no\.?|number|id|#|order|invoice|ticket|rechnung|bestellung|auftrag)"
    r"\s*[:.]?\s*$",
    re.IGNORECASE,
)
_PHONE_LABEL = re.compile(r"tel|fon|handy|mobil|fax|phone|ruf|call|durchwahl", re.IGNORECASE)


def _not_a_phone(text: str, start: int, end: int) -> bool:
    if _DATE_INSIDE.search(text[start:end]):
        return True
    before = text[max(0, start - 25) : start]
    return bool(_OTHER_NUMBER_LABEL.search(before)) and not _PHONE_LABEL.search(before)


class GatedPhoneRecognizer(PhoneRecognizer):
    """Presidio's phone recognizer, called only on texts with a 7-digit run; no dates.

    ``phonenumbers``' matcher was the largest single cost per note (profiled in
    bench_detect.py); the gate cannot lose a match the matcher would find.
    """

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not _DIGIT_RUN.search(text):
            return []
        return [
            r
            for r in super().analyze(text, entities, nlp_artifacts)  # type: ignore[arg-type]
            if not _not_a_phone(text, r.start, r.end)
        ]


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
