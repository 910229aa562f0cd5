-- Access matrix for the report (Art. 5(1)(f), 25, 30, 32): per role and column it may
-- read or export, the PII types and special categories found there.
-- Inputs: temp tables assess_permissions, assess_column_pii.
-- Output: role, table, column, pii_types, special_categories, can_read, can_export.
WITH pii AS (
    SELECT schema_name, table_name, column_name,
           string_agg(DISTINCT entity_type, ', ' ORDER BY entity_type)
               FILTER (WHERE category <> 'special') AS pii_types,
           string_agg(DISTINCT entity_type, ', ' ORDER BY entity_type)
               FILTER (WHERE category = 'special') AS special_categories
    FROM assess_column_pii
    GROUP BY ALL
)
SELECT p.role_id AS role,
       CASE WHEN p.schema_name = 'raw' THEN 'raw.' || p.table_name ELSE p.table_name END AS "table",
       p.column_name AS "column",
       coalesce(pii.pii_types, '') AS pii_types,
       coalesce(pii.special_categories, '') AS special_categories,
       p.can_read, p.can_export
FROM assess_permissions p
LEFT JOIN pii USING (schema_name, table_name, column_name)
ORDER BY role, "table", "column";
