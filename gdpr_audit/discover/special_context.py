"""Context rules applied after the special-category terms matched (span rules apart).

Two vetoes, both per sentence, measured on the development tables in
``tests/discover/test_special_context.py``:

- **Negation**: a statement that only denies a category is not special-category data
  ("no allergies", "keine Vorstrafen", "Führungszeugnis ohne Eintrag", "DBS came back
  clear", "nicht religiös"). A negation word counts when it stands at most four words
  before the term in the same clause with no "because/wegen/for" in between, or when the
  term is followed by a denial ("Allergien: keine", "... ohne Eintrag").
- **Not about a person**: shop, catalogue and policy sentences ("we sell wheelchairs",
  "halal meals for all guests", "if anyone needs step-free access") hold terms but
  reveal nothing about a data subject, unless the sentence names one ("he", "Frau X").
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.UNICODE
_WORD = re.compile(r"[\w'’]+", re.UNICODE)
# A clause ends at punctuation that separates statements ("No allergies, on sick leave").
_CLAUSE_START = re.compile(r"[,;:()\[\]\n]|\s[-–—]\s|\s(?:but|aber|jedoch|sondern|doch)\s", _FLAGS)
_NEGATION_WORDS = {
    "en": frozenset(
        [
            "no",
            "not",
            "never",
            "none",
            "nor",
            "neither",
            "without",
            "negative",
            "denies",
            "denied",
            "isn't",
            "wasn't",
            "aren't",
            "weren't",
            "doesn't",
            "don't",
            "didn't",
            "hasn't",
            "haven't",
            "hadn't",
            "can't",
            "cannot",
            "nothing",
            "non",
        ]  # noqa: SIM905
    ),
    "de": frozenset(
        "kein keine keinen keinem keiner keines nicht nichts nie niemals ohne weder negativ".split()  # noqa: SIM905
    ),  # noqa: SIM905
}
# "no longer", "nicht mehr", "not only": the category is still revealed.
_NOT_A_DENIAL = re.compile(
    r"^(?:no|not|nicht|kein\w*)\s+(?:longer|more|only|just|mehr|nur|erst|lange)\b", _FLAGS
)
# "... keine Kirchensteuer mehr", "no longer": what is denied is the present, not the fact.
_NO_LONGER_AFTER = re.compile(
    r"^\s+(?:mehr|any ?more|any longer|again|wieder)(?!\w)"
    r"|^(?:\s+\w+){1,3}\s+(?:again|wieder)(?!\w)",
    _FLAGS,
)
# A form answer that declines to state anything ("Prefer not to say (ethnicity, religion)",
# "Keine Angabe (Herkunft, Religion)") names categories but reveals none.
_REFUSAL = re.compile(
    r"(?<!\w)(?:prefers? not to (?:say|disclose|answer|state)|preferred not to (?:say|disclose)|"
    r"rather not (?:say|disclose)|(?:declined|refused|chose not|chooses not) to (?:say|disclose|"
    r"answer|state|give)|not disclosed|undisclosed|keine angaben?|k\. ?a\.|ohne angabe|"
    r"nicht angegeben|"
    r"möchte (?:ich )?(?:das |dazu )?(?:nicht|keine)\w* (?:angeben|angaben|sagen))(?!\w)",
    _FLAGS,
)
# Words that end a negation's scope: "can't work because of chemo", "keine Termine wegen".
_SCOPE_BREAK = frozenset(
    [
        "because",
        "due",
        "since",
        "after",
        "as",
        "for",
        "but",
        "so",
        "while",
        "wegen",
        "aufgrund",
        "da",
        "weil",
        "seit",
        "nach",
        "aus",
        "für",
        "aber",
        "bis",
        "dass",
        "und",
        "and",
    ]  # noqa: SIM905
)
# The faith denied as the reason later in the sentence: "kein Schwein, aber nicht wegen der
# Religion", "no pork - nothing religious, just taste".
_NOT_FOR_FAITH = re.compile(
    r"(?<!\w)(?:nicht|not|nichts|nothing|kein\w*|no)\s+(?:wegen\s+|aus\s+|because of\s+|for\s+)?"
    r"(?:der\s+|meiner\s+|my\s+)?(?:religion|glaubens?|religiös\w*|religious|faith)(?!\w)"
    # a diet for taste, not faith: "kein Schweinefleisch, schmeckt mir einfach nicht"
    r"|schmeckt (?:mir|uns) (?:\w+ )?nicht|(?:ich )?mag (?:es|das|ich) (?:\w+ )?nicht|"
    r"(?:just )?(?:don't|do not) like (?:it|the taste)|intervallfasten|intermittent fasting|"
    r"keine vorgaben",
    _FLAGS,
)
# A predicate that is denied: "Biometrische Zeiterfassung wird ... nicht eingeführt".
_DENIED_PREDICATE = re.compile(
    r"(?<!\w)(?:wird|werden|wurde|wurden|is|are|was|were|will) (?:\S+ ){0,3}"
    r"(?:nicht|not|never|nie) "
    r"(?:be )?(?:eingeführt|eingesetzt|genutzt|verwendet|erhoben|introduced|used|rolled out|"
    r"implemented|collected)(?!\w)",
    _FLAGS,
)
_REASON = frozenset(["because", "due", "wegen", "aufgrund", "weil", "aus"])
_DENIAL_AFTER = re.compile(
    r"^\s*(?:[:=]\s*|\?\s*|\s-\s*)?(?:none|no|nein|keine?|nil|n/?a|negativ|negative|clear|"
    r"clean|ohne\s+(?:eintr(?:a|ä)ge?|befund|auffälligkeiten)|"
    r"(?:came|comes|come)\s+back\s+(?:clear|clean|negative)|"
    r"(?:is|was|were|are)\s+(?:clear|clean|negative|empty)|"
    r"not\s+(?:required|needed|applicable|known|reported)|"
    r"nicht\s+(?:erforderlich|nötig|notwendig|vorhanden|bekannt|bekannt\.)|"
    r"lieg(?:t|en)\s+nicht\s+vor|entfällt|leer|k\.\s?a\.|unauffällig)(?!\w)"
    # a form field of a few words and its answer: "Untersuchung: keine Bedenken"
    r"|^(?:[\s,-]+[\w()/.]+){1,5}\s*[:=?]\s*(?:none|no|nein|keine?|nil|n/?a|k\.\s?a\.|"
    r"unauffällig|negativ|negative|nichts|not needed|not required|nicht nötig|nicht benötigt|"
    r"nicht erforderlich|ohne\s+(?:eintr(?:a|ä)ge?|befund|auffälligkeiten)|[–—-]\s*['\"’]?$)(?!\w)"
    # a tick-box answer: "Religiöse Speisevorschriften? ( ) ja (x) nein"
    r"|^[^.;!]{0,20}\(\s*\)\s*(?:ja|yes)\s*\(\s*x\s*\)\s*(?:nein|no)(?!\w)"
    r"|^\s*[:=]\s*(?:nichts|keine|none|nothing)\s+(?:bekannt|known)(?!\w)",
    _FLAGS,
)
# A note's sentence opened by a term as its label ("Quaker, conscientious objection
# noted", "Evangelikal, leitet einen Hauskreis"); a list ("Halal, kosher and vegan
# options") is a menu, not a label.
_LABEL_REST = re.compile(r"\s*[,:;]\s+(?!(?:\S+\s+){0,2}(?:and|or|und|oder|&)\b)\w", _FLAGS)
_NON_PERSONAL = {
    "en": re.compile(
        r"\b(?:we (?:sell|sold|offer|stock|supply|provide|carry|ship|deliver|have)|"
        r"do you (?:sell|stock|carry|do|have)|still available|sold out|"
        r"(?:people|persons|guests|customers|visitors|users|anyone) with|"
        r"(?:in|out of|back in) stock|"
        r"our (?:shop|store|range|catalogue|catalog|products?|menu|venue|policy)|"
        r"products?|sku|catalogue|catalog|price list|spare parts|batter(?:y|ies)|"
        r"for (?:all|every|any) (?:guests?|customers?|staff|employees?|participants?|"
        r"attendees?|visitors?|volunteers?|drivers?|applicants?)|"
        r"all (?:guests|staff|employees|participants|attendees|visitors|volunteers|drivers|"
        r"applicants|candidates)|"
        r"every(?:one|body)|any(?:one|body)|if (?:you|someone|somebody|needed|required)|whoever|"
        r"order (?:#|no\.?|number)|item (?:#|no\.?)|art(?:icle)?\.? ?no\.?|"
        r"(?:employees|staff|workers|members|users|guests|drivers|participants|attendees|"
        r"volunteers|applicants|candidates|visitors|students|pupils|patients) "
        r"(?:must|should|need to|are required|have to|may|can|are asked|are entitled)|"
        r"equal opportunit\w*|regardless of|policy|on (?:offer|sale)|opening hours|office hours)\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:wir (?:verkaufen|bieten|liefern|führen|haben)|auf lager|sortiment|"
        r"(?:habt|führt|verkauft|liefert|bietet|hättet) ihr|gibt es (?:den|die|das|eure\w*)|"
        r"neu im (?:shop|sortiment)|lieferbar|ausverkauft|katalog\w*|großhandel\w*|"
        r"wer (?:\w+ ){0,2}(?:ist|hat)(?!\w)|"
        r"(?:bewerber\w*|bewerbende) werden|stellenausschreibung\w*|teilnahmebedingung\w*|"
        r"hausregel\w*|hausordnung|"
        r"artikel\w*|produkt\w*|ersatzteil\w*|batterie\w*|preisliste|"
        r"für alle|bestell-?nr\.?|art(?:ikel)?\.?-? ?nr\.?|auftrag (?:nr\.?|#)|"
        r"(?:alle )?(?:mitarbeitende\w*|beschäftigte\w*|angestellte\w*|kolleg(?:en|innen)|"
        r"teilnehmende\w*|gäste|besuchende\w*|bewerbende\w*) "
        r"(?:müssen|sollen|sollten|dürfen|können|haben|werden gebeten)|"
        r"alle (?:mitarbeitende\w*|beschäftigte\w*|angestellte\w*|kolleg\w*)|"
        r"alle (?:gäste|teilnehmer\w*|mitarbeiter\w*|besucher\w*|bewerber\w*|fahrer\w*|kunden)|"
        r"jede[rnms]? (?:gast|teilnehmer\w*|mitarbeiter\w*|bewerber\w*)|falls jemand|wenn jemand|"
        r"sollte jemand|wer (?:\w+ )?(?:braucht|benötigt)|unabhängig von|richtlinie\w*|"
        r"im angebot|angebot der woche|öffnungszeiten|geschäftszeiten|regelung\w*|handbuch|"
        r"leitfaden|merkblatt|betriebsvereinbarung\w*)(?!\w)",
        _FLAGS,
    ),
}
# A specific person named in the sentence keeps its terms even in a shop sentence.
_SPECIFIC_PERSON = {
    "en": re.compile(
        r"\b(?:he|she|his|her|him|mr|mrs|ms|"
        r"the (?:customer|client|contact|employee|applicant))\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:er|ihm|ihn|sein\w*|(?-i:ihr\w*)|herrn?|frau|hr\.|fr\.|kd\.|"
        r"(?:der|die) (?:kunde|kundin|mitarbeiter\w*|bewerber\w*))(?!\w)",
        _FLAGS,
    ),
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A count right before a term is a product line ("3 wheelchairs", "200 asthma inhalers",
# "5 Rollstühle", "10 x Insulinpen"), unless the count is a time span or a year.
_COUNT_BEFORE = re.compile(
    r"(?<![\w.,/:-])(\d{1,5})\s*(?:x|×|stk\.?|stück|pcs\.?|units?(?: of)?|packs?(?: of)?|"
    r"boxes(?: of)?|packungen|kartons?)?\s*(?:([A-Za-zÄÖÜäöüß-]+)\s+)?$",
    _FLAGS,
)
_TIME_WORDS = _words(
    "weeks week days day months month years year hours hrs mins minutes wochen woche tage tag "
    "tagen monate monaten monat jahre jahren jahr stunden std since seit aged age alter gdb "
    "grad mg ml"
)


# A person's verb before the count: "needs 2 insulin injections", "nimmt 2 Tabletten".
_TAKES = _words(
    "needs need takes take took uses use gets get got has had injects braucht nimmt nahm "
    "bekommt erhält hat hatte benötigt spritzt"
)


def counted_item(text: str, start: int) -> bool:
    """Whether the term at ``start`` follows a count of items ("3 wheelchairs")."""
    m = _COUNT_BEFORE.search(text, max(0, start - 30), start)
    if m is None:
        return False
    before = _WORD.findall(text[max(0, m.start() - 20) : m.start()])
    if before and before[-1].lower() in _TAKES:  # "needs 2 insulin injections"
        return False
    number, word = m.group(1), (m.group(2) or "").lower()
    if len(number) == 4 and number[:2] in ("19", "20"):
        return False
    return word not in _TIME_WORDS


def _clause_start(text: str, pos: int, floor: int) -> int:
    start = floor
    for m in _CLAUSE_START.finditer(text, floor, pos):
        start = m.end()
    return start


def negated(
    text: str, start: int, end: int, sentence: tuple[int, int], language: str, result: bool = False
) -> bool:
    """Whether the term at ``start:end`` is only denied in its sentence.

    ``result``: the term names a test whose result is itself the data (a genetic test):
    "Vaterschaftstest negativ" still reveals a genetic result, so only a negation
    before the term ("kein Gentest") counts.
    """
    words = _NEGATION_WORDS.get(language, _NEGATION_WORDS["en"])
    if _REFUSAL.search(text, sentence[0], sentence[1]):
        return True
    clause = text[_clause_start(text, start, sentence[0]) : start]
    # a term that gives a reason ("for religious reasons", "aus religiösen Gründen") is
    # outside the scope of a negation before it: "Doesn't eat pork for religious reasons"
    first = _WORD.match(text, start)
    if first and first.group().lower() in _SCOPE_BREAK:
        clause = ""
    before = [w.lower() for w in _WORD.findall(clause)][-5:]
    for i in range(len(before) - 1, -1, -1):
        word = before[i]
        if word in _SCOPE_BREAK:
            # "nicht wegen Religion", "not because of his faith": the reason is denied
            if word in _REASON and i and (before[i - 1] in words or before[i - 1].endswith("n't")):
                return True
            break
        if word in words or word.endswith("n't"):
            rest = clause[clause.lower().rfind(word) :]
            if not _NOT_A_DENIAL.match(rest) and not _NO_LONGER_AFTER.match(text[end:]):
                return True
            break
    after = text[end : sentence[1]]
    if after.rstrip().endswith("?"):  # a form's question and its answer: "Allergies? No."
        after = text[end : sentence[1] + 24]
    if _DENIED_PREDICATE.search(text, end, sentence[1]):
        return True
    return not result and bool(_DENIAL_AFTER.match(after))


# The writer about themself: "Ich trage Hörgeräte, habt ihr eine Lichtklingel?"
_FIRST_PERSON = {
    "en": re.compile(r"\b(?:i|i'm|i've|my|me)\b", _FLAGS),
    "de": re.compile(r"(?<!\w)(?:ich|mir|mich|mein\w*)(?!\w)", _FLAGS),
}
_ADDRESS_SHOP = re.compile(
    r"(?<!\w)(?:habt|führt|verkauft|liefert|bietet|hättet|könnt|seid|macht) ihr(?!\w)", _FLAGS
)


def not_for_faith(text: str, end: int, sentence: tuple[int, int]) -> bool:
    """Whether the sentence denies faith as the reason after a religion term ends at ``end``
    ("kein Schwein, aber nicht wegen der Religion"; "Jewish by descent though not
    religious" still states an origin, so only religion is denied)."""
    return bool(_NOT_FOR_FAITH.search(text, end, sentence[1]))


def non_personal(sentence: str, language: str) -> bool:
    """Whether ``sentence`` is a shop, catalogue or policy sentence about no one in particular."""
    lang = language if language in _NON_PERSONAL else "en"
    # "habt ihr ...?" addresses the shop: that "ihr" is no one's
    rest = _ADDRESS_SHOP.sub(" ", sentence)
    person = _SPECIFIC_PERSON[lang].search(rest) or _FIRST_PERSON[lang].search(rest)
    return bool(_NON_PERSONAL[lang].search(sentence)) and not person


def label_start(sentence: str, start: int, end: int) -> bool:
    """Whether the term at ``start:end`` of ``sentence`` opens it as the contact's label."""
    return not sentence[:start].strip(" \t-*•") and bool(_LABEL_REST.match(sentence, end))


# A biometric technology named without anyone it is used on: "Gesichtserkennung ist bei den
# neuen Smartphones Standard", "Fingerabdruck des Zertifikats", "Stimmerkennung im
# Sprachportal funktioniert besser". The term names the technology (recognition, sensor,
# scanner) or the sentence is about a device or a key, and no person is named.
_TECH_TERM = re.compile(
    r"(?:erkennung|recognition|sensor|scanner|reader|leser|unlock|entsperrung)\w*$", _FLAGS
)
_TECH_SENTENCE = {
    "en": re.compile(
        r"\b(?:certificates?|cert|ssh|tls|ssl|pgp|gpg|keys?|hash|smartphones?|phones?|handsets?|"
        r"laptops?|devices?|models?|feature|firmware|software|update|sdk|api|standard|ivr|portal)\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:zertifikat\w*|ssh|tls|ssl|pgp|gpg|schlüssel\w*|hash\w*|smartphones?|handys?|"
        r"telefone?n?|laptops?|geräte?n?|modell\w*|funktion\w*|firmware|software|update\w*|sdk|"
        r"api|standard|sprachportal\w*|portal\w*)(?!\w)",
        _FLAGS,
    ),
}
_ANY_PERSON = {
    "en": re.compile(
        r"\b(?:he|she|his|her|him|they|their|them|i|my|me|mr|mrs|ms|dr|employees?|staff member|"
        r"colleague|customer|client|contact|users?|members?|applicant|candidate|visitor|worker|"
        r"driver|son|daughter|wife|husband)\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:er|sie|ihm|ihn|sein\w*|ihr\w*|ich|mein\w*|mir|mich|herrn?|hrn?\.|frau|fr\.|"
        r"mitarbeiter\w*|mitarbeitende\w*|beschäftigte\w*|kund(?:e|in|en|innen)|bewerber\w*|"
        r"nutzer\w*|teilnehmer\w*|person\w*)(?!\w)",
        _FLAGS,
    ),
}


# Enrolling, keeping, deleting or objecting: someone's data is handled even if the note
# does not name whose ("Voiceprint registered for phone banking").
_HANDLED = {
    "en": re.compile(
        r"\b(?:registered|created|recorded|saved|enrol(?:l)?ed|enrol(?:l)?ment|stored|deleted|"
        r"removed|erased|set up|captured|taken|collected|objects?|objected|consent\w*|opted)\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:hinterlegt|erstellt|aufgenommen|gespeichert|gelöscht|registriert|eingerichtet|erfasst|eingelernt|"
        r"angelegt|löschung|widersprich\w*|widerspricht|widersprochen|einwillig\w*|(?-i:MA))(?!\w)",
        _FLAGS,
    ),
}


def technology_only(sentence: str, term: str, language: str) -> bool:
    """Whether a biometric ``term`` names a technology in a sentence about no person."""
    lang = language if language in _TECH_SENTENCE else "en"
    if not (_TECH_TERM.search(term) or _TECH_SENTENCE[lang].search(sentence)):
        return False
    return not (_ANY_PERSON[lang].search(sentence) or _HANDLED[lang].search(sentence))


# An organisation as the customer ("Neuapostolische Kirche Bezirk Ulm bestellt 300 Stühle",
# "SPD-Landtagsfraktion NRW: Angebot Konferenzraum-Technik", "Unison's regional office
# booked room 4"): the sentence opens with an organisation and records a transaction, so
# the terms in the organisation's name say nothing about a person. A person named before
# the term ("Fr. Yilmaz von der Moscheegemeinde") keeps it.
_ORGANISATION = {
    "en": re.compile(
        r"\b(?:ltd|plc|inc|llc|party|branch|office|trust|charity|society|foundation|association|"
        r"council|church|parish|mosque|synagogue|temple|gurdwara|centre|center|clinic|school|"
        r"primary|academy|college|museum|helpline|network|federation|hq|diocese|"
        r"congregation|wholesale|pharmacy|chemist|manufacturer|retailer)\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:\w*(?:gmbh|verband|verein|fraktion|gemeinde|kirche|museum|institut|zentralrat|"
        r"ensemble|stiftung|gesellschaft|klinik|krankenhaus|sanitätshaus|apotheke|hersteller|"
        r"großhandel|händler|geschäftsstelle|landesbezirk|versammlung|kammer|schule|ortsverein|"
        r"kreisverband|bezirk|akademie|moschee|synagoge|orden|kloster|diözese|bistum|dekanat))"
        r"(?!\w)|(?<!\w)e\.\s?v\.",
        _FLAGS,
    ),
}
_TRANSACTION = {
    "en": re.compile(
        r"\b(?:ordered|orders?|booked|books|booking|invoice\w*|quote|renewed|contract|"
        r"lead|licen[cs]es?|units|copies|supplied|sponsor\w*|acct|delivery|"
        r"deliver|purchase\w*|bought|wants \d+|needs \d+|po)\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:bestellt|bestellung|bestellen|mietet|gemietet|bucht|gebucht|angefragt|"
        r"anfrage|angebot|rechnung|lieferung|liefer\w*|rahmenvertrag|\w*vertrag|neukunde\w*|"
        r"kontingent|lizenzen|stk|stück|pers|tagt|auftrag|heizöl|angenommen|abrechnung)"
        r"(?!\w)",
        _FLAGS,
    ),
}
_PERSON_BEFORE = {
    "en": re.compile(r"\b(?:mr|mrs|ms|miss|dr)\b", _FLAGS),
    "de": re.compile(r"(?<!\w)(?:herrn?|frau|hr\.|fr\.)(?!\w)", _FLAGS),
}
# A pronoun or an office anywhere: the person's tie to the organisation ("Customer is a
# Reform UK branch chair", "Kunde ist Pastor einer Freikirche", "client wants him off").
_PERSON_TIE = {
    "en": re.compile(
        r"\b(?:he|she|his|her|him|i|i'm|me|my|rep|chair\w*|members?|secretary|steward|delegate|"
        r"councillor|pastor|vicar|imam|rabbi|teaches|volunteers?|committee|stood|canvass\w*)\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:er|ihm|ihn|sein\w*|(?-i:sie|ihr\w*)|ich|mir|mich|mein\w*|vorsitzend\w*|"
        r"mitglied\w*|vorstand\w*|sprecher\w*|pastor\w*|pfarrer\w*|imam|rabbiner\w*|"
        r"ehrenamt\w*|delegiert\w*)(?!\w)",
        _FLAGS,
    ),
}


def organisation_customer(sentence: str, term_start: int, language: str) -> bool:
    """Whether the sentence opens with an organisation in a customer's transaction and no
    person is named before the term at ``term_start`` (relative to the sentence)."""
    lang = language if language in _ORGANISATION else "en"
    head = " ".join(sentence.split()[:7])
    return (
        bool(_ORGANISATION[lang].search(head))
        and bool(_TRANSACTION[lang].search(sentence))
        and not _PERSON_BEFORE[lang].search(sentence[:term_start])
        and not _PERSON_TIE[lang].search(sentence)
    )


# A condition said of an animal or a machine: "Hund von Fr. Becker hat Diabetes", "her dog's
# recovering from surgery", "Server hat nen Herzinfarkt bekommen", "the API went into
# cardiac arrest". The animal or machine stands in the clause before the term.
_NON_HUMAN = {
    "en": re.compile(
        r"\b(?:dog|dogs|dog's|cat|cats|cat's|puppy|kitten|horse|horse's|pony|pet|pet's|rabbit|"
        r"parrot|hamster|budgie|server|servers|api|database|website|app|system|printer|laptop|"
        r"network|car|engine)\b",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:hund|hundes|hündin|katze|kater|pferd|pferdes|pony|welpe|haustier|tier|"
        r"kaninchen|meerschweinchen|wellensittich|hamster|vogel|stute|server|datenbank|website|"
        r"webseite|app|system|drucker|rechner|laptop|netzwerk|auto|motor)(?!\w)",
        _FLAGS,
    ),
}


_PERSONAL_PRONOUN = {
    "en": re.compile(r"\b(?:he|she|he's|she's|his|her|him|i|i'm|me|my)\b", _FLAGS),
    "de": re.compile(
        r"(?<!\w)(?:er|ihm|ihn|sein\w*|(?-i:sie|ihr\w*)|ich|mir|mich|mein\w*)(?!\w)", _FLAGS
    ),
}


def non_human_subject(text: str, start: int, sentence: tuple[int, int], language: str) -> bool:
    """Whether an animal or a machine stands in the clause before the term at ``start``."""
    lang = language if language in _NON_HUMAN else "en"
    clause = text[_clause_start(text, start, sentence[0]) : start]
    ends = [m.end() for m in _NON_HUMAN[lang].finditer(clause)]
    # "a car through the scheme because of my MS": a person after the machine is the subject
    return bool(ends) and not _PERSONAL_PRONOUN[lang].search(clause, ends[-1])


# A question about a product or a service ("Kunde fragt, ob wir Stimmerkennung anbieten",
# "Does your app support face login?", "asked if the car has fingerprint start"): a
# biometric or genetic technology asked about is no one's data unless it is handled.
_ENQUIRY = {
    "en": re.compile(
        r"\b(?:asked|asks|asking|wants to know|wanted to know|enquir\w+|inquir\w+) "
        r"(?:\w+ ){0,2}(?:if|whether|what|how|about)\b|^\W*(?:does|do|can|is|are|will|would)\s"
        r"(?=[^?]*\?)",
        _FLAGS,
    ),
    "de": re.compile(
        r"(?<!\w)(?:fragt\w*|gefragt|wollte\w* wissen|möchte\w* wissen|will wissen|anfrage)"
        r"(?: \w+){0,2},? (?:ob|wie|was|wann|welche\w*)(?!\w)"
        r"|^\W*(?:gibt|kann|können|geht|funktioniert|habt|haben|bietet|ist)\s(?=[^?]*\?)",
        _FLAGS,
    ),
}


def product_enquiry(sentence: str, language: str) -> bool:
    """Whether ``sentence`` asks about a technology without anyone's data being handled
    or anyone's own result named ("seine 23andMe-Ergebnisse", "she's BRCA1 positive")."""
    lang = language if language in _ENQUIRY else "en"
    return (
        bool(_ENQUIRY[lang].search(sentence))
        and not _HANDLED[lang].search(sentence)
        and not _PERSONAL_PRONOUN[lang].search(sentence)
    )
