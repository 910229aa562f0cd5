"""Person names from titles and a given-name gazetteer (German has no spaCy NER here)."""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from gdpr_audit.discover.recognizers.gazetteers import gazetteers

_NAME = r"[A-ZÄÖÜ][a-zäöüßéèáíóúçğışš]+(?:-[A-ZÄÖÜ][a-zäöüßéèáíóúçğışš]+)?"
_PARTICLE = r"(?:(?:von|van|de|zu|von der|van der|vom)\s+)?"
# "Herr Müller", "Frau Dr. Anna Schmidt", "Hr. von Weber"
_TITLED = re.compile(
    rf"(?<!\w)(?:Herrn?|Frau|Hr\.|Fr\.|Dr\.|Prof\.|Mr\.?|Mrs\.?|Ms\.?|MRS?\.|MS\.|(?<!\d\s)(?:mrs?|ms)\.)\s+"
    rf"(?:(?:Dr\.|Prof\.|med\.|rer\.\s?nat\.|Dipl\.-\w+\.?)\s+)*"
    rf"(?P<name>{_PARTICLE}{_NAME}(?:\s+{_PARTICLE}{_NAME})?)"
)
_ANY_NAME = r"[^\W\d_]{2,}(?:[-'][^\W\d_]+)?"
_INITIAL = r"(?:[A-Z]\.?\s)?"
# A name cue, then one to three words. After "my name is" / "maiden name is" / "Name:" the
# words may be lower-case ("my name is lena andersson"); after the other cues they are
# capitalised ("was called Crystal Murdock", "named him Luís", "calls me Ján").
_STRONG_CUE = re.compile(
    r"(?i:\b(?:my\s(?:full\s|first\s|last\s|maiden\s)?name\sis|(?:his|her|their)\s"
    r"(?:full\s|first\s|last\s|maiden\s)?name\sis|mein\sname\sist|ich\shei(?:ß|ss)e"
    r"|(?:last|first|family|maiden)\sname\?|name:))\s+"
    rf"(?P<name>{_ANY_NAME}(?:\s{_INITIAL}{_ANY_NAME}){{0,2}})"
)
_CUE = re.compile(
    r"(?:\bnamed(?:\s(?:him|her|them|it))?"
    r"|\bmy\s(?:kid|child|son|daughter|wife|husband|partner|mother|father|mom|dad|brother"
    r"|sister|friend|colleague|boss|manager|grandmother|grandfather|aunt|uncle|cousin|nephew"
    r"|niece)(?:'s\sname(?:\sis)?|\sis)?"
    r"|\b(?:[Ff]ollow(?:ed)?\sup|[Ss]peak|[Ss]poke|[Tt]alk|[Tt]alked|[Mm]eet|[Mm]et|[Mm]eeting)"
    r"\s(?:with|to)"
    r"|\b(?:signed|approved|requested|reviewed|directed|referred)\sby"
    r"|\bcalls?\s(?:me|him|her)|\b[Dd]ear|\b(?:[Hh]ello|[Hh]i),?"
    r"|\b(?:[Ss]ehr\s)?geehrte[rs]?(?:\s(?:Frau|Herr))?|\b[Hh]allo)\s+"
    rf"(?P<name>{_NAME}(?:\s{_INITIAL}{_PARTICLE}{_NAME}){{0,2}})"
)
# German conversation cues: "Gespräch mit Maren Kühn", "erreichbar über Mareike Strauß".
# German nouns are capitalised too ("Termin mit Einkauf"), so a name here is a given
# name and a surname, or a known given name.
_CUE_DE = re.compile(
    r"\b(?:Gespräch|Telefonat|Termin|Rücksprache|Abstimmung|Treffen|telefoniert|gesprochen"
    r"|[Ee]rreichbar)\s(?:mit|über)\s+"
    rf"(?P<name>{_NAME}(?:\s{_PARTICLE}{_NAME})?)(?![\w-])"
)
# A capitalised word (and surname) at the start of a sentence or line, then a verb only
# people do: "Timotea lives on ...", "Nikolaj spent a year at ...".
_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<name>{_NAME}(?:\s{_INITIAL}{_NAME}){{0,2}})"
    r"(?='s\s(?:kid|son|daughter|wife|husband|mother|father)|\s(?:lives|lived|was\sborn|grew\sup"
    r"|spent\sa|married|wohnt|lebt|wurde\sgeboren)\b)",
    re.MULTILINE,
)
_SALUTATION_WORDS = frozenset(
    [
        "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Herr", "Frau", "Team", "All", "Everyone",
        "Everybody", "There", "Sir", "Madam", "Folks", "Guys", "Customer", "Support", "Colleagues",
        "Kollegen", "Kolleginnen", "Damen", "Herren", "Zusammen", "Leute"
    ]
)
# A role noun right before one or two capitalised words: "Trainer Jürgen Klopp",
# "Oberarzt Meier", "Bundeskanzlerin Merkel", "CEO Jane Roe".
_ROLE = re.compile(
    r"(?<![\w-])(?:(?:Bundes)?[Kk]anzler(?:in)?|(?:Minister|Ministerpräsident|Präsident|Trainer"
    r"|Sprecher|Vorsitzende|Bürgermeister|Abgeordnete|Regisseur|Sänger|Schauspieler|Autor"
    r"|Patient|Oberarzt|Chefarzt|Assistenzarzt|Stationsarzt|Kollege|Pfarrer)(?:in|r)?"
    r"|Pat\.|OA|CA|CEO|CFO|CTO|Senator|Governor|President|Professor|Coach|Judge"
    # the speaker after a German verb of saying: "sagte Klinsmann", "erklärte Müller"
    r"|(?:sagte|erklärte|betonte|meinte|kritisierte|forderte|ergänzte|räumte)(?=\s[A-ZÄÖÜ]))\s"
    rf"(?P<name>{_NAME}(?:\s{_PARTICLE}{_NAME})?)"
)
# Given name, middle initial, surname: "Elita B Desaulniers", "Sari J. Paavolainen".
_MIDDLE_INITIAL = re.compile(
    r"(?<![\w.-])(?P<name>(?P<first>[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž]+)\s[A-Z]\.?\s"
    r"[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž]+(?:-[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž]+)?)(?![\w-])"
)
# A name addressed at the start of a sentence: "Danial, can I please speak to your boss?",
# "Leif, could you send the contract?".
_VOCATIVE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<name>[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž]+),\s(?=(?:can|could|would|will"
    r"|please|do|did|are|have|I|we|you|kannst|könnten|bitte|hast|haben)\b)",
    re.MULTILINE,
)
# Interjections and adverbs that open a sentence like a name would (salutation words above
# are excluded too).
_NOT_ADDRESSED = frozenset(
    [
        "Yes", "No", "Okay", "Ok", "Hello", "Hi", "Hey", "Thanks", "Sorry", "Well", "Also",
        "However", "Please", "Anyway", "Sure", "Great", "Dear", "Note", "Update", "Again",
        "Unfortunately", "Otherwise", "Today", "Tomorrow", "Yesterday", "Now", "Then", "So",
        "Ja", "Nein", "Hallo", "Danke", "Bitte", "Leider", "Heute", "Morgen", "Gestern",
        "Finally", "First", "Second", "Meanwhile", "Besides", "Actually", "Honestly", "Oh", "Ah",
        "Right",
    ]
)
# Words before "X Y" that make it a label, not a name: "Plan B Option", "Hepatitis B Impfung".
_NOT_GIVEN_NAME = frozenset(
    [
        "The", "A", "An", "This", "That", "Our", "My", "Your", "Plan", "Type", "Class", "Section",
        "Part", "Level", "Room", "Gate", "Phase", "Vitamin", "Hepatitis", "Grade", "Building",
        "Block", "Wing", "Option", "Model", "Series", "Version", "Area", "Zone", "Team", "Group",
        "Unit", "Row", "Seat", "Floor", "Terminal", "Exhibit", "Appendix", "Annex", "Anlage",
        "Teil", "Typ", "Klasse", "Stufe", "Haus", "Raum", "Gebäude", "Tor", "Halle", "Category",
        "Kategorie", "Schedule", "Form", "Formular", "Tier", "Stage", "Step", "Schritt", "Size",
        "Track", "Line", "Linie", "Bus", "Platform", "Gleis", "Figure", "Table", "Tabelle",
    ]
)
_NOT_NAME_WORDS = frozenset(
    [
        "the", "a", "an", "and", "or", "but", "not", "on", "in", "at", "of", "to", "for", "is",
        "was", "be", "my", "your", "his", "her", "our", "their", "this", "that", "there", "here",
        "it", "its", "me", "him", "them", "you", "we", "they", "what", "which", "who", "also",
        "just", "now", "still", "already", "i", "he", "she", "someone", "somebody", "everyone",
        "nobody", "der", "die", "das", "und", "oder", "nicht", "ein", "eine", "ist", "war", "mein",
        "dein", "sein", "ihr", "unser"
    ]
)
_CAPITALISED = re.compile(rf"(?<![\w.@-]){_NAME}")
_FOLLOWING_NAME = re.compile(rf"\s+{_PARTICLE}{_NAME}")


class GazetteerPersonRecognizer(LocalRecognizer):
    """PERSON from titles and known given names, measured in bench_detect.py.

    - after a title ("Herr", "Frau", "Dr.", "Mr."): 0.85, one or two capitalised words;
    - a known given name followed by a capitalised word: 0.75 (given name + surname);
    - German only: a known given name alone, 0.5. A known surname alone is never
      enough (Koch, Wolf, Klein, Lang are also common nouns and adjectives).

    In English it complements spaCy's NER (which misses many non-English names) and
    skips given names that are also English words ("May", "Will", "Grace").
    """

    def __init__(self, supported_language: str = "de") -> None:
        super().__init__(
            supported_entities=["PERSON"],
            supported_language=supported_language,
            name=f"GazetteerPersonRecognizer_{supported_language}",
        )

    def load(self) -> None:
        self._names = gazetteers()
        self._english = self.supported_language != "de"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        gaz = self._names
        results: list[RecognizerResult] = []
        taken: list[tuple[int, int]] = []
        for m in _TITLED.finditer(text):
            name = m.group("name")
            words = name.split()
            if words[0] in gaz.not_names:
                continue
            # The second capitalised word after a title is a name only if the first
            # is a known given name ("Frau Anna Schmidt", not "Frau Müller Bescheid").
            start = m.start("name")
            end = m.end("name") if (len(words) == 1 or words[0] in gaz.first_names) else (
                start + len(words[0])
            )
            results.append(RecognizerResult("PERSON", start, end, 0.85))
            taken.append((start, end))
        def add(start: int, end: int, score: float) -> None:
            if not any(s < end and start < e for s, e in taken):
                results.append(RecognizerResult("PERSON", start, end, score))
                taken.append((start, end))

        for m in _MIDDLE_INITIAL.finditer(text):
            if m.group("first") not in _NOT_GIVEN_NAME and m.group("first") not in gaz.not_names:
                add(m.start("name"), m.end("name"), 0.6)
        for m in _VOCATIVE.finditer(text):
            name = m.group("name")
            if not (name in _NOT_ADDRESSED or name in gaz.not_names or name in _SALUTATION_WORDS):
                add(m.start("name"), m.end("name"), 0.55)
        for m in _CUE_DE.finditer(text):
            words = m.group("name").split()
            if len(words) < 2 and words[0] not in gaz.first_names:
                continue
            if words[0] not in gaz.not_names and words[0] not in _SALUTATION_WORDS:
                add(m.start("name"), m.end("name"), 0.6)
        cues = ((_STRONG_CUE, 0.7), (_CUE, 0.65), (_SUBJECT, 0.6), (_ROLE, 0.6))
        for pattern, score in cues:
            for m in pattern.finditer(text):
                words = m.group("name").split()
                while words and words[-1].lower() in _NOT_NAME_WORDS:
                    words.pop()
                if (
                    not words
                    or words[0].lower() in _NOT_NAME_WORDS
                    or words[0] in gaz.not_names
                    or words[0] in _SALUTATION_WORDS
                ):
                    continue
                start = m.start("name")
                end = start + m.group("name").rfind(words[-1]) + len(words[-1])
                if any(s < end and start < e for s, e in taken):
                    continue
                results.append(RecognizerResult("PERSON", start, end, score))
                taken.append((start, end))
        for m in _CAPITALISED.finditer(text):
            if not all(part in gaz.first_names for part in m.group().split("-")):
                continue
            if self._english and m.group() in gaz.ambiguous_en:
                continue
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            nxt = _FOLLOWING_NAME.match(text, m.end())
            if nxt and nxt.group().split()[-1] not in gaz.not_names:
                results.append(RecognizerResult("PERSON", m.start(), nxt.end(), 0.75))
            elif not self._english:
                results.append(RecognizerResult("PERSON", m.start(), m.end(), 0.5))
        return results
