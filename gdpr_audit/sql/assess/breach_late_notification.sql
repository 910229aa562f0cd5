-- breach.late_notification (Art. 33(1)): a breach that needs notifying (risk_level not
-- 'none': Art. 33(1) exempts a breach "unlikely to result in a risk") whose authority
-- was notified more than $notify_hours hours after detection with no reason for the
-- delay recorded (flag late_notification of breach_timeline.sql).
-- Inputs: temp table assess_breaches, $notify_hours. Output: record_ref (breach id),
-- detail, source_table; event_date (detected), measured_value (hours to notify, unrounded:
-- DuckDB and Spark round a double's halves differently), limit_value ($notify_hours),
-- unit, detail_key, p_hours (1 decimal, as in the prose), p_limit.
SELECT breach_id AS record_ref,
       'authority notified ' || round(hours_to_notify, 1) || ' h after detection (limit '
           || $notify_hours || ' h) without a reason for the delay' AS detail,
       source_table,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(detected_at AS DATE) AS event_date,
       hours_to_notify AS measured_value,
       CAST($notify_hours AS DOUBLE) AS limit_value,
       'hours' AS unit,
       'breach.late_notification' AS detail_key,
       round(hours_to_notify, 1) AS p_hours, $notify_hours AS p_limit
FROM assess_breaches
WHERE late_notification
ORDER BY record_ref;
