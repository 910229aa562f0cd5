-- Records of processing activities (Art. 30(1)) in long form: one row per purpose and
-- aspect, so every value stays a code the report translates (legal bases, subject
-- categories, PII types, role ids, record types) and every count a number.
-- aspect / value / n:
--   legal_basis       legal basis of consent rows for the purpose / number of rows
--   subject_category  customers | prospects (consents, else communications) / subjects
--   data_category     PII type of the inventory (every type in pii_columns and
--                     pii_findings; else the contact columns holding data) / NULL
--   recipient         role id allowed to read or export contacts / NULL
--   retention         record type of a retention policy for the purpose / months
--   retention_default $default_retention (no policy for the purpose) / NULL
-- Inputs: consents, communications, contacts, retention_policies, temp tables
-- assess_ropa_categories (category), assess_ropa_recipients (role_id).
-- Output: purpose, aspect, value, n (ordered by purpose, aspect order, n desc, value).
WITH purposes AS (
    SELECT purpose FROM consents WHERE purpose IS NOT NULL
    UNION SELECT purpose FROM communications WHERE purpose IS NOT NULL
    UNION SELECT purpose FROM retention_policies WHERE purpose IS NOT NULL
),
bases AS (
    SELECT purpose, coalesce(legal_basis, 'unknown') AS value, count(*) AS n
    FROM consents WHERE purpose IS NOT NULL GROUP BY ALL
),
-- Subjects per purpose from the consents register; purposes only ever seen in
-- communications (sent without any recorded basis) are counted from those.
consent_subjects AS (
    SELECT purpose, contact_id FROM consents WHERE purpose IS NOT NULL
),
send_only AS (
    SELECT purpose, contact_id FROM communications
    WHERE purpose IS NOT NULL AND purpose NOT IN (SELECT DISTINCT purpose FROM consent_subjects)
),
-- distinct pairs first, then a plain count per customer flag (cheaper than
-- count(DISTINCT) over the join)
subjects AS (
    SELECT purpose, CASE WHEN is_customer THEN 'customers' ELSE 'prospects' END AS value,
           count(*) AS n
    FROM (SELECT DISTINCT purpose, contact_id
          FROM (SELECT * FROM consent_subjects UNION ALL SELECT * FROM send_only)) pc
    JOIN (SELECT DISTINCT contact_id, is_customer FROM contacts) k USING (contact_id)
    GROUP BY ALL
),
retention AS (
    SELECT DISTINCT purpose, record_type AS value, period_months AS n
    FROM retention_policies WHERE purpose IS NOT NULL
),
parts AS (
    SELECT purpose, 1 AS o, 'legal_basis' AS aspect, value, n FROM bases
    UNION ALL SELECT purpose, 2, 'subject_category', value, n FROM subjects
    UNION ALL SELECT p.purpose, 3, 'data_category', c.category, NULL
              FROM purposes p, assess_ropa_categories c
    UNION ALL SELECT p.purpose, 4, 'recipient', r.role_id, NULL
              FROM purposes p, assess_ropa_recipients r
    UNION ALL SELECT purpose, 5, 'retention', value, n FROM retention
    UNION ALL SELECT purpose, 6, 'retention_default', $default_retention, NULL
              FROM purposes WHERE purpose NOT IN (SELECT purpose FROM retention)
)
SELECT purpose, aspect, value, CAST(n AS BIGINT) AS n
FROM parts
ORDER BY purpose, o, n DESC NULLS LAST, value;
