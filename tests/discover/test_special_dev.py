"""Development set for special categories as people write them (issue #12), EN + DE.

Written for the rules, independently of the frozen evaluation set
(benchmarks/eval/): positives in plain words, negations (not special data under the
set's convention), and traps (organisations, products, policies, figures of speech).
"""

from __future__ import annotations

import pytest

from gdpr_audit.discover.special import categories_in, find_special

H, R, P, T = "HEALTH", "RELIGION", "POLITICAL_OPINION", "TRADE_UNION"

POSITIVES = [
    # HEALTH in plain words, aids, sick notes, working capacity, diet, occupational medicine
    ("en", "Off until Friday with a slipped disc.", {H}),
    ("en", "Has rheumatoid arthritis, prefers video calls.", {H}),
    ("en", "Her son has cystic fibrosis, she works reduced hours.", {H, "GENETIC"}),
    # a carrier status alone is genetic, not health data
    ("en", "Genetic test: he carries the cystic fibrosis gene.", {"GENETIC"}),
    ("en", "Uses a hearing aid, please speak clearly on calls.", {H}),
    ("en", "Registered for the gala: gluten-free meal due to coeliac disease.", {H}),
    ("en", "Brings an EpiPen, severe nut allergy.", {H}),
    ("en", "Fit note until the 14th, phased return afterwards.", {H}),
    ("en", "Occupational health says light duties for six weeks.", {H}),
    ("en", "Takes metformin twice a day.", {H}),
    ("en", "Guide dog will come along to the workshop.", {H}),
    ("en", "Recovering from a hip replacement.", {H}),
    ("de", "Hat Zöliakie, beim Catering bitte glutenfrei.", {H}),
    ("de", "Ist nach einem Bandscheibenvorfall in der Wiedereingliederung.", {H}),
    ("de", "Kreuzbandriss beim Fußball, sechs Wochen raus.", {H}),
    ("de", "Nimmt Marcumar, bei Terminen vor Ort beachten.", {H}),
    ("de", "Betriebsarzt: nicht tauglich für Nachtschicht.", {H}),
    ("de", "Leidet an Lungenkrebs, Vertretung übernimmt.", {H}),
    ("de", "Braucht einen Platz für den Rollator.", {H}),
    ("de", "Hörgeräteträgerin, bitte deutlich sprechen.", {H}),
    ("de", "Seit der Herz-OP nur noch halbtags.", {H}),
    # RELIGION without the word
    ("en", "Only eats halal, please tell the caterer.", {R}),
    ("en", "Takes Yom Kippur off every year.", {R}),
    ("en", "Left the church last year, church tax no longer deducted.", {R}),
    ("de", "Konfession rk, Kirchensteuer wird einbehalten.", {R}),
    ("de", "Ist zum Islam konvertiert und fastet im Ramadan.", {R}),
    ("de", "Braucht freitags mittags Zeit für das Freitagsgebet.", {R}),
    # POLITICAL_OPINION by party name and views
    ("en", "He is a Labour councillor in Leeds.", {P}),
    ("en", "Stood as the Green Party candidate in May.", {P}),
    ("en", "She is a staunch Brexiteer and says so at every meeting.", {P}),
    ("de", "Sitzt für die CSU im Gemeinderat.", {P}),
    ("de", "Ist seit 2019 FDP-Mitglied.", {P}),
    ("de", "Überzeugter Kommunist, diskutiert gern.", {P}),
    # TRADE_UNION
    ("en", "Union rep from Unison will join the disciplinary hearing.", {T}),
    ("en", "He's a member of the RMT.", {T}),
    ("de", "Ist Mitglied der EVG und Vertrauensmann im Werk.", {T}),
    ("de", "Gewerkschaftsbeitrag an die NGG wird vom Lohn abgezogen.", {T}),
    # other categories in plain words
    ("en", "Received a police caution for shoplifting in 2021.", {"CRIMINAL_RECORD"}),
    ("de", "Gegen ihn läuft ein Strafbefehl, Termin verschoben.", {"CRIMINAL_RECORD"}),
    ("en", "Suffered racist abuse from a supplier's driver.", {"ETHNIC_ORIGIN"}),
    ("de", "Ist Jesidin und spricht Kurmandschi.", {"ETHNIC_ORIGIN"}),
    ("de", "Venenmuster für das Zutrittssystem hinterlegt.", {"BIOMETRIC"}),
]

NEGATIVES = [
    # negation only: not special-category data
    ("en", "No allergies or dietary requirements.", set()),
    ("en", "Allergies: none.", set()),
    ("en", "Not a union member.", set()),
    ("en", "DBS check came back clear.", set()),
    ("en", "Does not need wheelchair access.", set()),
    ("de", "Keine Allergien bekannt.", set()),
    ("de", "Keine Vorstrafen.", set()),
    ("de", "Führungszeugnis ohne Eintrag.", set()),
    ("de", "Ist nicht religiös.", set()),
    ("de", "Barrierefreiheit benötigt: nein", set()),
    # a negation elsewhere does not hide a category
    ("en", "Not available this week, she is on sick leave.", {H}),
    ("de", "Keine Termine am Freitag wegen Freitagsgebet.", {R}),
    ("de", "Führungszeugnis nicht leer, Eintrag wegen Untreue.", {"CRIMINAL_RECORD"}),
]

TRAPS = [
    ("en", "We sell wheelchairs and walking frames.", set()),
    ("en", "Halal and vegetarian meals are available for all guests.", set()),
    ("en", "If anyone needs step-free access, let us know.", set()),
    ("en", "Hearing-aid batteries back in stock.", set()),
    ("en", "The migration was a real headache.", set()),
    ("en", "Race condition in the export job.", set()),
    ("en", "Union Investment renewed the contract.", set()),
    ("en", "Unite ordered 30 licences for their offices.", set()),
    ("en", "She loves Verdi's Aida.", set()),
    ("en", "The SNP won the by-election, the traffic was awful.", set()),
    ("en", "Meeting moved to MS Teams.", set()),
    ("de", "Wir verkaufen Rollatoren und Hörgeräte.", set()),
    ("de", "Die Software hat noch Kinderkrankheiten.", set()),
    ("de", "Die Idee ist voll krank.", set()),
    ("de", "Bäckerei Die Linke Hand bestellt Brötchentüten.", set()),
    ("de", "Gartencenter Grüne Wiese, Lieferung Montag.", set()),
    ("de", "Unser Kunde Klinikum Nord bestellt 20 Lizenzen.", set()),
    ("de", "Kooperation mit dem Vertrieb läuft gut.", set()),
    ("de", "Vertragsstrafe bei Lieferverzug vereinbart.", set()),
    ("de", "Die SPD hat die Wahl gewonnen, sagt das Radio.", set()),
    ("de", "Die Datenschutzverletzung wurde gemeldet.", set()),
]


@pytest.mark.parametrize(("lang", "text", "expected"), POSITIVES + NEGATIVES + TRAPS)
def test_dev_set(lang: str, text: str, expected: set[str]) -> None:
    assert categories_in(text, lang) == expected


def test_vocabulary_mentions_carry_their_reason() -> None:
    (m,) = find_special("Hat Zöliakie.", "de")
    assert (m.category, m.rule, m.reason) == ("HEALTH", "vocab", "vocab health_de: zöliakie")
    (c,) = find_special("Kniefraktur beim Skifahren.", "de")
    assert c.reason == "vocab health_heads_de: fraktur"
    (p,) = find_special("Ist SPD-Mitglied.", "de")
    assert p.category == "POLITICAL_OPINION" and p.reason
