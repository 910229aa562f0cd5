-- consent.send_without_consent (Art. 6(1)(a)): marketing sends with no consent row at
-- all for (subject, canonical purpose, channel) with legal_basis 'consent' given at or before
-- sent_at. Inputs: temp table assess_send_consent, $salt.
-- Output: record_ref (pseudonymous send id), detail, source_table.
SELECT {ref:M:communication_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' sent ' || strftime(sent_at, '%Y-%m-%d')
           || ' without any consent given before' AS detail,
       source_table
FROM assess_send_consent
WHERE given_before = 0
ORDER BY sent_at, record_ref;
