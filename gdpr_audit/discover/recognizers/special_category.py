"""The nine special categories as a Presidio recognizer (rules: :mod:`..special`)."""

from __future__ import annotations

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from gdpr_audit.discover.special import SPECIAL_CATEGORIES, SpecialMention, find_special


def reason_id(mention: SpecialMention) -> str:
    """The rule or vocabulary behind a mention, never the matched term (privacy by design).

    ``vocab:health_doid_en``, ``rule:icd10``, ``rule:health_strong``, ``rule:religion_weak``:
    the term itself ("vocab health_doid_en: asthma") would reveal the condition.
    """
    if mention.reason.startswith("vocab "):
        return "vocab:" + mention.reason[len("vocab ") :].split(":", 1)[0].strip()
    if mention.rule == "icd10":
        return "rule:icd10"
    strength = mention.reason.removesuffix(" term").strip() or mention.rule
    return f"rule:{mention.category.lower()}_{strength.split('+')[0]}"


def to_result(mention: SpecialMention) -> RecognizerResult:
    """A Presidio result of a mention; the reason id travels in its metadata."""
    return RecognizerResult(
        mention.category,
        mention.start,
        mention.end,
        mention.score,
        recognition_metadata={
            "recognizer_name": "SpecialCategoryRecognizer",
            "reason": reason_id(mention),
        },
    )


class SpecialCategoryRecognizer(LocalRecognizer):
    """HEALTH, RELIGION, ... CRIMINAL_RECORD mentioned about a data subject (Art. 9, 10)."""

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=list(SPECIAL_CATEGORIES),
            supported_language=supported_language,
            name=f"SpecialCategoryRecognizer_{supported_language}",
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(SPECIAL_CATEGORIES)
        return [
            to_result(m)
            for m in find_special(text, self.supported_language)
            if m.category in wanted
        ]
