-- consent.coupled_with_contract (Art. 7(4)): consents made a condition of a contract.
-- Opt-out rows are no consents. Inputs: consents, $salt.
-- Output: record_ref (pseudonymous consent id), detail, source_table.
SELECT {ref:CS:consent_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' consent bundled with a contract' AS detail,
       source_table
FROM consents
WHERE legal_basis = 'consent' AND bundled_with_contract IS TRUE AND opted_out IS NOT TRUE
ORDER BY record_ref;
