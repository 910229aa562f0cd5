-- breach.not_notified (Art. 33(1)): breaches needing notification (risk not 'none')
-- that the authority has not been told about $notify_hours hours after detection.
-- Inputs: temp table assess_breaches, $as_of, $notify_hours.
-- Output: record_ref (breach id), detail, source_table.
SELECT breach_id AS record_ref,
       coalesce(risk_level, 'unknown') || '-risk breach detected '
           || strftime(detected_at, '%Y-%m-%d %H:%M %Z')
           || ' not notified to the authority' AS detail,
       source_table
FROM assess_breaches
WHERE not_notified
ORDER BY record_ref;
