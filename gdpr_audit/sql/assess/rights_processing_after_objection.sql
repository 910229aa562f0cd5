-- rights.processing_after_objection (Art. 21): objections followed by an automated
-- decision / profiling run or an outbound marketing send to the same person after
-- received_at (sends per subject, so a send from another system counts; service
-- replies and transactional mail are no processing the objection stops, see
-- gdpr_audit/assess/send_rules.yaml).
-- Inputs: temp table assess_dsr_requests, automated_decisions, temp view assess_sends,
-- temp tables assess_source_system, assess_subject_map, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table.
WITH o AS (
    SELECT r.request_id, r.contact_id, r.received_at, r.source_table,
           coalesce(m.subject_key, r.contact_id) AS subject_key
    FROM assess_dsr_requests r
    LEFT JOIN assess_source_system y ON y.source_table = r.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = r.contact_id
    WHERE r.request_type = 'objection' AND r.received_at IS NOT NULL AND r.contact_id IS NOT NULL
),
dec AS (
    SELECT o.request_id, count(*) AS n FROM o
    JOIN automated_decisions a ON a.contact_id = o.contact_id AND a.decided_at > o.received_at
    GROUP BY o.request_id
),
com AS (
    SELECT o.request_id, count(*) AS n FROM o
    JOIN assess_sends m ON m.subject_key = o.subject_key AND m.sent_at > o.received_at
    GROUP BY o.request_id
)
SELECT {ref:R:o.request_id} AS record_ref,
       'subject ' || {ref:S:o.contact_id} || ': objection received '
           || strftime(o.received_at, '%Y-%m-%d') || ', afterwards '
           || coalesce(dec.n, 0) || ' automated decision/profiling run(s) and '
           || coalesce(com.n, 0) || ' communication(s)' AS detail,
       o.source_table
FROM o LEFT JOIN dec USING (request_id) LEFT JOIN com USING (request_id)
WHERE coalesce(dec.n, 0) + coalesce(com.n, 0) > 0
ORDER BY record_ref;
