-- Gaps in the audit per check (issue #10 part 7): sources a check could not or only
-- partly assess on the audit date, as stored by `gdpr-audit assess`.
-- Inputs: audit_assessability; $as_of (DATE). Output: check_id, gaps (BIGINT).
-- GDPR: Art. 5(2) accountability (what the audit could not show); names only.
SELECT check_id, count(*) AS gaps
FROM audit_assessability
WHERE as_of = $as_of AND status IN ('not_assessable', 'partial')
GROUP BY check_id
ORDER BY check_id
