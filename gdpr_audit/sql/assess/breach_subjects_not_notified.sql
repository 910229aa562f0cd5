-- breach.subjects_not_notified (Art. 34(1)): high-risk breaches whose data subjects
-- have not been informed. Inputs: temp table assess_breaches.
-- Output: record_ref (breach id), detail, source_table.
SELECT breach_id AS record_ref,
       'high-risk breach affecting ' || coalesce(CAST(affected_count AS VARCHAR), 'an unknown number of')
           || ' subject(s) not communicated to them' AS detail,
       source_table
FROM assess_breaches
WHERE risk_level = 'high' AND subjects_notified_at IS NULL
ORDER BY record_ref;
