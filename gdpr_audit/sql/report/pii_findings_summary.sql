-- Free-text findings of discovery per column and detected type: counts only.
-- Inputs: pii_findings (written by `gdpr-audit scan`).
-- Output: table_name, column_name, entity_type, category, records (distinct record_no), language.
-- GDPR: Art. 9 (special categories in free text), Art. 30 (inventory).
SELECT table_name, column_name, entity_type, category,
       count(DISTINCT record_no) AS records,
       string_agg(DISTINCT language, ', ' ORDER BY language) AS language
FROM pii_findings
GROUP BY table_name, column_name, entity_type, category
ORDER BY category DESC, records DESC, table_name, column_name, entity_type
