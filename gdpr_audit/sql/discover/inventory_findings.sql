-- Purpose: row-level detections in free-text columns for the JSON inventory
--   (Art. 30 records; Art. 9 special categories), without any matched text.
-- Inputs: pii_findings; $tables the raw table names of the scan (list).
-- Output: source, column_name, record_no, entity_type, score; in a stable order.
SELECT source, column_name, record_no, entity_type, score
FROM pii_findings
WHERE list_contains($tables, table_name)
ORDER BY source, column_name, record_no, entity_type, score DESC, table_name
