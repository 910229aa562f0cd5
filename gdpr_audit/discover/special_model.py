"""A learned sentence classifier for the special categories, combined with the rules.

The rules (:mod:`.special`) find what their term lists and vocabularies name; people write
conditions, faiths and affiliations in many more ways. This model scores every sentence of a
note for each of the nine categories: one-vs-rest logistic regressions over word 1-2-grams
and ``char_wb`` 3-5-grams (the latter for German compounds and inflection), one model for
English and German together (measured better than one per language: the languages share
party and union abbreviations, drug and disease names). A category counts when the rules
find it OR the model's probability reaches the threshold of the category and language;
thresholds are tuned at training time on out-of-fold probabilities for the F1 of that
combination under a precision floor (docs/detection.md, "Sentence classifier").

Training data are the labelled rows in ``special_train/*.jsonl`` (package data: the
development sets of issue #12 and the training sets written for this model). The model is
trained deterministically on first use (seconds) and cached as a plain ``.npz`` (numbers and
strings, no pickle) keyed by the SHA-256 of the training files, the rule files that the
thresholds were tuned with, and the scikit-learn version; nothing is downloaded and no
binary is committed. ``python -m gdpr_audit.discover.special_model train`` rebuilds it.
Training uses scikit-learn; classifying does not (:meth:`Classifier.features` computes the
vectorizers' numbers itself, analysing each distinct word once per process).

Privacy: a hit's reason stored in ``pii_findings`` is ``model:special_sentence_v1 p=0.91``;
the cue words (the strongest positive word features present, e.g. ``cues=chemo,oncology``)
stay in the in-memory :class:`~.special.SpecialMention` reason, like a rule's matched term.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from gdpr_audit.discover.special import (
    SPECIAL_CATEGORIES,
    SpecialMention,
    categories_in,
    sentence_bounds,
)
from gdpr_audit.discover.special_context import negated, non_personal, product_enquiry

MODEL_ID = "special_sentence_v1"
LANGUAGES = ("en", "de")
#: Inverse regularisation strength of the logistic regressions (chosen by cross-validation).
C = 30.0
#: Folds of the out-of-fold probabilities the thresholds are tuned on.
FOLDS = 5
#: Lowest precision of rules-or-model per category a threshold may give on those folds.
PRECISION_FLOOR = 0.9
#: Thresholds tried; a category whose model adds nothing keeps ``OFF`` (model silent).
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.3, 0.96, 0.05))
OFF = 1.01
#: Vetoes tried: a rule's category is dropped where the model's probability is below.
VETOES = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2)
CUES = 3
#: Word features searched for a content word (not a stop word) behind a model hit.
CONTENT_CUES = 5
#: Fewest words (two letters or more) of a sentence the model classifies: shorter values
#: (order numbers, campaign codes, "Order 2026-0001") are outside what it was trained on
#: (18 of 6,285 training rows; cross-validation unchanged) and are left to the rules.
MIN_WORDS = 3
_WORDS = re.compile(r"[^\W\d_]{2,}")
#: Lowest probability of a model mention in a sentence where the rules found another category.
YIELD = 0.98
_DIGIT = re.compile("[0-9]")  # ASCII digits fold to 0 (faster than str.translate)
_TRAIN_DIR = ("special_train",)
_RULE_FILES = (("recognizers", "special_categories.yaml"), ("vocab", "special_rules.yaml"))


@dataclass(frozen=True)
class TrainRow:
    text: str
    lang: str
    labels: frozenset[str]


def _preprocess(text: str) -> str:
    return _DIGIT.sub("0", text.lower())


#: The word tokens of the training vectorizer (scikit-learn's default token pattern).
_WORD_PATTERN = r"(?u)\b\w\w+\b"
_WORD = re.compile(_WORD_PATTERN)
#: Char n-gram lengths of the ``char_wb`` vectorizer.
CHAR_NGRAMS = (3, 5)
#: Whitespace tokens whose feature columns a classifier keeps (cleared when full; about
#: 700 bytes each, so at most ~35 MB per process).
_TOKEN_CACHE = 50_000


def _char_wb(token: str, low: int = CHAR_NGRAMS[0], high: int = CHAR_NGRAMS[1]) -> list[str]:
    """The ``char_wb`` n-grams of one whitespace token, as scikit-learn forms them: the
    token padded with a space each side; a padded token shorter than ``n`` gives itself
    once (and no longer n-grams)."""
    w = f" {token} "
    out: list[str] = []
    for n in range(low, high + 1):
        if len(w) <= n:
            out.append(w)
            break
        out += [w[i : i + n] for i in range(len(w) - n + 1)]
    return out


def _vectorizers(word_vocab: dict[str, int] | None = None,
                 char_vocab: dict[str, int] | None = None) -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), preprocessor=_preprocess,
                           token_pattern=_WORD_PATTERN, sublinear_tf=True,
                           vocabulary=word_vocab, dtype=np.float64)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, preprocessor=_preprocess,
                           sublinear_tf=True, min_df=2, vocabulary=char_vocab,
                           dtype=np.float64)
    return word, char


# ---------------------------------------------------------------------------- data


def training_dir() -> Path:
    return Path(str(resources.files("gdpr_audit.discover").joinpath(*_TRAIN_DIR)))


def training_files(folder: Path | None = None) -> list[Path]:
    """Every ``*.jsonl`` of the training folder, sorted by name (symlinks followed)."""
    return sorted((folder or training_dir()).glob("*.jsonl"))


def load_rows(files: Sequence[Path]) -> list[TrainRow]:
    """Labelled rows (``text``, ``lang``, ``labels``) of EN/DE; other rows are skipped."""
    rows = []
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            labels = frozenset(row.get("labels") or ()) & set(SPECIAL_CATEGORIES)
            if row.get("lang") in LANGUAGES and str(row.get("text", "")).strip():
                rows.append(TrainRow(row["text"], row["lang"], labels))
    return rows


def data_hash(files: Sequence[Path]) -> str:
    """SHA-256 of the training files (names and bytes), the rule files the thresholds are
    tuned with, the model id and parameters, and the scikit-learn version."""
    sklearn = metadata.version("scikit-learn")  # without importing it (classifying does not)
    h = hashlib.sha256(f"{MODEL_ID} liblinear-dual C={C} folds={FOLDS} floor={PRECISION_FLOOR} "
                       f"t={THRESHOLDS} v={VETOES} sklearn={sklearn}".encode())
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    base = resources.files("gdpr_audit.discover")
    for parts in _RULE_FILES:
        h.update(base.joinpath(*parts).read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Verdict:
    """The classifier on one text: its mentions, and the (category, start, end) sentences
    where it vetoes the rules' mentions of that category."""

    mentions: list[SpecialMention]
    vetoes: list[tuple[str, int, int]]


@dataclass
class Classifier:
    """Feature vocabularies with their idf, weights, intercepts and, per language of
    :data:`LANGUAGES`, one threshold per category (:data:`OFF`: the model stays silent)."""

    word_vocab: np.ndarray
    word_idf: np.ndarray
    char_vocab: np.ndarray
    char_idf: np.ndarray
    coef: sparse.csr_matrix  # features x categories
    intercept: np.ndarray
    thresholds: np.ndarray  # languages x categories
    vetoes: np.ndarray  # languages x categories: rules dropped where p is below
    data_hash: str = ""

    def __post_init__(self) -> None:
        self._n_word = len(self.word_vocab)
        self._word_index = {t: i for i, t in enumerate(self.word_vocab.tolist())}
        self._char_index = {t: i + self._n_word for i, t in enumerate(self.char_vocab.tolist())}
        self._idf = np.concatenate([self.word_idf, self.char_idf])
        self._weights = np.ascontiguousarray(self.coef.toarray())  # features x categories
        self._forget_tokens()

    def _forget_tokens(self) -> None:
        self._slots: dict[str, int] = {}  # whitespace token -> its slot in the lists below
        self._slot_cols: list[np.ndarray] = []  # feature columns of the token
        self._slot_counts: list[np.ndarray] = []  # and how often each occurs in it
        self._slot_words: list[list[str]] = []  # word tokens of the token

    def _slot(self, token: str) -> int:
        """A new whitespace token's slot: its ``char_wb`` n-gram and word columns with their
        counts, and its word tokens (for the bigrams), kept so that a recurring word is
        analysed once."""
        chars, words = self._char_index, self._word_index
        found = _WORD.findall(token)
        cols, counts = np.unique(np.array(
            [chars[g] for g in _char_wb(token) if g in chars]
            + [words[w] for w in found if w in words], dtype=np.int32), return_counts=True)
        self._slot_cols.append(cols)
        self._slot_counts.append(counts.astype(np.float64))
        self._slot_words.append(found)
        self._slots[token] = len(self._slot_words) - 1
        return len(self._slot_words) - 1

    def features(self, sentences: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF features (sentences x word and char columns), the same numbers as the
        training vectorizers' ``transform`` (word 1-2-grams and ``char_wb`` 3-5-grams over
        the vocabularies, sublinear tf, idf, each block L2-normalised), without
        scikit-learn: a sentence's char n-gram and word counts are the sums of its
        whitespace tokens' (a sparse product, sentences x tokens times tokens x features),
        so a token is analysed once per process, not once per occurrence; only the word
        bigrams are looked up per sentence."""
        if len(self._slots) >= _TOKEN_CACHE:
            self._forget_tokens()
        words, slots, slot_words = self._word_index, self._slots, self._slot_words
        n = len(sentences)
        toks: list[int] = []
        tok_ptr = [0]
        bigrams: list[int] = []
        bigram_ptr = [0]
        for sentence in sentences:
            seq: list[str] = []
            for part in _preprocess(sentence).split():
                k = slots.get(part)
                if k is None:
                    k = self._slot(part)
                toks.append(k)
                seq += slot_words[k]
            tok_ptr.append(len(toks))
            bigrams += [words[b] for b in map(" ".join, zip(seq, seq[1:], strict=False))
                        if b in words]
            bigram_ptr.append(len(bigrams))
        used, inverse = np.unique(np.array(toks, dtype=np.int64), return_inverse=True)
        per_token = sparse.csr_matrix(
            (np.ones(len(toks)), inverse.ravel(), np.array(tok_ptr)), shape=(n, len(used))
        )
        lengths = np.array([len(self._slot_cols[k]) for k in used.tolist()], dtype=np.int64)
        empty = np.zeros(0)
        grams = sparse.csr_matrix(
            (np.concatenate([empty, *(self._slot_counts[k] for k in used.tolist())]),
             np.concatenate([empty.astype(np.int32), *(self._slot_cols[k] for k in used.tolist())]),
             np.concatenate([[0], np.cumsum(lengths)])),
            shape=(len(used), len(self._idf)),
        )
        pairs = sparse.csr_matrix(
            (np.ones(len(bigrams)), np.array(bigrams, dtype=np.int32), np.array(bigram_ptr)),
            shape=(n, len(self._idf)),
        )
        pairs.sum_duplicates()
        x = per_token @ grams + pairs  # counts per sentence and feature
        x.sort_indices()  # the vectorizers' column order: the same sums, bit for bit
        x.data = (np.log(x.data) + 1.0) * self._idf[x.indices]
        # L2 norm of each sentence's word block (even cells) and char block (odd cells)
        cell = 2 * np.repeat(np.arange(n), np.diff(x.indptr)) + (x.indices >= self._n_word)
        norms = np.sqrt(np.bincount(cell, weights=x.data**2, minlength=2 * n))
        norms[norms == 0] = 1.0
        x.data /= norms[cell]
        return x

    def proba(self, x: sparse.csr_matrix) -> np.ndarray:
        """Probabilities, sentences x categories (one vectorised product for the batch)."""
        z = x @ self._weights + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def cues(self, x_row: sparse.csr_matrix, category: int, top: int = CUES) -> list[str]:
        """The word features present that push ``category`` up most: vocabulary words,
        never numbers (digits are folded to 0 and such features skipped)."""
        row = x_row.tocsr()
        idx = row.indices[row.indices < self._n_word]
        if not len(idx):
            return []
        weights = self._weights[idx, category] * row.data[row.indices < self._n_word]
        out: list[str] = []
        for i in np.argsort(-weights, kind="stable"):
            if weights[i] <= 0 or len(out) >= top:
                break
            term = str(self.word_vocab[idx[i]])
            if "0" not in term:
                out.append(term)
        return out

    def content_cue(self, x_row: sparse.csr_matrix, category: int, language: str,
                    top: int = CONTENT_CUES) -> bool:
        """Whether a content word is among the ``top`` word features present that push
        ``category`` up: a hit carried by stop words alone ("The X Orchestra was founded
        in 1977" as a criminal record, "I'm originally from Norway" as ethnic origin,
        measured on presidio-research's generic English texts) is no evidence."""
        stop = _stop_words(language)
        for term in self.cues(x_row, category, top):
            if any(len(w) >= 3 and w not in stop for w in term.split()):
                return True
        return False

    def mentions(self, texts: Sequence[str], language: str) -> list[Verdict]:
        """Per text, the model's mentions (one per sentence and category at or above the
        language's threshold, spanning the sentence) and its vetoes (sentences where the
        probability of a category is below its veto); the sentences of the whole batch
        are vectorised at once. Languages other than :data:`LANGUAGES` get none."""
        out = [Verdict([], []) for _ in texts]
        if language not in LANGUAGES:
            return out
        n = LANGUAGES.index(language)
        thresholds, vetoes = self.thresholds[n], self.vetoes[n]
        if not ((thresholds < OFF).any() or (vetoes > 0).any()):
            return out
        spans: list[tuple[int, int, int]] = []
        for i, text in enumerate(texts):
            for s, e in sentence_bounds(text or ""):
                chunk = text[s:e]
                s, e = s + len(chunk) - len(chunk.lstrip()), e - len(chunk) + len(chunk.rstrip())
                if len(_WORDS.findall(text, s, e)) >= MIN_WORDS:
                    spans.append((i, s, e))
        if not spans:
            return out
        x = self.features([texts[i][s:e] for i, s, e in spans])
        proba = self.proba(x)
        for k, j in zip(*np.nonzero(proba < vetoes), strict=True):
            i, s, e = spans[k]
            out[i].vetoes.append((SPECIAL_CATEGORIES[j], s, e))
        for k, j in zip(*np.nonzero(proba >= thresholds), strict=True):
            i, s, e = spans[k]
            if non_personal(texts[i][s:e], language):
                continue
            # as for the rules: a question about a technology handles no one's data
            if SPECIAL_CATEGORIES[j] in _PRODUCT_CATEGORIES and product_enquiry(
                    texts[i][s:e], language):
                continue
            cues = self.cues(x[k], j)
            if cues and all(_cue_negated(texts[i], s, e, c, language) for c in cues):
                continue
            if not self.content_cue(x[k], j, language):
                continue  # pushed up by function words alone: "was founded in", "I'm from"
            p = float(proba[k, j])
            out[i].mentions.append(SpecialMention(
                SPECIAL_CATEGORIES[j], s, e, round(p, 4), "model",
                f"model {MODEL_ID} p={p:.2f} cues={','.join(cues)}",
            ))
        return out


@lru_cache(maxsize=4)
def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop-word list of ``language`` (English for any other); no model needed."""
    if language == "de":
        from spacy.lang.de.stop_words import STOP_WORDS
    else:
        from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


#: Categories whose hits a product question vetoes (``special_context.product_enquiry``).
_PRODUCT_CATEGORIES = ("BIOMETRIC", "GENETIC")


def _fit_weights(x: sparse.csr_matrix, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest logistic regression: (features x categories, intercepts)."""
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((x.shape[1], y.shape[1]))
    intercept = np.full(y.shape[1], -30.0)  # a category without positives never fires
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            # the dual problem: far more features than rows (same optimum, 9x faster)
            clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear",
                                     dual=True, random_state=0, max_iter=1000)
            clf.fit(x, y[:, j])
            coef[:, j] = clf.coef_[0]
            intercept[j] = clf.intercept_[0]
    return coef, intercept


def _fit_features(texts: Sequence[str]) -> tuple[Any, Any, sparse.csr_matrix]:
    word, char = _vectorizers()
    x = sparse.hstack([word.fit_transform(texts), char.fit_transform(texts)], format="csr")
    return word, char, x


def labels(rows: Sequence[TrainRow]) -> np.ndarray:
    """Rows x categories, 1 where the row is labelled with the category."""
    return np.array([[c in r.labels for c in SPECIAL_CATEGORIES] for r in rows], dtype=int)


def out_of_fold(rows: Sequence[TrainRow], folds: int = FOLDS) -> np.ndarray:
    """Out-of-fold probabilities (rows x categories)."""
    from sklearn.model_selection import KFold

    texts = [r.text for r in rows]
    y = labels(rows)
    out = np.zeros(y.shape)
    for train, test in KFold(folds, shuffle=True, random_state=0).split(texts):
        word, char, x = _fit_features([texts[i] for i in train])
        coef, intercept = _fit_weights(x, y[train])
        held = [texts[i] for i in test]
        xt = sparse.hstack([word.transform(held), char.transform(held)], format="csr")
        out[test] = 1.0 / (1.0 + np.exp(-(xt @ coef + intercept)))
    return out


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, (2 * p * r / (p + r) if p + r else 0.0)


def tune_thresholds(y: np.ndarray, rules: np.ndarray, proba: np.ndarray,
                    floor: float | Sequence[float] = PRECISION_FLOOR,
                    veto_grid: Sequence[float] = VETOES) -> tuple[np.ndarray, np.ndarray]:
    """Per category, the threshold ``t`` and veto ``v`` (of ``veto_grid``) whose predictions
    ``(rules and p >= v) or p >= t`` have the best F1 with precision >= ``floor`` (one, or
    one per category): (thresholds, vetoes). Rules alone (``t`` = :data:`OFF`, ``v`` = 0)
    unless a pair beats them."""
    thresholds = np.full(y.shape[1], OFF)
    vetoes = np.zeros(y.shape[1])
    floors = np.broadcast_to(np.asarray(floor, dtype=float), (y.shape[1],))
    for j in range(y.shape[1]):
        truth = y[:, j].astype(bool)
        base = rules[:, j].astype(bool)
        best = _f1(int((base & truth).sum()), int((base & ~truth).sum()),
                   int((~base & truth).sum()))[1]
        for v in veto_grid:
            kept = base & (proba[:, j] >= v)
            for t in (OFF, *THRESHOLDS):
                pred = kept | (proba[:, j] >= t)
                p, f1 = _f1(int((pred & truth).sum()), int((pred & ~truth).sum()),
                            int((~pred & truth).sum()))
                if p >= floors[j] and f1 > best + 1e-9:
                    best, thresholds[j], vetoes[j] = f1, t, v
    return thresholds, vetoes


def rule_matrix(rows: Sequence[TrainRow]) -> np.ndarray:
    """The rules' row-level categories (rows x categories)."""
    return np.array(
        [[c in found for c in SPECIAL_CATEGORIES]
         for found in (categories_in(r.text, r.lang) for r in rows)], dtype=int
    )


def fit(rows: Sequence[TrainRow], tune: bool = True) -> Classifier:
    """The classifier of ``rows`` (both languages); per language, thresholds tuned on
    out-of-fold probabilities (``tune=False``: 0.5 everywhere, for experiments)."""
    texts = [r.text for r in rows]
    y = labels(rows)
    word, char, x = _fit_features(texts)
    coef, intercept = _fit_weights(x, y)
    thresholds = np.full((len(LANGUAGES), len(SPECIAL_CATEGORIES)), 0.5)
    vetoes = np.zeros(thresholds.shape)
    if tune:
        proba, rules = out_of_fold(rows), rule_matrix(rows)
        for n, lang in enumerate(LANGUAGES):
            mask = np.array([r.lang == lang for r in rows], dtype=bool)
            thresholds[n] = OFF
            if mask.any():
                thresholds[n], vetoes[n] = tune_thresholds(y[mask], rules[mask], proba[mask])
    return Classifier(
        word_vocab=np.array(word.get_feature_names_out(), dtype=str),
        word_idf=word.idf_,
        char_vocab=np.array(char.get_feature_names_out(), dtype=str),
        char_idf=char.idf_,
        coef=sparse.csr_matrix(coef),
        intercept=intercept,
        thresholds=thresholds,
        vetoes=vetoes,
    )


def combine(rules: Sequence[SpecialMention], verdict: Verdict) -> list[SpecialMention]:
    """The rules' mentions outside the model's vetoes, plus each model mention whose
    category the rules did not find in its sentence (a rule's reason names the term or
    vocabulary, so it is kept). Where the rules found another category in the sentence,
    a model mention needs p >= :data:`YIELD` ("active member of the Baptist
    congregation" is religion, "im Marburger Bund organisiert" a union, neither also a
    party: cross-validation neutral, F1 within ±.002 for 0.9-0.98)."""
    kept = [
        r for r in rules
        if not any(c == r.category and s <= r.start < e for c, s, e in verdict.vetoes)
    ]

    def yields(m: SpecialMention) -> bool:
        return m.score < YIELD and any(
            r.category != m.category and m.start <= r.start < m.end for r in kept
        )

    extra = [
        m for m in verdict.mentions
        if not yields(m)
        and not any(r.category == m.category and r.start < m.end and m.start < r.end
                    for r in kept)
    ]
    return sorted([*kept, *extra], key=lambda x: (x.start, x.category))


def _cue_negated(text: str, start: int, end: int, cue: str, language: str) -> bool:
    """Whether the sentence denies the cue word ("no allergies", "keine Vorstrafen")."""
    pos = text.lower().find(cue.split()[0], start, end)
    if pos < 0:
        return False
    return negated(text, pos, pos + len(cue), (start, end), language)


# ---------------------------------------------------------------------------- artifact


def train(files: Sequence[Path] | None = None) -> Classifier:
    """Train the classifier from ``files`` (default: the packaged training folder)."""
    files = list(files) if files is not None else training_files()
    model = fit(load_rows(files))
    model.data_hash = data_hash(files)
    return model


def cache_dirs() -> list[Path]:
    """Where the artifact is kept: next to the package if writable, else the user cache."""
    return [Path(str(resources.files("gdpr_audit.discover"))) / "models",
            Path.home() / ".cache" / "gdpr-audit"]


def artifact_name(digest: str) -> str:
    return f"{MODEL_ID}-{digest[:16]}.npz"


_ARRAYS = ("word_vocab", "word_idf", "char_vocab", "char_idf", "intercept", "thresholds",
           "vetoes")


def save(model: Classifier, path: Path) -> None:
    """Write the classifier as a compressed ``.npz`` of plain arrays (atomic replace)."""
    coef = model.coef.tocsr()
    arrays = {name: getattr(model, name) for name in _ARRAYS}
    arrays.update(coef_data=coef.data, coef_indices=coef.indices, coef_indptr=coef.indptr,
                  coef_shape=np.array(coef.shape), data_hash=np.array(model.data_hash))
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(buf.getvalue())
    os.replace(tmp, path)  # atomic: concurrent workers never read half a file


def load(path: Path) -> Classifier:
    """Read a classifier written by :func:`save` (no pickle)."""
    with np.load(path, allow_pickle=False) as z:
        coef = sparse.csr_matrix(
            (z["coef_data"], z["coef_indices"], z["coef_indptr"]), shape=tuple(z["coef_shape"])
        )
        return Classifier(**{name: z[name] for name in _ARRAYS}, coef=coef,
                          data_hash=str(z["data_hash"]))


def build(
    files: Sequence[Path] | None = None, rebuild: bool = False
) -> tuple[Classifier, Path | None]:
    """The cached model of ``files`` (trained and cached when missing); and where it is."""
    files = list(files) if files is not None else training_files()
    digest = data_hash(files)
    for folder in cache_dirs():
        path = folder / artifact_name(digest)
        if path.is_file() and not rebuild:
            try:
                return load(path), path
            except (OSError, ValueError, KeyError):
                pass  # unreadable: train again
    model = train(files)
    for folder in cache_dirs():
        path = folder / artifact_name(digest)
        try:
            save(model, path)
        except OSError:
            continue
        for old in folder.glob(f"{MODEL_ID}-*.npz"):  # models of earlier training data
            if old != path:
                old.unlink(missing_ok=True)
        return model, path
    return model, None  # nowhere writable: this process keeps it in memory


@lru_cache(maxsize=1)
def shared_model() -> Classifier:
    """The model of the packaged training data, once per process."""
    return build()[0]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args != ["train"]:
        print("usage: python -m gdpr_audit.discover.special_model train", file=sys.stderr)
        return 2
    files = training_files()
    model, path = build(files, rebuild=True)
    shared_model.cache_clear()
    print(f"{MODEL_ID}: {len(load_rows(files))} rows from {len(files)} files, "
          f"hash {model.data_hash[:16]}, saved to {path or '(nowhere writable)'}")
    for n, lang in enumerate(LANGUAGES):
        t = ", ".join(f"{c}={v:.2f}" for c, v in zip(SPECIAL_CATEGORIES, model.thresholds[n],
                                                        strict=True) if v < OFF)
        print(f"  {lang}: thresholds {t or 'none (rules only)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
