-- Data-subject requests for the report (Art. 12(3)): one row per request with its
-- legal deadline and lateness. Inputs: temp table assess_requests, $salt.
-- Output: request_ref, request_type, received_at, legal_deadline, completed_at,
-- status, days_late, request_rule (the request rule that recognised a case, else NULL).
SELECT {ref:R:request_id} AS request_ref, request_type, received_at, legal_deadline,
       completed_at, status, days_late, request_rule
FROM assess_requests
ORDER BY received_at NULLS LAST, request_ref;
