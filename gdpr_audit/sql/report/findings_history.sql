-- Findings per audit date and severity, for the trend between audits up to $as_of.
-- Inputs: audit_findings (one set of rows per audit date); $as_of (DATE).
-- Output: as_of (DATE), severity, findings (BIGINT), ordered by date.
-- GDPR: Art. 5(2) accountability (is compliance improving?).
SELECT as_of, severity, count(*) AS findings
FROM audit_findings
WHERE as_of <= $as_of
GROUP BY ALL
ORDER BY as_of, severity
