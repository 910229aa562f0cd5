"""Engine configuration for free-text discovery (no spaCy loaded here)."""

from __future__ import annotations

import pytest

from gdpr_audit.core.errors import ConfigError
from gdpr_audit.discover.engine import UNUSED_PIPES, EngineConfig


def test_defaults_and_audit_config_section() -> None:
    assert EngineConfig() == EngineConfig.from_audit_config({})
    cfg = EngineConfig.from_audit_config(
        {"discover": {"text": {"german_ner": "both", "languages": ["en", "de"]}}}, ner=False
    )
    assert cfg.german_ner == "both" and cfg.languages == ("en", "de") and cfg.ner is False
    assert cfg.ner_languages == ()


@pytest.mark.parametrize(
    ("mode", "languages"),
    [("rules", ("en",)), ("english_model", ("en", "de")), ("both", ("en", "de"))],
)
def test_german_ner_modes_decide_where_ner_runs(mode: str, languages: tuple[str, ...]) -> None:
    assert EngineConfig(german_ner=mode).ner_languages == languages


@pytest.mark.parametrize(
    "section",
    [{"german_ner": "transformer"}, {"languages": ["en", "xx"]}, {"threshold": 0.3}],
)
def test_bad_settings_are_config_errors(section: dict) -> None:
    with pytest.raises(ConfigError):
        EngineConfig.from_audit_config({"discover": {"text": section}})


def test_parser_and_tagger_are_never_loaded() -> None:
    # Presidio reads only entities and tokens; these pipes were half of spaCy's time.
    assert {"parser", "tagger", "lemmatizer", "attribute_ruler"} <= set(UNUSED_PIPES)


def test_missing_model_is_a_config_error_not_a_download() -> None:
    from gdpr_audit.discover.engine import LeanSpacyNlpEngine

    engine = LeanSpacyNlpEngine(EngineConfig(model="no_such_model_installed"))
    with pytest.raises(ConfigError, match="never downloaded"):
        engine.load()
