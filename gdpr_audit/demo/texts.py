"""Free-text notes in English and German with their truth (PII, special categories, decoys).

A note is composed of sentences: a harmless one, a sentence with identifiers
(slots filled with invented values), a special-category sentence
(:mod:`gdpr_audit.demo.texts_special`) or a decoy that only looks sensitive. The
truth of each note is the union of the truths of its sentences.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gdpr_audit.demo import identifiers, vocab
from gdpr_audit.demo.texts_special import SPECIAL_DE, SPECIAL_EN

HARMLESS = {
    "en": (
        "Called about renewal, wants quote for 20 seats.",
        "Sent the updated price list, follow up next week.",
        "Demo went well, they want a trial for the analytics module.",
        "Asked for the SLA document and the data processing agreement.",
        "Budget approved for Q3, waiting for the purchase order.",
        "Invoice 2025-04711 paid, closed the ticket.",
        "Wants to upgrade from Standard to Enterprise edition.",
        "No interest at the moment, check again after the summer.",
        "Requested training for 12 new users.",
        "Licence for product code NLS-48213-PRO extended by one year.",
        "Complaint about slow export resolved with the 4.2 patch.",
        "Meeting moved to Thursday, agenda sent.",
        "Interested in the API, forwarded to solutions engineering.",
        "Signed the order form, onboarding kickoff scheduled.",
        "Asked whether the software runs on-premises.",
        "Renewal discount of 10 percent agreed.",
        "Trial extended by 14 days.",
        "Needs an English and a German invoice.",
        "Partner portal access requested for 3 resellers.",
        "Feedback: reporting module too complex, wants templates.",
    ),
    "de": (
        "Angebot für 20 Lizenzen verschickt, Nachfassen nächste Woche.",
        "Rückfrage zur Verlängerung, möchte Staffelpreise.",
        "Demo lief gut, Testzugang für das Analysemodul gewünscht.",
        "Auftragsverarbeitungsvertrag angefordert.",
        "Budget für Q3 freigegeben, Bestellung folgt.",
        "Rechnung 2025-04711 bezahlt, Ticket geschlossen.",
        "Möchte von Standard auf Enterprise wechseln.",
        "Aktuell kein Bedarf, nach dem Sommer erneut melden.",
        "Schulung für 12 neue Nutzer angefragt.",
        "Lizenz für Produktcode NLA-51234-ENT um ein Jahr verlängert.",
        "Beschwerde über langsamen Export mit Patch 4.2 gelöst.",
        "Termin auf Donnerstag verschoben, Agenda verschickt.",
        "Interesse an der Schnittstelle, an Pre-Sales weitergeleitet.",
        "Bestellformular unterschrieben, Kick-off geplant.",
        "Fragt, ob die Software on-premises läuft.",
        "Testphase um 14 Tage verlängert.",
        "Benötigt Rechnung auf Deutsch und Englisch.",
        "Zugang zum Partnerportal für 3 Händler beantragt.",
        "Feedback: Berichtsmodul zu komplex, wünscht Vorlagen.",
        "Jahresgespräch geführt, Zufriedenheit hoch.",
    ),
}

#: Sentences with identifier slots; the slots decide the PII truth (SLOT_TYPES).
PII = {
    "en": (
        "Call back on {phone} after 3 pm.",
        "New direct line: {phone}.",
        "Prefers e-mail to {email} instead of the shared inbox.",
        "Send the quote to {email}, cc purchasing.",
        "Refund to IBAN {iban} approved by finance.",
        "Bank details changed, new IBAN {iban}.",
        "Moved to {address}, update the invoice address.",
        "Ship the hardware to {address}.",
        "Spoke with {person} from purchasing, decision next week.",
        "{person} takes over as the main contact from May.",
        "Paid by card {card}, receipt sent.",
        "Date of birth {dob} needed for the KYC check.",
        "Login attempts from {ip} blocked by the firewall.",
        "Reach {person} on {phone} or {email}.",
    ),
    "de": (
        "Rückruf unter {phone} ab 15 Uhr.",
        "Neue Durchwahl: {phone}.",
        "Bitte Angebot an {email} schicken.",
        "Möchte Rechnungen künftig an {email}.",
        "Erstattung auf IBAN {iban} freigegeben.",
        "Neue Bankverbindung: {iban}.",
        "Umgezogen nach {address}, Rechnungsadresse anpassen.",
        "Lieferung bitte an {address}.",
        "Gespräch mit {person} aus dem Einkauf, Entscheidung nächste Woche.",
        "{person} übernimmt ab Mai als Ansprechpartner.",
        "Zahlung per Kreditkarte {card}.",
        "Geburtsdatum {dob} für die Identitätsprüfung notiert.",
        "Steuer-ID {taxid} für die Rechnung hinterlegt.",
        "Zugriffe von {ip} wurden gesperrt.",
        "Erreichbar über {person}, Tel. {phone}, {email}.",
    ),
}

SLOT_TYPES = {
    "person": "PERSON",
    "phone": "PHONE_NUMBER",
    "email": "EMAIL_ADDRESS",
    "iban": "IBAN_CODE",
    "address": "LOCATION",
    "card": "CREDIT_CARD",
    "dob": "DATE_OF_BIRTH",
    "ip": "IP_ADDRESS",
    "taxid": "NATIONAL_ID",
}

#: (kind, English, German): look sensitive, hold no personal data of the subject.
DECOYS = (
    (
        "health_insurer_customer",
        "Our customer AOK is a health insurer and renews 300 seats.",
        "Kunde AOK ist eine Krankenkasse, Verlängerung über 300 Lizenzen.",
    ),
    (
        "union_investment_fund",
        "Asked about the Union Investment fund in the pension plan.",
        "Fragt nach dem Fonds von Union Investment für die Betriebsrente.",
    ),
    (
        "parish_customer",
        "The parish ordered 20 licences for the office.",
        "Die Kirche St. Marien hat 20 Lizenzen bestellt.",
    ),
    (
        "server_health_check",
        "Ran the server health check, all services green.",
        "Server-Health-Check durchgeführt, alle Dienste grün.",
    ),
    (
        "union_house_venue",
        "Workshop venue is the Gewerkschaftshaus, room 2.",
        "Veranstaltungsort ist das Gewerkschaftshaus, Saal 2.",
    ),
    (
        "biometric_product_feature",
        "Asked whether our app supports fingerprint login.",
        "Fragt, ob die App einen Login per Fingerabdruck unterstützt.",
    ),
    (
        "genetic_algorithm",
        "Interested in the genetic algorithm option of the route optimiser.",
        "Interesse an der Option genetischer Algorithmus im Tourenplaner.",
    ),
    (
        "party_supplies",
        "Ordered the party package for the summer event.",
        "Partypaket für das Sommerfest bestellt.",
    ),
    (
        "hospital_customer",
        "The clinic's IT department needs 40 licences for the new ward.",
        "Die Klinik-IT braucht 40 Lizenzen für die neue Station.",
    ),
    (
        "criminal_law_firm",
        "A law firm specialising in criminal law wants the document module.",
        "Kanzlei für Strafrecht möchte das Dokumentenmodul.",
    ),
)

CATEGORIES = tuple(SPECIAL_EN)
SPECIAL = {"en": SPECIAL_EN, "de": SPECIAL_DE}
KINDS = ("harmless", "pii", "special", "decoy")


@dataclass(frozen=True)
class TextTruth:
    """What one free-text value holds: PII types, special categories, or a decoy kind."""

    pii: tuple[str, ...] = ()
    special: tuple[str, ...] = ()
    decoy: str | None = None


def _slots(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _slot_value(rng: np.random.Generator, slot: str, lang: str) -> str:
    if slot == "person":
        first, last = (
            (vocab.FIRST_DE, vocab.LAST_DE) if lang == "de" else (vocab.FIRST_EN, vocab.LAST_EN)
        )
        return f"{first[int(rng.integers(len(first)))]} {last[int(rng.integers(len(last)))]}"
    if slot == "phone":
        return identifiers.phone_number(
            rng, "DE" if lang == "de" else ("GB", "US")[int(rng.integers(2))]
        )
    if slot == "email":
        last = vocab.LAST_DE if lang == "de" else vocab.LAST_EN
        domains = identifiers.EMAIL_DOMAINS_DE if lang == "de" else identifiers.EMAIL_DOMAINS_EN
        name = identifiers.ascii_local_part(last[int(rng.integers(len(last)))])
        return f"{name}{int(rng.integers(1, 99))}@{domains[int(rng.integers(len(domains)))]}"
    if slot == "iban":
        return identifiers.iban_de(rng)
    if slot == "address":
        if lang == "de":
            city, lo, hi, _ = vocab.CITIES_DE[int(rng.integers(len(vocab.CITIES_DE)))]
            street = vocab.STREETS_DE[int(rng.integers(len(vocab.STREETS_DE)))]
            return (
                f"{street} {int(rng.integers(1, 120))}, {int(rng.integers(lo, hi + 1)):05d} {city}"
            )
        street = vocab.STREETS_EN[int(rng.integers(len(vocab.STREETS_EN)))]
        city = ("Leeds", "Bristol", "Manchester")[int(rng.integers(3))]
        return f"{int(rng.integers(1, 400))} {street}, {city}"
    if slot == "card":
        return identifiers.TEST_CARDS[int(rng.integers(len(identifiers.TEST_CARDS)))]
    if slot == "dob":
        year, month, day = (
            int(rng.integers(1955, 2000)),
            int(rng.integers(1, 13)),
            int(rng.integers(1, 29)),
        )
        if lang == "de":
            return f"{day:02d}.{month:02d}.{year}"
        months = (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        )
        return f"{day} {months[month - 1]} {year}"
    if slot == "ip":
        return identifiers.test_ip(rng)
    if slot == "taxid":
        return identifiers.tax_id_de(rng)
    raise KeyError(slot)


def _pii_sentence(rng: np.random.Generator, lang: str) -> tuple[str, set[str]]:
    templates = PII[lang]
    template = templates[int(rng.integers(len(templates)))]
    slots = _slots(template)
    text = template.format(**{s: _slot_value(rng, s, lang) for s in slots})
    return text, {SLOT_TYPES[s] for s in slots}


def compose(rng: np.random.Generator, lang: str, kind: str) -> tuple[str, TextTruth | None]:
    """One free text of ``kind`` (harmless, pii, special, decoy) in ``lang``, with its truth."""
    harmless = HARMLESS[lang]
    filler = harmless[int(rng.integers(len(harmless)))]
    if kind == "harmless":
        if rng.random() < 0.3:
            return f"{filler} {harmless[int(rng.integers(len(harmless)))]}", None
        return filler, None
    if kind == "decoy":
        decoy_kind, en, de = DECOYS[int(rng.integers(len(DECOYS)))]
        text = de if lang == "de" else en
        return (f"{text} {filler}" if rng.random() < 0.4 else text), TextTruth(decoy=decoy_kind)
    if kind == "pii":
        text, found = _pii_sentence(rng, lang)
        if rng.random() < 0.5:
            text = f"{filler} {text}"
        return text, TextTruth(pii=tuple(sorted(found)))
    if kind == "special":
        category = CATEGORIES[int(rng.integers(len(CATEGORIES)))]
        sentences = SPECIAL[lang][category]
        parts = [sentences[int(rng.integers(len(sentences)))]]
        pii: set[str] = set()
        if rng.random() < 0.3:
            extra, pii = _pii_sentence(rng, lang)
            parts.append(extra)
        if rng.random() < 0.3:
            parts.insert(0, filler)
        return " ".join(parts), TextTruth(pii=tuple(sorted(pii)), special=(category,))
    raise ValueError(f"unknown text kind {kind}")


def free_texts(
    rng: np.random.Generator, langs: Sequence[str] | np.ndarray, shares: Sequence[float]
) -> tuple[list[str], list[TextTruth | None]]:
    """Free texts for rows of the given languages; ``shares`` weigh :data:`KINDS`."""
    kinds = rng.choice(len(KINDS), size=len(langs), p=np.asarray(shares) / np.sum(shares))
    bodies: list[str] = []
    truths: list[TextTruth | None] = []
    for lang, k in zip(langs, kinds, strict=True):
        body, truth = compose(rng, lang, KINDS[k])
        bodies.append(body)
        truths.append(truth)
    return bodies, truths
