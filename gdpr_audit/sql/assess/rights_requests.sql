-- Data-subject requests with their legal deadline (Art. 12(3)): received + 1 calendar
-- month, + 3 calendar months when an extension is recorded. Month arithmetic on the
-- local calendar day in the controller's time zone; DuckDB clamps to the month's last
-- day (Jan 31 + 1 month = Feb 28/29). The recorded deadline_at is kept for reporting
-- only. Inputs: temp table assess_dsr_requests (prepare_requests.sql), $zone, $as_of. Output: temp table assess_requests
-- (request_id, contact_id, request_type, status, received_at, completed_at,
-- deadline_at, extended, received_day, completed_day, legal_deadline, days_late,
-- source_table, request_rule).
CREATE OR REPLACE TEMP TABLE assess_requests AS
WITH r AS (
    SELECT request_id, contact_id, request_type, status, received_at, completed_at,
           deadline_at, coalesce(extended, false) AS extended,
           CAST(timezone($zone, received_at) AS DATE) AS received_day,
           CAST(timezone($zone, completed_at) AS DATE) AS completed_day,
           source_table, request_rule
    FROM assess_dsr_requests
),
d AS (
    SELECT *,
           CAST(received_day + CASE WHEN extended THEN INTERVAL 3 MONTH ELSE INTERVAL 1 MONTH END
                AS DATE) AS legal_deadline
    FROM r
)
SELECT *,
       CASE WHEN legal_deadline IS NULL THEN NULL
            WHEN completed_day IS NOT NULL THEN greatest(0, completed_day - legal_deadline)
            WHEN coalesce(status, '') = 'rejected' THEN 0
            ELSE greatest(0, CAST($as_of AS DATE) - legal_deadline) END AS days_late
FROM d;
