-- consent.coupled_with_contract (Art. 7(4)): consents made a condition of a contract.
-- Opt-out rows are no consents. Inputs: consents, $salt.
-- Output: record_ref (pseudonymous consent id), detail, source_table; subject_ref,
-- event_date (given, when known), detail_key, p_* (the wording's values).
SELECT {ref:CS:consent_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' consent bundled with a contract' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       CAST(given_at AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'consent.coupled_with_contract' AS detail_key,
       coalesce(purpose, '?') AS p_purpose, coalesce(channel, '?') AS p_channel
FROM consents
WHERE legal_basis = 'consent' AND bundled_with_contract IS TRUE AND opted_out IS NOT TRUE
ORDER BY record_ref;
