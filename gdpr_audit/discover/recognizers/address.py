"""Street addresses (street + number, postcode + city) and a German place gazetteer."""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from gdpr_audit.discover.recognizers.gazetteers import gazetteers

_W = r"[A-ZÄÖÜ][a-zäöüß]+"
_HOUSE_NO = r"\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?"
_DE_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|"
    r"markt|berg|hof|graben|kamp|stieg|brücke|wall|zeile|promenade|garten|feld|au)"
)
_CITY = rf"{_W}(?:[- ](?:am|an der|im|bei|(?:{_W}))){{0,2}}"
_DE_STREET = (
    # Hauptstraße, Marktplatz; Karl-Marx-Allee
    rf"(?:{_W}(?:-{_W})*{_DE_SUFFIX}"
    rf"|{_W}(?:-{_W})*-(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer)"
    rf"|{_W}(?:er)?\s(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee)"
    rf"|(?:Am|An der|Auf der|Im|In der|Zum|Zur|Unter den|Alte|Alter)\s{_W})"
)
DE_ADDRESS = re.compile(
    rf"(?<![\w-]){_DE_STREET}\s{_HOUSE_NO}(?![\w])(?:,?\s(?:D-)?\d{{5}}\s{_CITY})?"
    rf"|(?<![\w-])(?:D-)?\d{{5}}\s(?={_W})(?P<city>{_CITY})"
)
_EN_SUFFIX = (
    r"(?:Street|St\.?|Str\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|"
    r"Court|Ct\.?|Way|Place|Pl\.?|Terrace|Square|Sq\.?|Parkway|Pkwy\.?|Circle|Cir\.?|"
    r"Highway|Hwy\.?|Row|Crescent|Close|Gardens|Trail|Loop|Alley|Pike|Run|View|Mews|Quay|"
    r"Wharf|Walk|Hill|Green|Park|Rise|Grove|Gracht|Kade)"
)
_PREFIX_STREET = (
    r"(?:Rue|Avenue|Av\.|Boulevard|Bd\.|Chemin|Place|Via|Viale|Piazza|Calle|Avenida|Rua|"
    r"Plaza|Strada|ul\.|Ulica|Straat|Laan|Weg)"
)
_EN_WORD = r"[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž]+(?:'s)?"
_NOT_UNIT = r"(?!(?:Apt|Apartment|Suite|Unit)\b)"  # "Rue Gafsa Apt. 981": the unit follows
EN_ADDRESS = re.compile(
    # 12 Baker Street / 236 Rue de la Paix / 255 Avenue des Arts (+ Apt, + city, + state zip)
    rf"(?<![\w-])\d{{1,6}},?\s(?:(?:[NSEW]\.?\s)?(?:{_EN_WORD}\s){{1,3}}{_EN_SUFFIX}"
    rf"|{_PREFIX_STREET}\s(?:(?:de|du|des|de la|del|della|do|da|dos|van|von)\s)?"
    rf"{_EN_WORD}(?:\s{_NOT_UNIT}{_EN_WORD}){{0,2}})(?![\w-])"
    rf"(?:,?\s(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|#)\s?[\w-]+)?"
    rf"(?:,?\s(?:[A-Z][a-z]+\s?){{1,3}}(?:,\s?[A-Z]{{2}})?(?:\s\d{{5}}(?:-\d{{4}})?)?)?"
)


# International: "475 Breivangvegen 38 Suite 490, Kristiansund", "Via Roma 131",
# and address parts on their own ("Apt. 117", "P.O. Box 104", "Postfach 1234").
INTL_ADDRESS = re.compile(
    rf"(?<![\w-])\d{{1,5}}\s(?:{_EN_WORD}\s|[a-zà-ÿ]{{1,4}}\.?\s){{1,4}}\d{{1,4}}[A-Za-z]?\.?,?\s+"
    rf"(?:Apt\.?|Apartment|Suite|Unit)\s?\d{{1,5}}"
    rf"(?:[ \t,]+(?:(?:Apt\.?|Apartment|Suite|Unit)\s?\d{{1,5}}|[A-ZÀ-Þ][\w.'-]*|\d{{4,6}})){{0,4}}"
    rf"|(?<![\w-]){_PREFIX_STREET}\s(?:(?:de|du|des|de la|del|della|do|da|dos)\s)?"
    rf"{_EN_WORD}(?:\s{_EN_WORD}){{0,2}}\s\d{{1,4}}[a-z]?(?![\w-])"
    rf"|(?<![\w-])(?:Apt\.|Apartment|Suite|P\.\s?O\.\s?Box|PO Box|Postfach)\s?\d{{1,5}}(?![\w-])"
)


# Streets named with a suffix in other European languages, then the house number:
# "Skogstien 106", "Mellemvej 32", "Trenerys gate 232", "Mannerheimintie 5", "Damstraat 7".
_EU_SUFFIX = (
    r"(?:vej|veien|vegen|vägen|väg|gata|gatan|gade|gaden|stræde|straede|stien|torget|torv|"
    r"katu|tie|kuja|polku|straat|laan|gracht|steeg|dreef|plein|kade|singel|utca|ulica|"
    r"cesta|ulice|iela|gatvė|tee|brücke)"
)
EU_STREET = re.compile(
    rf"(?<![\w-])(?:[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž]+(?:-[A-ZÀ-ÞĀ-Ž]?[a-zà-ÿā-ž]+)*{_EU_SUFFIX}"
    r"|[A-ZÀ-ÞĀ-Ž][a-zà-ÿā-ž]+\s(?:gate|gata|vej|veien|straat|laan|tie|katu))"
    r"\s\d{1,4}[a-zA-Z]?(?![\w-])"
)
_DIGIT = re.compile(r"\d")
_GAP = re.compile(r"[ \t]*(?:,[ \t]*)?\n?[ \t>]*")
# "6556 106 Rue Ettatawer": a building number (and a second one) before the street
_LEADING_NUMBERS = (
    re.compile(r"(?<![\w.,-])\d{1,6}[ \t]+\d{1,6}[ \t]+\Z"),
    re.compile(r"(?<![\w.,-])\d{1,6}[ \t]+\Z"),
)
# "the corner of Pachergasse 64 and Radolič Harbor", "the corner of ul. Jesionowa 127 and
# Philip Bypass": two streets at a crossing, each of one to five words.
_STREET_PART = r"[\w'.-]+(?:[ \t][\w'.-]+){0,4}?"
_ABBREVIATION_END = re.compile(r"(?<![\w.])(?:St|Str|Rd|Ave|Av|Dr|Blvd|Ln|Pl|Sq|u|ul|Apt)\.\Z")
CORNER = re.compile(
    rf"\b(?:[Tt]he\s)?corner\sof\s(?P<a>{_STREET_PART})\sand\s(?P<b>{_STREET_PART})"
    r"(?=[ \t]*(?:[,;:?!]|\.(?:\s|$)|\n|$|\sin\s|\sto\s))"
)
# A street and house number after a residence cue: "lives on Via dei Fiorentini 17",
# "is located at 10252 Μεγάλη Άμμος 184", "lives on the north side of Joaquin Suarez 2906".
RESIDENCE_STREET = re.compile(
    r"\b(?:lives?|living|lived|resides?|residing|located|situated)\s(?:at|on)\s"
    r"(?:the\s(?:north|south|east|west)\sside\sof\s)?"
    r"(?P<street>(?:\d{1,6}\s[^\W\d_][\w'.-]*|[A-ZÀ-ÞĀ-ŽΑ-Ω][\w'.-]*)"
    r"(?:\s[^\W\d_][\w'.-]*){0,4}\s\d{1,5}[a-zA-Z]?)"
    r"(?![\w-])"
)
# US military mail: "PSC 2581, Box 0041\nAPO AP 32376", "Unit 5022 Box 1225 DPO AE 44085",
# "USNS Brown\nFPO AA 12345".
MILITARY_ADDRESS = re.compile(
    r"(?<![\w-])(?:(?:PSC|Unit|CMR)\s\d{3,5},?\s(?:Box|box)\s\d{3,5}"
    r"|US[NCG]{0,2}[SV]\s[^\W\d_]+)[\s,]+[ADF]PO\s(?:AA|AE|AP)\s\d{5}(?![\w-])",
    re.IGNORECASE,
)
# "77 Mellemstræde 74" / "5720 Skoanveien 226" / "69 Av Sidi Lakhmi" style lines: a number,
# one to three capitalised words (the street), a house number, then the end of the line,
# a comma or a street abbreviation.
# Only at the start of a line or after "at", "to", "on", "is", ":" ("Ticket 4711 Widget 3" is none).
NUMBERED_STREET = re.compile(
    r"(?:^[ \t>?]*|(?<=\bat )|(?<=\bto )|(?<=\bon )|(?<=\bis )|(?<=: ))"
    r"(?P<street>\d{1,5}\s(?:[A-ZÀ-Þ][^\W\d_]+\.?\s){1,3}\d{1,4}[a-zA-Z]?)"
    r"(?=[ \t]*(?:,|\n|$|St\b|Str\b|st\b|str\b))",
    re.MULTILINE,
)
# A postcode named as such: "ZIP: 4943", "my zip code is 35350", "Postleitzahl 10115".
NAMED_ZIP = re.compile(
    r"\b(?:zip|zip code|zipcode|postal code|postcode|post code|plz|postleitzahl)"
    r"(?::|\sis)?\s(?P<zip>\d{3,5}(?:-\d{3,4})?)(?![\w-])",
    re.IGNORECASE,
)
# What may follow an address on the next lines or after a comma: a unit, a place of
# capitalised words (optionally with a state code and a postcode), a postcode.
_PLACE_WORD = r"(?:[A-ZÀ-Þ][^\W\d_]*(?:[.'-][^\W\d_]+)*\.?)"
_CONTINUATION = re.compile(
    r"(?:[ \t]*(?:,[ \t]*\n?|\n)[ \t>?]*"
    r"|[ \t]+(?=(?:Apt|Apartment|Suite|Ste|Unit)\b|\d{4,6}\b|[A-ZÀ-Þ]{3,}(?:[ \t,]|$)))"
    r"(?P<part>(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|#)\s?[\w-]+"
    rf"|{_PLACE_WORD}(?:[ \t]{_PLACE_WORD}){{0,3}}(?:,?[ \t][A-Z]{{2}})?"
    r"(?:[ \t]\d{4,6}(?:-\d{3,4})?)?"
    r"|\d{2,3}-\d{3}|\d{4,6}(?:-\d{3,4})?)"
    r"(?=[ \t]*(?:,|\n|$|\.(?:\s|$)|\?|!)|[ \t]+(?:nan|\d{4,6})\b)"
)


class StreetAddressRecognizer(LocalRecognizer):
    """LOCATION for street addresses: ``Hauptstraße 12, 10115 Berlin``; ``12 Baker Street``.

    A German postcode followed by a capitalised word is a place only when the word is
    a known place or the postcode follows a street (``10115 Lizenzen`` is not).
    """

    SCORE = 0.8

    def __init__(self, supported_language: str = "de") -> None:
        super().__init__(
            supported_entities=["LOCATION"],
            supported_language=supported_language,
            name=f"StreetAddressRecognizer_{supported_language}",
        )

    def load(self) -> None:
        self._places = gazetteers().places
        self._cities = gazetteers().cities

    def _known_city(self, city: str) -> bool:
        """A place or city of the gazetteers starts ``city`` ("Neu-Ulm", "Bad Homburg")."""
        words = city.split()
        if words[0].split("-")[0] in self._places:
            return True
        return any(" ".join(words[:k]) in self._cities for k in range(1, len(words) + 1))

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        # every address pattern but a street corner holds a house number or a postcode
        digits = _DIGIT.search(text) is not None
        if not digits and "corner of" not in text:
            return []
        results = []
        patterns = (
            DE_ADDRESS, EN_ADDRESS, INTL_ADDRESS, MILITARY_ADDRESS, NUMBERED_STREET, EU_STREET,
            RESIDENCE_STREET,
        ) if digits else ()
        for pattern in patterns:
            for m in pattern.finditer(text):
                city = m.groupdict().get("city")
                if city is not None and not self._known_city(city):
                    continue
                # German letters list street, postcode and city as separate parts
                start = m.start("street") if "street" in pattern.groupindex else m.start()
                end = m.end() if pattern is DE_ADDRESS else self._extend(text, m.end())
                results.append(RecognizerResult("LOCATION", start, end, self.SCORE))
        for m in CORNER.finditer(text):
            if _DIGIT.search(m.group("a")) or _DIGIT.search(m.group("b")) or any(
                w[:1].isupper() for w in (m.group("a") + " " + m.group("b")).split()
            ):
                end = m.end()
                if text[end - 1] == "." and not _ABBREVIATION_END.search(text, 0, end):
                    end -= 1  # the full stop of the sentence, not of "St."
                results.append(RecognizerResult("LOCATION", m.start(), end, 0.6))
        for m in NAMED_ZIP.finditer(text) if digits else ():
            results.append(RecognizerResult("LOCATION", m.start("zip"), m.end("zip"), 0.6))
        # keep the longest of overlapping matches ("Apt. 32" inside a full address)
        results.sort(key=lambda r: r.start - r.end)
        kept: list[RecognizerResult] = []
        for r in results:
            if not any(k.start < r.end and r.start < k.end for k in kept):
                kept.append(r)
        kept.sort(key=lambda r: r.start)
        if self.supported_language == "de":
            return kept  # German letters list street, postcode and city as separate parts
        # one block: "Apt. 117" + "5720 Skoanveien 226"; a leading building number
        merged: list[RecognizerResult] = []
        for r in kept:
            for pattern in _LEADING_NUMBERS:
                lead = pattern.search(text, max(0, r.start - 16), r.start)
                if lead is not None and (not merged or merged[-1].end <= lead.start()):
                    r = RecognizerResult("LOCATION", lead.start(), r.end, r.score)
                    break
            if merged and _GAP.fullmatch(text, merged[-1].end, r.start):
                last = merged.pop()
                r = RecognizerResult("LOCATION", last.start, r.end, max(last.score, r.score))
            merged.append(r)
        return merged


    @staticmethod
    def _extend(text: str, end: int, limit: int = 4) -> int:
        """The end of the address block: units, places and postcodes that follow it."""
        for _ in range(limit):
            m = _CONTINUATION.match(text, end)
            if m is None:
                break
            end = m.end()
        return end


class GermanPlaceRecognizer(LocalRecognizer):
    """LOCATION: German-language names of large cities, states and countries (case-sensitive)."""

    SCORE = 0.6

    def __init__(self, supported_language: str = "de") -> None:
        super().__init__(
            supported_entities=["LOCATION"],
            supported_language=supported_language,
            name=f"GermanPlaceRecognizer_{supported_language}",
        )

    def load(self) -> None:
        places = sorted(gazetteers().places, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in places) + r")(?![\w])"
        )
        # GeoNames cities only after a place preposition: "in Achern", "aus Bocholt"
        cities = sorted(gazetteers().cities, key=len, reverse=True)
        self._after_preposition = re.compile(
            r"\b(?:in|aus|nach|bei|von|bis|In|Aus|Nach|Bei|Von)\s(?P<city>"
            + "|".join(re.escape(c) for c in cities) + r")(?![\w-])"
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = [
            RecognizerResult("LOCATION", m.start(), m.end(), self.SCORE)
            for m in self._pattern.finditer(text)
        ]
        results += [
            RecognizerResult("LOCATION", m.start("city"), m.end("city"), 0.55)
            for m in self._after_preposition.finditer(text)
        ]
        return results


_CAP = r"[A-ZÀ-Þ][^\W\d_]*(?:[-'][^\W\d_]+)*"
_CAP_SEQ = (
    rf"(?P<place>{_CAP}(?:\s(?:(?:de|del|da|do|na|am|an der|la|le|sur|upon|on)\s)?{_CAP}){{0,3}})"
)
_NOT_PLACE_START = frozenset(
    [
        "The", "A", "An", "My", "Our", "His", "Her", "Their", "Its", "This", "That", "These",
        "Those", "Der", "Die", "Das", "Den", "Dem", "Ein", "Eine", "Einem", "Einer", "Mein",
        "Meine", "Unser", "Unsere", "I", "We", "You", "He", "She", "It", "They", "Mr", "Mrs", "Ms",
        "Dr", "Herr", "Frau", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Today", "Tomorrow", "Yesterday", "Next",
        "Last", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
        "Januar", "Februar", "März", "Mai", "Juni", "Juli", "Oktober", "Dezember", "Heute",
        "Morgen", "Gestern"
    ]
)
# A place and its postcode after a preposition: "in Bjert 6091", "in Quinta de São Tiago
# 3610-114", "nach Berlin 10115"; never a year ("in Berlin 2019").
PLACE_POSTCODE = re.compile(
    r"\b(?:in|at|to|from|nach|aus|bei)\s+" + _CAP_SEQ
    + r"(?:\s[A-Z])?\s(?:\d{5}|\d{4}-\d{3}|\d{2}-\d{3}|(?!19|20)\d{4})(?![\w-])"
)
# Country names that are also common words once lower-cased.
_COMMON_WORD_COUNTRIES = frozenset(
    ["chad", "jordan", "turkey", "georgia", "china", "guinea", "japan", "niger", "togo", "mali",
     "oman", "peru", "cuba", "iran", "iraq", "israel", "india", "monaco", "malta"]
)
CONTEXT_PLACE = {
    "en": re.compile(
        r"\b(?:(?:lives?|living|lived|resides?|residing|settled)\s(?:in|at)"
        r"|grew\sup\sin|born\sin|originally\sfrom|moved\s(?:here\s)?from|relocat(?:ed|ing)\sto"
        r"|(?:home|native)\s(?:city|town|country)|(?:located|based)\sin|flew\sto"
        r"|travel+ed\sto|(?:I\sam|I'm|we\sare|we're)\s(?:in|from)"
        r"|arrived\s(?:at|in)|returned\sto|(?:trip|journey|flight|drive)\sto|University\sof"
        r"|(?:^|\n)(?:Where|City|Town|Country|Place|Location)\s?:)\s+" + _CAP_SEQ
    ),
    "de": re.compile(
        r"(?:\b(?:wohnt|wohnte|lebt|lebte|wohnhaft|geboren|aufgewachsen|ansässig)\sin"
        r"|\b(?:stammt|stammte|kommt|kam)\saus|\b(?:zog|zieht|umgezogen|verzogen)\snach"
        r"|(?:^|\n)(?:Wohnort|Ort|Geburtsort|Stadt|Land)\s?:)\s+" + _CAP_SEQ
    ),
}


class ContextPlaceRecognizer(LocalRecognizer):
    """LOCATION: a capitalised word sequence after a residence or travel cue
    ("lives in", "grew up in", "moved here from", "Where:", "wohnt in", "stammt aus"),
    and English country names (case-sensitive)."""

    SCORE = 0.6

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["LOCATION"],
            supported_language=supported_language,
            name=f"ContextPlaceRecognizer_{supported_language}",
        )

    def load(self) -> None:
        countries = sorted(gazetteers().countries, key=len, reverse=True)
        self._countries = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in countries) + r")(?![\w-])"
        )
        self._cue = CONTEXT_PLACE["de" if self.supported_language == "de" else "en"]
        lower = sorted(
            (c.lower() for c in countries if c.lower() not in _COMMON_WORD_COUNTRIES),
            key=len, reverse=True,
        )
        self._countries_lower = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in lower) + r")(?![\w-])"
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        # a text without capitals (chat, lower-cased exports): countries in lower case too
        countries = self._countries_lower if text.islower() else self._countries
        results = [
            RecognizerResult("LOCATION", m.start(), m.end(), self.SCORE)
            for m in countries.finditer(text)
        ]
        for m in PLACE_POSTCODE.finditer(text):
            if m.group("place").split()[0] not in _NOT_PLACE_START:
                results.append(RecognizerResult("LOCATION", m.start("place"), m.end(), 0.6))
        for m in self._cue.finditer(text):
            place = m.group("place")
            if place.split()[0] in _NOT_PLACE_START:
                continue
            results.append(RecognizerResult("LOCATION", m.start("place"), m.end("place"), 0.55))
        return results
