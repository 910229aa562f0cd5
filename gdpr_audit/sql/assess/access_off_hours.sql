-- access.off_hours (Art. 32): users with at least $min_events access events outside
-- working hours ($weekdays ISO days but not the public holidays in $holidays,
-- [$start_time, $end_time) local time in $zone).
-- Inputs: access_log, $zone, $weekdays, $holidays (DATE[]), $start_time, $end_time,
-- $min_events, $salt.
-- Output: record_ref (pseudonymous user id), detail.
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
       n || ' access event(s) outside working hours' AS detail
FROM off
WHERE n >= CAST($min_events AS BIGINT)
ORDER BY record_ref;
