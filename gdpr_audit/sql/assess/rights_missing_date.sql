-- rights.request_missing_date (Art. 12(3)): requests whose received date is missing or
-- did not parse, so no deadline can be computed. Inputs: temp table assess_dsr_requests,
-- $salt. Output: record_ref (pseudonymous request id), detail, source_table.
SELECT {ref:R:request_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(request_type, 'unknown')
           || ' request without a (parseable) received date' AS detail,
       source_table
FROM assess_dsr_requests
WHERE received_at IS NULL
ORDER BY record_ref;
