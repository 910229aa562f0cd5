-- subjects: the records that belong to one person together with another record, and
-- the ids more than one system uses (docs/data-model.md). One row per record
-- (system, contact_id) and contact source table (NULL for an id no contact row holds:
-- a person-level id, or an id only consents or sends carry) with the person's key
-- (subject_key: the smallest key of the person's records; a key is the id, or
-- 'system:id' when the id occurs in more than one system; never an e-mail address:
-- address nodes link, but are not stored) and the rules of the record's own links
-- ('email', 'individual_id', comma-separated; NULL for an unlinked record listed only
-- because another system uses the same id). An id not listed is a person of its own.
-- Inputs: temp tables _subject_nodes, _subject_labels (converged), _subject_edges,
-- _subject_system; contacts.
-- Output: table subjects (subject_key, system, contact_id, source_table, linked_by,
-- records). GDPR: Art. 6, 7, 15 (one person across systems, never two people).
CREATE OR REPLACE TABLE subjects AS
WITH labelled AS (
    SELECT n.node, n.system, n.contact_id, n.skey, n.shared,
           coalesce(l.label, n.node) AS label
    FROM _subject_nodes n LEFT JOIN _subject_labels l USING (node)
),
keyed AS (
    SELECT label, min(skey) AS subject_key, count(*) AS records
    FROM labelled GROUP BY label
),
rules AS (
    SELECT a AS node, string_agg(DISTINCT rule, ',' ORDER BY rule) AS linked_by
    FROM _subject_edges GROUP BY a
),
tables AS (
    SELECT DISTINCT coalesce(y.system, '*') AS system, k.contact_id, k.source_table
    FROM contacts k LEFT JOIN _subject_system y ON y.source_table = k.source_table
)
SELECT k.subject_key, l.system, l.contact_id, t.source_table, r.linked_by, k.records
FROM labelled l
JOIN keyed k USING (label)
LEFT JOIN rules r ON r.node = l.node
LEFT JOIN tables t ON t.system = l.system AND t.contact_id = l.contact_id
WHERE k.records > 1 OR l.shared
ORDER BY k.subject_key, l.system, l.contact_id, t.source_table;
