-- consent.no_legal_basis (Art. 6(1)): contacts held with no legal basis on record for
-- the person (precision first, issue #15): a contact is NOT a finding when any record
-- of the same subject (records linked across systems, load/subjects.py) has a consents
-- row of any legal basis (consent, contract, legitimate interest, ...; dated or not;
-- an opt-out row is a recorded relationship too), is a customer (is_customer) or has
-- a customer number.
-- Inputs: contacts, consents, temp tables assess_source_system, assess_subject_map, $salt.
-- Output: record_ref (subject pseudonym), detail, source_table.
WITH keyed AS (
    SELECT k.*, coalesce(m.subject_key, k.contact_id) AS subject_key
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
)
SELECT {ref:S:k.contact_id} AS record_ref,
       'contact held since ' || coalesce(strftime(k.created_at, '%Y-%m-%d'), 'an unknown date')
           || ' with no recorded legal basis and no customer relationship' AS detail,
       k.source_table
FROM keyed k
WHERE k.subject_key NOT IN (SELECT subject_key FROM covered)
ORDER BY record_ref;
