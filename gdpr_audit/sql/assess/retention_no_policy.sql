-- retention.no_policy (Art. 5(1)(e)): record types held with no retention policy.
-- One finding per record type (a non-personal key).
-- Inputs: temp table assess_record_status. Output: record_ref (record type), detail;
-- measured_value (records of the type), unit, detail_key, p_* (no person, date or limit).
SELECT record_type AS record_ref,
       count(*) || ' business record(s) of type ' || record_type
           || ' held without a retention policy' AS detail,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(NULL AS DATE) AS event_date,
       CAST(count(*) AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       'records' AS unit,
       'retention.no_policy' AS detail_key,
       count(*) AS p_n, record_type AS p_record_type
FROM assess_record_status
WHERE NOT has_policy
GROUP BY record_type
ORDER BY record_ref;
