-- subjects: the records that belong to one person together with another record
-- (docs/data-model.md): one row per linked contact id or person-level id with the
-- person's key (subject_key: the smallest id of the person's records, never an e-mail
-- address: address nodes link, but are not stored) and the rules of the record's own
-- links ('email', 'individual_id', comma-separated). An id not listed is a person of
-- its own. Inputs: temp tables _subject_labels (converged), _subject_edges.
-- Output: table subjects (subject_key, contact_id, linked_by, records).
-- GDPR: Art. 6, 7, 15 (one person across systems).
CREATE OR REPLACE TABLE subjects AS
WITH keyed AS (
    SELECT label, min(node) FILTER (WHERE is_id) AS subject_key,
           count(*) FILTER (WHERE is_id) AS records
    FROM _subject_labels GROUP BY label
),
rules AS (
    SELECT a AS node, string_agg(DISTINCT rule, ',' ORDER BY rule) AS linked_by
    FROM _subject_edges GROUP BY a
)
SELECT k.subject_key, l.node AS contact_id, r.linked_by, k.records
FROM _subject_labels l
JOIN keyed k USING (label)
JOIN rules r ON r.node = l.node
WHERE l.is_id AND k.records > 1
ORDER BY k.subject_key, l.node;
