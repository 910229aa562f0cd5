-- Consent coverage per month of sending (Art. 6(1)(a)): outbound marketing sends
-- covered by a valid consent at send time / marketing sends. Not findings: a chart for the report.
-- Months are UTC calendar months. Sends are first counted per UTC day with integer
-- arithmetic on the epoch (time-zone functions per row cost seconds at 10M sends),
-- then the few thousand days are truncated to months.
-- Inputs: temp view assess_sends, temp table assess_send_consent (the uncovered sends).
-- Output: month (DATE, first day, UTC), sends, covered, share.
WITH sends AS (
    SELECT CAST(floor(epoch_us(sent_at) / 86400000000) AS BIGINT) AS day, count(*) AS n
    FROM assess_sends
    WHERE sent_at IS NOT NULL AND contact_id IS NOT NULL
    GROUP BY ALL
),
uncovered AS (
    SELECT CAST(floor(epoch_us(sent_at) / 86400000000) AS BIGINT) AS day, count(*) AS n
    FROM assess_send_consent
    GROUP BY ALL
),
by_day AS (
    SELECT CAST(date_trunc('month', make_timestamp(s.day * 86400000000)) AS DATE) AS month,
           s.n AS sends, coalesce(u.n, 0) AS uncovered
    FROM sends s LEFT JOIN uncovered u USING (day)
)
SELECT month, sum(sends) AS sends, sum(sends) - sum(uncovered) AS covered,
       (sum(sends) - sum(uncovered)) / sum(sends) AS share
FROM by_day
GROUP BY month
ORDER BY month;
