"""Dates of birth: a valid calendar date with a birth word just before it."""

from __future__ import annotations

import datetime as dt
import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "januar", "january", "jänner"), ("feb", "februar", "february"),
            ("mar", "mär", "märz", "march"), ("apr", "april"), ("mai", "may"),
            ("jun", "juni", "june"), ("jul", "juli", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("okt", "oct", "oktober", "october"),
            ("nov", "november"), ("dez", "dec", "dezember", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DATE = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<d1>\d{1,2})\.\s?(?P<m1>\d{1,2})\.\s?(?P<y1>\d{4}|\d{2})"  # 14.03.1987
    r"|(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})"  # 1987-03-14
    r"|(?P<m3>\d{1,2})/(?P<d3>\d{1,2})/(?P<y3>\d{4})"  # 03/14/1987 (US)
    rf"|(?P<d4>\d{{1,2}})\.?\s(?P<m4>{_MONTH_RE})\.?\s(?P<y4>\d{{4}})"  # 14. März 1987
    # March 14, 1987
    rf"|(?P<m5>{_MONTH_RE})\.?\s(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y5>\d{{4}})"
    r")(?![\w])",
    re.IGNORECASE,
)
_BIRTH_CONTEXT = re.compile(
    r"(?:born|birth|birthday|d\.?o\.?b\.?|geboren|geb\.|geburtsdatum|geburtstag|"
    r"date of birth|jahrgang)\W{0,12}(?:\w+\W{1,3}){0,3}$",
    re.IGNORECASE,
)


def _valid(match: re.Match[str]) -> bool:
    g = match.groupdict()
    for i in "12345":
        if g.get(f"y{i}"):
            year, month, day = g[f"y{i}"], g[f"m{i}"], g[f"d{i}"]
            break
    else:
        return False
    m = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."), 0)
    y = int(year) + (1900 if len(year) == 2 else 0)
    try:
        dt.date(y, m, int(day))
    except ValueError:
        return False
    return 1900 <= y <= 2030


class DateOfBirthRecognizer(LocalRecognizer):
    """DATE_OF_BIRTH: a valid date with "born"/"geboren"/"DOB" a few words before it.

    Other dates (appointments, contract ends, invoice dates) are not personal data of
    this kind and are not reported.
    """

    SCORE = 0.8

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["DATE_OF_BIRTH"],
            supported_language=supported_language,
            name=f"DateOfBirthRecognizer_{supported_language}",
        )

    def load(self) -> None:  # nothing to load
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for m in _DATE.finditer(text):
            if not _valid(m):
                continue
            if _BIRTH_CONTEXT.search(text[max(0, m.start() - 48) : m.start()]):
                results.append(RecognizerResult("DATE_OF_BIRTH", m.start(), m.end(), self.SCORE))
        return results
