-- rights.processing_after_objection (Art. 21): objections followed by an automated
-- decision / profiling run or a communication for the contact after received_at.
-- Inputs: dsr_requests, automated_decisions, communications, $salt.
-- Output: record_ref (pseudonymous request id), detail.
WITH o AS (
    SELECT request_id, contact_id, received_at FROM dsr_requests
    WHERE request_type = 'objection' AND received_at IS NOT NULL AND contact_id IS NOT NULL
),
dec AS (
    SELECT o.request_id, count(*) AS n FROM o
    JOIN automated_decisions a ON a.contact_id = o.contact_id AND a.decided_at > o.received_at
    GROUP BY o.request_id
),
com AS (
    SELECT o.request_id, count(*) AS n FROM o
    JOIN communications m ON m.contact_id = o.contact_id AND m.sent_at > o.received_at
    GROUP BY o.request_id
)
SELECT {ref:R:o.request_id} AS record_ref,
       'subject ' || {ref:S:o.contact_id} || ': objection received '
           || strftime(o.received_at, '%Y-%m-%d') || ', afterwards '
           || coalesce(dec.n, 0) || ' automated decision/profiling run(s) and '
           || coalesce(com.n, 0) || ' communication(s)' AS detail
FROM o LEFT JOIN dec USING (request_id) LEFT JOIN com USING (request_id)
WHERE coalesce(dec.n, 0) + coalesce(com.n, 0) > 0
ORDER BY record_ref;
