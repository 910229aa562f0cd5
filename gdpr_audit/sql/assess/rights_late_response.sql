-- rights.late_response (Art. 12(3)): requests completed after the legal deadline.
-- Inputs: temp table assess_requests, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table; subject_ref,
-- event_date (completed), measured_value (days from receipt to completion), limit_value
-- (days the legal deadline allowed), unit, detail_key, p_* (the wording's values).
SELECT {ref:R:request_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(request_type, 'unknown')
           || ' request received ' || received_day || ', completed ' || completed_day
           || ', ' || (completed_day - legal_deadline) || ' day(s) after the legal deadline '
           || legal_deadline AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       completed_day AS event_date,
       CAST(completed_day - received_day AS DOUBLE) AS measured_value,
       CAST(legal_deadline - received_day AS DOUBLE) AS limit_value,
       'days' AS unit,
       'rights.late_response' AS detail_key,
       coalesce(request_type, 'unknown') AS p_request_type,
       received_day AS p_received, completed_day AS p_completed, legal_deadline AS p_deadline,
       completed_day - legal_deadline AS p_days_late
FROM assess_requests
WHERE completed_day > legal_deadline
ORDER BY record_ref;
