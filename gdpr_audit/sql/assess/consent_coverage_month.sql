-- Consent coverage per month of sending (Art. 6(1)(a)): sends covered by a valid
-- consent at send time / sends. Not findings: a chart for the report.
-- Inputs: temp table assess_send_consent. Output: month (DATE, first day, UTC), sends,
-- covered, share.
SELECT CAST(date_trunc('month', sent_at) AS DATE) AS month,
       count(*) AS sends,
       count(*) FILTER (WHERE valid_at_send > 0) AS covered,
       count(*) FILTER (WHERE valid_at_send > 0) / count(*) AS share
FROM assess_send_consent
GROUP BY ALL
ORDER BY month;
