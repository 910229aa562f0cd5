-- Findings per check of one audit date: what the DPO summary and the traffic lights count.
-- Inputs: audit_findings (written by `gdpr-audit assess`); $as_of (DATE).
-- Output: check_id, area, article, severity, findings (BIGINT), records (distinct record_ref).
-- GDPR: all assessed articles (5, 6-9, 12-22, 32-34); no raw values, counts only.
SELECT check_id, area, article, severity,
       count(*) AS findings,
       count(DISTINCT record_ref) AS records
FROM audit_findings
WHERE as_of = $as_of
GROUP BY ALL
ORDER BY check_id
