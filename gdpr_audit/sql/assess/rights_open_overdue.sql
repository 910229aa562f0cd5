-- rights.open_overdue (Art. 12(3)): unanswered, not rejected requests whose legal
-- deadline has passed on the audit day. Inputs: temp table assess_requests, $as_of, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table.
SELECT {ref:R:request_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(request_type, 'unknown')
           || ' request received ' || received_day || ' still open, '
           || (CAST($as_of AS DATE) - legal_deadline) || ' day(s) past the legal deadline '
           || legal_deadline AS detail,
       source_table
FROM assess_requests
WHERE completed_at IS NULL AND coalesce(status, '') <> 'rejected'
  AND CAST($as_of AS DATE) > legal_deadline
ORDER BY record_ref;
