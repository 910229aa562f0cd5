-- consent.no_legal_basis (Art. 6(1)): persons held with no legal basis on record
-- (precision first, issue #15): one finding per person (subject: records linked across
-- systems, load/subjects.py; an id several systems use is one person per system), not
-- one per record, keyed to the person (record_ref: pseudonym of the subject key, the
-- contact id for a person with one record). A person is NOT a finding when any of
-- their records has a consents row of any legal basis (consent, contract, legitimate
-- interest, ...; dated or not; an opt-out row is a recorded relationship too), is a
-- customer (is_customer) or has a customer number. Only records of sources that can
-- tell a customer ($skipped: the sources assessability leaves out) make a person a
-- finding; the finding's source is the first of those, and the detail names every
-- system holding the person.
-- Inputs: contacts, consents, temp tables assess_source_system, assess_subject_map,
-- $skipped (VARCHAR[]), $salt.
-- Output: record_ref (subject pseudonym), detail, source_table, subject_ref (= record_ref),
-- event_date (held since), measured_value (records of the person), unit, detail_key
-- (consent.no_legal_basis, .linked for a person with several records), p_since,
-- p_records, p_systems.
WITH keyed AS (
    SELECT k.contact_id, k.created_at, k.source_table, k.is_customer, k.customer_number,
           coalesce(y.system, '*') AS system,
           coalesce(m.subject_key, k.contact_id) AS subject_key,
           NOT list_contains(CAST($skipped AS VARCHAR[]), coalesce(k.source_table, ''))
               AS judged
    FROM contacts k
    LEFT JOIN assess_source_system y ON y.source_table = k.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = k.contact_id
),
covered AS (
    SELECT DISTINCT coalesce(m.subject_key, c.contact_id) AS subject_key
    FROM consents c
    LEFT JOIN assess_source_system y ON y.source_table = c.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = c.contact_id
    WHERE c.contact_id IS NOT NULL
    UNION
    SELECT subject_key FROM keyed
    WHERE is_customer IS TRUE OR nullif(trim(customer_number), '') IS NOT NULL
),
person AS (
    SELECT subject_key, min(created_at) AS since, count(*) AS records,
           string_agg(DISTINCT system, ', ' ORDER BY system) AS systems,
           count(*) FILTER (WHERE judged) AS judged_records,
           min(source_table) FILTER (WHERE judged) AS source_table
    FROM keyed
    WHERE subject_key NOT IN (SELECT subject_key FROM covered)
    GROUP BY subject_key
)
SELECT {ref:S:subject_key} AS record_ref,
       'contact held since ' || coalesce(strftime(since, '%Y-%m-%d'), 'an unknown date')
           || ' with no recorded legal basis and no customer relationship'
           || CASE WHEN records > 1
                   THEN ' (one person, ' || records || ' records in ' || systems || ')'
                   ELSE '' END AS detail,
       source_table,
       {ref:S:subject_key} AS subject_ref,
       CAST(since AS DATE) AS event_date,
       CAST(records AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       'records' AS unit,
       CASE WHEN records > 1 THEN 'consent.no_legal_basis.linked'
            ELSE 'consent.no_legal_basis' END AS detail_key,
       CAST(since AS DATE) AS p_since, records AS p_records, systems AS p_systems
FROM person
WHERE judged_records > 0
ORDER BY record_ref;
