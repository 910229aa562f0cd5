"""Language of a free-text value, with lingua (offline n-gram models, no downloads)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

#: Languages a European CRM export plausibly holds. Restricting the candidates makes
#: detection faster and more accurate on short notes than all 75 languages.
CANDIDATES = (
    Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.SPANISH, Language.ITALIAN,
    Language.DUTCH, Language.POLISH, Language.TURKISH, Language.PORTUGUESE, Language.DANISH,
    Language.SWEDISH, Language.CZECH,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 2
# Function words that decide most English/German CRM notes without the n-gram models:
# a text with two or more of one list and none of the other is settled (tested in
# tests/discover/test_text_language.py).
_EN_WORDS = frozenset(
    {
        "the", "and", "is", "are", "was", "were", "to", "of", "with", "for", "from", "this",
        "that", "will", "would", "have", "has", "please", "not", "we", "you", "he", "she", "they",
        "our", "your", "about",
    }
)
_DE_WORDS = frozenset(
    {
        "der", "die", "das", "und", "ist", "sind", "war", "nicht", "mit", "für", "von", "bei",
        "dem", "den", "ein", "eine", "einen", "zu", "auf", "wir", "sie", "er", "ich", "bitte",
        "noch", "wegen", "über", "hat", "haben", "wird",
    }
)


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` ('en', 'de', 'fr', ...), or 'unknown'.

    'unknown' for texts with fewer than two words of letters (ids, numbers, "ok")
    and when no candidate language fits.
    """
    words = _WORD.findall(text) if text else []
    if len(words) < MIN_WORDS:
        return "unknown"
    lowered = [w.lower() for w in words]
    en = sum(w in _EN_WORDS for w in lowered)
    de = sum(w in _DE_WORDS for w in lowered)
    if en >= 2 and de == 0:
        return "en"
    if de >= 2 and en == 0:
        return "de"
    lang = _detector().detect_language_of(text)
    return lang.iso_code_639_1.name.lower() if lang is not None else "unknown"


def detect_languages(texts: Sequence[str]) -> list[str]:
    """:func:`detect_language` of each text."""
    return [detect_language(t) for t in texts]
