-- rights.late_response (Art. 12(3)): requests completed after the legal deadline.
-- Inputs: temp table assess_requests, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table.
SELECT {ref:R:request_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(request_type, 'unknown')
           || ' request received ' || received_day || ', completed ' || completed_day
           || ', ' || (completed_day - legal_deadline) || ' day(s) after the legal deadline '
           || legal_deadline AS detail,
       source_table
FROM assess_requests
WHERE completed_day > legal_deadline
ORDER BY record_ref;
