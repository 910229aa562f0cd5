-- Records of processing activities overview (Art. 30(1)): one row per purpose seen in
-- consents, communications or retention policies, with the legal bases recorded for it
-- (and how many consent rows each), the categories of subjects concerned (customers /
-- prospects with a consents row for it; from communications for purposes without one), the recipients (roles that may read the contacts' data), the retention
-- rule and the categories of personal data (PII types of the contact, consent and
-- communication columns per the PII inventory, else the contact columns holding data).
-- Inputs: consents, communications, contacts, retention_policies, temp tables
-- assess_ropa_categories (category), assess_ropa_recipients (role_id),
-- $default_retention. Output: purpose, data_categories, subject_categories, recipients,
-- retention, legal_basis.
WITH purposes AS (
    SELECT purpose FROM consents WHERE purpose IS NOT NULL
    UNION SELECT purpose FROM communications WHERE purpose IS NOT NULL
    UNION SELECT purpose FROM retention_policies WHERE purpose IS NOT NULL
),
bases AS (
    SELECT purpose, string_agg(legal_basis || ' (' || n || ')', ', ' ORDER BY n DESC, legal_basis) AS legal_basis
    FROM (SELECT purpose, coalesce(legal_basis, 'unknown') AS legal_basis, count(*) AS n
          FROM consents WHERE purpose IS NOT NULL GROUP BY ALL)
    GROUP BY purpose
),
-- Subjects per purpose from the consents register; purposes only ever seen in
-- communications (sent without any recorded basis) are counted from those.
consent_subjects AS (
    SELECT purpose, contact_id FROM consents WHERE purpose IS NOT NULL
),
consent_purposes AS (SELECT DISTINCT purpose FROM consent_subjects),
send_only AS (
    SELECT purpose, contact_id FROM communications
    WHERE purpose IS NOT NULL AND purpose NOT IN (SELECT purpose FROM consent_purposes)
),
-- distinct pairs first, then a plain count per customer flag (cheaper than
-- count(DISTINCT) over the join)
subjects AS (
    SELECT purpose,
           count(*) FILTER (WHERE is_customer) AS customers,
           count(*) FILTER (WHERE is_customer IS NOT TRUE) AS prospects
    FROM (SELECT DISTINCT purpose, contact_id
          FROM (SELECT * FROM consent_subjects UNION ALL SELECT * FROM send_only)) pc
    JOIN (SELECT DISTINCT contact_id, is_customer FROM contacts) k USING (contact_id)
    GROUP BY purpose
),
retention AS (
    SELECT purpose, string_agg(DISTINCT record_type || ': ' || period_months || ' months', ', ') AS retention
    FROM retention_policies WHERE purpose IS NOT NULL GROUP BY purpose
),
cats AS (SELECT coalesce(string_agg(category, ', ' ORDER BY category), '') AS data_categories
         FROM assess_ropa_categories),
recips AS (SELECT coalesce(string_agg(role_id, ', ' ORDER BY role_id), '') AS recipients
           FROM assess_ropa_recipients)
SELECT p.purpose, cats.data_categories,
       concat_ws(', ',
           CASE WHEN coalesce(s.customers, 0) > 0 THEN 'customers (' || s.customers || ')' END,
           CASE WHEN coalesce(s.prospects, 0) > 0 THEN 'prospects (' || s.prospects || ')' END)
           AS subject_categories,
       recips.recipients,
       coalesce(r.retention, $default_retention) AS retention,
       coalesce(b.legal_basis, '') AS legal_basis
FROM purposes p CROSS JOIN cats CROSS JOIN recips
LEFT JOIN bases b USING (purpose)
LEFT JOIN subjects s USING (purpose)
LEFT JOIN retention r USING (purpose)
ORDER BY p.purpose;
