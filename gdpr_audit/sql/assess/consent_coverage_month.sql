-- Consent coverage per month of sending (Art. 6(1)(a)): sends covered by a valid
-- consent at send time / sends. Not findings: a chart for the report.
-- Inputs: communications, temp table assess_send_consent (the uncovered sends).
-- Output: month (DATE, first day, UTC), sends, covered, share.
WITH sends AS (
    SELECT CAST(date_trunc('month', sent_at) AS DATE) AS month, count(*) AS sends
    FROM communications
    WHERE sent_at IS NOT NULL AND contact_id IS NOT NULL
    GROUP BY ALL
),
uncovered AS (
    SELECT CAST(date_trunc('month', sent_at) AS DATE) AS month, count(*) AS n
    FROM assess_send_consent
    GROUP BY ALL
)
SELECT month, sends, sends - coalesce(n, 0) AS covered,
       (sends - coalesce(n, 0)) / sends AS share
FROM sends LEFT JOIN uncovered USING (month)
ORDER BY month;
