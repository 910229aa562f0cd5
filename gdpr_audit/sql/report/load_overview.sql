-- One row per loaded export file: what was read, loaded and quarantined.
-- Inputs: load_log (written by `gdpr-audit load`).
-- Output: path, format, encoding, rows_read, rows_loaded, rows_quarantined.
-- GDPR: Art. 30 (which systems and exports hold personal data), Art. 5(1)(d) (accuracy).
SELECT path, format, encoding, rows_read, rows_loaded, rows_quarantined
FROM load_log
ORDER BY path
