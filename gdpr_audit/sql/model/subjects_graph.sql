-- The graph that links one person's records across sources (issue #10): nodes are
-- contact ids, person-level ids and normalised e-mail addresses; an edge joins a
-- contact to its individual_id (Salesforce Contact -> Individual, a HubSpot record id
-- kept elsewhere) and to its e-mail address (lower-cased, trimmed) when another
-- contact has the same address (Mailchimp member and CRM contact meet at the address
-- node). Records that share a contact_id (a contact, its consents, its sends) are one
-- node already. Contacts with no link stay out of the graph: they are their own subject.
-- Inputs: contacts. Output: temp tables _subject_edges (a, b, rule; both directions)
-- and _subject_labels (node, is_id, label = node). Read by gdpr_audit.load.subjects.
-- GDPR: Art. 6, 7 (consent is the person's, whichever system recorded it), Art. 15.
CREATE OR REPLACE TEMP TABLE _subject_edges AS
WITH mail AS (
    SELECT contact_id, 'email:' || lower(trim(email)) AS address
    FROM contacts
    WHERE nullif(trim(email), '') IS NOT NULL
),
shared AS (
    SELECT address FROM mail GROUP BY address HAVING count(DISTINCT contact_id) > 1
),
one_way AS (
    SELECT contact_id AS a, trim(individual_id) AS b, 'individual_id' AS rule
    FROM contacts
    WHERE nullif(trim(individual_id), '') IS NOT NULL AND trim(individual_id) <> contact_id
    UNION
    SELECT m.contact_id, m.address, 'email'
    FROM mail m SEMI JOIN shared s ON s.address = m.address
)
SELECT a, b, rule FROM one_way
UNION ALL
SELECT b, a, rule FROM one_way;

CREATE OR REPLACE TEMP TABLE _subject_labels AS
SELECT DISTINCT a AS node, NOT starts_with(a, 'email:') AS is_id, a AS label
FROM _subject_edges;
