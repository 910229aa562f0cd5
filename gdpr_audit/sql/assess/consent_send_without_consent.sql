-- consent.send_without_consent (Art. 6(1)(a)): marketing sends with no consent row at
-- all for (subject, canonical purpose, channel) with legal_basis 'consent' given at or before
-- sent_at. Inputs: temp table assess_send_consent, $salt.
-- Output: record_ref (pseudonymous send id), detail, source_table, subject_ref, event_date
-- (the send's day), measured/limit/unit NULL, detail_key, p_purpose, p_channel, p_sent.
SELECT {ref:M:communication_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(purpose, '?') || ' via '
           || coalesce(channel, '?') || ' sent ' || strftime(sent_at, '%Y-%m-%d')
           || ' without any consent given before' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       CAST(sent_at AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'consent.send_without_consent' AS detail_key,
       coalesce(purpose, '?') AS p_purpose, coalesce(channel, '?') AS p_channel,
       CAST(sent_at AS DATE) AS p_sent
FROM assess_send_consent
WHERE given_before = 0
ORDER BY sent_at, record_ref;
