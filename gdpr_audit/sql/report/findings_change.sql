-- Change since the previous audit of the same database (issue #13): findings of $as_of
-- against those of the latest earlier audit date, matched by their stable reference
-- (check_id + pseudonymous record_ref: the same record gets the same S-/R-… id under the
-- database's salt). Inputs: audit_findings; $as_of (DATE).
-- Output: check_id, severity, previous (DATE or NULL), new, resolved, still_open (BIGINT).
-- GDPR: Art. 5(2) accountability (is compliance improving?); references only.
WITH prev AS (
    SELECT max(as_of) AS day FROM audit_findings WHERE as_of < $as_of
),
cur AS (SELECT DISTINCT check_id, severity, record_ref FROM audit_findings WHERE as_of = $as_of),
old AS (
    SELECT DISTINCT check_id, severity, record_ref
    FROM audit_findings, prev WHERE as_of = prev.day
)
SELECT coalesce(c.check_id, o.check_id) AS check_id,
       coalesce(any_value(c.severity), any_value(o.severity)) AS severity,
       (SELECT day FROM prev) AS previous,
       count(*) FILTER (WHERE o.record_ref IS NULL) AS new,
       count(*) FILTER (WHERE c.record_ref IS NULL) AS resolved,
       count(*) FILTER (WHERE c.record_ref IS NOT NULL AND o.record_ref IS NOT NULL) AS still_open
FROM cur c FULL OUTER JOIN old o USING (check_id, record_ref)
GROUP BY 1
ORDER BY 1
