-- rights.processing_after_objection (Art. 21): objections followed by an automated
-- decision / profiling run or an outbound marketing send to the same person after
-- received_at (per subject, so a decision or send in another system counts, and never
-- one about another person with the same number, issue #11; service replies and
-- transactional mail are no processing the objection stops, see
-- gdpr_audit/assess/send_rules.yaml).
-- Inputs: temp table assess_dsr_requests (with subject_key), automated_decisions, temp
-- view assess_sends, temp tables assess_source_system, assess_subject_map, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table; subject_ref,
-- event_date (the first decision or send after the objection), measured_value
-- (decisions + sends), unit, detail_key, p_received, p_runs, p_sends.
WITH o AS (
    SELECT request_id, contact_id, received_at, source_table, subject_key
    FROM assess_dsr_requests
    WHERE request_type = 'objection' AND received_at IS NOT NULL AND contact_id IS NOT NULL
),
decided AS (
    SELECT coalesce(m.subject_key, a.contact_id) AS subject_key, a.decided_at
    FROM automated_decisions a
    LEFT JOIN assess_source_system y ON y.source_table = a.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = a.contact_id
),
dec AS (
    SELECT o.request_id, count(*) AS n, min(a.decided_at) AS first_at FROM o
    JOIN decided a ON a.subject_key = o.subject_key AND a.decided_at > o.received_at
    GROUP BY o.request_id
),
com AS (
    SELECT o.request_id, count(*) AS n, min(m.sent_at) AS first_at FROM o
    JOIN assess_sends m ON m.subject_key = o.subject_key AND m.sent_at > o.received_at
    GROUP BY o.request_id
)
SELECT {ref:R:o.request_id} AS record_ref,
       'subject ' || {ref:S:o.contact_id} || ': objection received '
           || strftime(o.received_at, '%Y-%m-%d') || ', afterwards '
           || coalesce(dec.n, 0) || ' automated decision/profiling run(s) and '
           || coalesce(com.n, 0) || ' communication(s)' AS detail,
       o.source_table,
       {ref:S:o.contact_id} AS subject_ref,
       CAST(CASE WHEN com.first_at IS NULL OR dec.first_at < com.first_at THEN dec.first_at
                 ELSE com.first_at END AS DATE) AS event_date,
       CAST(coalesce(dec.n, 0) + coalesce(com.n, 0) AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       'events' AS unit,
       'rights.processing_after_objection' AS detail_key,
       CAST(o.received_at AS DATE) AS p_received, coalesce(dec.n, 0) AS p_runs,
       coalesce(com.n, 0) AS p_sends
FROM o LEFT JOIN dec USING (request_id) LEFT JOIN com USING (request_id)
WHERE coalesce(dec.n, 0) + coalesce(com.n, 0) > 0
ORDER BY record_ref;
