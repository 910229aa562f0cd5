-- consent.send_after_withdrawal (Art. 7(3)): marketing sends for which consent rows
-- given before the send exist, but every one was withdrawn at or before sent_at (by its
-- withdrawn_at or a later opt-out row of the same subject, purpose and channel).
-- Inputs: temp table assess_send_consent, $salt.
-- Output: record_ref (pseudonymous send id), detail, source_table.
SELECT {ref:M:communication_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' sent ' || strftime(sent_at, '%Y-%m-%d')
           || ' after all ' || given_before || ' consent(s) had been withdrawn' AS detail,
       source_table
FROM assess_send_consent
WHERE given_before > 0 AND valid_at_send = 0
ORDER BY sent_at, record_ref;
