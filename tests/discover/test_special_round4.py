"""Special categories, fourth round of issue #12: precision of the rules.

Causes of false positives found on the classifier's training files (rules alone), each
fixed where it generalises: the topic of an event or a publication, an organisation as the
customer, a condition of an animal or a machine, a question about a product, a victim
taken for an offender, an occupation, a surname after a title, "ev." for eventuell, a
contract party, figures of speech, form answers that deny. Every rule has a positive and a
trap; the sentences are made up and differ from the training and development rows.
"""

from __future__ import annotations

import pytest

from gdpr_audit.discover.special import categories_in

H, R, P, C = "HEALTH", "RELIGION", "POLITICAL_OPINION", "CRIMINAL_RECORD"
E, T, S = "ETHNIC_ORIGIN", "TRADE_UNION", "SEXUAL_ORIENTATION"
B, G = "BIOMETRIC", "GENETIC"

CASES = [
    # the topic of an event or a publication is no one's data
    ("de", "Frau Ilg meldet sich zum Seminar „Leben mit Rheuma“ an.", set()),
    ("de", "Frau Ilg hat Rheuma und sagt das Seminar ab.", {H}),
    ("de", "Hr. Sander hat einen Artikel über Multiple Sklerose geteilt.", set()),
    ("de", "Hr. Sander hat Multiple Sklerose, Termine nur vormittags.", {H}),
    ("en", "Booked two seats on the webinar on epilepsy at work.", set()),
    ("en", "He has epilepsy, so no night shifts on the rota.", {H}),
    ("en", "Mr Ford liked the keynote 'Living with dyslexia' a lot.", set()),
    # an organisation as the customer
    ("de", "Neuapostolische Gemeinde Kassel bestellt 40 Gesangbuchständer.", set()),
    ("de", "Hr. Rau ist Vorsitzender der Neuapostolischen Gemeinde, bestellt 40 Ständer.", {R}),
    ("en", "Plaid Cymru branch office ordered 500 window posters.", set()),
    ("en", "She is chair of the Plaid Cymru branch and ordered 500 posters.", {P}),
    # a condition of an animal or a machine
    ("de", "Die Katze von Fr. Moll hat Asthma, sie bestellt Spezialstreu.", set()),
    ("de", "Fr. Moll hat Asthma, die Katze schläft trotzdem im Bett.", {H}),
    ("en", "Their dog is recovering from surgery, order paused.", set()),
    ("en", "I'm buying a car through the scheme because of my arthritis.", {H}),
    ("de", "Unser Server hatte gestern einen Herzinfarkt, Shop war down.", set()),
    # a question about a product, no one's data handled or named
    ("de", "Kundin fragt, ob die Haustür auch Gesichtserkennung kann.", set()),
    ("de", "Kunde fragt, ob er sein Gentest-Ergebnis angeben muss.", {G}),
    ("en", "Does the laptop support fingerprint login at all?", set()),
    ("en", "Asked whether the form asks about gene tests - she's a BRCA2 carrier.", {G}),
    # a victim reporting a crime is no offender
    ("en", "Customer reported card fraud, card blocked and reissued.", set()),
    ("en", "Customer was convicted of card fraud in 2019.", {C}),
    ("de", "Kunde hat Anzeige wegen Diebstahl seines Fahrrads erstattet.", set()),
    # an occupation is no condition or record
    ("de", "Fr. Lenz ist Psychotherapeutin und bestellt Praxissoftware.", set()),
    ("de", "Fr. Lenz war beim Psychotherapeuten, Termin verschoben.", {H}),
    ("en", "Applicant works as a prison officer in Leeds.", set()),
    ("en", "Applicant was released from prison last spring.", {C}),
    # a surname after a title
    ("de", "Rückruf an Hr. Krank wegen der Rechnung.", set()),
    ("de", "Hr. Brauer ist krank, Rückruf morgen.", {H}),
    ("en", "Invoice for Mrs Jane Gay approved.", set()),
    # "ev." for eventuell; a contract party
    ("de", "Fr. Weber kommt ev. später zum Termin.", set()),
    ("de", "Konfession Fr. Weber: ev.", {R}),
    ("de", "Hr. Ott ist Partei im Mietvertrag mit der Stadt.", set()),
    ("de", "Hr. Ott ist Mitglied der Partei Die Linke.", {P}),
    # figures of speech
    ("de", "Hr. Sauer hat Bauchschmerzen mit der Vertragsklausel 4.", set()),
    ("de", "Hr. Sauer hat Bauchschmerzen, ruft morgen an.", {H}),
    ("en", "The client has been deaf to our reminders for weeks.", set()),
    # form answers that deny
    ("de", "Bekannte Allergien oder Unverträglichkeiten: nichts bekannt", set()),
    ("de", "Religiöse Speisevorschriften? ( ) ja (x) nein", set()),
    ("de", "Ich esse kein Schwein, aber nicht wegen der Religion.", set()),
    ("de", "Fr. Adler ist jüdischer Herkunft, aber nicht religiös.", {E}),
    ("en", "Wheelchair access needed? No", set()),
    ("en", "Wheelchair access needed for her, she uses one daily.", {H}),
    ("de", "Führungszeugnis Fr. Aust: ohne Eintrag.", set()),
    ("de", "Führungszeugnis Fr. Aust: zwei Einträge wegen Betrug.", {C}),
    ("de", "Führungszeugnis für Hr. Lenz beantragt, Antwort offen.", set()),
    # a diet for taste, a predicate denied, a plain denial of genetic data
    ("de", "Bitte kein Schweinefleisch, schmeckt mir einfach nicht.", set()),
    ("de", "Bitte kein Schweinefleisch, ich bin Muslima.", {R}),
    ("de", "Fingerabdruck-Zeiterfassung wird laut Beschluss nicht eingeführt.", set()),
    ("de", "Speicherung genetischer Daten: nicht erforderlich.", set()),
    ("de", "Vaterschaftstest von Hr. Kurz: negativ.", {G}),
    # a CRM field, a biometric passport photo, a shop question, people in general
    ("de", "Feld „Konfession“ im Bewerberportal bitte ausblenden.", set()),
    ("en", "Please hide the religion field from line managers.", set()),
    ("de", "Biometrische Passbilder für Fr. Eck gedruckt.", set()),
    ("de", "Habt ihr die Diabetiker-Schokolade noch auf Lager?", set()),
    ("de", "Ich bin Diabetiker, habt ihr zuckerfreie Schokolade?", {H}),
    ("de", "Fr. Ohm fragt, ob die Führung auch für Menschen mit Sehbehinderung geht.", set()),
    ("de", "Fr. Ohm hat eine Sehbehinderung, bitte Unterlagen in Großdruck.", {H}),
    # a strike of others, a machine that "streikt", Rome, Sorbian cuisine, church tax rates
    ("de", "Lieferung verspätet wegen Streik der Hafenarbeiter in Hamburg.", set()),
    ("de", "Hr. Beck ist ver.di-Mitglied und streikt am Montag mit.", {T}),
    ("de", "Die Spülmaschine streikt schon wieder, bitte Techniker schicken.", set()),
    ("de", "Hotel in Roma Trastevere für Fr. Sanz gebucht.", set()),
    ("de", "Fr. Sanz gehört zur Minderheit der Roma.", {E}),
    ("de", "Kochbuch Sorbische Küche für Hr. Noack bestellt.", set()),
    ("de", "Kirchensteuersatz für Bayern im Lohnprogramm auf 8 % gesetzt.", set()),
    ("de", "Hr. Lutz zahlt Kirchensteuer, Abzug prüfen.", {R}),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_round4_rules(language: str, text: str, expected: set[str]) -> None:
    assert categories_in(text, language) == expected
