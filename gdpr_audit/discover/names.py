"""Column-name evidence: which entity types a header name suggests (EN/DE, vendor names).

The synonyms are data (``column_names.yaml``); this module normalises a header
(``MailingPostalCode`` -> ``mailing postal code``, ``Telefon (geschäftlich)`` ->
``telefon geschaeftlich``, ``Contact: Email`` -> ``email``) and matches it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_CAMEL_1 = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LETTER_DIGIT = re.compile(r"([a-z])(\d)")


@dataclass(frozen=True)
class NameEvidence:
    """One entity type suggested by a column name."""

    entity_type: str
    category: str  # 'pii' | 'special'
    strong: bool
    pattern: str

    def describe(self, column: str) -> str:
        return f"name: {column!r} ~ {self.entity_type}"


@dataclass(frozen=True)
class _Rule:
    entity_type: str
    category: str
    strong: bool
    include: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class NameRules:
    """The compiled synonym tables."""

    rules: tuple[_Rule, ...]
    global_exclude: tuple[re.Pattern[str], ...]
    identifier_names: tuple[re.Pattern[str], ...]


def normalize_name(name: str) -> str:
    """Normalise a header for matching: ``"E-Mail (privat)"`` -> ``"e mail privat"``."""
    name = name.replace("\ufeff", "").strip()
    # Salesforce report exports: "Contact: First Name" -> "First Name"
    if ": " in name:
        name = name.rsplit(": ", 1)[1]
    name = name.translate(_FOLD)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = _CAMEL_2.sub(r"\1 \2", name)
    name = _CAMEL_1.sub(r"\1 \2", name)
    name = _LETTER_DIGIT.sub(r"\1 \2", name.lower())  # SuiteCRM "email1", "address_street2"
    return _NON_WORD.sub(" ", name).strip()


def _compile(patterns: list[str] | None) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in (patterns or []))


@lru_cache(maxsize=1)
def load_rules() -> NameRules:
    """Load and compile ``column_names.yaml`` (once per process)."""
    text = resources.files("gdpr_audit.discover").joinpath("column_names.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    rules = []
    for key, spec in data["entities"].items():
        rules.append(
            _Rule(
                entity_type=spec.get("entity", key),
                category=spec["category"],
                strong=spec.get("strength", "strong") == "strong",
                include=_compile(spec.get("include")),
                exclude=_compile(spec.get("exclude")),
            )
        )
    return NameRules(
        rules=tuple(rules),
        global_exclude=_compile(data.get("global_exclude")),
        identifier_names=_compile(data.get("identifier_names")),
    )


def is_excluded_name(column: str) -> bool:
    """True for names that never hold personal data types (order numbers, timestamps...)."""
    norm = normalize_name(column)
    return any(p.search(norm) for p in load_rules().global_exclude)


def is_identifier_name(column: str) -> bool:
    """True for key/code-like names (``Id``, ``Kundennummer``, ``order_ref``)."""
    norm = normalize_name(column)
    return any(p.search(norm) for p in load_rules().identifier_names)


def name_evidence(column: str) -> list[NameEvidence]:
    """Entity types the column name suggests, strongest first; empty for excluded names."""
    norm = normalize_name(column)
    rules = load_rules()
    if not norm or any(p.search(norm) for p in rules.global_exclude):
        return []
    found: dict[str, NameEvidence] = {}
    for rule in rules.rules:
        hit = next((p for p in rule.include if p.search(norm)), None)
        if hit is None or any(p.search(norm) for p in rule.exclude):
            continue
        previous = found.get(rule.entity_type)
        if previous is None or (rule.strong and not previous.strong):
            found[rule.entity_type] = NameEvidence(
                rule.entity_type, rule.category, rule.strong, hit.pattern
            )
    return sorted(found.values(), key=lambda e: (not e.strong, e.entity_type))
