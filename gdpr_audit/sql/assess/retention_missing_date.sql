-- retention.missing_date (Art. 5(1)(e)): business records whose creation date is
-- missing or did not parse, so their retention cannot be computed.
-- Inputs: business_records, $salt.
-- Output: record_ref (pseudonymous record id), detail, source_table.
SELECT {ref:BR:record_id} AS record_ref,
       coalesce('subject ' || {ref:S:contact_id} || ': ', '') || coalesce(record_type, 'record')
           || ' without a (parseable) creation date' AS detail,
       source_table
FROM business_records
WHERE created_at IS NULL
ORDER BY record_ref;
