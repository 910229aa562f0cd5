"""Column classification: combine name evidence and value evidence per column.

Rules, per entity type (scores are confidences in [0, 1]):

- a strong name and agreeing values (at least the type's ``name_min`` share of the
  sample validates): ``0.75 + 0.25 * share``;
- a strong name and no values to check (empty column): ``0.5``, said in ``why``;
- a strong name whose values show another type (a "Phone" column of booleans): dropped;
- values alone: only the validated types, at their ``value_min`` share, and never for
  names that are system timestamps, order/product keys or campaign fields; the
  number-shaped types (card, tax id, bare phone digits...) additionally never for
  identifier-like names (``Id``, ``Kundennummer``): ``0.5 + 0.45 * share``;
- a weak name (bare ``Name``, ``Website``, a role such as ``Owner``, ``Agent``,
  ``Begleitperson``) needs agreeing values: ``0.6 + 0.35 * share``; a weak PERSON name
  also needs first names or surnames among them (a team "owner" is no person);
- special categories (Art. 9, 10) are named, rarely recognisable by value: a strong name
  counts unless the values are another hard type (``0.7``, or ``0.75 + 0.25 * share`` with
  agreeing values: church-tax codes, encoded biometric templates, test results); yes/no
  and numbers agree ("Schwerbehinderung: ja", "GdB: 50"); a weak name ("Test Result",
  "Code") needs agreeing values (positive/negative, ICD-10 codes, blood groups).

Free-text columns (long multi-word values) are not classified here: their types come
from scanning each row (:mod:`gdpr_audit.discover.scan`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from gdpr_audit.discover.names import (
    NameEvidence,
    is_excluded_name,
    is_identifier_name,
    name_evidence,
)
from gdpr_audit.discover.values import ValueProfile

#: Reported when at or above this score (config ``discover.min_score``).
DEFAULT_MIN_SCORE = 0.5

#: Values alone decide only from this many distinct values (one checksum can pass by chance).
MIN_VALUES_ALONE = 3

SPECIAL = "special"
PII = "pii"


@dataclass(frozen=True)
class _Support:
    """Which value tags support an entity type and how strongly they must."""

    tags: tuple[str, ...]
    label: str
    name_min: float  # share needed to confirm a name
    value_min: float | None = None  # share needed without a name (None: never)
    numeric: bool = False  # number-shaped: value-only evidence vetoed by identifier names
    contradicted_by: tuple[str, ...] = ("EMAIL_ADDRESS", "DATE", "DATETIME", "URL", "BOOLEAN")


_HARD = ("EMAIL_ADDRESS", "DATE", "DATETIME", "URL", "BOOLEAN", "PHONE_NUMBER", "IBAN_CODE")

SUPPORT: dict[str, _Support] = {
    "EMAIL_ADDRESS": _Support(("EMAIL_ADDRESS",), "valid e-mail", 0.3, 0.8),
    "PHONE_NUMBER": _Support(("PHONE_NUMBER", "PHONE_BARE"), "valid phone number", 0.3),
    "IBAN_CODE": _Support(("IBAN_CODE",), "IBAN with valid checksum", 0.3, 0.8),
    "CREDIT_CARD": _Support(("CREDIT_CARD",), "Luhn-valid card number", 0.3, 0.9, True),
    "DE_TAX_ID": _Support(("DE_TAX_ID",), "valid tax-id check digit", 0.3, 0.9, True),
    "DE_SOCIAL_SECURITY": _Support(
        ("DE_SOCIAL_SECURITY",), "valid pension-insurance number", 0.3, 0.9, True
    ),
    "DE_ID_CARD": _Support(("DE_ID_CARD",), "ID-card number shape/check digit", 0.3, 0.9, True),
    "DE_PASSPORT": _Support(("DE_PASSPORT",), "passport number shape/check digit", 0.3, 0.9, True),
    "US_SSN": _Support(("US_SSN",), "valid SSN (area/group/serial)", 0.3, 0.9, True),
    "IP_ADDRESS": _Support(("IP_ADDRESS",), "valid IP address", 0.3, 0.8),
    "URL": _Support(("URL",), "URL", 0.5, 0.8, contradicted_by=("EMAIL_ADDRESS", "DATE")),
    "DATE_OF_BIRTH": _Support(
        ("DATE", "DATETIME", "MONTH_DAY"),
        "date",
        0.5,
        contradicted_by=("EMAIL_ADDRESS", "URL", "BOOLEAN"),
    ),
    "PERSON": _Support(("PERSON_SHAPE",), "name-shaped", 0.5, contradicted_by=_HARD + ("ORG",)),
    "LOCATION": _Support(
        ("STREET", "POSTCODE", "PERSON_SHAPE", "COUNTRY_CODE", "COORDINATE"),
        "address part",
        0.5,
        contradicted_by=("EMAIL_ADDRESS", "DATE", "DATETIME", "URL", "BOOLEAN", "PHONE_NUMBER"),
    ),
    "GENDER": _Support(("GENDER",), "gender/salutation word", 0.5),
    "AGE": _Support(("NUMBER",), "number", 0.8),
    "RELIGION": _Support(("RELIGION",), "religion word or church-tax code", 0.3),
}

#: Values that confirm a special-category name (none needed for a strong name).
SPECIAL_SUPPORT: dict[str, _Support] = {
    "RELIGION": SUPPORT["RELIGION"],
    "HEALTH": _Support(("HEALTH_VALUE",), "test result, ICD-10 code or blood group", 0.6),
    "BIOMETRIC": _Support(("BLOB",), "encoded template", 0.6),
}
#: A special-category name is misleading when most values are one of these.
_SPECIAL_CONTRADICTED = ("EMAIL_ADDRESS", "URL", "PHONE_NUMBER", "IP_ADDRESS", "DATE", "DATETIME")


@dataclass(frozen=True)
class EntityEvidence:
    """One detected entity type of a column."""

    entity_type: str
    category: str  # 'pii' | 'special'
    score: float
    share: float  # share of sampled distinct values that support the type
    why: str


@dataclass(frozen=True)
class ColumnClassification:
    """A column's detected entity types (strongest first); no values."""

    column: str
    entities: tuple[EntityEvidence, ...]
    free_text: bool
    sampled: int

    @property
    def special_categories(self) -> list[str]:
        return sorted({e.entity_type for e in self.entities if e.category == SPECIAL})

    @property
    def pii_types(self) -> list[str]:
        return [e.entity_type for e in self.entities if e.category == PII]


def _values_why(profile: ValueProfile, support: _Support) -> tuple[float, str]:
    n = profile.count(*support.tags)
    return n / profile.sampled, f"values: {n}/{profile.sampled} {support.label}"


def _dominant_other(profile: ValueProfile, support: _Support) -> str | None:
    """A hard type that most values are instead (the name is misleading), if any."""
    for tag in support.contradicted_by:
        if tag not in support.tags and profile.share(tag) >= 0.6:
            return tag
    return None


def _special_from_name(
    column: str, ev: NameEvidence, profile: ValueProfile
) -> EntityEvidence | None:
    """A special category named by the header, confirmed or vetoed by its values."""
    why_name = ev.describe(column)
    support = SPECIAL_SUPPORT.get(ev.entity_type)
    share, why_values = (0.0, "")
    if support is not None and profile.sampled:
        share, why_values = _values_why(profile, support)
    agreeing = support is not None and share >= support.name_min
    if not ev.strong:
        if not agreeing:
            return None
        score = round(min(0.99, 0.6 + 0.35 * share), 3)
        return EntityEvidence(
            ev.entity_type, SPECIAL, score, round(share, 4), f"{why_name}; {why_values}"
        )
    if profile.sampled == 0:
        return EntityEvidence(ev.entity_type, SPECIAL, 0.5, 0.0, f"{why_name}; no values to check")
    if any(profile.share(tag) >= 0.6 for tag in _SPECIAL_CONTRADICTED):
        return None
    if agreeing:
        score = round(min(0.99, 0.75 + 0.25 * share), 3)
        return EntityEvidence(
            ev.entity_type, SPECIAL, score, round(share, 4), f"{why_name}; {why_values}"
        )
    return EntityEvidence(
        ev.entity_type, SPECIAL, 0.7, 0.0, f"{why_name}; values not contradicting"
    )


def _from_name(column: str, ev: NameEvidence, profile: ValueProfile) -> EntityEvidence | None:
    if ev.category == SPECIAL:
        return _special_from_name(column, ev, profile)
    why_name = ev.describe(column)
    support = SUPPORT.get(ev.entity_type)
    if profile.sampled == 0:
        if not ev.strong:
            return None
        return EntityEvidence(
            ev.entity_type, ev.category, 0.5, 0.0, f"{why_name}; no values to check"
        )
    if support is None:
        other = _dominant_other(profile, _Support((), "", 0.0, contradicted_by=_HARD))
        if other is not None or not ev.strong:
            return None
        return EntityEvidence(
            ev.entity_type, ev.category, 0.7, 0.0, f"{why_name}; values not contradicting"
        )
    share, why_values = _values_why(profile, support)
    if ev.entity_type == "PERSON" and profile.share("ORG") >= 0.2:
        return None  # company names: legal persons, not personal data
    if share >= support.name_min:
        base, slope = (0.75, 0.25) if ev.strong else (0.6, 0.35)
        if (
            not ev.strong
            and ev.entity_type == "PERSON"
            and profile.share("FIRST_NAME", "SURNAME") < 0.3
        ):
            return None  # a bare "Name" or a team "Owner" column: products, places, teams
        score = round(min(0.99, base + slope * share), 3)
        return EntityEvidence(
            ev.entity_type, ev.category, score, round(share, 4), f"{why_name}; {why_values}"
        )
    if not ev.strong or _dominant_other(profile, support) is not None or share == 0.0:
        return None
    return EntityEvidence(
        ev.entity_type,
        ev.category,
        round(0.5 + share, 3),
        round(share, 4),
        f"{why_name}; {why_values}",
    )


def _value_only(column: str, profile: ValueProfile, known: set[str]) -> list[EntityEvidence]:
    out: list[EntityEvidence] = []
    if profile.sampled < MIN_VALUES_ALONE:
        return out
    identifier = is_identifier_name(column)
    for entity, support in SUPPORT.items():
        if entity in known or support.value_min is None or (support.numeric and identifier):
            continue
        n = profile.count(*support.tags)
        share = n / profile.sampled
        if share >= support.value_min:
            score = round(0.5 + 0.45 * share, 3)
            why = f"values: {n}/{profile.sampled} {support.label}"
            out.append(EntityEvidence(entity, PII, score, round(share, 4), why))
    # bare digit strings are phone numbers only with a name; formatted ones alone
    if "PHONE_NUMBER" not in known and profile.share("PHONE_NUMBER") >= 0.8:
        n = profile.count("PHONE_NUMBER")
        out.append(
            EntityEvidence(
                "PHONE_NUMBER",
                PII,
                round(0.5 + 0.45 * n / profile.sampled, 3),
                round(n / profile.sampled, 4),
                f"values: {n}/{profile.sampled} formatted valid phone number",
            )
        )
    out.extend(_value_only_shapes(profile, known, identifier))
    return out


def _value_only_shapes(
    profile: ValueProfile, known: set[str], identifier: bool
) -> list[EntityEvidence]:
    """Types without a validator, recognised from values alone only when unmistakable."""
    out = []
    n = profile.sampled

    def add(entity: str, category: str, tags: tuple[str, ...], label: str) -> None:
        c = profile.count(*tags)
        out.append(
            EntityEvidence(
                entity,
                category,
                round(0.5 + 0.45 * c / n, 3),
                round(c / n, 4),
                f"values: {c}/{n} {label}",
            )
        )

    if "PERSON" not in known and profile.share("ORG") < 0.1:
        if profile.share("FIRST_NAME") >= 0.5:
            add("PERSON", PII, ("FIRST_NAME",), "start with a common first name")
        elif profile.share("SURNAME") >= 0.6:
            add("PERSON", PII, ("SURNAME",), "end with a common surname")
    if "LOCATION" not in known and profile.share("PLACE") >= 0.6:
        add("LOCATION", PII, ("PLACE",), "known place names")
    if "DATE_OF_BIRTH" not in known and not identifier and profile.plausible_birth_dates():
        add("DATE_OF_BIRTH", PII, ("DATE",), "dates spread like birth dates")
    if "LOCATION" not in known and profile.share("STREET") >= 0.7:
        add("LOCATION", PII, ("STREET",), "street with house number")
    if (
        "RELIGION" not in known
        and profile.share("RELIGION") >= 0.8
        and profile.count("RELIGION_MARKER")
    ):
        add("RELIGION", SPECIAL, ("RELIGION",), "religion word or church-tax code")
    if "GENDER" not in known and profile.share("GENDER") >= 0.9 and profile.count("GENDER_MARKER"):
        add("GENDER", PII, ("GENDER",), "gender/salutation word")
    return out


def _public(found: Iterable[EntityEvidence]) -> list[EntityEvidence]:
    """Map validator types to the public vocabulary (DE_TAX_ID -> NATIONAL_ID), best first."""
    from gdpr_audit.discover.recognizers.registry import ENTITY_MAP

    out: dict[str, EntityEvidence] = {}
    for e in sorted(found, key=lambda e: -e.score):
        public = ENTITY_MAP.get(e.entity_type, e.entity_type)
        if public not in out:
            out[public] = replace(e, entity_type=public) if public != e.entity_type else e
    return list(out.values())


def classify_column(
    column: str, profile: ValueProfile, min_score: float = DEFAULT_MIN_SCORE
) -> ColumnClassification:
    """Entity types of one column from its name and its value profile.

    Args:
        column: the header as written in the source.
        profile: :func:`gdpr_audit.discover.values.profile_values` over a sample of the
            column's distinct non-empty values.
        min_score: types scoring below are left out.
    """
    free_text = profile.is_free_text
    if free_text:
        return ColumnClassification(column, (), True, profile.sampled)
    found: dict[str, EntityEvidence] = {}
    for ev in name_evidence(column):
        result = _from_name(column, ev, profile)
        if result is not None and result.entity_type not in found:
            found[result.entity_type] = result
    if profile.sampled and not is_excluded_name(column):
        for result in _value_only(column, profile, set(found)):
            found.setdefault(result.entity_type, result)
    entities = sorted(
        (e for e in _public(found.values()) if e.score >= min_score),
        key=lambda e: (-e.score, e.entity_type),
    )
    return ColumnClassification(column, tuple(entities), False, profile.sampled)
