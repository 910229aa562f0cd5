"""Special categories of personal data (GDPR Art. 9(1), Art. 10) in free text.

A special category counts only when the text says it ABOUT A PERSON: "she is on
sick leave" is health data, "our customer AOK is a health insurer", "the server
health check", "the parish ordered 20 licences" and "ver.di is our customer" are not.
The rules, in order:

1. Term lists per category and language (``recognizers/special_categories.yaml``):
   *strong* phrases count on their own, *weak* words need a reference to a person
   (pronoun, title, "the customer") in the same sentence, or a sentence without a
   subject of its own ("Wears a kippah ...": CRM notes leave out the contact).
2. Vocabularies built from openly licensed sources (``vocab/*.txt``, see
   :mod:`.special_vocab` and docs/detection.md): diseases, medicines, disabilities and
   aids, religious practice, EU parties, trade unions; German compounds and inflection.
   A term flagged ``person`` is weak; one flagged ``cue`` (a party, a union) needs a
   membership/office/vote cue in its sentence ("SPD-Mitglied", "union rep from Unite").
3. Exclusion spans (organisation names, technical phrases) veto any term inside them.
4. A weak or vocabulary term named as an organisation in a customer role ("our
   customer ver.di", "IG Metall ordered ...") is not about a data subject.
5. Context (:mod:`.special_context`): a term that is only denied ("no allergies",
   "keine Vorstrafen", "Führungszeugnis ohne Eintrag") is not special-category data,
   nor is a shop, catalogue or policy sentence about no one in particular ("we sell
   wheelchairs", "halal meals for all guests").
6. ICD-10 codes (``F32.1``, ``M54.5 G``) count as HEALTH when their shape is valid
   and a diagnosis context word is near.

Every mention carries its reason: the rule and, for vocabularies, the file and entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from gdpr_audit.discover.special_context import (
    counted_item,
    label_start,
    negated,
    non_human_subject,
    non_personal,
    not_for_faith,
    organisation_customer,
    product_enquiry,
    technology_only,
)
from gdpr_audit.discover.special_vocab import find_terms

#: The nine special categories this package reports (Art. 9(1) plus Art. 10).
SPECIAL_CATEGORIES: tuple[str, ...] = (
    "HEALTH",
    "RELIGION",
    "POLITICAL_OPINION",
    "TRADE_UNION",
    "ETHNIC_ORIGIN",
    "SEXUAL_ORIENTATION",
    "BIOMETRIC",
    "GENETIC",
    "CRIMINAL_RECORD",
)

STRONG_SCORE = 0.85
VOCAB_SCORE = 0.75
WEAK_SCORE = 0.65
ICD10_SCORE = 0.8

_FLAGS = re.IGNORECASE | re.UNICODE
# Sentence ends: ., !, ? or ; followed by space, or a line break. Abbreviations
# ("Mr.", "Dr.", "Hr.", "z.B.") do not end a sentence.
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s)|\n+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof hr fr st str nr no tel vs ca bzw z.b u.a inc ltd co".split()  # noqa: SIM905
)
# ICD-10-GM shape: chapter letter (U is reserved for special purposes), two digits,
# optional dot and 1-2 digits, optional German certainty suffix G/V/Z/A and side L/R/B.
_ICD10 = re.compile(r"(?<![\w.\-/])([A-TV-Z]\d{2}(?:\.\d{1,2})?)(?:\s?[GVZA]\b)?(?![\w\-/]|\.\d)")
_ICD10_CONTEXT = re.compile(
    r"\b(?:icd(?:-?10)?|diagnos\w*|dx|befund\w*|(?-i:AU)|arbeitsunfähig\w*|krank\w*|"
    r"sick\w*|illness|erkrank\w*|disorder|störung|episode|therap\w*|arzt|ärztin|doctor|"
    r"physician)\b",
    _FLAGS,
)
_ICD10_WINDOW = 60


@dataclass(frozen=True)
class SpecialMention:
    """One special-category mention: category, character span, score, and why."""

    category: str
    start: int
    end: int
    score: float
    rule: str  # 'strong' | 'weak+subject' | 'vocab' | 'icd10'
    reason: str = ""  # e.g. "vocab health_doid_en: asthma", "strong term"


@dataclass(frozen=True)
class _Language:
    terms: re.Pattern[str]
    groups: tuple[tuple[str, str], ...]  # group name -> (category, strength)
    subject: re.Pattern[str]
    subjectless: re.Pattern[str]
    exclusions: re.Pattern[str] | None
    category_exclusions: dict[str, re.Pattern[str]]
    role_before: re.Pattern[str]
    verb_after: re.Pattern[str]
    cues: dict[str, re.Pattern[str]]
    genetic_also_health: re.Pattern[str] | None


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _merge_terms(base: Any, extra: Any) -> Any:
    """``extra`` merged into ``base``: dicts key by key, lists joined with ``extra``'s
    first, strings joined as alternations (``subjectless_verbs``, ``organisation_roles``).

    The additions go first because an alternation takes the first branch that matches at
    a position: the longer phrase "Fingerabdruck-Login ... eingerichtet" must be tried
    before the base file's bare "Fingerabdruck"."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge_terms(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return extra + base
    if isinstance(base, str) and isinstance(extra, str):
        return f"{base}|{extra}"
    return extra if extra is not None else base


@lru_cache(maxsize=1)
def special_terms() -> dict[str, Any]:
    """The shipped term lists (parsed YAML), read once per process.

    ``recognizers/special_categories.yaml`` plus the additions in
    ``vocab/special_rules.yaml`` (same keys; docs/detection.md).
    """
    base = yaml.safe_load(
        resources.files("gdpr_audit.discover.recognizers")
        .joinpath("special_categories.yaml")
        .read_text("utf-8")
    )
    extra = yaml.safe_load(
        resources.files("gdpr_audit.discover.vocab")
        .joinpath("special_rules.yaml")
        .read_text("utf-8")
    )
    return _merge_terms(base, extra)


@lru_cache(maxsize=8)
def _compiled(language: str) -> _Language:
    data = special_terms()
    ethnic = data["ethnic_adjectives"]
    parts: list[str] = []
    groups: list[tuple[str, str]] = []
    # Strong phrases of every category before any weak word: at one position the
    # alternation takes the first branch that matches, so "jüdischer Herkunft" (strong,
    # ethnic origin) must be tried before the weak religion word "jüdisch".
    for strength in ("strong", "weak"):
        for category in SPECIAL_CATEGORIES:
            pats = [
                p.replace("{ETHNIC_EN}", ethnic["en"]).replace("{ETHNIC_DE}", ethnic["de"])
                for p in data["categories"][category].get(language, {}).get(strength) or []
            ]
            if not pats:
                continue
            name = f"g{len(groups)}"
            groups.append((category, strength))
            parts.append(f"(?P<{name}>{_alternation(pats)})")
    terms = re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", _FLAGS)
    subject = re.compile(
        rf"(?<!\w)(?:{_alternation(data['subject_references'][language])})(?!\w)", _FLAGS
    )
    excl = data["exclusions"].get(language) or []
    exclusions = re.compile(rf"(?<!\w)(?:{_alternation(excl)})(?!\w)", _FLAGS) if excl else None
    category_exclusions = {
        category: re.compile(rf"(?<!\w)(?:{_alternation(pats)})(?!\w)", _FLAGS)
        for category, by_lang in (data.get("category_exclusions") or {}).items()
        if (pats := by_lang.get(language))
    }
    cues = {
        category: re.compile(rf"(?<!\w)(?:{_alternation(pats)})(?!\w)", _FLAGS)
        for category, by_lang in (data.get("category_cues") or {}).items()
        if (pats := by_lang.get(language))
    }
    also = (data.get("genetic_also_health") or {}).get(language)
    verbs = data["subjectless_verbs"][language]
    role = data["organisation_roles"][language]
    verb = data["organisation_verbs"][language]
    return _Language(
        terms=terms,
        groups=tuple(groups),
        subject=subject,
        subjectless=re.compile(rf"^\W*(?:{verbs})(?!\w)", _FLAGS),
        exclusions=exclusions,
        category_exclusions=category_exclusions,
        role_before=re.compile(rf"(?<!\w){role}\s*[:,]?\s*$", _FLAGS),
        verb_after=re.compile(rf"^\W{{0,3}}(?:{verb})(?!\w)", _FLAGS),
        cues=cues,
        genetic_also_health=re.compile(also, _FLAGS) if also else None,
    )


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` as (start, end) offsets; abbreviations do not end one."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith("."):
            word = text[max(0, m.start() - 4) : m.start()].split()[-1:] or [""]
            if word[0].lower().lstrip("(") in _ABBREVIATIONS:
                continue
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _inside(spans: list[tuple[int, int]], start: int, end: int, strong: bool = False) -> bool:
    """Whether ``start:end`` overlaps an exclusion span. A strong phrase that holds the
    whole exclusion and more ("engagiert sich in der evangelischen Kirchengemeinde")
    states the person's tie to the organisation, so only the bare name is vetoed."""
    return any(
        (s <= start and end <= e or (s < end and start < e))
        and not (strong and start <= s and e <= end and (start, end) != (s, e))
        for s, e in spans
    )


_RESULT = re.compile(r"test|analys|befund|ergebnis|result|screen|träger|carrier|mutation", re.I)


def _names_result(category: str, term: str) -> bool:
    """Whether a genetic term names a test or its result ("Vaterschaftstest negativ" still
    reveals a result); "genetische Daten: nicht erforderlich" is a plain denial."""
    return category == "GENETIC" and bool(_RESULT.search(term))


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Every match of ``pattern``, overlapping ones too: one exclusion ("on the webinar")
    must not hide another that starts inside it ("webinar on epilepsy at work")."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        spans.append(m.span())
        pos = m.start() + 1
    return spans


def _within(pattern: re.Pattern[str] | None, text: str, start: int, end: int) -> bool:
    """Whether ``start:end`` lies inside a match of ``pattern`` (a category exclusion)."""
    return pattern is not None and any(
        v.start() <= start and end <= v.end() for v in pattern.finditer(text)
    )


def _rule_languages(language: str | None) -> tuple[str, ...]:
    if language in ("en", "de"):
        return (language,)
    return ("en", "de")  # unknown or other: both lists, measured to cost little precision


def find_icd10(text: str) -> list[SpecialMention]:
    """ICD-10 codes with a valid shape and a diagnosis context word within 60 characters."""
    found = []
    for m in _ICD10.finditer(text):
        lo, hi = max(0, m.start() - _ICD10_WINDOW), min(len(text), m.end() + _ICD10_WINDOW)
        window = text[lo : m.start()] + " " + text[m.end() : hi]
        if _ICD10_CONTEXT.search(window):
            found.append(
                SpecialMention("HEALTH", m.start(1), m.end(1), ICD10_SCORE, "icd10", "ICD-10 code")
            )
    return found


def find_special(text: str, language: str | None = None) -> list[SpecialMention]:
    """Special-category mentions about a data subject in ``text``.

    Args:
        text: one free-text value (a note, a description).
        language: ``'en'``, ``'de'``; anything else applies both languages' rules.

    Returns:
        Mentions in text order; overlapping mentions of one category are merged
        to the highest score.
    """
    if not text:
        return []
    found: list[SpecialMention] = []
    sentences: list[tuple[int, int]] | None = None
    for lang in _rule_languages(language):
        rules = _compiled(lang)
        # (category, start, end, strength, reason): strength 'strong' | 'weak' | 'cue'
        candidates: list[tuple[str, int, int, str, str]] = []
        for m in rules.terms.finditer(text):
            if m.lastgroup is not None:
                category, strength = rules.groups[int(m.lastgroup[1:])]
                candidates.append((category, m.start(), m.end(), strength, f"{strength} term"))
        for hit in find_terms(text, lang):
            e = hit.entry
            strength = "cue" if e.cue else "weak" if e.person else "vocab"
            candidates.append(
                (e.category, hit.start, hit.end, strength, f"vocab {e.source}: {e.term}")
            )
        if not candidates:
            continue
        excluded = _spans(rules.exclusions, text) if rules.exclusions else []
        if sentences is None:
            sentences = sentence_bounds(text)
        for category, start, end, strength, reason in candidates:
            if excluded and _inside(excluded, start, end, strength == "strong"):
                continue
            if _within(rules.category_exclusions.get(category), text, start, end):
                continue
            bounds = next((s, e) for s, e in sentences if s <= start < e)
            sentence = text[bounds[0] : bounds[1]]
            if (
                negated(
                    text, start, end, bounds, lang, result=_names_result(category, text[start:end])
                )
                or non_personal(sentence, lang)
                or (category == "RELIGION" and not_for_faith(text, end, bounds))
                or counted_item(text, start)
                or (category == "BIOMETRIC" and technology_only(sentence, text[start:end], lang))
                or organisation_customer(sentence, start - bounds[0], lang)
                or (category == "HEALTH" and non_human_subject(text, start, bounds, lang))
                or (category in ("BIOMETRIC", "GENETIC") and product_enquiry(sentence, lang))
            ):
                continue
            if strength == "strong":
                found.append(SpecialMention(category, start, end, STRONG_SCORE, "strong", reason))
                also = rules.genetic_also_health
                if (
                    category == "GENETIC"
                    and also
                    and also.fullmatch(text, start, end)
                    and not _within(rules.category_exclusions.get("HEALTH"), text, start, end)
                ):
                    found.append(
                        SpecialMention("HEALTH", start, end, STRONG_SCORE, "strong", reason)
                    )
                continue
            if rules.role_before.search(text[bounds[0] : start]) or rules.verb_after.search(
                text[end : bounds[1]]
            ):
                continue
            rel = (start - bounds[0], end - bounds[0])
            if strength == "vocab":
                found.append(SpecialMention(category, start, end, VOCAB_SCORE, "vocab", reason))
            elif strength == "cue":
                cue = rules.cues.get(category)
                if cue and any(
                    not (c.start() < rel[1] and rel[0] < c.end()) for c in cue.finditer(sentence)
                ):
                    found.append(
                        SpecialMention(category, start, end, VOCAB_SCORE, "vocab+cue", reason)
                    )
            elif (
                rules.subjectless.match(sentence)
                or label_start(sentence, rel[0], rel[1])
                or any(
                    not (sm.start() < rel[1] and rel[0] < sm.end())
                    for sm in rules.subject.finditer(sentence)
                )
            ):
                found.append(
                    SpecialMention(category, start, end, WEAK_SCORE, "weak+subject", reason)
                )
    found.extend(find_icd10(text))
    return _merge(found)


def _merge(mentions: list[SpecialMention]) -> list[SpecialMention]:
    mentions.sort(key=lambda x: (x.category, x.start, -x.end))
    merged: list[SpecialMention] = []
    for m in mentions:
        last = merged[-1] if merged else None
        if last and last.category == m.category and m.start < last.end:
            if m.score > last.score or m.end > last.end:
                keep = last if last.score >= m.score else m
                merged[-1] = SpecialMention(
                    m.category,
                    last.start,
                    max(last.end, m.end),
                    max(last.score, m.score),
                    keep.rule,
                    keep.reason,
                )
            continue
        merged.append(m)
    return sorted(merged, key=lambda x: (x.start, x.category))


def categories_in(text: str, language: str | None = None) -> set[str]:
    """The set of special categories mentioned about a data subject in ``text``."""
    return {m.category for m in find_special(text, language)}
