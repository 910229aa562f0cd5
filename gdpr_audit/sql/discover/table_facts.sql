-- Purpose: row count and source file of a raw table, for the PII inventory (Art. 30).
-- Inputs: {schema}.{table} a raw table with the loader's _source_file column.
-- Output: rows (count of records), source (the file it was loaded from; the first one
--   when a table somehow holds several).
SELECT count(*) AS rows, min(_source_file) AS source
FROM {schema}.{table}
