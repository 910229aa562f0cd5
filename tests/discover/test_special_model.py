"""The special-category sentence classifier (discover/special_model.py) and its use.

Trained here on the made-up rows of tests/data/special_model (seconds); the packaged model
is only used where its switch is tested.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from gdpr_audit.core.errors import ConfigError
from gdpr_audit.discover import special_model as sm
from gdpr_audit.discover.engine import EngineConfig
from gdpr_audit.discover.recognizers.special_category import (
    SpecialCategoryRecognizer,
    reason_id,
    to_result,
)
from gdpr_audit.discover.special import SpecialMention, find_special

DATA = Path(__file__).resolve().parents[1] / "data" / "special_model"
REASON = re.compile(r"^model special_sentence_v1 p=(0\.\d\d|1\.00) cues=([a-zäöüß ,]*)$")


@pytest.fixture(scope="module")
def files() -> list[Path]:
    return sm.training_files(DATA)


@pytest.fixture(scope="module")
def model(files: list[Path]) -> sm.Classifier:
    clf = sm.fit(sm.load_rows(files), tune=False)  # threshold 0.5, no vetoes
    return clf


def test_sentence_hit_carries_model_reason_and_cue_words(model: sm.Classifier) -> None:
    text = "Invoice paid. Her chemo continues at the oncology clinic."
    verdict = model.mentions([text], "en")[0]
    health = [m for m in verdict.mentions if m.category == "HEALTH"]
    assert len(health) == 1
    m = health[0]
    assert text[m.start : m.end] == "Her chemo continues at the oncology clinic."  # the sentence
    assert m.rule == "model" and 0.5 <= m.score <= 1
    found = REASON.match(m.reason)
    assert found, m.reason
    cues = found.group(2).split(",")
    assert "chemo" in cues and all(not any(ch.isdigit() for ch in c) for c in cues)
    # stored reason: model and probability, never the cue words (privacy, as rule reasons)
    stored = reason_id(m)
    assert stored == f"model:special_sentence_v1 p={found.group(1)}"
    assert to_result(m).recognition_metadata["reason"] == stored
    assert "chemo" not in stored


def test_traps_negations_and_shop_sentences_stay_clean(model: sm.Classifier) -> None:
    texts = [
        "Asked for a quote and the delivery dates.",  # trap: ordinary business
        "No chemo.",  # denied: the cue word is negated
        "We sell chemo gloves.",  # a shop sentence about no one (special_context)
    ]
    assert all(not v.mentions for v in model.mentions(texts, "en"))


def test_fragments_are_left_to_the_rules(model: sm.Classifier) -> None:
    texts = ["Chemo 0815-42", "Order 2026-0001", "Her chemo continues."]
    found = [[m.category for m in v.mentions] for v in model.mentions(texts, "en")]
    assert found == [[], [], ["HEALTH"]]  # fewer than MIN_WORDS words: no model verdict


def test_numbers_are_never_cues(model: sm.Classifier) -> None:
    x = model.features(["Chemo 2024 at 10:30, room 12."])
    cues = model.cues(x[0], sm.SPECIAL_CATEGORIES.index("HEALTH"), top=10)
    assert cues and not any(ch.isdigit() for c in cues for ch in c)


def test_unknown_language_gets_no_model_mentions(model: sm.Classifier) -> None:
    verdict = model.mentions(["Her chemo continues."], "fr")[0]
    assert verdict.mentions == [] and verdict.vetoes == []


def test_training_is_deterministic(files: list[Path]) -> None:
    a, b = sm.train(files), sm.train(files)
    assert a.data_hash == b.data_hash == sm.data_hash(files)
    for name in ("word_vocab", "char_vocab", "thresholds", "vetoes", "intercept"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert (a.coef != b.coef).nnz == 0


def test_artifact_cached_and_rebuilt_when_training_data_change(
    tmp_path: Path, files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "train"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    monkeypatch.setattr(sm, "cache_dirs", lambda: [tmp_path / "cache"])
    first, path = sm.build(sm.training_files(folder))
    assert path is not None and path.is_file() and path.suffix == ".npz"
    again, same = sm.build(sm.training_files(folder))
    assert same == path and again.data_hash == first.data_hash
    assert np.array_equal(sm.load(path).thresholds, first.thresholds)
    with (folder / "train_en.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "t-x", "lang": "en", "style": "crm_note", "text": "Has a chemo port.",'
                ' "labels": ["HEALTH"], "trap": false, "why": "added"}\n')
    changed, new_path = sm.build(sm.training_files(folder))
    assert changed.data_hash != first.data_hash and new_path != path and new_path.is_file()
    assert not path.exists()  # the model of the old data is removed
    assert len(list((tmp_path / "cache").glob("*.tmp"))) == 0


def test_artifact_holds_no_pickle(tmp_path: Path, model: sm.Classifier) -> None:
    model.data_hash = "0" * 64
    sm.save(model, tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)
    loaded = sm.load(tmp_path / "m.npz")
    x = loaded.features(["Her chemo continues."])
    assert np.allclose(loaded.proba(x), model.proba(model.features(["Her chemo continues."])))


def test_combine_keeps_rules_adds_model_and_applies_vetoes() -> None:
    text = "Prays at noon. Goes to mass on Sundays."
    rule = SpecialMention("RELIGION", 0, 5, 0.65, "weak+subject", "weak term")
    model_same = SpecialMention("RELIGION", 0, 14, 0.9, "model", "model x p=0.90 cues=prays")
    model_new = SpecialMention("RELIGION", 15, len(text), 0.8, "model", "model x p=0.80 cues=mass")
    out = sm.combine([rule], sm.Verdict([model_same, model_new], []))
    assert out == [rule, model_new]  # the rule's mention wins its sentence
    vetoed = sm.combine([rule], sm.Verdict([], [("RELIGION", 0, 14)]))
    assert vetoed == []
    other = sm.combine([rule], sm.Verdict([], [("HEALTH", 0, 14)]))
    assert other == [rule]  # a veto of another category leaves the rule alone
    # where the rules found another category, a model mention needs p >= YIELD
    party = SpecialMention("POLITICAL_OPINION", 0, 14, 0.9, "model", "model x p=0.90 cues=a")
    assert sm.combine([rule], sm.Verdict([party], [])) == [rule]
    sure = SpecialMention("POLITICAL_OPINION", 0, 14, 0.99, "model", "model x p=0.99 cues=a")
    assert sm.combine([rule], sm.Verdict([sure], [])) == [sure, rule]  # by start, category
    assert sm.combine([], sm.Verdict([party], [])) == [party]


def test_switch_off_is_rules_only_and_config_reads_on_off() -> None:
    text = "She has been on sick leave since Monday. Her chemo continues."
    off = SpecialCategoryRecognizer("en", model=False)
    assert off.mentions(text) == find_special(text, "en")
    assert all(m.rule != "model" for m in off.mentions(text))
    for value, want in (("on", True), ("off", False), ("true", True)):
        config = yaml.safe_load(f"discover:\n  text:\n    special_model: {value}\n")
        assert EngineConfig.from_audit_config(config).special_model is want
    assert EngineConfig().special_model is True  # default on
    with pytest.raises(ConfigError, match="special_model"):
        EngineConfig(special_model="sometimes")  # type: ignore[arg-type]


def test_recognizer_primed_batch_equals_one_by_one(
    model: sm.Classifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sm, "shared_model", lambda: model)
    import gdpr_audit.discover.recognizers.special_category as sc

    monkeypatch.setattr(sc, "shared_model", lambda: model)
    rec = SpecialCategoryRecognizer("en", model=True)
    texts = ["Back at the oncology ward.", "Invoice paid.", "Her chemo continues."]
    alone = [rec.mentions(t) for t in texts]
    rec.prime(texts)
    assert [rec.mentions(t) for t in texts] == alone
    assert [(m.category, m.rule) for m in alone[0]] == [("HEALTH", "model")]  # rules miss it
    assert alone[1] == []
    assert [m.rule for m in alone[2]] == [m.rule for m in find_special(texts[2], "en")]
    rec.prime([])
    assert rec._primed == {}


def test_packaged_training_files_are_package_data() -> None:
    names = {p.name for p in sm.training_files()}
    assert {"dev_special_v2.jsonl", "dev_round3.jsonl"} <= names
    rows = sm.load_rows(sm.training_files())
    assert {r.lang for r in rows} == {"en", "de"} and len(rows) > 1000


def test_features_equal_the_training_vectorizers_bit_for_bit(
    files: list[Path], model: sm.Classifier
) -> None:
    from scipy import sparse

    word, char = sm._vectorizers(
        {t: i for i, t in enumerate(model.word_vocab.tolist())},
        {t: i for i, t in enumerate(model.char_vocab.tolist())},
    )
    word.idf_, char.idf_ = model.word_idf, model.char_idf
    texts = [r.text for r in sm.load_rows(files)] + [
        "a", "ab", "", "  Chemo\t\tchemo  chemo ", "İstanbul ΣΟΦΟΣ Straße 12, 2024-05-01",
        "Ärztin Dr. Müller-Lüdenscheidt; O'Neil x@y.de", "aaaa aaaa bb bb", "Zzzqx vvq.",
    ]
    for batch in (texts, texts[::-1], texts[:1]):  # the token cache warm and cold
        want = sparse.hstack([word.transform(batch), char.transform(batch)], format="csr")
        got = model.features(batch)
        assert got.shape == want.shape and got.nnz == want.nnz
        assert (got != want).nnz == 0  # the same numbers, not only close
    assert model.features([]).shape == (0, len(model.word_vocab) + len(model.char_vocab))


def test_char_ngrams_follow_scikit_learns_char_wb() -> None:
    assert sm._char_wb("ab") == [" ab", "ab ", " ab "]  # short: padded token once
    assert sm._char_wb("a") == [" a "]
    assert sm._char_wb("abc")[:3] == [" ab", "abc", "bc "] and sm._char_wb("abc")[-1] == " abc "


def test_token_cache_is_bounded_and_forgetting_changes_nothing(
    model: sm.Classifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["Her chemo continues at the oncology clinic.", "Member of the union since May."]
    want = model.proba(model.features(texts))
    monkeypatch.setattr(sm, "_TOKEN_CACHE", 4)
    for _ in range(3):
        assert np.array_equal(model.proba(model.features(texts)), want)
        assert len(model._slots) <= 4 + sum(len(t.split()) for t in texts)
    model.features(["one two three four five"])
    assert "chemo" not in model._slots  # forgotten when the cache was full


def test_a_product_question_vetoes_model_hits_as_it_vetoes_rules() -> None:
    """A question whether a product supports fingerprint login handles no one's data: the
    rules skip it (``special_context.product_enquiry``) and so must the model, whose
    thresholds are tuned on the rules' output (the demo's decoy was flagged at p=.81)."""
    clf = sm.shared_model()
    text = "Fragt nach, ob das Kundenportal Login per Fingerabdruck unterstützt."
    row = sm.SPECIAL_CATEGORIES.index("BIOMETRIC")
    lang = sm.LANGUAGES.index("de")
    p = clf.proba(clf.features([text]))[0, row]
    # precondition, so the test cannot pass vacuously: the model alone would flag it
    assert p >= clf.thresholds[lang][row], "pick a sentence the shipped model flags"
    assert not clf.mentions([text], "de")[0].mentions
    # a person's own enrolment is still found
    own = "Hat seinen Fingerabdruck für die Zeiterfassung hinterlegt."
    assert [m.category for m in clf.mentions([own], "de")[0].mentions] == ["BIOMETRIC"]


def test_a_hit_carried_by_function_words_alone_is_dropped() -> None:
    """'was founded in' pushed a criminal record up to p=.77-.94 on presidio-research's
    generic English texts; no content word backs it, so it is no evidence."""
    clf = sm.shared_model()
    text = "The Velvion Orchestra was founded in 1979."
    row = sm.SPECIAL_CATEGORIES.index("CRIMINAL_RECORD")
    x = clf.features([text])
    assert clf.proba(x)[0, row] >= clf.thresholds[sm.LANGUAGES.index("en")][row]  # precondition
    assert not clf.content_cue(x[0], row, "en")
    assert not clf.mentions([text], "en")[0].mentions
    # a content word among the cues keeps a hit
    own = "Served 18 months for fraud, released on licence in May."
    assert "CRIMINAL_RECORD" in {m.category for m in clf.mentions([own], "en")[0].mentions}


def test_a_model_hit_does_not_hide_the_names_in_its_sentence() -> None:
    """A rule's term is no name ("Sinti"), but a classifier hit spans its whole sentence:
    it must not drop the PERSON spaCy found inside it (it hid 33 names and places of
    presidio-research's generic texts)."""
    from presidio_analyzer import RecognizerResult

    from gdpr_audit.discover.text import _ner_fixups

    text = "Naomi Ryan is off with chemo until May."
    name = RecognizerResult("PERSON", 0, 10, 0.85,
                            recognition_metadata={"recognizer_name": "SpacyRecognizer"})
    model_hit = RecognizerResult("HEALTH", 0, len(text), 0.9, recognition_metadata={
        "recognizer_name": "SpecialCategoryRecognizer",
        "reason": "model:special_sentence_v1 p=0.90"})
    rule_hit = RecognizerResult("HEALTH", 0, 10, 0.9, recognition_metadata={
        "recognizer_name": "SpecialCategoryRecognizer", "reason": "rule:health_strong"})
    kept = _ner_fixups(text, [name, model_hit])
    assert any(r.entity_type == "PERSON" for r in kept)
    # trap: a word a rule matched is still no name
    assert not any(r.entity_type == "PERSON" for r in _ner_fixups(text, [name, rule_hit]))
