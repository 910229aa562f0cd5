-- rights.request_missing_date (Art. 12(3)): requests whose received date is missing or
-- did not parse, so no deadline can be computed. Inputs: temp table assess_dsr_requests,
-- $salt. Output: record_ref (pseudonymous request id), detail, source_table; subject_ref,
-- detail_key, p_request_type (no date, figure or limit: NULL).
SELECT {ref:R:request_id} AS record_ref,
       'subject ' || {ref:S:contact_id} || ': ' || coalesce(request_type, 'unknown')
           || ' request without a (parseable) received date' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       CAST(NULL AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'rights.request_missing_date' AS detail_key,
       coalesce(request_type, 'unknown') AS p_request_type
FROM assess_dsr_requests
WHERE received_at IS NULL
ORDER BY record_ref;
