-- Malformed records per file and reason; never the raw record itself.
-- Inputs: load_quarantine (with reason_code/reason_params, written since reason codes;
--   gdpr_audit.report.quarantine reads older databases without them).
-- Output: path, reason_code, reason_params (JSON text), reason (English prose),
--   records (BIGINT). The report words reason_code + reason_params per language.
-- GDPR: Art. 5(1)(d) accuracy of the audited data.
SELECT path, reason_code, CAST(reason_params AS VARCHAR) AS reason_params, reason,
       count(*) AS records
FROM load_quarantine
GROUP BY ALL
ORDER BY records DESC, path, reason_code, reason
