-- access.special_category_outside_allowlist (Art. 9, 32): roles that can read a raw
-- column holding a special category (directly or through a canonical column fed by it)
-- without being on the allow-list for that category. One finding per role x raw column,
-- keyed 'role|raw.<table>|<column>' (non-personal; the demo truth manifest's form).
-- Inputs: temp tables assess_permissions, assess_column_pii; $allow_entity/$allow_role
-- (parallel lists: role allowed for a category), $default_roles (allowed for categories
-- without an entry). Output: record_ref, detail; detail_key, p_role, p_entities
-- (comma-separated categories), p_column (raw.<table>.<column>); no person, date or figure.
WITH allow AS (
    SELECT upper(unnest($allow_entity)) AS entity_type, lower(unnest($allow_role)) AS role_id
),
listed AS (SELECT DISTINCT entity_type FROM allow),
exposed AS (
    SELECT DISTINCT p.role_id, c.raw_table, c.raw_column, upper(c.entity_type) AS entity_type
    FROM assess_permissions p
    JOIN assess_column_pii c USING (schema_name, table_name, column_name)
    WHERE p.can_read AND c.category = 'special'
),
violating AS (
    SELECT e.* FROM exposed e
    WHERE NOT (
        CASE WHEN e.entity_type IN (SELECT entity_type FROM listed)
             THEN EXISTS (SELECT 1 FROM allow a WHERE a.entity_type = e.entity_type AND a.role_id = e.role_id)
             ELSE list_contains($default_roles, e.role_id) END)
),
agg AS (
    SELECT role_id, raw_table, raw_column,
           string_agg(DISTINCT entity_type, ', ' ORDER BY entity_type) AS entities
    FROM violating
    GROUP BY role_id, raw_table, raw_column
)
SELECT role_id || '|raw.' || raw_table || '|' || raw_column AS record_ref,
       'role ' || role_id || ' can read ' || entities
           || ' data in raw.' || raw_table || '.' || raw_column
           || ' without being on the allow-list' AS detail,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(NULL AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'access.special_category_outside_allowlist' AS detail_key,
       role_id AS p_role, entities AS p_entities,
       'raw.' || raw_table || '.' || raw_column AS p_column
FROM agg
ORDER BY record_ref;
