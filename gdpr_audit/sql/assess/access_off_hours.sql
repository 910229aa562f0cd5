-- access.off_hours (Art. 32): users with at least $min_events access events outside
-- working hours ($weekdays ISO days but not the public holidays in $holidays,
-- [$start_time, $end_time) local time in $zone).
-- Inputs: access_log, $zone, $weekdays, $holidays (DATE[]), $start_time, $end_time,
-- $min_events, $salt.
-- Output: record_ref (pseudonymous user id), detail; measured_value (events outside
-- working hours), limit_value ($min_events), unit, detail_key, p_n.
WITH e AS (
    SELECT user_id, timezone($zone, accessed_at) AS local_ts
    FROM access_log
    WHERE accessed_at IS NOT NULL AND user_id IS NOT NULL
),
off AS (
    SELECT user_id, count(*) AS n FROM e
    WHERE NOT list_contains($weekdays, isodow(local_ts))
       OR list_contains(CAST($holidays AS DATE[]), CAST(local_ts AS DATE))
       OR CAST(local_ts AS TIME) < CAST($start_time AS TIME)
       OR CAST(local_ts AS TIME) >= CAST($end_time AS TIME)
    GROUP BY user_id
)
SELECT {ref:U:user_id} AS record_ref,
       n || ' access event(s) outside working hours' AS detail,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(NULL AS DATE) AS event_date,
       CAST(n AS DOUBLE) AS measured_value,
       CAST($min_events AS DOUBLE) AS limit_value,
       'events' AS unit,
       'access.off_hours' AS detail_key,
       n AS p_n
FROM off
WHERE n >= CAST($min_events AS BIGINT)
ORDER BY record_ref;
