-- breach.not_notified (Art. 33(1)): breaches needing notification (risk not 'none')
-- that the authority has not been told about $notify_hours hours after detection.
-- Inputs: temp table assess_breaches, $as_of, $notify_hours.
-- Output: record_ref (breach id), detail, source_table; event_date (detected),
-- measured_value (hours from detection to the audit day's start, unrounded), limit_value
-- ($notify_hours), unit, detail_key, p_risk, p_detected (day), p_time (HH:MM zone).
SELECT breach_id AS record_ref,
       coalesce(risk_level, 'unknown') || '-risk breach detected '
           || strftime(detected_at, '%Y-%m-%d %H:%M %Z')
           || ' not notified to the authority' AS detail,
       source_table,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(detected_at AS DATE) AS event_date,
       epoch(CAST(CAST($as_of AS DATE) AS TIMESTAMPTZ) - detected_at) / 3600.0 AS measured_value,
       CAST($notify_hours AS DOUBLE) AS limit_value,
       'hours' AS unit,
       'breach.not_notified' AS detail_key,
       coalesce(risk_level, 'unknown') AS p_risk, CAST(detected_at AS DATE) AS p_detected,
       strftime(detected_at, '%H:%M %Z') AS p_time
FROM assess_breaches
WHERE not_notified
ORDER BY record_ref;
