-- Records kept under a legal hold (Art. 17(3)(b)): an individual hold, or a statutory
-- duty (HGB §257 / AO §147) whose period has not ended. Not findings: reported as held.
-- Inputs: temp table assess_record_status, $as_of.
-- Output: record_type, hold ('individual' | 'statutory'), count, legal_basis.
SELECT record_type,
       CASE WHEN individual_hold THEN 'individual' ELSE 'statutory' END AS hold,
       count(*) AS count,
       any_value(legal_basis) AS legal_basis
FROM assess_record_status
WHERE individual_hold
   OR (statutory_hold AND created_day IS NOT NULL AND CAST($as_of AS DATE) <= end_day)
GROUP BY ALL
ORDER BY record_type, hold;
