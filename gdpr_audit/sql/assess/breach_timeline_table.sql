-- Breach timeline for the report (Art. 33, 34). Inputs: temp table assess_breaches.
-- Output: breach_id, detected_at, authority_notified_at, hours_to_notify, risk_level,
-- affected_count, late.
SELECT breach_id, detected_at, authority_notified_at, hours_to_notify, risk_level,
       affected_count, late
FROM assess_breaches
ORDER BY detected_at NULLS LAST, breach_id;
