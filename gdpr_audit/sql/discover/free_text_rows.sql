-- Purpose: stream the non-empty cells of a free-text raw column with their record
--   numbers, for row-level PII and special-category detection (Art. 9, Art. 30).
-- Inputs: {schema}.{table} a raw table, {column} its free-text column.
-- Output: record_no (the loader's 1-based _record_no), text; in record order.
SELECT TRY_CAST(_record_no AS BIGINT) AS record_no, CAST({column} AS VARCHAR) AS text
FROM {schema}.{table}
WHERE {column} IS NOT NULL AND trim(CAST({column} AS VARCHAR)) <> ''
ORDER BY record_no
