-- consent.minor_without_parental_consent (Art. 8(1)): consents given by a subject
-- younger than the age of digital consent of the contact's country, without parental
-- consent. Age in completed years on the local date of given_at in the country's time
-- zone; born 29 Feb turns a year older on 1 Mar in non-leap years (month*100+day compare).
-- The birth date is the person's: a contact record of the consent's own system with
-- the same id, or a record linked to it in another system (load/subjects.py); never
-- another person's with the same number in another system (issue #11). When the
-- person's records disagree, the one giving the oldest age relative to its country's
-- limit decides (precision first), so a consent is one finding at most.
-- Inputs: consents, contacts, temp tables assess_source_system, assess_subject_map,
-- $countries/$ages/$zones (parallel lists of per-country rules), $default_age,
-- $default_zone, $max_age (highest age limit), $salt.
-- Opt-out rows are no consents.
-- Output: record_ref (pseudonymous consent id), detail, source_table; subject_ref,
-- event_date (the local day of consent the age is taken on), measured_value (age),
-- limit_value (age of digital consent), unit, detail_key, p_* (the wording's values).
WITH rules AS (
    SELECT unnest($countries) AS country, unnest($ages) AS age_limit, unnest($zones) AS zone
),
born AS (
    SELECT coalesce(m.subject_key, k.contact_id) AS subject_key, k.birth_date, k.country
    FROM contacts k
    LEFT JOIN assess_source_system y ON y.source_table = k.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = k.contact_id
    WHERE k.birth_date IS NOT NULL
),
-- Only persons young enough to have been a minor at the earliest consent (with all
-- their dated records): a small build side for the join with all consents.
young AS (
    SELECT * FROM born
    WHERE subject_key IN (
        SELECT subject_key FROM born
        WHERE birth_date > (SELECT CAST(min(given_at) AS DATE) FROM consents
                            WHERE legal_basis = 'consent')
                           - to_years(CAST($max_age AS INTEGER) + 1))
),
given AS (
    SELECT cs.consent_id, cs.contact_id, cs.purpose, cs.channel, cs.given_at,
           cs.source_table, coalesce(m.subject_key, cs.contact_id) AS subject_key
    FROM consents cs
    LEFT JOIN assess_source_system y ON y.source_table = cs.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = cs.contact_id
    WHERE cs.legal_basis = 'consent' AND cs.given_at IS NOT NULL
      AND cs.parental_consent IS NOT TRUE AND cs.opted_out IS NOT TRUE
),
c AS (
    SELECT g.consent_id, g.contact_id, g.purpose, g.channel, g.given_at, g.source_table,
           k.birth_date,
           upper(trim(k.country)) AS country,
           coalesce(r.age_limit, $default_age) AS age_limit,
           coalesce(r.zone, $default_zone) AS zone
    FROM given g
    JOIN young k ON k.subject_key = g.subject_key
    LEFT JOIN rules r ON r.country = upper(trim(k.country))
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
),
decided AS (
    SELECT *, row_number() OVER (PARTITION BY consent_id, source_table, contact_id
                                 ORDER BY age - age_limit DESC, country NULLS LAST,
                                          birth_date) AS pick
    FROM ages
)
SELECT {ref:CS:consent_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' consent given at age ' || age
           || ' (age of digital consent ' || age_limit || ' in ' || coalesce(country, 'unknown country')
           || ') without parental consent' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       local_day AS event_date,
       CAST(age AS DOUBLE) AS measured_value,
       CAST(age_limit AS DOUBLE) AS limit_value,
       'years' AS unit,
       'consent.minor_without_parental_consent' AS detail_key,
       coalesce(purpose, '?') AS p_purpose, coalesce(channel, '?') AS p_channel,
       age AS p_age, age_limit AS p_limit, country AS p_country
FROM decided
WHERE pick = 1 AND age < age_limit
ORDER BY record_ref;
