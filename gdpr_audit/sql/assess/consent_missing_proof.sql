-- consent.missing_proof (Art. 7(1)): consents (legal_basis 'consent', not opt-out rows)
-- that cannot be demonstrated: a proof field of $proof_fields (config
-- assess.consent.proof_fields; of given_at, proof_source, notice_version,
-- doi_confirmed_at) missing: NULL, blank, or a date that did not parse (the model
-- stores it as NULL). A field the consent's source does not export at all is not
-- judged ($absent lists 'source|field'; reported once as not assessable instead).
-- Inputs: consents, $proof_fields, $absent, $salt.
-- Output: record_ref (pseudonymous consent id), detail, source_table; subject_ref,
-- event_date (given, when known), unit, detail_key, p_* (the wording's values).
WITH c AS (
    SELECT consent_id, contact_id, purpose, channel, source_table, given_at,
           coalesce(source_table, '') || '|' AS src,
           given_at IS NULL AS no_given_at,
           nullif(trim(proof_source), '') IS NULL AS no_proof_source,
           nullif(trim(notice_version), '') IS NULL AS no_notice_version,
           doi_confirmed_at IS NULL AS no_doi_confirmed_at
    FROM consents
    WHERE legal_basis = 'consent' AND opted_out IS NOT TRUE
),
l AS (
    SELECT *,
           concat_ws(', ',
               CASE WHEN no_given_at AND list_contains($proof_fields, 'given_at')
                         AND NOT list_contains($absent, src || 'given_at')
                    THEN 'given_at' END,
               CASE WHEN no_proof_source AND list_contains($proof_fields, 'proof_source')
                         AND NOT list_contains($absent, src || 'proof_source')
                    THEN 'proof_source' END,
               CASE WHEN no_notice_version AND list_contains($proof_fields, 'notice_version')
                         AND NOT list_contains($absent, src || 'notice_version')
                    THEN 'notice_version' END,
               CASE WHEN no_doi_confirmed_at AND list_contains($proof_fields, 'doi_confirmed_at')
                         AND NOT list_contains($absent, src || 'doi_confirmed_at')
                    THEN 'doi_confirmed_at' END) AS lacking
    FROM c
    WHERE no_given_at OR no_proof_source OR no_notice_version OR no_doi_confirmed_at
)
SELECT {ref:CS:consent_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' consent lacks ' || lacking AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       CAST(given_at AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'consent.missing_proof' AS detail_key,
       coalesce(purpose, '?') AS p_purpose, coalesce(channel, '?') AS p_channel,
       lacking AS p_fields
FROM l
WHERE lacking <> ''
ORDER BY record_ref;
