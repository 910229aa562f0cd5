-- Special-category columns of the PII inventory, keyed for allow-lists (Art. 9, 32).
-- Inputs: pii_columns (written by discover). Output: view v_special_columns (TEMP for
-- `gdpr-audit check`, see views.sql), one
-- row per raw column and special-category type: column_key ('<table>.<column>'),
-- table_name, column_name, entity_type, free_text, score, share.
-- Created by gdpr_audit.assess.views.create_views only when pii_columns exists.
CREATE OR REPLACE VIEW v_special_columns AS
SELECT table_name || '.' || column_name AS column_key,
       table_name,
       column_name,
       entity_type,
       coalesce(free_text, false) AS free_text,
       score,
       share
FROM pii_columns
WHERE category = 'special';
