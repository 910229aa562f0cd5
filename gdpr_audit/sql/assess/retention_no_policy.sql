-- retention.no_policy (Art. 5(1)(e)): record types held with no retention policy.
-- One finding per record type (a non-personal key).
-- Inputs: temp table assess_record_status. Output: record_ref (record type), detail.
SELECT record_type AS record_ref,
       count(*) || ' business record(s) of type ' || record_type
           || ' held without a retention policy' AS detail
FROM assess_record_status
WHERE NOT has_policy
GROUP BY record_type
ORDER BY record_ref;
