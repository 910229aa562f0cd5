-- findings_appendix: the findings of one audit day for the PDF's appendix, at most
-- $per_check per check, the most severe checks first (gdpr_audit.report.pdf).
-- Inputs: audit_findings, $as_of, $per_check.
-- Output: every column of audit_findings (record_ref pseudonymous, detail value-free prose,
--         the structured columns where the database has them: an older one lacks them)
--         plus total (all findings of the check that day), ordered for printing.
-- GDPR: accountability, Art. 5(2): the filed report carries the evidence behind each count.
WITH f AS (
    SELECT *,
           count(*) OVER (PARTITION BY check_id) AS total,
           row_number() OVER (PARTITION BY check_id ORDER BY record_ref) AS n
    FROM audit_findings
    WHERE as_of = $as_of
)
SELECT * EXCLUDE (n)
FROM f
WHERE n <= $per_check
ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
                       ELSE 3 END,
         check_id, n
