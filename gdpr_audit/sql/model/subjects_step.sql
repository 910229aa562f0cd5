-- One round of label propagation over the subject graph (subjects_graph.sql): every
-- node takes the smallest label among itself and its neighbours. Repeated by
-- gdpr_audit.load.subjects until no label changes; then every connected part of the
-- graph (one person) carries one label.
-- Inputs: temp tables _subject_labels, _subject_edges. Output: temp table _subject_next
-- (node, is_id, label, changed).
CREATE OR REPLACE TEMP TABLE _subject_next AS
SELECT l.node, l.is_id,
       least(l.label, coalesce(min(n.label), l.label)) AS label,
       least(l.label, coalesce(min(n.label), l.label)) <> l.label AS changed
FROM _subject_labels l
LEFT JOIN _subject_edges e ON e.a = l.node
LEFT JOIN _subject_labels n ON n.node = e.b
GROUP BY l.node, l.is_id, l.label;
