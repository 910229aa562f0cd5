-- breach.incomplete_record (Art. 33(5)): breach documentation lacking detected_at,
-- risk_level, affected_count or category (missing or unparseable).
-- Inputs: temp table assess_breaches. Output: record_ref (breach id), detail.
SELECT breach_id AS record_ref,
       'breach record lacks ' || concat_ws(', ',
           CASE WHEN detected_at IS NULL THEN 'detected_at' END,
           CASE WHEN risk_level IS NULL THEN 'risk_level' END,
           CASE WHEN affected_count IS NULL THEN 'affected_count' END,
           CASE WHEN category IS NULL THEN 'category' END) AS detail
FROM assess_breaches
WHERE detected_at IS NULL OR risk_level IS NULL OR affected_count IS NULL OR category IS NULL
ORDER BY record_ref;
