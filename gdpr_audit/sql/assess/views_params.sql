-- audit_view_params: the one row the stored v_* views read (gdpr_audit/sql/assess/views.sql):
-- the latest audit run (audit_runs, by run_at) and its audit day, and the database's
-- pseudonym salt (audit_secrets), so a tool opening the file sees the rules as of that run.
-- Inputs: audit_runs, audit_secrets. Output: run_id, as_of (DATE), salt (secret: the views
-- need it to pseudonymise; keep it, like the whole database, from other readers).
-- GDPR: Art. 5(2) accountability, 25 and 32 (pseudonymisation of subject refs).
CREATE OR REPLACE VIEW audit_view_params AS
SELECT r.run_id, r.as_of,
       (SELECT value FROM audit_secrets WHERE name = 'pseudonym_salt') AS salt
FROM (SELECT run_id, as_of FROM audit_runs ORDER BY run_at DESC LIMIT 1) r;
