-- breach.incomplete_record (Art. 33(5)): breach documentation lacking detected_at,
-- risk_level, affected_count or category (missing or unparseable). A field the
-- breach register's source does not export at all is not judged (listed in $absent as
-- 'source|field'; reported once as not assessable instead).
-- Inputs: temp table assess_breaches, $absent.
-- Output: record_ref (breach id), detail, source_table; event_date (detected, when
-- known), detail_key, p_fields (no person, figure or limit).
WITH b AS (
    SELECT breach_id, source_table, detected_at,
           concat_ws(', ',
               CASE WHEN detected_at IS NULL
                         AND NOT list_contains($absent, coalesce(source_table, '') || '|detected_at')
                    THEN 'detected_at' END,
               CASE WHEN risk_level IS NULL
                         AND NOT list_contains($absent, coalesce(source_table, '') || '|risk_level')
                    THEN 'risk_level' END,
               CASE WHEN affected_count IS NULL
                         AND NOT list_contains($absent, coalesce(source_table, '') || '|affected_count')
                    THEN 'affected_count' END,
               CASE WHEN category IS NULL
                         AND NOT list_contains($absent, coalesce(source_table, '') || '|category')
                    THEN 'category' END) AS lacking
    FROM assess_breaches
)
SELECT breach_id AS record_ref, 'breach record lacks ' || lacking AS detail, source_table,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(detected_at AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'breach.incomplete_record' AS detail_key,
       lacking AS p_fields
FROM b
WHERE lacking <> ''
ORDER BY record_ref;
