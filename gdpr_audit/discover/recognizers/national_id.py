"""National identifiers after a cue word, in EN and DE text, checked where a checksum exists.

"Steuer-ID: 86095742719", "SSN 536-22-8741", "Sozialversicherungsnummer 47160394W662",
"Steuernummer 21/815/08150", "passport no. C4J7XMP92", "Personalausweis L01X00T47",
"National Insurance number QQ 12 34 56 C". Presidio's own recognizers find the
numbers without a cue in German text; this one adds the cue-word readings in both
languages (a German tax id in an English note) and validates with python-stdnum
(``de.idnr``, ``de.stnr``, ``us.ssn``) or Presidio's pension-number check.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import DeSocialSecurityRecognizer, DeTaxIdRecognizer
from stdnum.de import idnr, stnr
from stdnum.us import ssn

# Up to three words between cue and number: "Steuernummer lautet", "number is", "Nr.:"
_GAP = (
    r"(?i:(?:[\s:.,#-]*(?:no\.?|nr\.?|number|nummer|is|ist|lautet|lauten|of|des|der)){0,3})"
    r"[\s:,#.-]*"
)


def _svnr(value: str) -> bool:
    return bool(DeSocialSecurityRecognizer().validate_result(re.sub(r"\s", "", value).upper()))


def _shape(value: str) -> bool:
    return True


# entity, cue words, value pattern, validator
_RULES: tuple[tuple[str, str, str, Callable[[str], bool]], ...] = (
    (
        "DE_TAX_ID",
        r"steuer-?\s?id|steuer-?identifikationsnummer|steueridentifikationsnummer|"
        r"steuerliche\s(?:id(?:nr)?|identifikationsnummer)|idnr|tax\s?id|tin",
        r"[1-9]\d{10}|[1-9]\d(?:\s?\d{3}){3}",
        lambda v: idnr.is_valid(v),
    ),
    (
        "DE_TAX_NUMBER",
        r"steuernummer|st\.?-?nr|tax\snumber",
        r"\d{2,3}/\d{3,4}/\d{4,5}|\d{10,13}",
        lambda v: stnr.is_valid(v),
    ),
    (
        "DE_SOCIAL_SECURITY",
        r"sozialversicherungsnummer|rentenversicherungsnummer|sv-?\s?nr|sv-?nummer|rv-?nummer|"
        r"versicherungsnummer|pension\sinsurance\snumber",
        r"\d{2}\s?\d{6}\s?[A-Za-z]\s?\d{3}",
        _svnr,
    ),
    (
        "US_SSN",
        r"ssn|social\ssecurity(?:\snumber|\sno\.?)?|soc\.?\ssec\.?",
        r"\d{3}-\d{2}-\d{4}|\d{9}",
        lambda v: ssn.is_valid(v),
    ),
    (
        "UK_NINO",
        r"national\sinsurance(?:\snumber|\sno\.?)?|nino|ni\snumber",
        r"[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]",
        _shape,
    ),
    (
        "DE_ID_CARD",
        r"personalausweis(?:es|nummer)?|ausweisnummer|ausweis|id\scard|identity\scard",
        r"[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d?",
        _shape,
    ),
    (
        "DE_PASSPORT",
        r"reisepass(?:es|nummer)?|passnummer|passport",
        r"[CFGHJKLMNPRTVWXYZ0-9]{9}",
        _shape,
    ),
)


class NationalIdCueRecognizer(LocalRecognizer):
    """NATIONAL_ID: a tax, social-security, ID-card or passport number after its cue word."""

    SCORE = 0.85

    def __init__(self, supported_language: str = "en") -> None:
        self._rules = [
            (
                entity,
                re.compile(rf"(?i:\b(?:{cue})\b){_GAP}(?P<value>(?:{value}))(?![\w/-])"),
                check,
            )
            for entity, cue, value, check in _RULES
        ]
        super().__init__(
            supported_entities=sorted({e for e, *_ in _RULES}),
            supported_language=supported_language,
            name=f"NationalIdCueRecognizer_{supported_language}",
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(self.supported_entities)
        out = []
        for entity, pattern, check in self._rules:
            if entity not in wanted:
                continue
            for m in pattern.finditer(text):
                value = m.group("value")
                if check(value.replace(" ", "")):
                    out.append(
                        RecognizerResult(entity, m.start("value"), m.end("value"), self.SCORE)
                    )
        return out


# Keys that are no national id even when their digits pass a checksum.
_KEY_CUE = re.compile(
    r"(?i:\b(?:kunden|bestell|rechnungs|auftrags|artikel|vorgangs|ticket|order|invoice|customer|"
    r"account|konto|tracking|referenz|reference)\w*\s?(?:no\.?|nr\.?|number|nummer|#|id)?"
    r"[\s:#.-]*)$"
)


class KeyAwareDeTaxIdRecognizer(DeTaxIdRecognizer):
    """Presidio's German tax-id recognizer, minus numbers named as a key ("Kundennummer ...").

    Presidio scores every 11-digit number with a valid check digit 1.0, so about one
    customer or order number in ten passes; a key word right before it says what it is.
    """

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        found = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in found if not _KEY_CUE.search(text[max(0, r.start - 40) : r.start])]
