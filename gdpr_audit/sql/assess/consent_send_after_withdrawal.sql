-- consent.send_after_withdrawal (Art. 7(3)): marketing sends for which consent rows
-- given before the send exist, but every one was withdrawn at or before sent_at (by its
-- withdrawn_at or a later opt-out row of the same subject, purpose and channel).
-- Inputs: temp table assess_send_consent, $salt.
-- Output: record_ref (pseudonymous send id), detail, source_table, subject_ref, event_date
-- (the send's day), measured_value (consents given before, all withdrawn), unit,
-- detail_key, p_purpose, p_channel, p_sent, p_n.
SELECT {ref:M:communication_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' sent ' || strftime(sent_at, '%Y-%m-%d')
           || ' after all ' || given_before || ' consent(s) had been withdrawn' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       CAST(sent_at AS DATE) AS event_date,
       CAST(given_before AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       'consents' AS unit,
       'consent.send_after_withdrawal' AS detail_key,
       coalesce(purpose, '?') AS p_purpose, coalesce(channel, '?') AS p_channel,
       CAST(sent_at AS DATE) AS p_sent, given_before AS p_n
FROM assess_send_consent
WHERE given_before > 0 AND valid_at_send = 0
ORDER BY sent_at, record_ref;
