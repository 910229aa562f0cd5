"""Free-text scanning: PII and special categories in notes, descriptions, comments.

The public API of free-text discovery (the column scanner calls it for free-text
columns):

- :class:`TextDetection` one finding in one text (type, category, span, score, language);
- :class:`TextScanner` the engine of this process (``TextScanner.shared()``) and its
  :meth:`~TextScanner.analyze_batch`;
- :func:`scan_texts` a pure function over a batch, optionally over a process pool;
- :data:`PII_TYPES`, :data:`SPECIAL_CATEGORIES` the vocabulary.

Speed comes from doing less, not from skipping recall: spaCy runs only its NER
pipe, batched with ``nlp.pipe``, and only on texts that hold a capitalised word a
name could be (:func:`needs_ner`; German with its model: ``needs_german_ner``);
every recognizer that is a pattern, checksum or word list runs on every text. Spans
and detections never carry the text itself: callers mask with
:func:`gdpr_audit.core.privacy.mask_hint`.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache

from presidio_analyzer import RecognizerResult

from gdpr_audit.discover.engine import EngineConfig, shared_analyzer
from gdpr_audit.discover.language import detect_language
from gdpr_audit.discover.recognizers.gazetteers import gazetteers
from gdpr_audit.discover.recognizers.german_model import needs_german_ner
from gdpr_audit.discover.recognizers.registry import (
    ENTITY_MAP,
    PII_TYPES,
    category_of,
    presidio_entities,
)
from gdpr_audit.discover.recognizers.special_category import SpecialCategoryRecognizer, to_result
from gdpr_audit.discover.special import SPECIAL_CATEGORIES, find_special

__all__ = [
    "PII_TYPES",
    "SPECIAL_CATEGORIES",
    "TextDetection",
    "TextScanner",
    "detect_language",
    "needs_ner",
    "scan_texts",
]


@dataclass(frozen=True)
class TextDetection:
    """One entity found in one text. Holds offsets, never the text.

    ``category`` is ``'pii'`` or ``'special'``; ``language`` the language the text
    was analysed as (detected or given); ``reason`` the rule behind it: the rule or
    vocabulary id of a special category (``vocab:health_de``, ``rule:icd10``), the
    recognizer of PII (``recognizer:NationalIdCueRecognizer``), never the matched term.
    """

    entity_type: str
    category: str
    start: int
    end: int
    score: float
    language: str
    reason: str = ""


def _reason(r: RecognizerResult) -> str:
    meta = r.recognition_metadata or {}
    if meta.get("reason"):
        return str(meta["reason"])
    name = str(meta.get("recognizer_name", "") or "")
    return f"recognizer:{name.removesuffix('_en').removesuffix('_de')}" if name else ""


# A capitalised word that does not start a sentence ("called Anna", "Mr. Smith").
_CAP_INSIDE = re.compile(
    r"(?:(?<![.!?:;\n\"'(])|(?<=\b(?:Mr|Ms|Dr|St)\.)|(?<=\bMrs\.))\s+[A-Z][a-z]"
)
# A sentence-initial capitalised word, and the word after it.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*)\W*([A-Z][a-z]+)(?:\s+(\S+))?")


def needs_ner(text: str) -> bool:
    """Whether NER can find a PERSON/LOCATION the patterns cannot (cheap pre-filter).

    True when a capitalised word appears inside a sentence, or a sentence starts with
    a known given name or with two capitalised words ("Anna called", "Ravi Patel
    called"); False for "Called back." or "Trial extended by 14 days." Measured in
    bench_detect.py (speed with and without, and the synth set's PERSON recall).
    """
    if _CAP_INSIDE.search(text):
        return True
    names = gazetteers().first_names
    for m in _SENTENCE_START.finditer(text):
        nxt = m.group(2) or ""
        if m.group(1) in names or nxt[:1].isupper():
            return True
    return False


def _rule_language(language: str, configured: tuple[str, ...]) -> str:
    if language in configured:
        return language
    return "en" if "en" in configured else configured[0]


class TextScanner:
    """The analyzer of this process and its batch API. Build with :meth:`shared`."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.analyzer = shared_analyzer(config)
        self._entities = {
            lang: presidio_entities(self.analyzer.registry, lang) for lang in config.languages
        }
        #: per language, the special-category recognizers whose classifier a batch primes
        self._special = {
            lang: [r for r in self.analyzer.registry.recognizers
                   if isinstance(r, SpecialCategoryRecognizer) and r.supported_language == lang]
            for lang in config.languages
        }

    @classmethod
    def shared(
        cls, languages: Sequence[str] = ("en", "de"), ner: bool = True, **options: object
    ) -> TextScanner:
        """The scanner of this process for these settings, built once and cached.

        ``options`` are further :class:`EngineConfig` fields (``german_ner``,
        ``score_threshold``, ``model``).
        """
        return _shared(EngineConfig(languages=tuple(languages), ner=ner, **options))  # type: ignore[arg-type]

    def analyze_batch(
        self, texts: Sequence[str], language: str | None = None
    ) -> list[list[TextDetection]]:
        """Detections per text, in input order.

        Args:
            texts: free-text values; ``None`` or empty values give no detections.
            language: analyse every text as this language; ``None`` detects per text.
        """
        values = [t if isinstance(t, str) else "" for t in texts]
        langs = [language or detect_language(t) if t.strip() else "unknown" for t in values]
        out: list[list[TextDetection]] = [[] for _ in values]
        groups: dict[str, list[int]] = {}
        for i, (text, lang) in enumerate(zip(values, langs, strict=True)):
            if text.strip():
                groups.setdefault(_rule_language(lang, self.config.languages), []).append(i)
        nlp_engine = self.analyzer.nlp_engine
        for rule_lang, idx in groups.items():
            batch = [values[i] for i in idx]
            use_ner = [not self.config.ner_prefilter or self._may_hold_name(t, rule_lang)
                       for t in batch]
            artifacts = nlp_engine.artifacts(batch, rule_lang, use_ner)  # type: ignore[attr-defined]
            for special in self._special[rule_lang]:
                special.prime(batch)  # the sentence classifier, vectorised over the batch
            for i, text, art in zip(idx, batch, artifacts, strict=True):
                results = self.analyzer.analyze(
                    text, rule_lang, entities=self._entities[rule_lang], nlp_artifacts=art
                )
                if langs[i] not in ("en", "de"):
                    # Unknown or other languages: the German special-category terms too.
                    results += [to_result(m) for m in find_special(text, "de")]
                out[i] = _to_detections(text, results, langs[i])
            for special in self._special[rule_lang]:
                special.prime([])  # the batch's texts are not kept
        return out


    def _may_hold_name(self, text: str, language: str) -> bool:
        """The NER pre-filter: English and the German model have one, the English
        model on German text has none."""
        if language == "en":
            return needs_ner(text)
        if self.config.german_ner == "model":
            return needs_german_ner(text)
        return True


@lru_cache(maxsize=4)
def _shared(config: EngineConfig) -> TextScanner:
    return TextScanner(config)


# Suffixes of German common nouns; English NER takes such words for names.
_GERMAN_NOUN = re.compile(
    r"(?:haus|ung|heit|keit|schaft|straße|amt|werk|verband|verein|zentrum|kasse|gericht)$"
)


_ORGANISATION_END = re.compile(
    r"[ \t]*(?:&[ \t]*)?(?:Orchestra|Inc\b|Ltd\b|LLC|LLP|GmbH|AG\b|Group|Partners|Associates"
    r"|Corporation|Corp\b|Company|Co\b|Bank|Band|Foundation|Stiftung|Verlag|KG\b|Law\b"
    r"|Incorporated|Investments|Holdings|Technologies|Solutions|Consulting)"
)
_ORGANISATION_WORD = re.compile(
    r"\b(?:Incorporated|Investments|Holdings|Technologies|Solutions|Consulting|Orchestra"
    r"|Inc|Ltd|LLC|LLP|GmbH|Corp|Corporation)\b"
)
# An employer or customer right before the "name": "I work for Flightstats".
_EMPLOYER_CUE = re.compile(
    r"\b(?:work(?:s|ed|ing)?\s(?:for|at)|employed\s(?:by|at)|(?:customer|client|company|"
    r"firm|employer|vendor|supplier)\s)\s*\Z",
    re.IGNORECASE,
)


def _from_ner(r: RecognizerResult) -> bool:
    return (r.recognition_metadata or {}).get("recognizer_name") == "SpacyRecognizer"


def _ner_fixups(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Cheap corrections of spaCy's small model, each measured in bench_detect.py.

    Names start upper-case and hold no digits or '@' ("ver.di" is no person); a word a
    special-category term matched is not a name ("Sinti", "Jehovah's Witness"); a
    "PERSON" that is a known place is a LOCATION ("Manchester").
    """
    # terms the rules matched; a sentence classifier's hit spans its whole sentence and
    # says nothing about which word is a name (it hid every name and place inside it)
    special = [
        (r.start, r.end)
        for r in results
        if r.entity_type in SPECIAL_CATEGORIES
        and not str((r.recognition_metadata or {}).get("reason", "")).startswith("model:")
    ]
    # places found from context or address shape ("home city Assen", "in Bjert 6091")
    cued = [
        (r.start, r.end)
        for r in results
        if r.entity_type == "LOCATION"
        and (r.recognition_metadata or {})
        .get("recognizer_name", "")
        .startswith(("ContextPlaceRecognizer", "StreetAddressRecognizer"))
    ]
    places = gazetteers().places
    first_names = gazetteers().first_names
    out = []
    for r in results:
        if r.entity_type in ("PERSON", "LOCATION") and _from_ner(r):
            span = text[r.start : r.end]
            if span != span.strip():  # spaCy keeps a run of spaces inside an entity
                lead = len(span) - len(span.lstrip())
                r = RecognizerResult(
                    r.entity_type,
                    r.start + lead,
                    r.start + lead + len(span.strip()),
                    r.score,
                    recognition_metadata=r.recognition_metadata,
                )
                span = span.strip()
                if not span:
                    continue
            if not span[:1].isupper() or any(s < r.end and r.start < e for s, e in special):
                continue
            first = span.split()[0]
            if (
                r.entity_type == "LOCATION"
                and span not in places
                and first in first_names
                and len(span.split()) <= 3
            ):
                # spaCy's small model takes many foreign given names for places ("Mette")
                r = RecognizerResult(
                    "PERSON",
                    r.start,
                    r.end,
                    r.score,
                    recognition_metadata=r.recognition_metadata,
                )
            overlap = [s for s, e in cued if s < r.end and r.start < e]
            if r.entity_type == "PERSON" and overlap:
                head = text[r.start : min(overlap)].rstrip()
                if min(overlap) > r.start and head[:1].isupper():
                    # "Cindy Holinka Apt" before "Apt. 117 ...": the name is the head
                    r = RecognizerResult(
                        "PERSON",
                        r.start,
                        r.start + len(head),
                        r.score,
                        recognition_metadata=r.recognition_metadata,
                    )
                else:
                    # NER's "person" inside a place the context or an address names
                    # ("6076 Piroska u. 97. Porto Alegre"): part of that place
                    r = RecognizerResult(
                        "LOCATION",
                        r.start,
                        r.end,
                        r.score,
                        recognition_metadata=r.recognition_metadata,
                    )
                span = text[r.start : r.end]
            if r.entity_type == "PERSON" and (
                _ORGANISATION_END.match(text, r.end)
                or _ORGANISATION_WORD.search(span)
                or _EMPLOYER_CUE.search(text, 0, r.start)
            ):
                continue  # "Galorath Incorporated", "I work for Flightstats"
            if r.entity_type == "PERSON":
                if span in places:
                    r = RecognizerResult(
                        "LOCATION",
                        r.start,
                        r.end,
                        r.score,
                        recognition_metadata=r.recognition_metadata,
                    )
                elif any(ch.isdigit() for ch in span) or "@" in span or len(span) < 2:
                    continue
                elif " " not in span and _GERMAN_NOUN.search(span):
                    continue  # "Gewerkschaftshaus" in an English note
        out.append(r)
    return out


def _to_detections(
    text: str, results: list[RecognizerResult], language: str
) -> list[TextDetection]:
    """Map to the public vocabulary; drop PII spans inside a better PII span."""
    mapped = [
        (ENTITY_MAP[r.entity_type], r)
        for r in _ner_fixups(text, results)
        if r.entity_type in ENTITY_MAP
    ]
    # Longest and best first, so a contained or weaker overlapping span is dropped
    # ("Berlin" inside an address, a phone-like run inside an IBAN).
    mapped.sort(key=lambda x: (-(x[1].end - x[1].start), -x[1].score))
    kept: list[tuple[str, RecognizerResult]] = []
    for entity, r in mapped:
        category = category_of(entity)
        clash = any(
            category == "pii"
            and category_of(e) == "pii"
            and k.start < r.end
            and r.start < k.end
            and (k.score >= r.score or (k.start <= r.start and r.end <= k.end))
            for e, k in kept
        )
        duplicate = any(e == entity and k.start < r.end and r.start < k.end for e, k in kept)
        if entity == "LOCATION" and language != "de" and (clash or duplicate):
            # two readings of one address ("..., Mora" and "Mora de Rubielos"): their union
            # (a clash with another type alone drops the span, as below)
            for n, (e, k) in enumerate(kept):
                if e == "LOCATION" and k.start < r.end and r.start < k.end:
                    kept[n] = (
                        e,
                        RecognizerResult(
                            "LOCATION",
                            min(k.start, r.start),
                            max(k.end, r.end),
                            max(k.score, r.score),
                            recognition_metadata=k.recognition_metadata,
                        ),
                    )
                    break
            continue
        if not clash and not duplicate:
            kept.append((entity, r))
    kept.sort(key=lambda x: (x[1].start, x[0]))
    return [
        TextDetection(
            e, category_of(e), r.start, r.end, round(float(r.score), 4), language, _reason(r)
        )
        for e, r in _person_mentions(
            text, kept if language == "de" else _address_blocks(text, kept)
        )
    ]


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# An enumeration of single capitalised words: "Efimiya, Mary, Ariana and Jodi".
_ENUMERATION = re.compile(
    r"(?<![\w-])(?:[A-ZÀ-ÞĀ-Ž][^\W\d_]+,[ \t]){1,8}[A-ZÀ-ÞĀ-Ž][^\W\d_]+,?[ \t](?:and|und|&)[ \t]"
    r"[A-ZÀ-ÞĀ-Ž][^\W\d_]+(?![\w-])"
)


def _is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


def _person_mentions(
    text: str, kept: list[tuple[str, RecognizerResult]]
) -> list[tuple[str, RecognizerResult]]:
    """A name found once is a name wherever it recurs in the same text.

    - a later (or earlier) bare mention of a found name or of its surname ("directed by
      Joakim Westgård and starring Westgård") is PERSON too;
    - in an enumeration of single capitalised words of which at least two are names,
      the others are names as well ("They invited Efimiya, Mary, Ariana and Jodi").
    Measured on the synth set's PERSON recall and GermEval's PERSON precision.
    """
    if not any(e == "PERSON" for e, _ in kept):
        return kept
    enumerations = list(_ENUMERATION.finditer(text))
    firms = [(m.start(), m.end()) for m in enumerations if _ORGANISATION_END.match(text, m.end())]
    # "Jones, Mitchell and Williams LLP" is a firm, not three people
    kept = [
        (e, r) for e, r in kept if not (e == "PERSON" and any(a <= r.start < b for a, b in firms))
    ]
    persons = [r for e, r in kept if e == "PERSON"]
    taken = [(r.start, r.end) for _, r in kept]

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken)

    added: list[tuple[str, RecognizerResult]] = []
    for m in enumerations:
        if _ORGANISATION_END.match(text, m.end()):
            continue
        items = [(m.start() + w.start(), m.start() + w.end()) for w in _WORD.finditer(m.group())]
        items = [(a, b) for a, b in items if text[a:b] not in ("and", "und")]
        named = sum(1 for a, b in items if any(p.start <= a and b <= p.end for p in persons))
        if named >= 2:
            for a, b in items:
                if free(a, b):
                    added.append(("PERSON", RecognizerResult("PERSON", a, b, 0.55)))
                    taken.append((a, b))
    names = set()
    not_names = gazetteers().not_names
    for p in persons:
        span = text[p.start : p.end]
        words = [w for w in _WORD.findall(span) if len(w) > 2 and w[0].isupper()]
        if not words:
            continue
        names.add(" ".join(words))
        if len(words) >= 2 and words[-1] not in not_names:
            names.add(words[-1])  # the surname on its own
    for name in sorted(names, key=len, reverse=True):
        at = text.find(name)
        while at != -1:
            end = at + len(name)
            bounded = (at == 0 or not _is_name_char(text[at - 1])) and (
                end == len(text) or not _is_name_char(text[end])
            )
            if bounded and free(at, end) and not _ORGANISATION_END.match(text, end):
                added.append(("PERSON", RecognizerResult("PERSON", at, end, 0.55)))
                taken.append((at, end))
            at = text.find(name, end)
    if not added:
        return kept
    return sorted(kept + added, key=lambda x: (x[1].start, x[0]))


# Between two parts of one address: spaces, one comma, one line break (quoted "> " too).
# A state or region code may sit between the city and the country ("Artilleros, CO Uruguay").
_ADDRESS_GAP = re.compile(r"[ \t]*,?[ \t]*(?:(?:[A-Z]{2}|nan)[ \t]+)?(?:\r?\n[ \t>]*)?")
# What may close an address after its last recognised part: a state or region code and
# a postcode ("Lascano, Uruguay 80694", "GRASSE, PA 39551", "Wrocław nan 53-320"); a
# 4-digit number only with the region code or as a postcode shape a year cannot have.
_ADDRESS_TAIL = re.compile(
    r"(?:[ \t]*,?[ \t]+(?:nan|[A-Z]{2}|\d{2})(?=[ \t,\n]))?"
    r"[ \t]*,?[ \t]+(?:\d{5}(?:-\d{4})?|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}[ ]\d{2}|\d{4}[ ][A-Z]{2}"
    r"|(?<=[A-Z]{2})\d{4}|(?<=[A-Z]{2}[ ])\d{4}|(?!19|20)\d{4})(?![\w-])"
    r"|[ \t]*,?[ \t]+nan(?![\w-])"
    r"|[ \t]?\([A-ZÀ-ÞΑ-Ω][^()\n]{0,30}\)"  # "Cyprus (Greek)", "Unionville (Orange)"
)


# Two or three capitalised words (a middle initial allowed) alone at the start of the text,
# a line or after a label colon, then two spaces or a line break before the address.
_ADDRESSEE = re.compile(
    r"(?:^|(?<=\n)|(?<=:)|(?<=>))[ \t>]*(?P<name>[A-ZÀ-ÞĀ-Ž][^\W\d_]+(?:[ \t](?:[A-Z]\.?|"
    r"[A-ZÀ-ÞĀ-Ž][^\W\d_]+(?:-[A-ZÀ-ÞĀ-Ž][^\W\d_]+)?)){1,2})(?:[ \t]{2,}|[ \t]*\n[ \t>]*)\Z"
)


def _address_blocks(
    text: str, kept: list[tuple[str, RecognizerResult]]
) -> list[tuple[str, RecognizerResult]]:
    """One LOCATION per address block, as a reader sees it.

    Recognizers find an address in parts: a street (pattern), a city (NER or
    gazetteer), a country (word list). Parts separated only by spaces, a comma or a
    line break become one span, which then takes a trailing region code and postcode
    ("6688 Kopfhölzistrasse 45 / FORT-DE-FRANCE, MQ France 42755"). Measured on the
    synth set's token-level LOCATION recall in bench_detect.py. Not for German text,
    where letters list street, postcode and city as parts of their own (and
    GermEval/GraSCCo annotate "Berlin, Deutschland" as two places).
    """
    out: list[tuple[str, RecognizerResult]] = []
    for i, (entity, r) in enumerate(kept):
        if (
            entity == "PERSON"
            and _from_ner(r)
            and out
            and out[-1][0] == "LOCATION"
            and i + 1 < len(kept)
            and kept[i + 1][0] == "LOCATION"
            and _ADDRESS_GAP.fullmatch(text, out[-1][1].end, r.start)
            and _ADDRESS_GAP.fullmatch(text, r.end, kept[i + 1][1].start)
        ):
            # "6076 Piroska u. 97. / Porto Alegre, RS Brazil": a town NER took for a name
            entity = "LOCATION"
        if entity == "LOCATION" and out and out[-1][0] == "LOCATION":
            last = out[-1][1]
            if last.end <= r.start and _ADDRESS_GAP.fullmatch(text, last.end, r.start):
                merged = RecognizerResult(
                    "LOCATION",
                    last.start,
                    r.end,
                    max(last.score, r.score),
                    recognition_metadata=last.recognition_metadata,
                )
                out[-1] = ("LOCATION", merged)
                continue
        out.append((entity, r))
    # The addressee line of a postal address: "Maureen Thibault  41086 Kiannonkatu 98 ...".
    names = []
    for entity, r in out:
        if entity != "LOCATION":
            continue
        m = _ADDRESSEE.search(text, max(0, r.start - 60), r.start)
        if m is not None and not any(
            k.start < m.end("name") and m.start("name") < k.end for _, k in out
        ):
            person = RecognizerResult("PERSON", m.start("name"), m.end("name"), 0.6)
            names.append(("PERSON", person))
    if names:
        out = sorted(out + names, key=lambda x: (x[1].start, x[0]))
    blocks = []
    for i, (entity, r) in enumerate(out):
        if entity == "LOCATION":
            nxt = out[i + 1][1].start if i + 1 < len(out) else len(text)
            m = _ADDRESS_TAIL.match(text, r.end)
            if m is not None and m.end() <= nxt:
                r = RecognizerResult(
                    "LOCATION",
                    r.start,
                    m.end(),
                    r.score,
                    recognition_metadata=r.recognition_metadata,
                )
        blocks.append((entity, r))
    return blocks


def _init_worker(config: EngineConfig) -> None:
    _shared(config)  # build the engine once per worker process


def _scan_chunk(
    texts: Sequence[str], language: str | None, config: EngineConfig
) -> list[list[TextDetection]]:
    return _shared(config).analyze_batch(texts, language)


def scan_texts(
    texts: Sequence[str],
    *,
    language: str | None = None,
    workers: int = 1,
    batch_size: int = 256,
    ner: bool = True,
    progress: Callable[[int], None] | None = None,
    config: EngineConfig | None = None,
) -> list[list[TextDetection]]:
    """Scan a batch of free texts; detections per text, in input order.

    A pure function of its inputs. With ``workers > 1`` the batches go to a process
    pool whose workers each build their engine once (pool initializer); ``progress``
    is called with the number of texts finished after each batch.

    Args:
        texts: the values (``None`` allowed).
        language: one language for all, or ``None`` to detect per text.
        workers: processes; 1 runs in this process.
        batch_size: texts per ``nlp.pipe`` batch and per pool task.
        ner: run spaCy NER for PERSON/LOCATION (patterns and word lists always run).
        config: full engine settings (overrides ``ner``), e.g. from
            ``EngineConfig.from_audit_config(config)``.
    """
    cfg = config or EngineConfig(ner=ner)
    items = list(texts)
    chunks = [items[i : i + batch_size] for i in range(0, len(items), max(1, batch_size))]
    if workers <= 1 or len(chunks) <= 1:
        out: list[list[TextDetection]] = []
        for chunk in chunks:
            out.extend(_scan_chunk(chunk, language, cfg))
            if progress:
                progress(len(chunk))
        return out
    parts: list[list[list[TextDetection]] | None] = [None] * len(chunks)
    pool = _pool(workers, cfg)
    try:
        futures = {pool.submit(_scan_chunk, c, language, cfg): n for n, c in enumerate(chunks)}
        for future in as_completed(futures):
            n = futures[future]
            parts[n] = future.result()
            if progress:
                progress(len(chunks[n]))
    except BrokenProcessPool:
        _pool.cache_clear()  # a killed worker breaks the pool: the next call gets a new one
        raise
    return [det for part in parts if part is not None for det in part]


@lru_cache(maxsize=2)
def _pool(workers: int, config: EngineConfig) -> ProcessPoolExecutor:
    """One pool per process and settings, reused by every call (callers scan in chunks).

    Forked workers inherit the engine already built here (copy-on-write), so a pool
    starts in milliseconds instead of loading spaCy once per worker; where fork is
    unavailable, spawned workers build it once in the initializer. The pool's
    workers exit with the process (``concurrent.futures`` joins them at exit).
    """
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _shared(config)
    ctx = multiprocessing.get_context(method)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(config,)
    )
