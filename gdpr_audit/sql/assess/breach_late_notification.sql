-- breach.late_notification (Art. 33(1)): authority notified more than $notify_hours
-- hours after detection with no reason for the delay recorded.
-- Inputs: temp table assess_breaches, $notify_hours. Output: record_ref (breach id), detail, source_table.
SELECT breach_id AS record_ref,
       'authority notified ' || round(hours_to_notify, 1) || ' h after detection (limit '
           || $notify_hours || ' h) without a reason for the delay' AS detail,
       source_table
FROM assess_breaches
WHERE late_notification
ORDER BY record_ref;
