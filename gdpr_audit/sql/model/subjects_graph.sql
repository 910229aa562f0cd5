-- The graph that links one person's records across sources (issue #10 part 4, #11).
-- A record is (system, contact_id): the system is the profile that mapped the row's
-- source table (model_log; 'generic' for the generic mapping, '*' for rows of unknown
-- provenance, filled by hand). A contact id names a person only inside its own system:
-- HubSpot 1063, OroCRM 1063 and ERP customer 1063 are three people. Records of one
-- system that share a contact id (a contact, its consents, its sends) are one node.
-- Edges across records come only from explicit rules:
--   individual_id  a contact's person-level id: the node (own system, id) (Salesforce
--                  Contact -> Individual, whose consents carry the Individual's id), and
--                  the contact of another system with that id when exactly one other
--                  system has one and the own system has none (a HubSpot record id kept
--                  in the ERP); an id two other systems use links nobody.
--   email          the same address (lower-cased, trimmed) in two records, unless it is
--                  no address, a role or placeholder address (subject_rules.yaml: info@,
--                  office@, kontakt@, noreply@ ...), or two contacts of the same known
--                  system use it (a shared mailbox: different people).
-- Inputs: contacts, consents, communications, dsr_requests, contact_changes,
-- automated_decisions, temp tables
-- _subject_system (subjects_system.sql), _subject_roles (local_part, prefix:
-- gdpr_audit/load/subject_rules.yaml).
-- Output: temp tables _subject_nodes (node, system, contact_id, skey: the id, qualified
-- 'system:id' when the id occurs in more than one system), _subject_edges (a, b, rule;
-- both directions), _subject_labels (node, is_id, label = node).
-- Read by gdpr_audit.load.subjects. GDPR: Art. 5(1)(d), 6, 7, 15 (a consent or an export
-- is the person's, never another person's who shares a number).
CREATE OR REPLACE TEMP TABLE _subject_nodes AS
WITH rows AS (
    SELECT DISTINCT source_table, contact_id FROM contacts
    UNION SELECT DISTINCT source_table, contact_id FROM consents
    UNION SELECT DISTINCT source_table, contact_id FROM communications
    UNION SELECT DISTINCT source_table, contact_id FROM dsr_requests
    UNION SELECT DISTINCT source_table, contact_id FROM contact_changes
    UNION SELECT DISTINCT source_table, contact_id FROM automated_decisions
    UNION SELECT DISTINCT source_table, trim(individual_id) FROM contacts
),
ids AS (
    SELECT DISTINCT coalesce(y.system, '*') AS system, r.contact_id
    FROM rows r LEFT JOIN _subject_system y ON y.source_table = r.source_table
    WHERE nullif(trim(r.contact_id), '') IS NOT NULL
),
shared AS (SELECT contact_id FROM ids GROUP BY contact_id HAVING count(*) > 1)
SELECT 'id:' || i.system || ':' || i.contact_id AS node, i.system, i.contact_id,
       CASE WHEN s.contact_id IS NULL THEN i.contact_id
            ELSE i.system || ':' || i.contact_id END AS skey,
       s.contact_id IS NOT NULL AS shared
FROM ids i LEFT JOIN shared s USING (contact_id);

CREATE OR REPLACE TEMP TABLE _subject_edges AS
WITH c AS (
    SELECT coalesce(y.system, '*') AS system, k.contact_id,
           nullif(trim(k.individual_id), '') AS individual_id,
           lower(trim(k.email)) AS address
    FROM contacts k LEFT JOIN _subject_system y ON y.source_table = k.source_table
),
contact_ids AS (SELECT DISTINCT system, contact_id FROM c),
declared AS (
    SELECT DISTINCT system, contact_id, individual_id FROM c
    WHERE individual_id IS NOT NULL AND individual_id <> contact_id
),
-- the one other system whose contact carries the declared id (none: the id is the own
-- system's person-level id; two or more: ambiguous, no link)
elsewhere AS (
    SELECT d.system, d.contact_id, d.individual_id, min(o.system) AS other
    FROM declared d
    JOIN contact_ids o ON o.contact_id = d.individual_id AND o.system <> d.system
    WHERE NOT EXISTS (SELECT 1 FROM contact_ids s
                      WHERE s.system = d.system AND s.contact_id = d.individual_id)
    GROUP BY ALL HAVING count(DISTINCT o.system) = 1
),
roles AS (
    SELECT list(local_part) FILTER (WHERE NOT prefix) AS exact,
           list(local_part) FILTER (WHERE prefix) AS prefixes
    FROM _subject_roles
),
mail AS (
    SELECT DISTINCT c.system, c.contact_id, c.address
    FROM c, roles
    WHERE regexp_full_match(c.address, '[^@\s]+@[^@\s]+\.[^@\s]+')
      AND NOT list_contains(coalesce(roles.exact, []), split_part(c.address, '@', 1))
      AND len(list_filter(coalesce(roles.prefixes, []),
                          lambda p: starts_with(split_part(c.address, '@', 1), p))) = 0
),
-- a mailbox two contacts of one known system use belongs to no single person
mailbox AS (
    SELECT address FROM mail WHERE system <> '*'
    GROUP BY address, system HAVING count(DISTINCT contact_id) > 1
),
linking AS (
    SELECT address FROM mail WHERE address NOT IN (SELECT address FROM mailbox)
    GROUP BY address HAVING count(*) > 1
),
one_way AS (
    SELECT 'id:' || system || ':' || contact_id AS a,
           'id:' || system || ':' || individual_id AS b, 'individual_id' AS rule
    FROM declared
    UNION
    SELECT 'id:' || system || ':' || contact_id, 'id:' || other || ':' || individual_id,
           'individual_id'
    FROM elsewhere
    UNION
    SELECT 'id:' || m.system || ':' || m.contact_id, 'email:' || m.address, 'email'
    FROM mail m SEMI JOIN linking l ON l.address = m.address
)
SELECT a, b, rule FROM one_way
UNION ALL
SELECT b, a, rule FROM one_way;

CREATE OR REPLACE TEMP TABLE _subject_labels AS
SELECT DISTINCT a AS node, starts_with(a, 'id:') AS is_id, a AS label
FROM _subject_edges;
