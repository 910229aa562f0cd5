-- Effective column permissions (Art. 25, 32): role_permissions with '*' expanded to
-- every canonical table / column (or every column of a raw table named 'raw.<table>'),
-- one row per role x table x column with read/export flags OR-ed over all grants.
-- Inputs: role_permissions, temp table assess_columns (schema_name, table_name,
-- column_name) listing canonical (schema 'main') and raw columns.
-- Output: temp table assess_permissions (role_id, schema_name, table_name, column_name,
-- can_read, can_export).
CREATE OR REPLACE TEMP TABLE assess_permissions AS
WITH p AS (
    SELECT lower(trim(role_id)) AS role_id, trim(table_name) AS t, trim(column_name) AS c,
           coalesce(can_read, false) AS can_read, coalesce(can_export, false) AS can_export
    FROM role_permissions
    WHERE role_id IS NOT NULL AND table_name IS NOT NULL AND column_name IS NOT NULL
)
SELECT p.role_id, a.schema_name, a.table_name, a.column_name,
       bool_or(p.can_read OR p.can_export) AS can_read, bool_or(p.can_export) AS can_export
FROM p
JOIN assess_columns a
  ON (CASE WHEN starts_with(p.t, 'raw.')
           THEN a.schema_name = 'raw' AND a.table_name = substr(p.t, 5)
           ELSE a.schema_name = 'main' AND (p.t = '*' OR a.table_name = p.t) END)
 AND (p.c = '*' OR a.column_name = p.c)
GROUP BY ALL;
