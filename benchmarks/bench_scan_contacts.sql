-- Purpose: a synthetic 20-column contacts export (made-up people) for the scan speed
--   benchmark (benchmarks/bench_scan.py); deterministic, generated inside DuckDB.
-- Inputs: $rows number of contacts.
-- Output: Id, FirstName, LastName, Email, Phone, MobilePhone, MailingStreet,
--   MailingPostalCode, MailingCity, MailingCountry, Birthdate, AccountName, CreatedDate,
--   LastActivityDate, IsCustomer, LeadSource, Umsatz, Konfession, OrderNumber, Notes.
WITH base AS (
    SELECT i,
        ['Anna','Jürgen','Maria','Thomas','Laura','Michael','Sabine','Peter','Julia','Jan',
         'Emma','Lukas','Sophie','Felix','Mia','Paul','Lena','Jonas','Hannah','Leon'][1 + CAST(hash(i, 1) % 20 AS BIGINT)] AS first,
        ['Schmidt','Müller','Weber','Becker','Hoffmann','Klein','Wolf','Neumann','Schulz',
         'Fischer','Meyer','Wagner','Koch','Richter','Bauer','Smith','Brown','Taylor'][1 + CAST(hash(i, 2) % 18 AS BIGINT)] AS last,
        ['Berlin','Hamburg','München','Köln','Frankfurt am Main','Stuttgart','Leipzig',
         'Dresden','Hannover','Bremen'][1 + CAST(hash(i, 3) % 10 AS BIGINT)] AS city
    FROM range($rows) t(i)
)
SELECT
    printf('C%07d', i + 1) AS "Id",
    first AS "FirstName",
    last AS "LastName",
    lower(strip_accents(first)) || '.' || lower(strip_accents(last)) || (i % 997) || '@example.de' AS "Email",
    '+49 30 ' || (1000000 + hash(i, 4) % 8999999) AS "Phone",
    '0171 ' || (1000000 + hash(i, 5) % 8999999) AS "MobilePhone",
    ['Hauptstraße','Lindenweg','Am Markt','Bahnhofstraße','Schillerstr.','Gartenweg'][1 + CAST(hash(i, 6) % 6 AS BIGINT)]
        || ' ' || (1 + hash(i, 7) % 120) AS "MailingStreet",
    printf('%05d', 10000 + hash(i, 8) % 89999) AS "MailingPostalCode",
    city AS "MailingCity",
    ['DE','DE','DE','AT','CH','FR'][1 + CAST(hash(i, 9) % 6 AS BIGINT)] AS "MailingCountry",
    strftime(DATE '1940-01-01' + CAST(hash(i, 10) % 23000 AS INTEGER), '%Y-%m-%d') AS "Birthdate",
    ['Nordlicht Software GmbH','Hansa Logistik GmbH','Beta Systems AG','Acme Inc.',
     'Blue Sky Ltd','Müller & Partner KG'][1 + CAST(hash(i, 11) % 6 AS BIGINT)] AS "AccountName",
    strftime(TIMESTAMP '2019-01-01' + to_seconds(CAST(hash(i, 12) % 180000000 AS BIGINT)), '%Y-%m-%dT%H:%M:%SZ') AS "CreatedDate",
    strftime(TIMESTAMP '2023-01-01' + to_seconds(CAST(hash(i, 13) % 60000000 AS BIGINT)), '%Y-%m-%dT%H:%M:%SZ') AS "LastActivityDate",
    CASE WHEN hash(i, 14) % 3 = 0 THEN 'true' ELSE 'false' END AS "IsCustomer",
    ['Web','Trade Fair','Partner','Cold Call','Webinar'][1 + CAST(hash(i, 15) % 5 AS BIGINT)] AS "LeadSource",
    replace(printf('%.2f', (hash(i, 16) % 10000000) / 100.0), '.', ',') AS "Umsatz",
    ['ev','rk','','',''][1 + CAST(hash(i, 17) % 5 AS BIGINT)] AS "Konfession",
    printf('ORD-%d-%06d', 2020 + hash(i, 18) % 6, hash(i, 19) % 1000000) AS "OrderNumber",
    CASE hash(i, 20) % 10
        WHEN 0 THEN 'Called ' || first || ' about the renewal, will follow up next week.'
        WHEN 1 THEN 'Kunde wünscht Rückruf unter 0171 ' || (1000000 + hash(i, 21) % 8999999) || ' wegen der Rechnung.'
        WHEN 2 THEN first || ' ' || last || ' is on sick leave after surgery, call again in May.'
        WHEN 3 THEN 'Met at the trade fair in ' || city || ', interested in the premium plan for ' || (2 + i % 40) || ' users.'
        WHEN 4 THEN 'Server health check for the account passed, no action needed.'
        WHEN 5 THEN 'Bitte neue Rechnungsadresse übernehmen: ' || first || ' ' || last || ', ' || city || '.'
        WHEN 6 THEN 'Sent the offer by mail to ' || lower(first) || '@example.org, waiting for the signed contract.'
        ELSE ''
    END AS "Notes"
FROM base
