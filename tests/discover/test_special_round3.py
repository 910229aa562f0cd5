"""Special categories, third round of issue #12: generalisation beyond the development rows.

Everyday condition words and rites (``vocab/*.txt`` from ``benchmarks/vocab/seeds/``), login
and clock-in biometrics, release and licence, same-sex partners in German, and the traps
that come with them: a place of worship as a landmark, venue or building site, events and
organisations named after a condition or a holiday, biometric technology about no one.
Every rule has a positive and a trap; the sentences are made up and differ from the check
set ``benchmarks/vocab/dev_round3.jsonl``.
"""

from __future__ import annotations

import pytest

from gdpr_audit.discover.special import categories_in
from gdpr_audit.discover.special_context import technology_only

H, R, P, C = "HEALTH", "RELIGION", "POLITICAL_OPINION", "CRIMINAL_RECORD"
E = "ETHNIC_ORIGIN"
S, B = "SEXUAL_ORIENTATION", "BIOMETRIC"

CASES = [
    # everyday conditions and rites from the seed lists
    ("en", "His sleep apnea is why he naps after lunch.", {H}),
    ("en", "She has a bad stammer when nervous.", {H}),
    ("en", "Gout again, he cancelled the site visit.", {H}),
    ("de", "Nach dem Hörsturz hört sie rechts schlechter.", {H}),
    ("de", "Er hat Gicht und kann nicht lange stehen.", {H}),
    ("en", "Steps out at one for salah, she said.", {R}),
    ("de", "Die Tochter hat im Juni Bat Mizwa.", {R}),
    # "Bar" opens no place name before a rite ("Monat Bar Mizwa")
    ("de", "Sein Enkel hat nächsten Monat Bar Mitzwa.", {R}),
    ("de", "Treffen im Hotel Bar Centrale am Hafen.", set()),
    # a place of worship as a landmark, a venue, a building site
    ("de", "Frau Lenz wartet vor der Kirche, dann zum Mittagessen.", set()),
    ("de", "Seine Firma saniert das Dach der Synagoge.", set()),
    ("de", "Er betet jeden Freitag in der Moschee.", {R}),
    ("en", "Her office is opposite the mosque on Hill Road.", set()),
    ("en", "The church hall is booked for her leaving do.", set()),
    ("en", "He is a caretaker at a Catholic primary school.", set()),
    ("en", "He goes to the mosque every Friday.", {R}),
    # events, campaigns and organisations named after a condition or a holiday
    ("en", "Diabetes awareness banner printed for the lobby.", set()),
    ("en", "Diwali campaign creative approved by marketing.", set()),
    ("en", "Tinnitus Foundation asked for a donation receipt.", set()),
    ("en", "The Long Covid service at the trust ordered 40 headsets.", set()),
    ("de", "Seminar zur Demenz-Prävention für die Pflegekräfte.", set()),
    ("de", "Die Rheuma-Liga bestellt 50 Kalender.", set()),
    ("de", "Die Diabetes-Ambulanz hat das Angebot unterschrieben.", set()),
    # biometrics: login and clock-in modalities of a person; the technology about no one
    ("en", "Palm scan set up so she can clock in at the gate.", {B}),
    ("en", "Clocks in with his fingerprint at the depot.", {B}),
    ("en", "Face unlock set up for Mr Adams on the kiosk.", {B}),
    ("en", "Fingerprint login is on the roadmap for the app.", set()),
    ("de", "Gesichtsscan für Frau Roth am Eingang hinterlegt.", {B}),
    ("de", "Handvenen-Login für Hrn. Graf im Lager eingerichtet.", {B}),
    ("de", "Die neuen Handys haben eine Stimmerkennung.", set()),
    ("de", "Der Fingerabdruck des SSH-Schlüssels hat sich geändert.", set()),
    # criminal record: release, licence, sentence served
    ("en", "Released from HMP Bristol in May, looking for work.", {C}),
    ("en", "He is on licence until next spring.", {C}),
    ("en", "Serving 12 months for fraud.", {C}),
    ("en", "We are serving 12 months of data in the dashboard.", set()),
    ("en", "He is serving a 12-month notice period.", set()),
    ("de", "Wurde im März aus der Haft entlassen.", {C}),
    ("de", "Die Haftung des Herstellers ist ausgeschlossen.", set()),
    # sexual orientation: a man living with his male partner, a woman with her wife
    ("de", "Er wohnt seit Jahren mit seinem Mann zusammen.", {S}),
    ("de", "Sie ist mit ihrer Partnerin zusammengezogen.", {S}),
    ("de", "Er arbeitet mit seinem Partner in der Kanzlei.", set()),
    # second batch of plain-word conditions; figurative uses stay out
    ("en", "Her COPD is worse in winter, calls are shorter.", {H}),
    ("en", "He has had a stoma since the surgery.", {H}),
    ("en", "Shares were paralysed by the news.", set()),
    ("de", "Er hat Morbus Crohn und braucht Pausen.", {H}),
    ("de", "Sie ist trockene Alkoholikerin, kein Sekt beim Empfang.", {H}),
    ("de", "Der Streik hat den Hafen gelähmt.", set()),
    # political: an affiliation said of someone, a politician's fan, office abbreviations
    ("en", "He is a Lib Dem and proud of it.", {P}),
    ("en", "Huge Farage fan, steer clear of politics.", {P}),
    ("en", "Was an SNP MSP until 2021.", {P}),
    ("en", "The Trump administration raised tariffs on steel.", set()),
    ("de", "Bekennender Söder-Fan, trägt Trachtenjanker.", {P}),
    ("de", "Die Merz-Regierung plant neue Steuern.", set()),
    # a reason is outside a negation's scope
    ("en", "Doesn't drink alcohol for religious reasons.", {R}),
    ("en", "No religious reasons were given for the absence.", set()),
    # third batch: rites and orders, minorities, slurs thrown at someone
    ("de", "Ihr Sohn wird nächste Woche gefirmt.", {R}),
    ("de", "Sie war zwanzig Jahre Ordensschwester.", {R}),
    ("de", "Ihre Eltern kamen als Gastarbeiter aus Italien.", {E}),
    ("de", "Die Ausstellung über Gastarbeiter öffnet im Mai.", set()),
    ("de", "Wurde auf dem Parkplatz als Kanake beschimpft.", {E}),
    ("en", "His grandparents came over with the Windrush generation.", {E}),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_round3_rules(language: str, text: str, expected: set[str]) -> None:
    assert categories_in(text, language) == expected


def test_technology_only_needs_no_person_and_no_handling() -> None:
    assert technology_only("Die neuen Handys haben eine Stimmerkennung.", "Stimmerkennung", "de")
    assert not technology_only("Er nutzt die Stimmerkennung am Handy.", "Stimmerkennung", "de")
    assert not technology_only("Voiceprint registered for phone banking.", "Voiceprint", "en")
    # a term that is no technology in a sentence about no device is left to the other rules
    assert not technology_only("Fingerprint template on file.", "Fingerprint", "en")
