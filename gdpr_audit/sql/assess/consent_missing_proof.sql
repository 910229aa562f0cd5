-- consent.missing_proof (Art. 7(1)): consents (legal_basis 'consent') that cannot be
-- demonstrated: given_at, proof_source or notice_version missing (NULL, blank, or a
-- date that did not parse, which the model stores as NULL).
-- Inputs: consents, $salt. Output: record_ref (pseudonymous consent id), detail.
SELECT {ref:CS:consent_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' consent lacks '
           || concat_ws(', ',
                CASE WHEN given_at IS NULL THEN 'given_at' END,
                CASE WHEN nullif(trim(proof_source), '') IS NULL THEN 'proof_source' END,
                CASE WHEN nullif(trim(notice_version), '') IS NULL THEN 'notice_version' END)
           AS detail
FROM consents
WHERE legal_basis = 'consent'
  AND (given_at IS NULL
       OR nullif(trim(proof_source), '') IS NULL
       OR nullif(trim(notice_version), '') IS NULL)
ORDER BY record_ref;
