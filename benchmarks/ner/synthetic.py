"""Synthetic German CRM sentences with PER/LOC labels, for train_de_ner.py.

News and newspaper text (the other training data) rarely reads like a CRM note: a
salutation, a name in a signature or a list, a name next to ordinary capitalised German
nouns ("Termin mit Einkauf"). These templates add that register. Names and places come
from the project's gazetteers (``gazetteers.yaml``: given names and surnames;
``cities.yaml``: GeoNames cities); none of them is a real person's record. Sentences
without a name teach the model that capitalised nouns are not names.
"""

from __future__ import annotations

import random
import re

from gdpr_audit.discover.recognizers.gazetteers import gazetteers

# {F} given name, {S} surname, {C} city; every other word is outside.
TEMPLATES = (
    "Herr {S} bittet um Rückruf wegen der offenen Rechnung .",
    "Frau {S} hat den Newsletter abbestellt .",
    "Frau {F} {S} aus {C} möchte ihre Daten löschen lassen .",
    "Gespräch mit {F} {S} am Dienstag , Angebot folgt .",
    "Telefonat mit Herrn {S} : Lieferung verschiebt sich um zwei Wochen .",
    "Kundin {F} {S} zieht nach {C} um , neue Adresse folgt .",
    "Rückruf an {F} erbeten , Nummer siehe Stammdaten .",
    "{F} {S} ( Einkauf ) bestätigt den Termin in {C} .",
    "Ansprechpartner : {F} {S} , Standort {C}",
    "Mit freundlichen Grüßen {F} {S}",
    "Viele Grüße , {F}",
    "Hallo {F} , anbei das Angebot wie besprochen .",
    "Sehr geehrte Frau {S} , vielen Dank für Ihre Anfrage .",
    "Sehr geehrter Herr {F} {S} , Ihre Bestellung ist unterwegs .",
    "Laut {F} {S} ist der Vertrag bereits gekündigt .",
    "{F} {S} hat sich über den Kundenservice beschwert .",
    "Termin mit {F} {S} in {C} vereinbart .",
    "Die Filiale in {C} meldet Lieferverzug .",
    "Kunde aus {C} , Ansprechpartnerin {F} {S} .",
    "Übergabe an Kollegin {F} {S} , sie betreut ab Montag den Vorgang .",
    "Herr Dr. {S} war beim Vor-Ort-Termin in {C} dabei .",
    "{S} , {F} - Geburtstag im März , Karte schicken .",
    "Neue Rechnungsadresse in {C} , bitte im System ändern .",
    "Frau {S} und Herr {S} nehmen an der Schulung in {C} teil .",
    "E-Mail von {F} {S} weitergeleitet an Vertrieb .",
    "{F} meldet sich nächste Woche wegen des Angebots .",
    "Lieferung nach {C} bestätigt , Versand durch Spedition .",
    "Besuch bei {F} {S} , Filiale {C} .",
)
NEGATIVES = (
    "Termin mit Einkauf verschoben , neuer Termin folgt .",
    "Rechnung per Post verschickt , Mahnung am Freitag .",
    "Kunde wünscht Rückruf zur Lieferung .",
    "Bitte Angebot an die Buchhaltung senden .",
    "Vertrag läuft bis Ende Juni , Verlängerung angefragt .",
    "Newsletter abbestellt , Einwilligung widerrufen .",
    "Zahlung eingegangen , Auftrag freigegeben .",
    "Rücksprache mit Vertrieb und Technik nötig .",
    "Reklamation wegen defekter Ware , Ersatz verschickt .",
    "Kundennummer geändert , Stammdaten aktualisiert .",
    "Die Schulung Datenschutz findet im Besprechungsraum statt .",
    "Angebot für Wartung und Service nachgereicht .",
    "Messe Stand gebucht , Unterlagen folgen .",
    "Bestellung storniert , Gutschrift erstellt .",
    "Betreff : Ihre Anfrage vom Montag",
    "Anlage : Angebot , AGB , Datenschutzhinweise",
    "Diagnosen : Hypertonie , Diabetes mellitus Typ 2",
    "Befund : unauffällig , Kontrolle in sechs Wochen .",
    "Therapie : Ramipril 5 mg , Metformin 1000 mg",
    "Anamnese : seit drei Tagen Fieber und Husten .",
    "EKG : Sinusrhythmus , keine Auffälligkeiten .",
    "Z.n. Knie-OP , Physiotherapie empfohlen .",
    "Kunde seit 2019 , Premium-Tarif , Zahlungsart Lastschrift",
    "Status : offen , Priorität : hoch , Kanal : E-Mail",
    "Wiedervorlage am Donnerstag , Rückfrage bei Technik .",
    "Ware zurückgeschickt , Erstattung über PayPal .",
    "Die Beschwerde wurde an die Qualitätssicherung weitergeleitet .",
    "Mit freundlichen Grüßen Ihr Kundenservice",
    "Sehr geehrte Damen und Herren , anbei die Unterlagen .",
)
_SLOT = re.compile(r"\{([FSC])\}")
_LABEL = {"F": "PER", "S": "PER", "C": "LOC"}


def synthetic_sentences(n: int, seed: int = 0) -> list[tuple[list[str], list[str]]]:
    """``n`` (words, BIO tags) sentences; about one in three without a name."""
    gaz = gazetteers()
    first = sorted(gaz.first_names)
    last = sorted(gaz.surnames)
    cities = sorted(c for c in gaz.cities | gaz.places if " " not in c)
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        template = rng.choice(NEGATIVES) if rng.random() < 0.35 else rng.choice(TEMPLATES)
        words: list[str] = []
        tags: list[str] = []
        for token in template.split():
            slot = _SLOT.fullmatch(token)
            if not slot:
                words.append(token)
                tags.append("O")
                continue
            kind = slot.group(1)
            pool = {"F": first, "S": last, "C": cities}[kind]
            words.append(rng.choice(pool))
            label = _LABEL[kind]
            # a given name right before its surname is one person
            inside = kind == "S" and tags[-1:] == ["B-PER"]
            tags.append(f"I-{label}" if inside else f"B-{label}")
        out.append((words, tags))
    return out
