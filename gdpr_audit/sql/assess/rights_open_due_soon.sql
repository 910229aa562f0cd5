-- rights.open_due_soon (Art. 12(3)): unanswered, not rejected requests whose legal
-- deadline falls within $due_soon_days days from the audit day (inclusive).
-- Inputs: temp table assess_requests, $as_of, $due_soon_days, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table; subject_ref,
-- event_date (the legal deadline), measured_value (days left), limit_value
-- ($due_soon_days), unit, detail_key, p_* (the wording's values).
SELECT {ref:R:request_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(request_type, 'unknown')
           || ' request received ' || received_day || ' due ' || legal_deadline || ' (in '
           || (legal_deadline - CAST($as_of AS DATE)) || ' day(s))' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       legal_deadline AS event_date,
       CAST(legal_deadline - CAST($as_of AS DATE) AS DOUBLE) AS measured_value,
       CAST($due_soon_days AS DOUBLE) AS limit_value,
       'days' AS unit,
       'rights.open_due_soon' AS detail_key,
       coalesce(request_type, 'unknown') AS p_request_type,
       received_day AS p_received, legal_deadline AS p_deadline,
       legal_deadline - CAST($as_of AS DATE) AS p_days_left
FROM assess_requests
WHERE completed_at IS NULL AND coalesce(status, '') <> 'rejected'
  AND legal_deadline BETWEEN CAST($as_of AS DATE) AND CAST($as_of AS DATE) + CAST($due_soon_days AS INTEGER)
ORDER BY record_ref;
