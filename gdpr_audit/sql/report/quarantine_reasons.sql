-- Malformed records per file and reason; never the raw record itself.
-- Inputs: load_quarantine.
-- Output: path, reason, records (BIGINT).
-- GDPR: Art. 5(1)(d) accuracy of the audited data.
SELECT path, reason, count(*) AS records
FROM load_quarantine
GROUP BY ALL
ORDER BY records DESC, path, reason
