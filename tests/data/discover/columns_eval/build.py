"""Rebuild the made-up column evaluation tables (deterministic, seed 12).

Written for issue #12 by the same author as the column rules, BEFORE the rules were
changed; headers follow the documented exports of the systems named in README.md.
Every value is invented (name lists, random digits with valid check digits,
random bytes for templates): no real person. Run:
``.venv/bin/python tests/data/discover/columns_eval/build.py``.
"""

from __future__ import annotations

import base64
import csv
import random
from pathlib import Path

from stdnum.de import idnr
from stdnum.iso7064 import mod_11_10

HERE = Path(__file__).parent
RNG = random.Random(12)
N = 12

FIRST_EN = ["Olivia", "James", "Emily", "Daniel", "Grace", "Henry", "Chloe", "Samuel", "Ruby"]
LAST_EN = ["Carter", "Hughes", "Bennett", "Price", "Foster", "Russell", "Hayes", "Murray"]
FIRST_DE = ["Anna", "Jürgen", "Katrin", "Tobias", "Sabine", "Florian", "Heike", "Lukas", "Ute"]
LAST_DE = ["Schröder", "Krause", "Lehmann", "Vogel", "Brandt", "Engel", "Winter", "Pohl"]
COMPANIES = [
    "Nordwind Logistik GmbH",
    "Acme Inc.",
    "Blue Harbor Ltd",
    "Kessler & Partner KG",
    "Orbit Systems AG",
    "Greenfield Solutions",
    "Hansa Verlag GmbH",
    "Vertex Corp.",
]


def person(lang: str = "en") -> str:
    first, last = (FIRST_EN, LAST_EN) if lang == "en" else (FIRST_DE, LAST_DE)
    return f"{RNG.choice(first)} {RNG.choice(last)}"


def email(name: str) -> str:
    fold = name.lower().replace("ö", "oe").replace("ü", "ue").replace(" ", ".")
    return f"{fold}@example.{RNG.choice(['com', 'de', 'org'])}"


def tax_id() -> str:
    while True:
        digits = RNG.sample("123456789", 9)
        body = "".join(digits)
        body = body + body[RNG.randrange(1, 9)]
        candidate = body + mod_11_10.calc_check_digit(body)
        if idnr.is_valid(candidate):
            return candidate


def svnr() -> str:
    """German pension-insurance number: area, birth date, initial, serial, check digit."""
    area = f"{RNG.randrange(10, 80):02d}"
    birth = f"{RNG.randrange(1, 28):02d}{RNG.randrange(1, 12):02d}{RNG.randrange(50, 99):02d}"
    letter = RNG.choice("ABKLMSW")
    serial = f"{RNG.randrange(0, 99):02d}"
    num = area + birth + f"{ord(letter) - 64:02d}" + serial
    weights = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1]
    total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(num, weights, strict=True))
    return area + birth + letter + serial + str(total % 10)


def ssn() -> str:
    return f"{RNG.randrange(100, 665)}-{RNG.randrange(10, 99)}-{RNG.randrange(1000, 9999)}"


def dob(fmt: str) -> str:
    y, m, d = RNG.randrange(1950, 2002), RNG.randrange(1, 13), RNG.randrange(1, 29)
    return fmt.format(y=y, m=m, d=d)


def ts() -> str:
    day = f"2024-{RNG.randrange(1, 13):02d}-{RNG.randrange(1, 29):02d}"
    return f"{day} {RNG.randrange(8, 18):02d}:{RNG.randrange(0, 60):02d}:00"


def template() -> str:
    return base64.b64encode(RNG.randbytes(RNG.randrange(150, 400))).decode()


def ip() -> str:
    parts = ((11, 223), (0, 255), (0, 255), (1, 254))
    return ".".join(str(RNG.randrange(lo, hi)) for lo, hi in parts)


def phone_de() -> str:
    return f"+49 {RNG.choice(['30', '40', '89', '221'])} {RNG.randrange(1000000, 9999999)}"


def phone_us() -> str:
    return f"(415) {RNG.randrange(200, 999)}-{RNG.randrange(1000, 9999)}"


def sf_id(prefix: str) -> str:
    return prefix + "".join(
        RNG.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789") for _ in range(15)
    )


def write(name: str, columns: dict[str, object]) -> None:
    rows = [[f() if callable(f) else f for f in columns.values()] for _ in range(N)]
    with (HERE / name).open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        w.writerows(rows)


def pick(options: list[str]):
    return lambda: RNG.choice(options)


def main() -> None:
    counter = iter(range(10_000, 99_999))
    nxt = lambda: str(next(counter))  # noqa: E731
    # HubSpot contacts export (knowledge.hubspot.com: "Contact owner", "Record ID")
    write(
        "hubspot_contacts_en.csv",
        {
            "Record ID": nxt,
            "First Name": pick(FIRST_EN),
            "Last Name": pick(LAST_EN),
            "Email": lambda: email(person()),
            "Phone Number": phone_us,
            "Contact owner": person,
            "Owner Id": lambda: str(RNG.randrange(10**7, 10**8)),
            "Company Name": pick(COMPANIES),
            "Create Date": ts,
            "Lifecycle Stage": pick(["lead", "customer", "subscriber"]),
        },
    )
    # Zendesk ticket view export (requester, submitter, assignee, group, organization)
    write(
        "zendesk_tickets_en.csv",
        {
            "Id": nxt,
            "Requester": person,
            "Requester email": lambda: email(person()),
            "Submitter": person,
            "Assignee": person,
            "Assignee id": lambda: str(RNG.randrange(10**9, 10**10)),
            "Group": pick(["Support", "Billing", "Tier 2"]),
            "Organization": pick(COMPANIES),
            "Status": pick(["open", "pending", "solved"]),
            "Priority": pick(["low", "normal", "high"]),
        },
    )
    # A German service-desk export (Sachbearbeiter, Ansprechpartner, Erstellt von)
    write(
        "servicedesk_vorgaenge_de.csv",
        {
            "Vorgangsnummer": nxt,
            "Sachbearbeiter": lambda: person("de"),
            "Ansprechpartner": lambda: person("de"),
            "Erstellt von": lambda: person("de"),
            "Bearbeiter-ID": lambda: f"U{RNG.randrange(1000, 9999)}",
            "Firma": pick(COMPANIES),
            "Status": pick(["offen", "in Bearbeitung", "erledigt"]),
            "Kategorie": pick(["Rechnung", "Lieferung", "Technik"]),
        },
    )
    # Personio payroll export (support.personio.de "Best Practice: Preliminary Payroll")
    write(
        "personio_payroll_de.csv",
        {
            "Personalnummer": nxt,
            "Vorname": pick(FIRST_DE),
            "Nachname": pick(LAST_DE),
            "Geburtstag": lambda: dob("{d:02d}.{m:02d}.{y}"),
            "Konfession": pick(["ev", "rk", "--", "ev", "rk"]),
            "Steueridentifikationsnummer": tax_id,
            "Sozialversicherungsnummer": svnr,
            "Schwerbehinderung": pick(["ja", "nein", "nein", "nein"]),
            "GdB": pick(["", "30", "50", "60", "80"]),
            "Vorgesetzter": lambda: person("de"),
            "Abteilung": pick(["Vertrieb", "Lager", "IT"]),
            "Steuerklasse": pick(["1", "3", "4", "5"]),
        },
    )
    # A US HRIS employee export (EEO fields)
    write(
        "hris_employees_en.csv",
        {
            "Employee ID": nxt,
            "Full Name": person,
            "Manager": person,
            "Date of Birth": lambda: dob("{y}-{m:02d}-{d:02d}"),
            "SSN": ssn,
            "Disability Status": pick(["Yes", "No", "Decline to answer"]),
            "Ethnicity": pick(
                [
                    "Hispanic or Latino",
                    "White",
                    "Asian",
                    "Black or African American",
                    "Two or more races",
                ]
            ),
            "Union Member": pick(["Y", "N"]),
            "Department": pick(["Sales", "Warehouse", "Finance"]),
            "Hire Date": lambda: f"{RNG.randrange(2010, 2024)}-{RNG.randrange(1, 13):02d}-01",
        },
    )
    # A practice-management patient list (German)
    write(
        "praxis_patienten_de.csv",
        {
            "Patienten-Nr": nxt,
            "Name": lambda: person("de"),
            "Behandelnder Arzt": lambda: "Dr. " + person("de"),
            "Blutgruppe": pick(["A+", "0-", "B+", "AB-", "0+"]),
            "Diagnose (ICD-10)": pick(["J45.0", "E11.9", "F32.1", "M54.5", "I10"]),
            "Befund": pick(["unauffällig", "positiv", "negativ", "kontrollbedürftig"]),
            "Termin": ts,
            "Versicherungsart": pick(["GKV", "PKV"]),
        },
    )
    # A lab-results export (English)
    write(
        "lab_results_en.csv",
        {
            "Sample ID": lambda: f"S-{RNG.randrange(100000, 999999)}",
            "Patient Name": person,
            "Ordering Physician": lambda: "Dr. " + person(),
            "Blood Type": pick(["A+", "O-", "B+", "AB+"]),
            "Diagnosis Code": pick(["J45.909", "E11.9", "I10", "K21.9"]),
            "Test Result": pick(["positive", "negative", "inconclusive"]),
            "Collected At": ts,
        },
    )
    # Eventbrite attendee report (custom questions: dietary requirements, accessibility)
    write(
        "eventbrite_attendees_en.csv",
        {
            "Order #": nxt,
            "First Name": pick(FIRST_EN),
            "Last Name": pick(LAST_EN),
            "Email": lambda: email(person()),
            "Ticket Type": pick(["General Admission", "VIP"]),
            "Dietary Requirements": pick(
                ["Vegetarian", "Gluten-free", "None", "Nut allergy", "Diabetic"]
            ),
            "Accessibility Needs": pick(
                ["Wheelchair access", "None", "Hearing loop", "Step-free seating"]
            ),
            "Companion Name": person,
            "Company": pick(COMPANIES),
        },
    )
    # A German event-registration export
    write(
        "veranstaltung_anmeldungen_de.csv",
        {
            "Anmelde-ID": nxt,
            "Vorname": pick(FIRST_DE),
            "Nachname": pick(LAST_DE),
            "E-Mail": lambda: email(person("de")),
            "Begleitperson": lambda: person("de"),
            "Ernährung": pick(
                ["vegetarisch", "vegan", "laktosefrei", "keine Angabe", "glutenfrei"]
            ),
            "Barrierefreiheit": pick(["Rollstuhl", "nein", "Gebärdendolmetscher", "nein"]),
            "Firma": pick(COMPANIES),
            "Zimmerkategorie": pick(["Einzel", "Doppel"]),
        },
    )
    # A shop order export (German)
    write(
        "shop_bestellungen_de.csv",
        {
            "Bestellnummer": nxt,
            "Kunde": lambda: person("de"),
            "Lieferadresse": lambda: (
                f"{RNG.choice(['Hauptstraße', 'Lindenweg', 'Am Markt'])} {RNG.randrange(1, 120)}"
            ),
            "PLZ": lambda: f"{RNG.randrange(10000, 99999)}",
            "Zahlungsart": pick(["PayPal", "Rechnung", "Kreditkarte"]),
            "Betrag": lambda: f"{RNG.randrange(5, 500)},{RNG.randrange(0, 99):02d}",
            "Kunden-IP": ip,
            "Bearbeitet von": lambda: person("de"),
        },
    )
    # Mailchimp audience export (subscribed_members_export_*.csv)
    write(
        "mailchimp_subscribed_en.csv",
        {
            "Email Address": lambda: email(person()),
            "First Name": pick(FIRST_EN),
            "Last Name": pick(LAST_EN),
            "BIRTHDAY": lambda: f"{RNG.randrange(1, 13):02d}/{RNG.randrange(1, 29):02d}",
            "MEMBER_RATING": pick(["1", "2", "3", "4", "5"]),
            "OPTIN_TIME": ts,
            "OPTIN_IP": ip,
            "CONFIRM_TIME": ts,
            "CONFIRM_IP": ip,
            "LATITUDE": lambda: f"{RNG.uniform(47.3, 54.9):.7f}",
            "LONGITUDE": lambda: f"{RNG.uniform(5.9, 15.0):.7f}",
            "GMTOFF": pick(["1", "2"]),
            "TIMEZONE": pick(["Europe/Berlin"]),
            "CC": pick(["DE", "AT"]),
            "LEID": lambda: str(RNG.randrange(10**8, 10**9)),
            "EUID": lambda: f"{RNG.randrange(16**9, 16**10):x}",
        },
    )
    # A cloud telephony call log (English)
    write(
        "telephony_calls_en.csv",
        {
            "Call ID": lambda: f"{RNG.randrange(16**11, 16**12):x}",
            "Caller Number": phone_us,
            "Callee Number": phone_us,
            "Agent": person,
            "Agent ID": lambda: str(RNG.randrange(1000, 9999)),
            "Queue": pick(["Sales", "Support"]),
            "Start Time": ts,
            "Duration": lambda: str(RNG.randrange(5, 900)),
        },
    )
    # A German PBX call list
    write(
        "telefonanlage_anrufe_de.csv",
        {
            "Anruf-ID": nxt,
            "Rufnummer Anrufer": phone_de,
            "Mitarbeiter": lambda: person("de"),
            "Nebenstelle": lambda: str(RNG.randrange(100, 399)),
            "Beginn": ts,
            "Dauer (s)": lambda: str(RNG.randrange(5, 900)),
        },
    )
    # A biometric access-control enrolment export
    write(
        "access_enrolment_en.csv",
        {
            "Badge ID": nxt,
            "Employee Name": person,
            "Fingerprint Template": template,
            "Face Template": template,
            "Enrolled By": person,
            "Door Group": pick(["HQ-Main", "Lab"]),
            "Enrolled At": ts,
        },
    )
    # Salesforce task report (Assigned To, Created By, Owner Name / Owner Id)
    write(
        "salesforce_tasks_en.csv",
        {
            "Activity ID": lambda: sf_id("00T"),
            "Subject": pick(["Call", "Send quote", "Follow up"]),
            "Assigned To": person,
            "Created By": person,
            "Owner Name": person,
            "Owner Id": lambda: sf_id("005"),
            "Related To": pick(COMPANIES),
            "Due Date": lambda: "2024-05-" + f"{RNG.randrange(1, 29):02d}",
        },
    )
    # Traps: owner columns of teams, company and account names, scores
    write(
        "saas_accounts_traps_en.csv",
        {
            "Account Name": pick(COMPANIES),
            "Account Owner": person,
            "Team Owner": pick(["Sales EMEA", "Customer Success", "Partner Desk"]),
            "Health Score": lambda: str(RNG.randrange(0, 100)),
            "Call Result": pick(["Connected", "Voicemail", "No answer"]),
            "Industry": pick(["Retail", "Logistics", "Software"]),
            "Region": pick(["EMEA", "APAC", "NA"]),
            "Support Tier": pick(["Gold", "Silver"]),
        },
    )


if __name__ == "__main__":
    main()
