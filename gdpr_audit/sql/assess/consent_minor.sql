-- consent.minor_without_parental_consent (Art. 8(1)): consents given by a subject
-- younger than the age of digital consent of the contact's country, without parental
-- consent. Age in completed years on the local date of given_at in the country's time
-- zone; born 29 Feb turns a year older on 1 Mar in non-leap years (month*100+day compare).
-- Inputs: consents, contacts, $countries/$ages/$zones (parallel lists of per-country
-- rules), $default_age, $default_zone, $max_age (highest age limit), $salt.
-- Opt-out rows are no consents.
-- Output: record_ref (pseudonymous consent id), detail, source_table.
WITH rules AS (
    SELECT unnest($countries) AS country, unnest($ages) AS age_limit, unnest($zones) AS zone
),
-- Only contacts young enough to have been a minor at the earliest consent: a small build
-- side for the join with all consents.
young AS (
    SELECT contact_id, birth_date, country FROM contacts
    WHERE birth_date > (SELECT CAST(min(given_at) AS DATE) FROM consents WHERE legal_basis = 'consent')
                       - to_years(CAST($max_age AS INTEGER) + 1)
),
c AS (
    SELECT cs.consent_id, cs.contact_id, cs.purpose, cs.channel, cs.given_at, k.birth_date,
           cs.source_table,
           upper(trim(k.country)) AS country,
           coalesce(r.age_limit, $default_age) AS age_limit,
           coalesce(r.zone, $default_zone) AS zone
    FROM consents cs
    JOIN young k ON k.contact_id = cs.contact_id
    LEFT JOIN rules r ON r.country = upper(trim(k.country))
    WHERE cs.legal_basis = 'consent' AND cs.given_at IS NOT NULL AND k.birth_date IS NOT NULL
      AND cs.parental_consent IS NOT TRUE AND cs.opted_out IS NOT TRUE
      -- cheap pre-filter (UTC day +- 1 covers every zone) before the per-row zone lookup
      AND k.birth_date > CAST(cs.given_at AS DATE) - to_years(CAST($max_age AS INTEGER) + 1)
),
aged AS (
    SELECT *, CAST(timezone(zone, given_at) AS DATE) AS local_day FROM c
),
ages AS (
    SELECT *,
           year(local_day) - year(birth_date)
             - CASE WHEN month(local_day) * 100 + day(local_day)
                         < month(birth_date) * 100 + day(birth_date) THEN 1 ELSE 0 END AS age
    FROM aged
)
SELECT {ref:CS:consent_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' consent given at age ' || age
           || ' (age of digital consent ' || age_limit || ' in ' || coalesce(country, 'unknown country')
           || ') without parental consent' AS detail,
       source_table
FROM ages
WHERE age < age_limit
ORDER BY record_ref;
