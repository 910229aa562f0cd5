"""The one place that decides which recognizers run, per language, and what they report.

Nothing registers itself on import: :func:`build_registry` lists every recognizer
explicitly (Presidio's predefined ones first, then ours, then the YAML pattern
ones), so which recognizers exist never depends on import order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

import yaml
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DeHealthInsuranceRecognizer,
    DeIdCardRecognizer,
    DePassportRecognizer,
    DeSocialSecurityRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    SpacyRecognizer,
    UkNinoRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
)

from gdpr_audit.discover.recognizers.address import (
    ContextPlaceRecognizer,
    GermanPlaceRecognizer,
    StreetAddressRecognizer,
)
from gdpr_audit.discover.recognizers.date_of_birth import DateOfBirthRecognizer
from gdpr_audit.discover.recognizers.german_model import GermanModelRecognizer
from gdpr_audit.discover.recognizers.national_id import (
    KeyAwareDeTaxIdRecognizer,
    NationalIdCueRecognizer,
)
from gdpr_audit.discover.recognizers.person import GazetteerPersonRecognizer
from gdpr_audit.discover.recognizers.phone import GatedPhoneRecognizer, GermanPhoneRecognizer
from gdpr_audit.discover.recognizers.special_category import SpecialCategoryRecognizer
from gdpr_audit.discover.special import SPECIAL_CATEGORIES

#: The public PII vocabulary (``pii_columns.entity_type`` / ``pii_findings.entity_type``).
PII_TYPES: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "LOCATION",
    "DATE_OF_BIRTH",
    "IBAN_CODE",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "NATIONAL_ID",
)

#: Presidio entity -> public vocabulary. Entities missing here are not reported.
ENTITY_MAP: dict[str, str] = {
    **{t: t for t in PII_TYPES},
    **{t: t for t in SPECIAL_CATEGORIES},
    "US_SSN": "NATIONAL_ID",
    "US_PASSPORT": "NATIONAL_ID",
    "UK_NINO": "NATIONAL_ID",
    "DE_TAX_ID": "NATIONAL_ID",
    "DE_TAX_NUMBER": "NATIONAL_ID",
    "DE_SOCIAL_SECURITY": "NATIONAL_ID",
    "DE_ID_CARD": "NATIONAL_ID",
    "DE_PASSPORT": "NATIONAL_ID",
    "DE_HEALTH_INSURANCE": "NATIONAL_ID",
}

#: spaCy labels kept by the NER recognizer (FAC = buildings, streets).
NER_LABELS: dict[str, str] = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION",
                              "LOC": "LOCATION", "FAC": "LOCATION"}
NER_IGNORED_LABELS: tuple[str, ...] = (
    "ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
    "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
)


def category_of(entity_type: str) -> str:
    """``'special'`` for the nine special categories, else ``'pii'``."""
    return "special" if entity_type in SPECIAL_CATEGORIES else "pii"


def _ignoring_case(rec: EntityRecognizer) -> EntityRecognizer:
    """Presidio's registry gives its predefined recognizers IGNORECASE; built by hand
    they lack it and miss IBANs typed in lower case ("gb42nawi0445...")."""
    rec.global_regex_flags = re.DOTALL | re.MULTILINE | re.IGNORECASE  # type: ignore[attr-defined]
    return rec


def _generic(language: str, special_model: bool = True) -> list[EntityRecognizer]:
    """Language-independent Presidio recognizers (checksums, formats)."""
    return [
        EmailRecognizer(supported_language=language),
        _ignoring_case(IbanRecognizer(supported_language=language)),
        CreditCardRecognizer(supported_language=language),
        IpRecognizer(supported_language=language),
        DateOfBirthRecognizer(supported_language=language),
        StreetAddressRecognizer(supported_language=language),
        ContextPlaceRecognizer(supported_language=language),
        SpecialCategoryRecognizer(supported_language=language, model=special_model),
        NationalIdCueRecognizer(supported_language=language),
    ]


def recognizers_for(
    language: str, *, ner: bool, german_person_rules: bool, german_model: bool = False,
    special_model: bool = True,
) -> list[EntityRecognizer]:
    """Every recognizer that runs on texts of ``language`` ('en' or 'de').

    ``german_model``: German NER comes from the shipped German model (its spans kept
    only with evidence, :class:`GermanModelRecognizer`), not from the English one.
    ``special_model``: the special categories from the rules OR the sentence classifier
    (:mod:`gdpr_audit.discover.special_model`); False: the rules only.
    """
    recs = _generic(language, special_model)
    if language == "de":
        recs += [
            GermanPhoneRecognizer(supported_language="de"),
            KeyAwareDeTaxIdRecognizer(supported_language="de"),
            DeSocialSecurityRecognizer(supported_language="de"),
            DeIdCardRecognizer(supported_language="de"),
            DePassportRecognizer(supported_language="de"),
            DeHealthInsuranceRecognizer(supported_language="de"),
            GermanPlaceRecognizer(supported_language="de"),
        ]
        if german_person_rules:
            recs.append(GazetteerPersonRecognizer(supported_language="de"))
    else:
        recs += [
            # Presidio's eight default regions: fewer lost a fifth of the phone recall on
            # presidio-research's set; the 7-digit gate keeps the cost on digit texts.
            GatedPhoneRecognizer(supported_language=language),
            UsSsnRecognizer(supported_language=language),
            UsPassportRecognizer(supported_language=language),
            UkNinoRecognizer(supported_language=language),
            GazetteerPersonRecognizer(supported_language=language),
        ]
    if ner and language == "de" and german_model:
        recs.append(GermanModelRecognizer())
    elif ner:
        recs.append(
            SpacyRecognizer(supported_language=language, supported_entities=["PERSON", "LOCATION"])
        )
    recs += list(yaml_recognizers(language))
    return recs


def yaml_recognizers(language: str) -> Iterable[PatternRecognizer]:
    """Pattern recognizers declared in ``patterns.yaml`` for ``language``."""
    text = resources.files(__package__).joinpath("patterns.yaml").read_text("utf-8")
    for entry in yaml.safe_load(text)["recognizers"]:
        if language not in entry["supported_languages"]:
            continue
        spec: dict[str, Any] = {k: v for k, v in entry.items()
                                if k not in ("supported_languages", "case_sensitive")}
        spec["supported_language"] = language
        spec["name"] = f"{entry['name']}_{language}"
        rec = PatternRecognizer.from_dict(spec)
        if entry.get("case_sensitive"):
            rec.global_regex_flags = re.DOTALL | re.MULTILINE
        yield rec


def build_registry(
    languages: Iterable[str], *, ner_languages: Iterable[str] = ("en",),
    german_person_rules: bool = True, german_model: bool = False, special_model: bool = True,
) -> RecognizerRegistry:
    """A Presidio registry holding :func:`recognizers_for` each language.

    ``ner_languages``: languages whose texts get spaCy NER PERSON/LOCATION.
    """
    langs = list(languages)
    with_ner = set(ner_languages)
    registry = RecognizerRegistry(supported_languages=langs)
    for lang in langs:
        for rec in recognizers_for(
            lang, ner=lang in with_ner, german_person_rules=german_person_rules,
            german_model=german_model, special_model=special_model,
        ):
            registry.add_recognizer(rec)
    return registry


def presidio_entities(registry: RecognizerRegistry, language: str) -> list[str]:
    """The Presidio entities of ``language`` that map to the public vocabulary."""
    found: set[str] = set()
    for rec in registry.get_recognizers(language=language, all_fields=True):
        found.update(e for e in rec.supported_entities if e in ENTITY_MAP)
    return sorted(found)
