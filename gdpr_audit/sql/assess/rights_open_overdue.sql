-- rights.open_overdue (Art. 12(3)): unanswered, not rejected requests whose legal
-- deadline has passed on the audit day. Inputs: temp table assess_requests, $as_of, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table; subject_ref,
-- event_date (the missed legal deadline), measured_value (days open on the audit day),
-- limit_value (days the legal deadline allowed), unit, detail_key, p_* (wording values).
SELECT {ref:R:request_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(request_type, 'unknown')
           || ' request received ' || received_day || ' still open, '
           || (CAST($as_of AS DATE) - legal_deadline) || ' day(s) past the legal deadline '
           || legal_deadline AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       legal_deadline AS event_date,
       CAST(CAST($as_of AS DATE) - received_day AS DOUBLE) AS measured_value,
       CAST(legal_deadline - received_day AS DOUBLE) AS limit_value,
       'days' AS unit,
       'rights.open_overdue' AS detail_key,
       coalesce(request_type, 'unknown') AS p_request_type,
       received_day AS p_received, legal_deadline AS p_deadline,
       CAST($as_of AS DATE) - legal_deadline AS p_days_late
FROM assess_requests
WHERE completed_at IS NULL AND coalesce(status, '') <> 'rejected'
  AND CAST($as_of AS DATE) > legal_deadline
ORDER BY record_ref;
