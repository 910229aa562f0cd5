"""Development set for special categories as people write them (issue #12), EN + DE.

Written for the rules, independently of the frozen evaluation set
(benchmarks/eval/): positives in plain words, negations (not special data under the
set's convention), and traps (organisations, products, policies, figures of speech).
"""

from __future__ import annotations

import pytest

from gdpr_audit.discover.special import categories_in, find_special, special_terms

H, R, P, T = "HEALTH", "RELIGION", "POLITICAL_OPINION", "TRADE_UNION"
G = "GENETIC"

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


# Second round (issue #12, weak categories): German religious practice, English party
# politics, German genetic results, and HEALTH look-alikes (charities named after a
# condition, counted products, figures of speech, staff policies).
POSITIVES_2 = [
    ("de", "Geht freitags in die Moschee.", {R}),
    ("de", "Ist letztes Jahr aus der Kirche ausgetreten.", {R}),
    ("de", "Konfession: ev.", {R}),
    ("de", "Konfession: röm.-kath.", {R}),
    ("de", "Fastet im Ramadan, Termine bitte nicht mittags.", {R}),
    ("de", "Bitte koscheres Essen für Hr. Levi.", {R}),
    ("de", "Nimmt am 12.5. frei wegen Firmung der Tochter.", {R}),
    ("de", "Urlaub wegen Erstkommunion des Sohnes.", {R}),
    ("de", "Isst kein Schweinefleisch aus religiösen Gründen.", {R}),
    ("de", "Sonntags immer im Gottesdienst, keine Anrufe.", {R}),
    ("de", "Trägt Kopftuch, Foto für Ausweis entsprechend.", {R}),
    ("de", "Zum Zuckerfest zwei Tage Urlaub eingetragen.", {R}),
    ("de", "Kirchensteuermerkmal: rk", {R}),
    ("de", "Ist Mitglied der Neuapostolischen Kirche.", {R}),
    ("de", "Singt im Kirchenchor ihrer Gemeinde.", {R}),
    ("de", "Wird nächsten Monat getauft, bat um Urlaub.", {R}),
    ("de", "Hält den Sabbat, freitags ab 15 Uhr nicht erreichbar.", {R}),
    ("de", "Pilgert im Sommer nach Mekka.", {R}),
    ("de", "Ist in die evangelische Kirche eingetreten.", {R}),
    ("de", "Mitglied der jüdischen Gemeinde Frankfurt.", {R}),
    ("de", "Will wegen Jom Kippur den Termin verschieben.", {R}),
    ("de", "Macht im Herbst die Hadsch.", {R}),
    ("de", "Fastet in der Fastenzeit, kein Fleisch bei der Feier.", {R}),
    ("de", "Ihr Mann ist Pastor, sie leitet den Bibelkreis.", {R}),
    ("de", "Zahlt keine Kirchensteuer mehr seit dem Austritt.", {R}),
    ("de", "Betet fünfmal am Tag, braucht einen ruhigen Raum.", {R}),
    ("de", "Bekennender Christ, spricht oft über seinen Glauben.", {R}),
    ("de", "Ist Buddhistin und meditiert täglich.", {R}),
    ("de", "Teilnahme am Iftar der Firma angemeldet.", {R}),
    ("de", "Sohn hat Bar Mizwa im Mai.", {R}),
    ("en", "Sits for the Greens on the city council.", {P}),
    ("en", "He is a Labour councillor.", {P}),
    ("en", "Active in the Green Party, leafleting most weekends.", {P}),
    ("en", "Votes Tory, always has.", {P}),
    ("en", "She is standing for the Lib Dems in the May elections.", {P}),
    ("en", "Former Conservative MP, now consulting.", {P}),
    ("en", "Treasurer of the local Labour branch.", {P}),
    ("en", "Card-carrying Tory.", {P}),
    ("en", "Canvassing for Reform UK this weekend, back Monday.", {P}),
    ("en", "Joined the SNP after the referendum.", {P}),
    ("en", "Is a Democrat and volunteers for the campaign.", {P}),
    ("en", "Votes Republican and talks about it a lot.", {P}),
    ("en", "Strongly against immigration, said so on the call.", {P}),
    ("en", "Is a committed socialist.", {P}),
    ("en", "Plaid Cymru member, prefers Welsh correspondence.", {P}),
    ("en", "Ran for mayor as an independent last year.", {P}),
    ("en", "Her husband is a Tory councillor.", {P}),
    ("en", "Member of the Green Party since 2010.", {P}),
    ("en", "Mentioned he's a lifelong Labour voter.", {P}),
    ("en", "Campaigns against Brexit in his spare time.", {P}),
    ("en", "Deputy leader of the local Liberal Democrats.", {P}),
    ("en", "He hands out AfD flyers at the market.", {P}),
    ("en", "Supports the Greens, donates monthly.", {P}),
    ("de", "Sitzt für die Grünen im Stadtrat.", {P}),
    ("de", "Kandidiert für die CDU bei der Kommunalwahl.", {P}),
    ("de", "Ist bei den Jusos aktiv.", {P}),
    ("de", "Junge Union, Kreisvorsitzender.", {P}),
    ("de", "AfD-Wähler, sagt er offen.", {P}),
    ("de", "Wählt seit Jahren Linke.", {P}),
    ("de", "Grünen-Stadträtin in Freiburg.", {P}),
    ("de", "Gentest ergab: Anlageträgerin für BRCA1.", {G}),
    ("de", "Ist Anlageträger für Mukoviszidose.", {G}),
    ("de", "Familie ist erblich belastet mit Darmkrebs, Vorsorge jährlich.", {G, H}),
    ("de", "DNA-Analyse im Rahmen der Vaterschaftsklärung.", {G}),
    ("de", "Humangenetische Beratung nächste Woche.", {G}),
    ("de", "Ergebnis der Genanalyse liegt vor: Faktor-V-Leiden.", {G, H}),
    ("de", "Hat einen Gendefekt, der das Sehen betrifft.", {G, H}),
    ("de", "BRCA2-Mutation nachgewiesen, OP geplant.", {G}),
    ("de", "Hat das Marfan-Syndrom.", {G, H}),
    ("de", "Erbanlage für Hämochromatose festgestellt.", {G, H}),
    ("de", "Speichelprobe für den DNA-Test eingeschickt.", {G}),
    ("de", "Pränataldiagnostik: Trisomie 21 beim Ungeborenen.", {G, H}),
    ("de", "Genetische Untersuchung wegen familiärer Häufung.", {G}),
    ("de", "Ist Trägerin des Huntington-Gens.", {G}),
    ("en", "Carrier of the sickle cell trait.", {G}),
    ("en", "His genome report from 23andMe flagged APOE4.", {G}),
    ("en", "Tested BRCA1 positive, surgery planned.", {G, H}),
    ("en", "Has Factor V Leiden, on blood thinners.", {G, H}),
    ("en", "Sent a saliva sample for a DNA test.", {G}),
    ("de", "Hr. Özdemir fastet, Mittagessen beim Workshop bitte nicht einplanen.", {R}),
    ("de", "Kirchenaustritt 2022, Kirchensteuermerkmal entfällt ab März.", {R}),
    ("de", "Anmeldung Sommerfest: Essen bitte halal.", {R}),
    ("de", "Konfession: römisch-katholisch", {R}),
    ("de", "Religionszugehörigkeit: evangelisch-lutherisch", {R}),
    ("de", "Frau Cohen feiert Pessach, ab Mittwoch nicht erreichbar.", {R}),
    ("de", "Tochter hat am Sonntag Konfirmation, Urlaub genehmigt.", {R}),
    ("de", "Er geht jeden Sonntag zur Messe.", {R}),
    ("de", "Möchte in der Mittagspause beten, Raum 2.14 ist frei.", {R}),
    ("de", "Ist Presbyterin in ihrer Gemeinde.", {R}),
    ("de", "Trägt aus Glaubensgründen einen Turban.", {R}),
    ("en", "Asked for a quiet room for Friday prayers.", {R}),
    ("en", "Won't work Saturdays - keeps the Sabbath.", {R}),
    ("en", "She's Orthodox Jewish, no meetings on Friday evenings.", {R}),
    ("en", "Needs Eid off, booked as annual leave.", {R}),
    ("en", "He's a Methodist lay preacher.", {R}),
    ("en", "Left the Catholic Church after the scandal.", {R}),
    ("en", "Vegetarian meal, no beef - he is Hindu.", {R}),
    ("en", "Gave up alcohol for Lent, so no wine at the dinner.", {R}),
    ("en", "She wears a hijab; photo for the badge accordingly.", {R}),
    ("en", "Councillor for the Lib Dems in Bath.", {P}),
    ("en", "He's on the Labour Party's national executive.", {P}),
    ("en", "Ex-UKIP candidate, now independent.", {P}),
    ("en", "Very vocal Remainer, brings it up in every call.", {P}),
    ("en", "Delivers leaflets for the Tories at election time.", {P}),
    ("en", "She chairs the local Conservative association.", {P}),
    ("en", "Big supporter of the SNP, wants independence.", {P}),
    ("en", "He went on the climate march in London.", {P}),
    ("en", "Elected as a Green councillor in 2022.", {P}),
    ("en", "Member of Plaid Cymru.", {P}),
    ("de", "Ist seit zehn Jahren in der SPD.", {P}),
    ("de", "Frau Berg ist Kreisrätin der Freien Wähler.", {P}),
    ("de", "Er ist Ortsvorsitzender der CDU.", {P}),
    ("de", "Stand bei der Landtagswahl auf der Liste der Grünen.", {P}),
    ("de", "Engagiert sich bei der Linken.", {P}),
    ("de", "Ist AfD-Mitglied, laut eigener Aussage.", {P}),
    ("de", "Bekennender Monarchist.", {P}),
    ("de", "Hilft beim Infostand der FDP in der Fußgängerzone.", {P}),
    ("de", "Laut Humangenetik: Lynch-Syndrom bestätigt.", {G, H}),
    ("de", "Vaterschaftstest negativ, Unterhalt entfällt.", {G}),
    ("de", "Trägt die BRCA1-Mutation, Vorsorge halbjährlich.", {G}),
    ("de", "Wartet auf das Ergebnis der genetischen Untersuchung.", {G}),
    ("de", "Hat Chorea Huntington in der Familie, Gentest abgelehnt.", {G}),
    ("en", "Genetic counselling booked after the BRCA result.", {G}),
    ("en", "Has haemophilia, carries his own factor.", {G, H}),
    ("de", "Seit dem Unfall Gehbehinderung, Parkplatz nah am Eingang.", {H}),
    ("de", "Krank seit 3 Wochen, AU liegt vor.", {H}),
    ("de", "3 Wochen Reha nach der Knie-OP.", {H}),
    ("en", "Off sick 2 weeks after surgery.", {H}),
    ("en", "Needs 2 insulin injections during the day.", {H}),
    ("en", "Autistic, prefers written communication.", {H}),
    ("de", "Hat Epilepsie, bitte kein Stroboskop beim Event.", {H}),
    ("en", "Dyslexic - send documents in advance please.", {H}),
]

TRAPS_2 = [
    ("en", "Union Investment sent the quarterly statement.", set()),
    ("en", "Our product catalogue lists 40 diabetic socks.", set()),
    ("en", "Catalogue item: insulin cooler bag, blue.", set()),
    ("en", "Pharmacy chain ordered 200 asthma inhalers.", set()),
    ("en", "Cancer Research UK is our customer since 2018.", set()),
    ("en", "Alzheimer's Society renewed their licence.", set()),
    ("en", "Order #4411: 3 wheelchairs, 2 crutches.", set()),
    ("en", "The dashboard is sick, great work!", set()),
    ("en", "This bug is a cancer on the codebase.", set()),
    ("en", "The quarterly numbers gave me a heart attack.", set()),
    ("en", "I'm allergic to meetings before ten.", set()),
    ("en", "Diabetes UK booked the conference room.", set()),
    ("en", "Medication reminder app demo for the clinic.", set()),
    ("en", "Employees must report sickness absence by 9am.", set()),
    ("en", "Our policy covers maternity leave for all staff.", set()),
    ("en", "Sales are depressed this quarter.", set()),
    ("en", "Blind copy the manager on the reply.", set()),
    ("en", "The Labour Party ordered 300 mugs.", set()),
    ("en", "Green Party HQ asked for a quote.", set()),
    ("en", "Price list for the church hall rental attached.", set()),
    ("en", "Parliament passed the budget, markets calm.", set()),
    ("de", "Diabetikersocken im Sortiment, Größe 42.", set()),
    ("de", "Die Deutsche Krebshilfe ist unser Kunde.", set()),
    ("de", "Katalog: Blutzuckermessgerät, Art.-Nr. 4471.", set()),
    ("de", "Das Projekt ist ein Krebsgeschwür.", set()),
    ("de", "Der Umsatz ist krank, sagt der Chef.", set()),
    ("de", "Bestellung: 5 Rollstühle für das Pflegeheim.", set()),
    ("de", "Die Grünen haben 200 Kugelschreiber bestellt.", set()),
    ("de", "Kirchengemeinde St. Marien bestellt Liederbücher.", set()),
    ("de", "Ich bin allergisch gegen Montagsmeetings.", set()),
    ("de", "Alle Mitarbeitenden müssen die Krankmeldung bis 9 Uhr abgeben.", set()),
    ("de", "Betriebsarzt-Sprechstunde für alle am Dienstag.", set()),
    ("de", "Der Server hat einen Herzinfarkt bekommen.", set()),
    ("de", "Der Gentest-Anbieter Genomix wird Kunde.", set()),
    ("de", "Gentechnikfreie Produkte im Angebot.", set()),
    ("de", "Die Moschee-Gemeinde hat Stühle bestellt.", set()),
    ("de", "Kandidatenliste für die Betriebsratswahl hängt aus.", set()),
    ("de", "Wahlkampf der Parteien im Radio, Stau auf der A8.", set()),
    ("de", "Der Kunde ist Caritas, Rechnung an die Zentrale.", set()),
    ("en", "Diabetes Ireland asked for the brochure in Irish.", set()),
    ("en", "Shipped 12 hearing aids to the audiology clinic.", set()),
    ("en", "Stock update: 40 walking sticks, 15 crutches.", set()),
    ("en", "That deadline nearly gave me a heart attack.", set()),
    ("en", "Macmillan Cancer Support renewed the licence.", set()),
    (
        "en",
        "All staff must declare a conflict of interest; sickness absence policy attached.",
        set(),
    ),
    ("en", "The Catholic hospital in Cork is a new lead.", set()),
    ("en", "Invoice for the Labour Party conference booth.", set()),
    ("en", "The election results were announced, markets calm.", set()),
    ("en", "Our app has a medication tracker feature.", set()),
    ("en", "The build pipeline is sick again.", set()),
    ("en", "Prices remain depressed in the second quarter.", set()),
    ("en", "Halal certification for our catering partner renewed.", set()),
    ("en", "Genetic algorithm library updated to v2.", set()),
    ("en", "We deliver to the mosque on Elm Street every Friday.", set()),
    ("de", "Die Aidshilfe Köln bestellt Flyer.", set()),
    ("de", "Lieferung: 20 Gehstöcke, 10 Rollatoren an das Sanitätshaus.", set()),
    ("de", "Spendenlauf gegen Krebs am Samstag, Firma sponsert T-Shirts.", set()),
    ("de", "Der Drucker hat wieder einen Nervenzusammenbruch.", set()),
    ("de", "Alle Beschäftigten erhalten eine Grippeimpfung.", set()),
    ("de", "Die CDU-Geschäftsstelle bestellt Briefumschläge.", set()),
    ("de", "Wahlkampfmaterial für die Partei gedruckt, Rechnung offen.", set()),
    ("de", "Kirchentag in Nürnberg: Stand gebucht.", set()),
    ("de", "Die Synagoge am Platz wird renoviert, Umleitung.", set()),
    ("de", "Projekt ist krank, wir brauchen mehr Leute.", set()),
    ("de", "Vertrag mit der Rheuma-Liga verlängert.", set()),
]


# Third round: the other categories in plain words (injuries, impairments, occupational
# health, bail, caution, biometric templates) and venue/menu/customer look-alikes.
POSITIVES_3 = [
    ("en", "Broke her wrist skiing, typing is slow.", {H}),
    ("en", "Back from his hernia op next week.", {H}),
    ("en", "Lost his hearing in one ear, call on the left side.", {H}),
    ("en", "Has MS, some days are bad, be flexible.", {H}),
    ("en", "Post-natal depression, HR informed.", {H}),
    ("en", "Fit note received, signed off for 4 weeks with stress.", {H}),
    ("en", "Phased return after cancer treatment.", {H}),
    ("en", "Sight impaired - large print please.", {H}),
    ("en", "Uses crutches after knee surgery, needs lift access.", {H}),
    ("en", "Is partially deaf; prefers email.", {H}),
    ("en", "Registered blind, bringing her guide dog.", {H}),
    ("en", "Had a miscarriage, compassionate leave approved.", {H}),
    ("en", "OH referral: unfit for night shifts.", {H}),
    ("en", "Mobility scooter user, ground floor please.", {H}),
    ("en", "Wife had a stroke last month, he's caring for her.", {H}),
    ("en", "ADHD, needs written instructions.", {H}),
    ("en", "Dietary: coeliac.", {H}),
    ("en", "Type 1 diabetic, needs breaks for insulin.", {H}),
    ("de", "Hat sich das Bein gebrochen, Homeoffice bis Ende Mai.", {H}),
    ("de", "Ist an MS erkrankt.", {H}),
    ("de", "Hat Tinnitus, Telefonate kurz halten.", {H}),
    ("de", "Wiedereingliederung nach Hamburger Modell ab 1.6.", {H}),
    ("de", "Gehörlos, bitte Gebärdendolmetscher buchen.", {H}),
    ("de", "Sehbehindert, Unterlagen in großer Schrift.", {H}),
    ("de", "Ist Diabetikerin, beim Catering zuckerfreie Optionen.", {H}),
    ("de", "Fehlt wegen Magen-Darm.", {H}),
    ("de", "Hatte einen Bandscheibenvorfall.", {H}),
    ("de", "Laktoseintoleranz, bitte beim Menü beachten.", {H}),
    ("de", "Betriebsärztliche Untersuchung: eingeschränkt tauglich.", {H}),
    ("de", "Ist blind und nutzt einen Screenreader.", {H}),
    ("de", "Hat ADHS, braucht klare Aufgaben.", {H}),
    ("de", "Ist wegen Burnout in der Klinik.", {H}),
    ("en", "Her family is from the Roma community.", {"ETHNIC_ORIGIN"}),
    ("en", "He is Black British and asked about the mentoring scheme.", {"ETHNIC_ORIGIN"}),
    ("en", "Customer is of Pakistani heritage.", {"ETHNIC_ORIGIN"}),
    ("en", "Called a racial slur by a driver, incident logged.", {"ETHNIC_ORIGIN"}),
    ("en", "Identifies as mixed race.", {"ETHNIC_ORIGIN"}),
    ("de", "Er ist Sinto und engagiert sich im Verband.", {"ETHNIC_ORIGIN"}),
    ("de", "Familie stammt aus der kurdischen Minderheit in Syrien.", {"ETHNIC_ORIGIN"}),
    ("de", "Wurde wegen ihrer Hautfarbe beleidigt.", {"ETHNIC_ORIGIN"}),
    ("de", "Ist Sorbin und spricht sorbisch.", {"ETHNIC_ORIGIN"}),
    ("en", "Her wife will attend the dinner too.", {"SEXUAL_ORIENTATION"}),
    ("en", "He and his husband are moving to Berlin.", {"SEXUAL_ORIENTATION"}),
    ("en", "Is bisexual, mentioned it at the diversity workshop.", {"SEXUAL_ORIENTATION"}),
    ("de", "Ist lesbisch und lebt mit ihrer Frau in Köln.", {"SEXUAL_ORIENTATION"}),
    ("de", "Er und sein Mann adoptieren ein Kind.", {"SEXUAL_ORIENTATION"}),
    ("de", "Hat sich als schwul geoutet.", {"SEXUAL_ORIENTATION"}),
    ("en", "Face ID template enrolled for the site gate.", {"BIOMETRIC"}),
    ("en", "Delete his fingerprint data from the time clock.", {"BIOMETRIC"}),
    ("en", "Voiceprint created for phone banking authentication.", {"BIOMETRIC"}),
    ("de", "Fingerabdruck für die Stempeluhr erfasst.", {"BIOMETRIC"}),
    ("de", "Gesichtsbild für die Zugangskontrolle gespeichert.", {"BIOMETRIC"}),
    ("de", "Bitte ihre biometrischen Daten löschen.", {"BIOMETRIC"}),
    ("en", "Served 18 months for burglary.", {"CRIMINAL_RECORD"}),
    ("en", "Has a conviction for drink driving from 2019.", {"CRIMINAL_RECORD"}),
    ("en", "Currently on bail pending trial.", {"CRIMINAL_RECORD"}),
    ("en", "Enhanced DBS shows a caution for theft.", {"CRIMINAL_RECORD"}),
    ("de", "Saß zwei Jahre wegen Betrugs.", {"CRIMINAL_RECORD"}),
    ("de", "Führungszeugnis mit Eintrag wegen Körperverletzung.", {"CRIMINAL_RECORD"}),
    ("de", "Hat eine Vorstrafe wegen Diebstahls.", {"CRIMINAL_RECORD"}),
    ("de", "Läuft ein Verfahren wegen Steuerhinterziehung gegen ihn.", {"CRIMINAL_RECORD"}),
]

TRAPS_3 = [
    ("en", "Our warehouse is wheelchair accessible.", set()),
    ("en", "Flu jabs offered to all employees in October.", set()),
    ("en", "The venue has a hearing loop.", set()),
    ("en", "Diversity policy: we do not discriminate on race or religion.", set()),
    ("en", "Product: gluten-free cookies, 200 g.", set()),
    ("en", "Allergy information is on the packaging.", set()),
    ("en", "Customer is a pharmacy chain, 40 stores.", set()),
    ("en", "Cleaned the fingerprint reader at reception.", set()),
    ("en", "Police bought 20 licences.", set()),
    ("de", "Barrierefreier Zugang über den Hintereingang.", set()),
    ("de", "Allergene sind auf der Speisekarte gekennzeichnet.", set()),
    ("de", "Wir bieten glutenfreie Produkte an.", set()),
    ("de", "Die JVA Tegel ist Bestandskunde.", set()),
    ("de", "Die Polizei hat einen Rahmenvertrag.", set()),
    ("de", "Diabetes-Fachmesse in Düsseldorf, Stand 4B.", set()),
    ("de", "Krankenhaus St. Josef fragt nach Wartungsvertrag.", set()),
    ("de", "Apotheke am Markt bestellt Etiketten.", set()),
]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    POSITIVES + NEGATIVES + TRAPS + POSITIVES_2 + TRAPS_2 + POSITIVES_3 + TRAPS_3,
)
def test_dev_set(lang: str, text: str, expected: set[str]) -> None:
    assert categories_in(text, lang) == expected


def test_vocabulary_mentions_carry_their_reason() -> None:
    (m,) = find_special("Hat Zöliakie.", "de")
    assert (m.category, m.rule, m.reason) == ("HEALTH", "vocab", "vocab health_de: zöliakie")
    (c,) = find_special("Kniefraktur beim Skifahren.", "de")
    assert c.reason == "vocab health_heads_de: fraktur"
    (p,) = find_special("Ist SPD-Mitglied.", "de")
    assert p.category == "POLITICAL_OPINION" and p.reason


def test_genetic_result_is_health_only_for_a_disease_or_mutation() -> None:
    assert categories_in("Tested BRCA1 positive, surgery planned.", "en") == {G, H}
    assert categories_in("Ist Anlageträger für Mukoviszidose.", "de") == {G}
    # a test result naming a mutation is genetic only (the demo's convention)
    assert categories_in("Shared his DNA test result showing a BRCA1 mutation.", "en") == {G}
    # a test result is genetic data whatever it says
    assert categories_in("Vaterschaftstest negativ, Unterhalt entfällt.", "de") == {G}
    assert categories_in("Kein Gentest gemacht.", "de") == set()


def test_counted_items_are_products_not_a_person() -> None:
    assert categories_in("Order: 3 wheelchairs and 2 crutches.", "en") == set()
    assert categories_in("Needs 2 insulin injections during the day.", "en") == {H}
    assert categories_in("Krank seit 3 Wochen.", "de") == {H}
    assert categories_in("Seit 2019 Diabetikerin.", "de") == {H}


def test_term_lists_are_all_strings() -> None:
    """A ': ' inside an unquoted YAML entry turns it into a mapping; none may."""
    data = special_terms()
    for by_lang in data["categories"].values():
        for lists in by_lang.values():
            for entries in lists.values():
                assert all(isinstance(e, str) for e in entries or [])
    for section in ("exclusions", "category_cues", "category_exclusions"):
        for value in data[section].values():
            items = value.values() if isinstance(value, dict) else [value]
            for entries in items:
                assert all(isinstance(e, str) for e in entries)
