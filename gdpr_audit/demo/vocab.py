"""Invented building blocks for the demo CRM: names, places, companies, products.

All names are combined at random from common given and family names; no list
describes a real person. Streets and cities are common German/English place
names; postcodes are drawn from each city's range, so PLZ and city agree.
"""

from __future__ import annotations

FIRST_DE = (
    "Jürgen", "Jörg", "Björn", "Sönke", "Günther", "Käthe", "Bärbel", "Lena", "Anna",
    "Katharina", "Julia", "Sophie", "Marie", "Hannah", "Lea", "Lukas", "Leon", "Maximilian",
    "Felix", "Paul", "Jonas", "Tobias", "Stefan", "Andreas", "Thomas", "Michael", "Sabine",
    "Petra", "Ute", "Monika", "Renate", "Gisela", "Dörte", "Anke", "Heike", "Uwe", "Klaus",
    "Rüdiger", "Hans-Peter", "Karl-Heinz", "Annegret", "Sören", "Jens", "Frauke", "Maren",
    "Matthias", "Mareike", "Friederike", "Ömer", "Elif", "Mehmet", "Özlem", "Zoë",
)
LAST_DE = (
    "Müller", "Schröder", "Weiß", "Groß", "Krämer", "Jäger", "Löffler", "Köhler", "Süß", "Voß",
    "Strauß", "Schmidt", "Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schmitz", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Hofmann", "Hartmann", "Lange", "Werner", "Krause",
    "Lehmann", "Schmid", "Schulze", "Maier", "König", "Walter", "Huber", "Kaiser", "Fuchs",
    "Peters", "Lang", "Scholz", "Möller", "Jung", "Hahn", "Vogel", "Friedrich", "Günther",
    "Keller", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Böhm",
    "Winkler", "Martin", "Krüger", "Brandt", "Haas", "Schumacher", "Kühn", "Thiele", "Dietrich",
    "Ziegler", "Nußbaum", "Oßwald", "Prüfer", "Sauerländer", "Özdemir", "Yilmaz",
)
FIRST_EN = (
    "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Charlie", "Emily",
    "James", "Olivia", "William", "Sophia", "Benjamin", "Charlotte", "Lucas", "Grace", "Henry",
    "Chloe", "Daniel", "Ella", "Samuel", "Ruby", "Joseph", "Lily", "Thomas", "Evie", "Ethan",
    "Emma", "Noah", "Madison", "Liam", "Abigail", "Mason", "Harper", "Logan", "Zoe", "Aiden",
    "Siobhan", "Niamh", "Ciarán", "Aoife", "Camille", "Léa", "Hugo", "Chloé", "Théo", "Manon",
    "Jérôme", "Hélène", "François", "Émilie", "Pieter", "Sanne", "Daan", "Fleur", "Priya",
)
LAST_EN = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson",
    "Moore", "Harris", "Clark", "Lewis", "Young", "King", "Scott", "Baker", "Adams", "Nelson",
    "Hill", "Campbell", "Mitchell", "Carter", "O'Brien", "O'Connor", "Murphy", "Kelly", "Byrne",
    "Dubois", "Lefèvre", "Moreau", "Girard", "Lambert", "Fontaine", "Rousseau", "Mercier",
    "Peeters", "Janssens", "Maes", "Jacobs", "De Vries", "Van Dijk", "Bakker", "Visser", "Patel",
)

#: (city, first PLZ, last PLZ, area code) — German cities incl. umlauts.
CITIES_DE = (
    ("Berlin", 10115, 14199, "30"), ("Hamburg", 20095, 22769, "40"), ("München", 80331, 81929, "89"),
    ("Köln", 50667, 51149, "221"), ("Frankfurt am Main", 60306, 60599, "69"),
    ("Stuttgart", 70173, 70629, "711"), ("Düsseldorf", 40210, 40629, "211"),
    ("Leipzig", 4103, 4357, "341"), ("Dresden", 1067, 1328, "351"), ("Hannover", 30159, 30669, "511"),
    ("Nürnberg", 90402, 90491, "911"), ("Bremen", 28195, 28779, "421"), ("Münster", 48143, 48167, "251"),
    ("Freiburg im Breisgau", 79098, 79117, "761"), ("Lübeck", 23552, 23570, "451"),
    ("Würzburg", 97070, 97084, "931"), ("Göttingen", 37073, 37085, "551"), ("Gießen", 35390, 35398, "641"),
    ("Görlitz", 2826, 2829, "3581"), ("Lüneburg", 21335, 21339, "4131"), ("Kiel", 24103, 24159, "431"),
    ("Saarbrücken", 66111, 66133, "681"), ("Osnabrück", 49074, 49090, "541"),
)
CITIES_AT = (("Wien", 1010, 1230, "1"), ("Graz", 8010, 8055, "316"), ("Linz", 4020, 4040, "732"),
             ("Salzburg", 5020, 5026, "662"), ("Innsbruck", 6020, 6080, "512"))
STREETS_DE = (
    "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Lindenallee", "Am Mühlbach",
    "Königsweg", "Gartenstraße", "Kirchplatz", "Schloßallee", "Rosenweg", "Birkenstraße",
    "Friedrich-Ebert-Straße", "Marktplatz", "Mühlenweg", "Am Hafen", "Uferstraße", "Bergstraße",
    "Wiesenweg", "Große Präsidentenstraße", "Jägerstraße", "Dorfstraße", "Lößnitzgrund",
    "An der Schäferei", "Fährstraße", "Süderstraße", "Kösliner Weg", "Grüner Weg",
)

#: (country, cities as (city, postcode pattern)); postcode patterns: '#' digit, 'A' letter.
CITIES_INTL = {
    "US": (("Springfield", "627##"), ("Portland", "972##"), ("Austin", "787##"),
           ("Madison", "537##"), ("Boulder", "803##"), ("Albany", "122##")),
    "GB": (("London", "EC1A #AA"), ("Manchester", "M# #AA"), ("Leeds", "LS# #AA"),
           ("Bristol", "BS# #AA"), ("Edinburgh", "EH# #AA")),
    "FR": (("Paris", "750##"), ("Lyon", "6900#"), ("Toulouse", "310##"), ("Nantes", "440##")),
    "BE": (("Bruxelles", "10##"), ("Antwerpen", "20##"), ("Gent", "90##")),
    "IE": (("Dublin", "D0# A#A#"), ("Cork", "T12 A#A#")),
    "NL": (("Amsterdam", "10## AA"), ("Utrecht", "35## AA"), ("Rotterdam", "30## AA")),
    "AT": (("Wien", "1###"), ("Graz", "80##")),
    "DE": (("Berlin", "10###"), ("Hamburg", "20###"), ("München", "80###")),
}
STREETS_EN = (
    "High Street", "Station Road", "Oak Avenue", "Maple Drive", "Church Lane", "Mill Road",
    "Victoria Street", "Park Avenue", "Elm Street", "Queen's Road", "Rue de la Paix",
    "Avenue des Arts", "Keizersgracht", "Harbour View", "Cedar Court", "Lakeside Drive",
)

COMPANY_STEMS = (
    "Nordwind", "Alpenblick", "Hansetec", "Bergmann & Söhne", "Rheinkraft", "Elbtal", "Sonnenhof",
    "Weserland", "Moosgrün", "Brückner", "Falkenstein", "Lindgrün", "Isarwerk", "Spreeblick",
    "Brightwater", "Oakridge", "Bluepeak", "Ironbridge", "Silverline", "Redfern", "Kestrel",
    "Northgate", "Clearwater", "Harbourside", "Lumière", "Vanguard", "Polaris", "Meridian",
)
COMPANY_TRADES = (
    "Logistik", "Software", "Maschinenbau", "Consulting", "Analytics", "Systems", "Medien",
    "Handel", "Solutions", "Engineering", "Digital", "Energie", "Labs", "Partners",
)
LEGAL_FORMS_DE = ("GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "UG (haftungsbeschränkt)", "OHG")
LEGAL_FORMS_EN = ("Ltd", "Inc.", "LLC", "plc", "SAS", "BV", "NV", "GmbH", "AG")

LEAD_SOURCES = ("Web", "Trade Fair", "Partner Referral", "Webinar", "Cold Call", "Newsletter Signup")
CAMPAIGNS = (
    "Spring Webinar 2025", "Autumn Roadshow 2025", "Product Launch 48213", "Renewal Push Q1",
    "Partner Day 2026", "Newsletter 2026-03", "CeBIT Follow-up", "Frühjahrsaktion 2026",
    "Black Week 2025", "Customer Summit 2026", "Whitepaper DSGVO", "Q3 Upsell",
)
PRODUCTS = ("NLS", "NLA", "NLC", "NLX")
PRODUCT_EDITIONS = ("PRO", "ENT", "STD", "EDU")
