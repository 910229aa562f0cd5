-- consent.no_double_opt_in (Art. 7(1)): e-mail consents with a given_at but no
-- double-opt-in confirmation, so the controller cannot show the address owner agreed.
-- Opt-out rows are no consents. Inputs: consents, $salt.
-- Output: record_ref (pseudonymous consent id), detail, source_table; subject_ref,
-- event_date (given), detail_key, p_* (the wording's values).
SELECT {ref:CS:consent_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?')
           || ' e-mail consent given ' || strftime(given_at, '%Y-%m-%d')
           || ' never confirmed by double opt-in' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       CAST(given_at AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'consent.no_double_opt_in' AS detail_key,
       coalesce(purpose, '?') AS p_purpose, CAST(given_at AS DATE) AS p_given
FROM consents
WHERE legal_basis = 'consent' AND channel = 'email' AND opted_out IS NOT TRUE
  AND given_at IS NOT NULL AND doi_confirmed_at IS NULL
ORDER BY record_ref;
