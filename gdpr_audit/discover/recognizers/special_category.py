"""The nine special categories as a Presidio recognizer (rules: :mod:`..special`)."""

from __future__ import annotations

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from gdpr_audit.discover.special import SPECIAL_CATEGORIES, find_special


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
            RecognizerResult(m.category, m.start, m.end, m.score)
            for m in find_special(text, self.supported_language)
            if m.category in wanted
        ]
