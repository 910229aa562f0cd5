"""Special-category vocabularies (``discover/vocab/*.txt``) matched as token n-grams.

The files are built by ``benchmarks/vocab/build_vocab.py`` from openly licensed sources
(docs/detection.md). Matching is a set lookup per token n-gram (1-4 words), so thousands
of terms cost what a handful of regexes cost. Tokens are runs of letters and digits:
"ver.di", "IG-Metall", "Knie-OP" and "covid-19" match whatever the separator. German
adds inflection (a term matches with -e, -en, -n, -s, -es, -er, -em appended, in a
term of several words on every word: "der Jungen Union", "bei der Letzten Generation"),
compound heads ("Herzerkrankung", "Lungenkrebs": a word ending in a listed head after
at least three letters) and compound modifiers: a health term before a head that adds
nothing but the treatment or an episode of it ("Brustkrebs|behandlung",
"Migräne|anfälle", "MS-Schub").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TOKEN = re.compile(r"\w+", re.UNICODE)
_MAX_N = 4
_MIN_PREFIX = 3  # letters before a compound head ("Ko|operation" is no operation)
_GERMAN_ENDINGS = ("en", "es", "er", "em", "n", "e", "s")
#: Vocabulary files per language (a file whose header says "en de" serves both).
FILES = (
    "health_en.txt",
    "health_doid_en.txt",
    "health_de.txt",
    "health_heads_de.txt",
    "medications.txt",
    "religion_en.txt",
    "religion_de.txt",
    "unions.txt",
    "parties_eu.txt",
    "ethnic_en.txt",
    "ethnic_de.txt",
)
#: Heads of German compounds that name a treatment or an episode of the condition before
#: them: "Brustkrebsbehandlung", "Migräneanfälle", "Rheumaschub", "Diabetesschulung".
_MODIFIER_HEADS = (
    "behandlungen",
    "behandlung",
    "therapien",
    "therapie",
    "diagnose",
    "anfälle",
    "anfall",
    "schübe",
    "schub",
    "patientin",
    "patient",
    "medikamente",
    "medikament",
    "medikation",
    "symptome",
    "schulung",
    "nachsorge",
    "erkrankte",
    "kranke",
)
_LINKS = ("", "s", "n", "en", "e")


@dataclass(frozen=True)
class Entry:
    """One vocabulary term: its category, file, and what else the sentence needs."""

    category: str
    term: str
    source: str  # file stem, e.g. 'health_doid_en'
    person: bool  # needs a reference to a person in the sentence
    cue: bool  # needs a category cue (membership, office, vote) in the sentence


@dataclass(frozen=True)
class VocabHit:
    """A vocabulary term found in a text (offsets into the text, never the text)."""

    entry: Entry
    start: int
    end: int


@dataclass(frozen=True)
class _Vocab:
    folded: dict[tuple[str, ...], Entry]  # lower-case token tuples
    exact: dict[tuple[str, ...], Entry]  # case-sensitive entries
    heads: dict[str, Entry]  # German compound heads (lower case)
    inflect: bool
    # German terms of 2+ words keyed by the stem of every word ("jung union")
    stemmed: dict[tuple[str, ...], Entry]


def _read(name: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    text = resources.files("gdpr_audit.discover.vocab").joinpath(name).read_text("utf-8")
    header: dict[str, str] = {}
    terms = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
        elif line.strip():
            term, _, flags = line.partition("\t")
            terms.append((term.strip(), flags))
    return header, terms


@lru_cache(maxsize=4)
def vocabulary(language: str) -> _Vocab:
    """The vocabularies of ``language`` ('en' or 'de'), read once per process."""
    folded: dict[tuple[str, ...], Entry] = {}
    exact: dict[tuple[str, ...], Entry] = {}
    heads: dict[str, Entry] = {}
    for name in FILES:
        header, terms = _read(name)
        if language not in header.get("language", "").split():
            continue
        stem = name.removesuffix(".txt")
        for term, flags in terms:
            words = tuple(_TOKEN.findall(term))
            if not words:
                continue
            flag = set(flags.split())
            entry = Entry(header["category"], term, stem, "person" in flag, "cue" in flag)
            if stem.startswith("health_heads"):
                heads[term.lower()] = entry
            elif "cs" in flag:
                exact.setdefault(words, entry)
            else:
                folded.setdefault(tuple(w.lower() for w in words), entry)
    stemmed: dict[tuple[str, ...], Entry] = {}
    if language == "de":
        for words, entry in folded.items():
            if len(words) > 1:
                stemmed.setdefault(tuple(_stem(w) for w in words), entry)
    return _Vocab(folded, exact, heads, inflect=language == "de", stemmed=stemmed)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """One canonical German stem: the longest inflection ending removed ("jungen" ->
    "jung", "junge" -> "jung"), so every word of a multi-word term can inflect."""
    for end in _GERMAN_ENDINGS:  # longest first
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


@lru_cache(maxsize=65536)
def _stems(word: str) -> tuple[str, ...]:
    """The word and its forms without a German inflection ending (cached: words repeat)."""
    out = [word]
    for end in _GERMAN_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            out.append(word[: -len(end)])
    return tuple(out)


def _head(vocab: _Vocab, word: str) -> Entry | None:
    for stem in _stems(word):
        for i in range(_MIN_PREFIX, len(stem) - 2):
            entry = vocab.heads.get(stem[i:])
            if entry is not None:
                return entry
    return _modifier(vocab, word)


def _modifier(vocab: _Vocab, word: str) -> Entry | None:
    """A HEALTH term before a treatment or episode head ("Brustkrebs|behandlung")."""
    for head in _MODIFIER_HEADS:
        if word.endswith(head) and len(word) - len(head) >= 4:
            base = word[: -len(head)].rstrip("-")
            for link in _LINKS:
                if link and not base.endswith(link):
                    continue
                cut = base[: len(base) - len(link)]
                entry = vocab.folded.get((cut,))
                if entry is None and len(cut) >= 7:
                    entry = next(
                        (
                            vocab.heads[cut[i:]]
                            for i in range(_MIN_PREFIX, len(cut) - 2)
                            if cut[i:] in vocab.heads
                        ),
                        None,
                    )
                if entry is not None and entry.category == "HEALTH" and not entry.person:
                    return entry
            return None
    return None


def find_terms(text: str, language: str) -> list[VocabHit]:
    """Vocabulary terms of ``language`` in ``text``, longest match first at each token."""
    vocab = vocabulary(language)
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    lower = [t[0].lower() for t in tokens]
    stems = [_stem(w) for w in lower] if vocab.stemmed else []
    hits: list[VocabHit] = []
    i = 0
    while i < len(tokens):
        found: tuple[int, Entry] | None = None
        for n in range(min(_MAX_N, len(tokens) - i), 0, -1):
            words = tuple(t[0] for t in tokens[i : i + n])
            entry = vocab.exact.get(words)
            if entry is None:
                key = tuple(lower[i : i + n])
                entry = vocab.folded.get(key)
                if entry is None and vocab.inflect:
                    for stem in _stems(key[-1])[1:]:
                        entry = vocab.folded.get((*key[:-1], stem))
                        if entry is not None:
                            break
                    if entry is None and n > 1 and stems:
                        entry = vocab.stemmed.get(tuple(stems[i : i + n]))
            if entry is not None:
                found = (n, entry)
                break
        if found is None and vocab.heads and len(lower[i]) >= 7:
            entry = _head(vocab, lower[i])
            if entry is not None:
                found = (1, entry)
        if found is None:
            i += 1
            continue
        n, entry = found
        hits.append(VocabHit(entry, tokens[i][1], tokens[i + n - 1][2]))
        i += n
    return hits
