-- retention.missing_date (Art. 5(1)(e)): business records whose creation date is
-- missing or did not parse, so their retention cannot be computed.
-- Inputs: business_records, $salt.
-- Output: record_ref (pseudonymous record id), detail, source_table; subject_ref (NULL
-- for a record of nobody), detail_key, p_record_type (no date, figure or limit).
SELECT {ref:BR:record_id} AS record_ref,
       coalesce('subject ' || {ref:S:contact_id} || ': ', '') || coalesce(record_type, 'record')
           || ' without a (parseable) creation date' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       CAST(NULL AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'retention.missing_date' AS detail_key,
       coalesce(record_type, 'record') AS p_record_type
FROM business_records
WHERE created_at IS NULL
ORDER BY record_ref;
