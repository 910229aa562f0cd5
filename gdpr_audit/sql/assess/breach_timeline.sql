-- Breach status (Art. 33, 34): hours from detection to the authority's notification,
-- whether the breach needs notifying (risk_level not 'none'; unknown risk counts as
-- needing it) and, for a breach that does, whether the 72 h limit was missed, unless a
-- delay_reason was given, or is already missed on the audit day (midnight UTC) while not
-- notified.
-- Inputs: breaches, $as_of, $notify_hours.
-- Output: temp table assess_breaches (breach_id, detected_at, authority_notified_at,
-- subjects_notified_at, delay_reason, risk_level, affected_count, category,
-- source_table, hours_to_notify, needs_notifying, late_notification, not_notified, late).
CREATE OR REPLACE TEMP TABLE assess_breaches AS
WITH b AS (
    SELECT breach_id, detected_at, authority_notified_at, subjects_notified_at,
           nullif(trim(delay_reason), '') AS delay_reason, nullif(trim(risk_level), '') AS risk_level,
           affected_count, nullif(trim(category), '') AS category, source_table,
           epoch(authority_notified_at - detected_at) / 3600.0 AS hours_to_notify,
           coalesce(nullif(trim(risk_level), ''), 'unknown') <> 'none' AS needs_notifying
    FROM breaches
),
f AS (
    SELECT *,
           -- Art. 33(1) binds only breaches that need notifying: a voluntary, late
           -- notification of a no-risk breach is no late notification.
           coalesce(needs_notifying AND hours_to_notify > $notify_hours AND delay_reason IS NULL,
                    false) AS late_notification,
           coalesce(needs_notifying AND authority_notified_at IS NULL
                    AND epoch(CAST(CAST($as_of AS DATE) AS TIMESTAMPTZ) - detected_at) / 3600.0 > $notify_hours,
                    false) AS not_notified
    FROM b
)
SELECT *, late_notification OR not_notified AS late FROM f;
