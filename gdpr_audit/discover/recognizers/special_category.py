"""The nine special categories as a Presidio recognizer (rules: :mod:`..special`, sentence
classifier: :mod:`..special_model`)."""

from __future__ import annotations

from collections.abc import Sequence

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from gdpr_audit.discover.special import SPECIAL_CATEGORIES, SpecialMention, find_special
from gdpr_audit.discover.special_model import Verdict, combine, shared_model


def reason_id(mention: SpecialMention) -> str:
    """The rule or vocabulary behind a mention, never the matched term (privacy by design).

    ``vocab:health_doid_en``, ``rule:icd10``, ``rule:health_strong``, ``rule:religion_weak``,
    ``model:special_sentence_v1 p=0.91``: the term itself ("vocab health_doid_en: asthma")
    or the classifier's cue words ("cues=chemo,oncology") would reveal the condition.
    """
    if mention.rule == "model":
        return "model:" + mention.reason.removeprefix("model ").split(" cues=", 1)[0]
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
    """HEALTH, RELIGION, ... CRIMINAL_RECORD mentioned about a data subject (Art. 9, 10).

    ``model``: the rules' mentions plus the sentence classifier's for sentences and
    categories the rules did not find. :meth:`prime` classifies a whole batch at once
    (``TextScanner.analyze_batch`` calls it); a text not primed is classified alone.
    """

    def __init__(self, supported_language: str = "en", model: bool = False) -> None:
        super().__init__(
            supported_entities=list(SPECIAL_CATEGORIES),
            supported_language=supported_language,
            name=f"SpecialCategoryRecognizer_{supported_language}",
        )
        self.model = model
        self._primed: dict[str, Verdict] = {}

    def prime(self, texts: Sequence[str]) -> None:
        """Classify the sentences of ``texts`` in one vectorised pass (model on)."""
        self._primed = {}
        if self.model and texts:
            found = shared_model().mentions(texts, self.supported_language)
            self._primed = dict(zip(texts, found, strict=True))

    def mentions(self, text: str) -> list[SpecialMention]:
        """Rules, and with ``model`` the classifier's mentions where the rules found none
        (minus the rules' mentions the classifier vetoes)."""
        found = find_special(text, self.supported_language)
        if not self.model:
            return found
        extra = self._primed.get(text)
        if extra is None:
            extra = shared_model().mentions([text], self.supported_language)[0]
        return combine(found, extra)

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(SPECIAL_CATEGORIES)
        return [to_result(m) for m in self.mentions(text) if m.category in wanted]
