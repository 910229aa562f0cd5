-- retention.past_period (Art. 5(1)(e)): business records kept after their retention
-- period ended (as_of > start + period) without an individual legal hold.
-- Inputs: temp table assess_record_status, $as_of, $salt.
-- Output: record_ref (pseudonymous record id), detail, source_table; subject_ref (NULL for
-- a record of nobody), event_date (the day the period ended), measured_value (days kept
-- since the period's start), limit_value (days of the period), unit, detail_key, p_*.
SELECT {ref:BR:record_id} AS record_ref,
       coalesce('subject ' || {ref:S:contact_id} || ': ', '') || record_type || ' created '
           || created_day || ', retention (' || period_months || ' months) ended ' || end_day
           || ', ' || (CAST($as_of AS DATE) - end_day) || ' day(s) ago' AS detail,
       source_table,
       {ref:S:contact_id} AS subject_ref,
       end_day AS event_date,
       CAST(CAST($as_of AS DATE) - start_day AS DOUBLE) AS measured_value,
       CAST(end_day - start_day AS DOUBLE) AS limit_value,
       'days' AS unit,
       'retention.past_period' AS detail_key,
       record_type AS p_record_type, created_day AS p_created, period_months AS p_months,
       end_day AS p_end, CAST($as_of AS DATE) - end_day AS p_days
FROM assess_record_status
WHERE has_policy AND created_day IS NOT NULL AND NOT individual_hold
  AND CAST($as_of AS DATE) > end_day
ORDER BY record_ref;
