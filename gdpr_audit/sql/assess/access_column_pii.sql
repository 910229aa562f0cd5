-- PII types per permission column (Art. 9, 30): canonical columns through
-- column_lineage to the raw columns that fed them, raw columns directly, joined to the
-- PII inventory. Inputs: temp tables assess_columns, assess_pii (raw_table, raw_column,
-- entity_type, category), column_lineage.
-- Output: temp table assess_column_pii (schema_name, table_name, column_name, raw_table,
-- raw_column, entity_type, category).
CREATE OR REPLACE TEMP TABLE assess_column_pii AS
SELECT a.schema_name, a.table_name, a.column_name, l.raw_table, l.raw_column,
       pii.entity_type, pii.category
FROM assess_columns a
JOIN column_lineage l ON a.schema_name = 'main' AND l.canonical_table = a.table_name
                     AND l.canonical_column = a.column_name
JOIN assess_pii pii ON pii.raw_table = l.raw_table AND pii.raw_column = l.raw_column
UNION
SELECT a.schema_name, a.table_name, a.column_name, a.table_name, a.column_name,
       pii.entity_type, pii.category
FROM assess_columns a
JOIN assess_pii pii ON a.schema_name = 'raw' AND pii.raw_table = a.table_name
                   AND pii.raw_column = a.column_name;
