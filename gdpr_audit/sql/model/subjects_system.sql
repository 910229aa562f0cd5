-- Source system of every source table: the profile that mapped the raw table in the
-- model build ('generic' for the generic mapping). A contact id names a person only
-- inside its system (issue #11). Rows whose source table has no model_log row (filled
-- by hand) belong to the system '*' (readers: coalesce(system, '*')).
-- Inputs: model_log. Output: source_table (raw table without schema), system.
-- Read by gdpr_audit.load.subjects (subjects_graph.sql) and gdpr_audit.assess.prepare.
SELECT regexp_replace(raw_table, '^raw\.', '') AS source_table, min(profile) AS system
FROM model_log GROUP BY ALL
