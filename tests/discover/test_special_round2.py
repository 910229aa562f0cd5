"""Special categories, second round of issue #12: the weak categories and German morphology.

Rules in ``gdpr_audit/discover/vocab/special_rules.yaml``, the vocabularies
``ethnic_*.txt`` and the matcher and context changes of ``special_vocab.py`` /
``special_context.py``. Every rule has a positive and a trap; the sentences are made up
and differ from the development set ``benchmarks/eval/dev_special_v2.jsonl``.
"""

from __future__ import annotations

import pytest

from gdpr_audit.discover.special import categories_in, find_special
from gdpr_audit.discover.special_context import label_start
from gdpr_audit.discover.special_vocab import find_terms

H, R, P, T = "HEALTH", "RELIGION", "POLITICAL_OPINION", "TRADE_UNION"
E, S, B, C, G = "ETHNIC_ORIGIN", "SEXUAL_ORIENTATION", "BIOMETRIC", "CRIMINAL_RECORD", "GENETIC"

CASES = [
    # German morphology: every word of a multi-word term inflects, compound modifiers
    ("de", "Sie ist Sprecherin der Grünen Jugend in Kassel.", {P}),
    ("de", "Seit Jahren aktiv bei der Letzten Generation.", {P}),
    ("de", "Wegen der Leukämiebehandlung erst ab Mai wieder im Büro.", {H}),
    ("de", "Hatte letzte Woche zwei Asthmaanfälle.", {H}),
    ("de", "Die Behandlungsdauer im Projekt war kurz.", set()),
    # strong phrases win over a weak word of another category at the same place
    ("de", "Er ist armenischer Abstammung.", {E}),
    # a strong phrase holding an organisation's name states the person's tie to it
    ("de", "Singt seit Jahren im Kirchenchor der katholischen Pfarrgemeinde.", {R}),
    ("de", "Lieferung an die katholische Kirchengemeinde St. Paul.", set()),
    # religion: place of worship, holidays taken, congregation roles, first person
    ("en", "Visits the mandir with her grandmother most weekends.", {R}),
    ("en", "The temple restoration project needs scaffolding quotes.", set()),
    ("en", "Booked two days off for Navratri.", {R}),
    ("en", "Navratri sale banner for the homepage.", set()),
    ("en", "Deacon at his local Methodist church, busy on Sundays.", {R}),
    ("en", "I'm Sikh, a vegetarian meal please.", {R}),
    ("de", "Ministrantin in der Pfarrei St. Georg.", {R}),
    ("de", "Hat für Newroz und Bayram frei genommen.", {R}),
    # political opinion
    ("en", "Voted Remain and still wears the badge.", {P}),
    ("en", "Leave the door open for the cleaner.", set()),
    ("en", "Said he would never vote Labour again.", {P}),
    ("en", "Canvasses for the SNP every election.", {P}),
    ("de", "Wettert bei jedem Anruf stundenlang über die Ampel.", {P}),
    ("de", "Ist Mitglied der Piratenpartei.", {P}),
    ("de", "Die Piratenpartei hat ein Angebot angefragt.", set()),
    # ethnic origin
    ("en", "Ethnic group: Black African.", {E}),
    ("en", "Ethnic group: prefer not to say.", set()),
    ("en", "Her grandparents were Romanichal Travellers.", {E}),
    ("en", "German-American chamber of commerce asked for a quote.", set()),
    ("en", "Half Ghanaian, half Welsh, grew up in Cardiff.", {E}),
    ("en", "Half price, half the hassle.", set()),
    ("de", "Türkischstämmige Kundin, spricht lieber Deutsch.", {E}),
    ("de", "Deutsch-Türkische Handelskammer bestellt Kataloge.", set()),
    ("de", "Ist Spätaussiedler aus Kasachstan.", {E}),
    ("de", "Die Tataren-Sauce war beim Catering aus.", set()),
    # sexual orientation
    ("en", "Demisexual, mentioned it at the team offsite.", {S}),
    ("en", "Got homophobic abuse from a delivery driver.", {S}),
    ("en", "Came out on top in the tender.", set()),
    ("en", "Queer Lane Bakery ordered new tills.", set()),
    ("de", "Lebt in eingetragener Lebenspartnerschaft seit 2012.", {S}),
    ("de", "Frau Adler kommt mit ihrer Lebenspartnerin Mia.", {S}),
    ("de", "Die Lesbenberatung bestellt neue Laptops.", set()),
    # biometric
    ("en", "Asked us to erase her voiceprint records after she left.", {B}),
    ("en", "Fingerprint reader firmware update for the locker system.", set()),
    ("de", "Handvenenmuster für die Zutrittskontrolle wurde angelegt.", {B}),
    ("de", "Biometrische Anmeldung am Tablet funktioniert nicht.", set()),
    # criminal record
    ("en", "Was taken into custody on Friday, brother called.", {C}),
    ("en", "Custody of the documents stays with legal.", set()),
    ("de", "Ermittlungen wegen Unterschlagung laufen gegen ihn.", {C}),
    ("de", "JVA Rosdorf ist Bestandskunde.", set()),
    # genetic
    ("de", "Hat ihre MyHeritage-DNA-Ergebnisse hochgeladen.", {G}),
    # refusals and form answers deny, a question's answer too
    ("en", "Religion: prefer not to say.", set()),
    ("de", "Konfession: keine Angabe.", set()),
    ("en", "Dietary needs? None.", set()),
    ("de", "Medikamente? Keine.", set()),
    ("en", "Dietary needs? Coeliac, strictly gluten-free.", {H}),
    ("de", "Betriebsärztliche Untersuchung: unauffällig.", set()),
    # a label opening the note; a list of options is a menu
    ("en", "Mennonite, prefers no evening events.", {R}),
    ("en", "Halal, kosher and vegan options at the buffet.", set()),
    # offers, opening hours and policies are about no one
    ("en", "Hearing aids on offer until Sunday.", set()),
    ("de", "Öffnungszeiten im Ramadan: 10 bis 16 Uhr.", set()),
    ("de", "Neue Regelung zur Krankmeldung ab Januar.", set()),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_round2(lang: str, text: str, expected: set[str]) -> None:
    assert categories_in(text, lang) == expected


def test_every_word_of_a_german_term_inflects() -> None:
    hits = find_terms("Delegierter der Jungen Union", "de")
    assert [h.entry.term for h in hits] == ["junge union"]


def test_compound_modifier_needs_a_health_term() -> None:
    (hit,) = find_terms("Brustkrebsbehandlung", "de")
    assert (hit.entry.category, hit.entry.term) == ("HEALTH", "brustkrebs")
    assert find_terms("Fußpflegebehandlung", "de") == []


def test_label_start() -> None:
    text = "Quaker, no events on Sundays."
    assert label_start(text, 0, 6)
    assert not label_start("Halal, kosher or vegan.", 0, 5)
    assert not label_start("The Quaker, no events.", 4, 10)


def test_mentions_keep_their_reason() -> None:
    (m,) = find_special("Sie ist Pomakin.", "de")
    assert (m.category, m.reason) == ("ETHNIC_ORIGIN", "vocab ethnic_de: pomakin")
