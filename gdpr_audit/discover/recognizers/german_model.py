"""PERSON/LOCATION from the shipped German NER model, kept only with evidence.

The model (``gdpr_audit/discover/models/de_ner``) learned from news, Wikipedia and
newspaper text. There every capitalised word it has not seen in a sentence is often a
name; in a clinical letter or a CRM note it is a German noun, a drug or a lab value
("Zyklus", "Kreatinin", "Normbereich"). A model span is kept when something besides
the model says it is a name or place:

- it has two or more capitalised words, none of them an acronym and the first not an
  adjective ("Angela Merkel", "Bad Homburg"; not "Zyklus CCVE", "Endoskopischer Befund");
- a word is a known given name, surname, place, city or country (the gazetteers);
- a cue stands right before it: a title ("Herr", "Frau", "Dr."), a role noun or a verb
  of saying ("Trainer", "sagte"; "Schröder sagte" after it), or for a place a place
  preposition ("in", "aus", "nach"; not "bei", "im": "bei Juckreiz", "im Normbereich").

Never a span across a line break, or one that starts with a German function word ("Da
Infektparameter"), a word that follows a title without being a name ("Frau Kollegin") or
holds a word with a noun head ("-ung", "-ektomie": "Nekrosektomie Kopf"). Measured in
bench_detect.py on GermEval 2014 and GraSCCo (``german_ner='model'``).
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.lang.de.stop_words import STOP_WORDS

from gdpr_audit.discover.recognizers.gazetteers import gazetteers

_PERSON_CUE = re.compile(
    r"\b(?:Herrn?|Frau|Hr\.|Fr\.|Dr\.|Prof\.|Familie|Ehepaar"
    r"|(?:Bundes)?[Kk]anzler(?:in)?|Minister(?:in)?|Präsident(?:in)?|Trainer(?:in)?"
    r"|Sprecher(?:in)?|Chef(?:in)?|Bürgermeister(?:in)?|Kunde|Kundin|Sänger(?:in)?"
    r"|Schauspieler(?:in)?|Autor(?:in)?|Regisseur(?:in)?|Vorsitzende[rn]?|Abgeordnete[rn]?"
    r"|sagte|erklärte|betonte|meinte|[Ll]aut)\s+\Z"
)
# a verb of saying right after a surname: "Schröder sagte", "Klinsmann erklärte"
_SAID = re.compile(r"\s*(?:sagte|sagt|erklärte|erklärt|betonte|meinte|forderte|kritisierte)\b")
_PLACE_CUE = re.compile(r"\b(?:in|aus|nach|zwischen|nahe|Raum|Stadt|Region)\s+\Z")
# A capitalised adjective opening a noun phrase at a line start: "Endoskopischer Befund",
# "Körperlicher Status", "Gramnegative Sepsis".
_ADJECTIVE = re.compile(r"(?:isch|lich|ig|iv|al|ell|ös|bar|los|sam|haft)(?:e|er|es|en|em)$")
# Heads of German nouns that are never names: "Nekrosektomie", "Ausbildung".
_NOUN_HEAD = re.compile(
    r"(?:ung|heit|keit|schaft|tion|tät|ismus|ektomie|itis|skopie|graphie|gramm|befund)$"
)
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,}$")


class GermanModelRecognizer(SpacyRecognizer):
    """The German model's PERSON/LOCATION spans that have evidence besides the model."""

    def __init__(self) -> None:
        # named like the English one: text.py's NER fix-ups apply to both
        super().__init__(
            supported_language="de",
            supported_entities=["PERSON", "LOCATION"],
            name="SpacyRecognizer",
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        return [r for r in results if has_evidence(text, r.start, r.end, r.entity_type)]


def has_evidence(text: str, start: int, end: int, entity_type: str) -> bool:
    """Whether a model span is a name or place by shape, gazetteer or cue (see module)."""
    words = text[start:end].split()
    gaz = gazetteers()
    if (
        not words
        or "\n" in text[start:end]
        or words[0] in gaz.not_names
        or words[0].lower() in STOP_WORDS
        or any(_NOUN_HEAD.search(w) for w in words)
    ):
        return False
    caps = [w for w in words if w[:1].isupper()]
    if (
        len(caps) >= 2
        and not any(_ACRONYM.match(w.strip(".,")) for w in words)
        and not (_ADJECTIVE.search(words[0]) and words[0] not in gaz.first_names)
    ):
        return True
    known = gaz.first_names | gaz.surnames if entity_type == "PERSON" else gaz.places | gaz.cities
    span = text[start:end]
    if any(w.strip(".,;:()") in known for w in words) or span in gaz.countries:
        return True
    if entity_type == "PERSON" and span in gaz.cities | gaz.places:
        return True
    before = text[max(0, start - 40) : start]
    if entity_type == "LOCATION":
        return bool(_PLACE_CUE.search(before))
    return bool(_PERSON_CUE.search(before) or _SAID.match(text, end))


_WORDS = re.compile(r"[^\W\d_][\w.-]*")
_CUE_WORDS = frozenset(
    ["Herr", "Herrn", "Frau", "Hr.", "Fr.", "Dr.", "Prof.", "Familie", "in", "aus", "nach",
     "zwischen", "nahe", "laut", "Laut", "sagte", "erklärte", "betonte", "meinte"]
)


def needs_german_ner(text: str) -> bool:
    """Whether a German text may hold a model span :func:`has_evidence` would keep.

    The ``ner_prefilter`` for German: two capitalised words in a row (the first not a
    function word), a gazetteer name or place, or a cue word before a capitalised word.
    Other texts skip the model; its spans there would fail the gate anyway (bar a name
    before "sagte").
    """
    gaz = gazetteers()
    known = gaz.first_names | gaz.surnames | gaz.places | gaz.cities
    prev = ""
    for m in _WORDS.finditer(text):
        word = m.group().rstrip(".-") if not m.group().endswith(("Dr.", "Prof.")) else m.group()
        if word[:1].isupper():
            if word in known or prev in _CUE_WORDS:
                return True
            if prev[:1].isupper() and prev.lower() not in STOP_WORDS:
                return True
        prev = word
    return False
