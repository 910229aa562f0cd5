-- retention.past_period (Art. 5(1)(e)): business records kept after their retention
-- period ended (as_of > start + period) without an individual legal hold.
-- Inputs: temp table assess_record_status, $as_of, $salt.
-- Output: record_ref (pseudonymous record id), detail, source_table.
SELECT {ref:BR:record_id} AS record_ref,
       coalesce('subject ' || {ref:S:contact_id} || ': ', '') || record_type || ' created '
           || created_day || ', retention (' || period_months || ' months) ended ' || end_day
           || ', ' || (CAST($as_of AS DATE) - end_day) || ' day(s) ago' AS detail,
       source_table
FROM assess_record_status
WHERE has_policy AND created_day IS NOT NULL AND NOT individual_hold
  AND CAST($as_of AS DATE) > end_day
ORDER BY record_ref;
