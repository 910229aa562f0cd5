"""Value evidence: what a sample of distinct cell values looks like.

Each value gets a set of tags (:func:`value_tags`) from validators: Presidio's pattern
recognizers with their checksum validation (e-mail, IBAN, credit card with Luhn,
German tax id, pension insurance number, ID card, passport), ``phonenumbers`` for
phone numbers (DE/EU/US formats), ``ipaddress``, date parsers and word lists.
:func:`profile_values` sums the tags over a column's sample into a
:class:`ValueProfile`; :mod:`gdpr_audit.discover.columns` decides from it.
Nothing here keeps a value: profiles hold counts only.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import phonenumbers
import yaml

from gdpr_audit.core.config import enforce_offline
from gdpr_audit.discover.recognizers.gazetteers import gazetteers

#: Regions tried for numbers written without a country prefix, most likely first.
PHONE_REGIONS = ("DE", "US", "GB", "FR", "AT", "CH", "NL", "IT", "ES")

_PHONE_SHAPE = re.compile(
    r"^\+?[\d\s()./-]{6,24}(?:\s*(?:x|ext\.?|extension|#|dw\.?|durchwahl)\s*\d{1,6})?$", re.I
)
_ISO_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?)?$"
)
_DMY_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::\d{2})?)?$")
_SLASH_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:[AP]M)?)?$", re.I
)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")
_DIGITS = re.compile(r"^\d+$")
_PERSON_SHAPE = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[ '’.-]+[^\W\d_][^\W\d_'’.-]*){0,3}\.?$")
_URL = re.compile(r"^(?:https?://|www\.)[^\s/$.?#][^\s]*$", re.I)
_POSTCODE = re.compile(
    r"^(?:\d{5}(?:-\d{4})?|\d{4}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{4}\s?[A-Z]{2}|\d{3}\s?\d{2}|[A-Z]-\d{4,5})$",
    re.I,
)
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
# Newsletter tools keep birthdays without a year: Mailchimp BIRTHDAY "03/14" (MM/DD)
_MONTH_DAY = re.compile(r"^(\d{1,2})[/.](\d{1,2})\.?$")
# A decimal degree: latitude/longitude, never a phone number ("49.9804989")
_COORDINATE = re.compile(r"^[+-]?\d{1,3}\.\d{4,}$")
_SSN_SHAPE = re.compile(r"^\d{3}-\d{2}-\d{4}$")
# Encoded binary (biometric templates, keys, images): base64 or hex, no spaces, long
_BLOB = re.compile(r"^(?:[A-Za-z0-9+/]{64,}={0,2}|[A-Za-z0-9_-]{64,}|(?:0x)?[0-9a-fA-F]{64,})$")
# ICD-10 codes (the chapter letter U is reserved) and ABO/Rh blood groups
_ICD10_VALUE = re.compile(r"^[A-TV-Z]\d{2}(?:\.\d{1,3})?[GVZALRB]?$")
_BLOOD_GROUP = re.compile(r"^(?:A|B|AB|0|O)\s?(?:[+-]|rh\s?[+-]|pos|neg|positiv|negativ)?$", re.I)
_TITLE = re.compile(r"^(?:dr|prof|herr|frau|hr|fr|mr|mrs|ms|miss|sir|dipl)\.?\s+", re.I)
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class _Lists:
    first_names: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]
    org_markers: frozenset[str]
    religion_values: frozenset[str]
    religion_markers: frozenset[str]
    gender_values: frozenset[str]
    gender_markers: frozenset[str]
    boolean_values: frozenset[str]
    health_values: frozenset[str]
    street_de: re.Pattern[str]
    street_en: re.Pattern[str]


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    text = resources.files("gdpr_audit.discover").joinpath("value_lists.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    words = sorted({w.rstrip(".") for w in data["street_words"]}, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    street_de = re.compile(
        rf"^[^\d,]{{0,60}}?(?:{alt})\.?\s+\d{{1,4}}\s?[a-z]?(?:\s?[-/]\s?\d{{1,4}}[a-z]?)?$", re.I
    )
    street_en = re.compile(
        rf"^\d{{1,6}}[a-z]?\s+[^\d,]{{1,60}}?\b(?:{alt})\.?(?:\s+(?:apt|suite|unit|#)\.?\s*\w+)?$",
        re.I,
    )

    def fs(key: str) -> frozenset[str]:
        return frozenset(str(v).lower() for v in data[key])

    # the free-text recognizers' name and place gazetteers widen ours
    shared = gazetteers()
    return _Lists(
        first_names=fs("first_names")
        | {n.lower().translate(_FOLD) for n in shared.first_names}
        | {n.lower() for n in shared.first_names},
        surnames=frozenset(n.lower() for n in shared.surnames),
        places=frozenset(n.lower() for n in shared.places),
        org_markers=fs("org_markers"),
        religion_values=fs("religion_values"),
        religion_markers=fs("religion_markers"),
        gender_values=fs("gender_values"),
        gender_markers=fs("gender_markers"),
        boolean_values=fs("boolean_values"),
        health_values=fs("health_values"),
        street_de=street_de,
        street_en=street_en,
    )


@lru_cache(maxsize=1)
def _recognizers() -> dict[str, Any]:
    """Presidio's pattern recognizers with checksum validation, built once per process."""
    enforce_offline()  # the e-mail validator uses tldextract: never fetch the suffix list
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        DeIdCardRecognizer,
        DePassportRecognizer,
        DeSocialSecurityRecognizer,
        DeTaxIdRecognizer,
        EmailRecognizer,
        IbanRecognizer,
    )

    return {
        "EMAIL_ADDRESS": EmailRecognizer(),
        "IBAN_CODE": IbanRecognizer(),
        "CREDIT_CARD": CreditCardRecognizer(),
        "DE_TAX_ID": DeTaxIdRecognizer(),
        "DE_SOCIAL_SECURITY": DeSocialSecurityRecognizer(),
        "DE_ID_CARD": DeIdCardRecognizer(),
        "DE_PASSPORT": DePassportRecognizer(),
    }


def _presidio_full_match(entity: str, value: str, min_score: float = 0.0) -> bool:
    """True when the Presidio recognizer for ``entity`` matches the whole value."""
    recognizer = _recognizers()[entity]
    for result in recognizer.analyze(value, [entity], None):
        if result.start == 0 and result.end == len(value) and result.score > min_score:
            return True
    return False


def parse_date(value: str) -> tuple[dt.date, bool] | None:
    """``(date, has_time)`` for ISO, ``DD.MM.YYYY`` and ``MM/DD/YYYY`` values, else None."""
    for pattern, order in ((_ISO_DATE, "ymd"), (_DMY_DATE, "dmy"), (_SLASH_DATE, "mdy")):
        m = pattern.match(value)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups()[:3])
        if order == "ymd":
            candidates = [(a, b, c)]
        elif order == "dmy":
            candidates = [(c, b, a)]
        else:
            candidates = [(c, a, b), (c, b, a)]
        for year, month, day in candidates:
            try:
                return dt.date(year, month, day), m.group(4) is not None
            except ValueError:
                continue
    return None


def phone_kind(value: str) -> str | None:
    """``'formatted'`` or ``'bare'`` (digits only) for a valid phone number, else None."""
    if not _PHONE_SHAPE.match(value) or parse_date(value.strip()) is not None:
        return None
    digits = sum(ch.isdigit() for ch in value)
    if not 6 <= digits <= 18:
        return None
    text = value.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    regions: tuple[str | None, ...] = (None,) if text.startswith("+") else PHONE_REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return "bare" if _DIGITS.match(value) else "formatted"
    return None


def _us_ssn(value: str) -> bool:
    from stdnum.us import ssn

    return bool(ssn.is_valid(value))


def _is_ip(value: str) -> bool:
    if not (value[0].isdigit() or ":" in value) or len(value) > 45:
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_blob(value: str) -> bool:
    """Encoded binary: a long base64/hex run with the letter/digit mix of random bytes."""
    if not _BLOB.match(value):
        return False
    upper = sum(ch.isupper() for ch in value)
    digits = sum(ch.isdigit() for ch in value)
    # base64 of bytes mixes cases and digits; hex has digits and a-f; words do neither
    return digits >= len(value) // 20 and (upper >= len(value) // 10 or value.isalnum())


def _health_value(value: str, lower: str, lists: _Lists) -> bool:
    return (
        lower in lists.health_values
        or bool(_ICD10_VALUE.match(value))
        or bool(_BLOOD_GROUP.match(value))
    )


def value_tags(value: str) -> frozenset[str]:
    """Every tag a single (stripped, non-empty) value earns.

    Entity tags use Presidio names (``EMAIL_ADDRESS``, ``PHONE_NUMBER``, ``IBAN_CODE``,
    ``CREDIT_CARD``, ``DE_TAX_ID``...); shape tags describe the rest (``PHONE_BARE``,
    ``DATE``, ``DATETIME``, ``FIRST_NAME``, ``SURNAME``, ``PLACE``, ``PERSON_SHAPE``, ``ORG``,
    ``POSTCODE``,
    ``STREET``, ``GENDER``, ``RELIGION``, ``BOOLEAN``, ``NUMBER``, ``COUNTRY_CODE``,
    ``MONTH_DAY`` (03/14), ``COORDINATE`` (49.9804989), ``US_SSN``, ``BLOB`` (encoded binary),
    ``HEALTH_VALUE`` (test results, ICD-10 codes, blood groups)).
    """
    lists = _lists()
    tags: set[str] = set()
    lower = value.lower()
    digits = sum(ch.isdigit() for ch in value)
    compact = value.replace(" ", "")

    if lower in lists.boolean_values:
        tags.add("BOOLEAN")
    if _NUMBER.match(value):
        tags.add("NUMBER")
    if _health_value(value, lower, lists):
        tags.add("HEALTH_VALUE")
    if len(value) >= 64 and _is_blob(value):
        tags.add("BLOB")
        return frozenset(tags)
    month_day = _MONTH_DAY.match(value)
    if month_day and 1 <= int(month_day.group(1)) <= 12 and 1 <= int(month_day.group(2)) <= 31:
        tags.add("MONTH_DAY")
    if "@" in value and " " not in value.strip() and _presidio_full_match("EMAIL_ADDRESS", value):
        tags.add("EMAIL_ADDRESS")
    if _URL.match(value):
        tags.add("URL")
    if digits >= 4 and _is_ip(value):
        tags.add("IP_ADDRESS")
    if digits >= 6:
        parsed = parse_date(value.strip())
        if parsed is not None:
            tags.add("DATETIME" if parsed[1] else "DATE")
        if _COORDINATE.match(value) and abs(float(value)) <= 180:
            tags.add("COORDINATE")
        if _SSN_SHAPE.match(value) and _us_ssn(value):
            tags.add("US_SSN")
        # dates, IPs, coordinates and SSNs parse as phone numbers too: they are not
        not_phone = parsed is not None or tags & {"IP_ADDRESS", "COORDINATE", "US_SSN"}
        kind = None if not_phone else phone_kind(value)
        if kind == "formatted":
            tags.add("PHONE_NUMBER")
        elif kind == "bare":
            tags.add("PHONE_BARE")
        if (
            len(compact) >= 15
            and compact[:2].isalpha()
            and _presidio_full_match("IBAN_CODE", compact)
        ):
            tags.add("IBAN_CODE")
        if 12 <= digits <= 19 and _presidio_full_match("CREDIT_CARD", value, min_score=0.5):
            tags.add("CREDIT_CARD")
        if digits == 11 and len(compact) == 11 and _presidio_full_match("DE_TAX_ID", compact, 0.5):
            tags.add("DE_TAX_ID")
        if (
            len(compact) == 12
            and compact[8:9].isalpha()
            and _presidio_full_match("DE_SOCIAL_SECURITY", compact.upper())
        ):
            tags.add("DE_SOCIAL_SECURITY")
        if len(compact) == 9 and compact[:1].isalpha() and compact.isupper():
            if _presidio_full_match("DE_ID_CARD", compact, 0.3):
                tags.add("DE_ID_CARD")
            if _presidio_full_match("DE_PASSPORT", compact, 0.3):
                tags.add("DE_PASSPORT")
    if 2 <= digits <= 9 and _POSTCODE.match(value.strip()):
        tags.add("POSTCODE")
    if digits and (lists.street_de.match(value) or lists.street_en.match(value)):
        tags.add("STREET")
    if not digits:
        words = _WORD.findall(lower)
        if lower in lists.gender_values:
            tags.add("GENDER")
            if lower in lists.gender_markers:
                tags.add("GENDER_MARKER")
        if lower in lists.religion_values:
            tags.add("RELIGION")
            if lower in lists.religion_markers:
                tags.add("RELIGION_MARKER")
        if any(w in lists.org_markers for w in words) or any(
            lower.endswith(" " + m) for m in lists.org_markers if "." in m
        ):
            tags.add("ORG")
        elif _PERSON_SHAPE.match(value) and value[:1].isupper() and len(value) <= 60:
            tags.add("PERSON_SHAPE")
            tokens = _TITLE.sub("", lower).split() or lower.split()  # "Dr. Anna Weber"
            token = tokens[0].translate(_FOLD)
            if token in lists.first_names or token.split("-")[0] in lists.first_names:
                tags.add("FIRST_NAME")
            if tokens[-1] in lists.surnames:
                tags.add("SURNAME")
            if lower in lists.places:
                tags.add("PLACE")
        if _COUNTRY_CODE.match(value):
            tags.add("COUNTRY_CODE")
    return frozenset(tags)


@dataclass
class ValueProfile:
    """Counts over a column's sample of distinct non-empty values (no values kept)."""

    sampled: int = 0
    tag_sets: Counter[frozenset[str]] = field(default_factory=Counter)
    birth_years: list[int] = field(default_factory=list)
    avg_length: float = 0.0
    avg_words: float = 0.0
    multi_word_share: float = 0.0

    def count(self, *tags: str) -> int:
        """Sampled values carrying any of ``tags`` (each value counted once)."""
        wanted = set(tags)
        return sum(n for tag_set, n in self.tag_sets.items() if wanted & tag_set)

    def share(self, *tags: str) -> float:
        """Share of sampled values carrying any of ``tags``."""
        return self.count(*tags) / self.sampled if self.sampled else 0.0

    @property
    def is_free_text(self) -> bool:
        """Long, multi-word values: notes, descriptions, comments."""
        return self.sampled > 0 and (
            (self.avg_words >= 5 and self.avg_length >= 30 and self.multi_word_share >= 0.6)
            or (self.avg_length >= 80 and self.multi_word_share >= 0.5)
        )

    def plausible_birth_dates(self) -> bool:
        """Date-only values spread over decades in the range people are born in.

        Fixed bounds, not "today": contract ends, created and activity dates cluster
        in a few recent or future years and carry times; birth dates do not.
        """
        years = self.birth_years
        if len(years) < 5 or self.share("DATE") < 0.9:
            return False
        median = statistics.median(years)
        return (
            min(years) >= 1900
            and max(years) <= 2020
            and max(years) - min(years) >= 15
            and 1935 <= median <= 2005
        )


def profile_values(values: Iterable[str | None]) -> ValueProfile:
    """Tag each value and sum the tags; empty and whitespace-only values are skipped."""
    profile = ValueProfile()
    lengths = words = multi = 0
    for raw in values:
        value = raw.strip() if raw else ""
        if not value:
            continue
        profile.sampled += 1
        lengths += len(value)
        n_words = len(value.split())
        words += n_words
        multi += n_words > 1
        if len(value) > 200:  # free text: shape only, validators are for single values
            blob = " " not in value and _is_blob(value)
            profile.tag_sets[frozenset({"BLOB" if blob else "LONG_TEXT"})] += 1
            continue
        tags = value_tags(value)
        profile.tag_sets[tags] += 1
        if "DATE" in tags:
            parsed = parse_date(value)
            if parsed is not None:
                profile.birth_years.append(parsed[0].year)
    if profile.sampled:
        profile.avg_length = lengths / profile.sampled
        profile.avg_words = words / profile.sampled
        profile.multi_word_share = multi / profile.sampled
    return profile
