-- breach.subjects_not_notified (Art. 34(1)): high-risk breaches whose data subjects
-- have not been informed. Inputs: temp table assess_breaches.
-- Output: record_ref (breach id), detail, source_table; event_date (detected),
-- measured_value (subjects affected), unit, detail_key, p_n (NULL: not recorded).
SELECT breach_id AS record_ref,
       'high-risk breach affecting ' || coalesce(CAST(affected_count AS VARCHAR), 'an unknown number of')
           || ' subject(s) not communicated to them' AS detail,
       source_table,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(detected_at AS DATE) AS event_date,
       CAST(affected_count AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       'subjects' AS unit,
       'breach.subjects_not_notified' AS detail_key,
       affected_count AS p_n
FROM assess_breaches
WHERE risk_level = 'high' AND subjects_notified_at IS NULL
ORDER BY record_ref;
