-- Ageing distribution of business records (Art. 5(1)(e)): per record type and age
-- bucket (years since creation), how many records and how many are past their limit.
-- Not findings: a chart for the report.
-- Inputs: temp table assess_record_status, $as_of.
-- Output: record_type, age_bucket, count, limit_months, past_limit.
SELECT record_type,
       CASE WHEN age_months < 12 THEN '0-1y' WHEN age_months < 24 THEN '1-2y'
            WHEN age_months < 36 THEN '2-3y' WHEN age_months < 72 THEN '3-6y'
            WHEN age_months < 96 THEN '6-8y' WHEN age_months < 120 THEN '8-10y'
            ELSE '10y+' END AS age_bucket,
       count(*) AS count,
       max(period_months) AS limit_months,
       count(*) FILTER (WHERE has_policy AND CAST($as_of AS DATE) > end_day) AS past_limit
FROM assess_record_status
WHERE created_day IS NOT NULL
GROUP BY ALL
ORDER BY record_type, min(age_months);
