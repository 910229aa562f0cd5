-- Views over the canonical model that state one GDPR rule per row; the Great Expectations
-- suites (expectations/*.json) validate them and other tools (DuckDB CLI, DBeaver, BI)
-- read them. Same rule logic as the assessment checks: they are built on the
-- assessment's own per-record tables, so a suite and its check cannot disagree.
-- Inputs: contacts, consents, communications; audit_view_params (run_id, as_of, salt) and
-- the rule tables gdpr_audit.assess.views writes just before this script:
-- audit_rule__send_consent (consent_send_status.sql), audit_rule__requests
-- (rights_requests.sql), audit_rule__record_status (retention_records.sql),
-- audit_rule__send_class (the class of each kind of communication, assess/prepare.py).
-- Persistent after `gdpr-audit assess` (store_views: audit_view_params is a view of the
-- latest audit_runs row and the salt in audit_secrets). `gdpr-audit check` runs this
-- script with TEMP for its own audit day (create_views: temp tables of the same names,
-- which shadow the stored ones on that connection only; read-only databases work).
-- Outputs:
--   v_send_consent      one row per communication: send_ref, subject_ref, channel, purpose,
--                       sent_at, consent_status (valid|none|withdrawn; NULL when sent_at or
--                       contact_id is missing, or the message is no outbound marketing:
--                       send_rules.yaml), subject_exists             -- Art. 6(1)(a), 7(3)
--   v_consent_proof     one row per consent: consent_ref, subject_ref, legal_basis, channel,
--                       given_at, proof_source, notice_version (blank -> NULL),
--                       subject_exists                               -- Art. 7(1)
--   v_request_deadlines one row per request: request_ref, subject_ref, request_type, status,
--                       received_at, completed_at, legal_deadline (local DATE),
--                       answered_in_time (NULL while open), open_overdue -- Art. 12(3)
--   v_retention_status  one row per business record: record_ref, subject_ref, record_type,
--                       created_day, policy_found, retention_end, past_period (NULL without
--                       policy or date), legal_hold (individual)   -- Art. 5(1)(e), 17
-- Refs: natural non-personal keys for records; {ref:S:col} becomes the pseudonym of col
-- (gdpr_audit.core.privacy.pseudonym_sql, salt from audit_view_params p) for subjects.

CREATE OR REPLACE VIEW v_send_consent AS
SELECT m.communication_id AS send_ref,
       {ref:S:m.contact_id} AS subject_ref,
       m.channel,
       m.purpose,
       m.sent_at,
       -- audit_rule__send_consent may list only the sends without a valid consent: a
       -- judgeable send missing from it is covered.
       CASE WHEN m.sent_at IS NULL OR m.contact_id IS NULL THEN NULL
            WHEN k.send_class <> 'marketing' THEN NULL
            WHEN s.communication_id IS NULL OR s.valid_at_send > 0 THEN 'valid'
            WHEN s.given_before > 0 THEN 'withdrawn'
            ELSE 'none' END AS consent_status,
       EXISTS (SELECT 1 FROM contacts k WHERE k.contact_id = m.contact_id) AS subject_exists
FROM communications m
CROSS JOIN audit_view_params p
LEFT JOIN audit_rule__send_consent s ON s.communication_id = m.communication_id
LEFT JOIN audit_rule__send_class k ON k.source_table IS NOT DISTINCT FROM m.source_table
      AND k.direction IS NOT DISTINCT FROM m.direction AND k.kind IS NOT DISTINCT FROM m.kind;

CREATE OR REPLACE VIEW v_consent_proof AS
SELECT c.consent_id AS consent_ref,
       {ref:S:c.contact_id} AS subject_ref,
       c.legal_basis,
       c.channel,
       c.given_at,
       nullif(trim(c.proof_source), '') AS proof_source,
       nullif(trim(c.notice_version), '') AS notice_version,
       EXISTS (SELECT 1 FROM contacts k WHERE k.contact_id = c.contact_id) AS subject_exists
FROM consents c CROSS JOIN audit_view_params p;

CREATE OR REPLACE VIEW v_request_deadlines AS
SELECT r.request_id AS request_ref,
       {ref:S:r.contact_id} AS subject_ref,
       r.request_type,
       r.status,
       r.received_at,
       r.completed_at,
       r.legal_deadline,
       CASE WHEN r.completed_day IS NULL OR r.legal_deadline IS NULL THEN NULL
            ELSE r.completed_day <= r.legal_deadline END AS answered_in_time,
       CASE WHEN r.legal_deadline IS NULL THEN NULL
            ELSE r.completed_at IS NULL AND coalesce(r.status, '') <> 'rejected'
                 AND p.as_of > r.legal_deadline END AS open_overdue,
       EXISTS (SELECT 1 FROM contacts k WHERE k.contact_id = r.contact_id) AS subject_exists
FROM audit_rule__requests r CROSS JOIN audit_view_params p;

CREATE OR REPLACE VIEW v_retention_status AS
SELECT b.record_id AS record_ref,
       {ref:S:b.contact_id} AS subject_ref,
       b.record_type,
       b.created_day,
       b.has_policy AS policy_found,
       b.end_day AS retention_end,
       p.as_of > b.end_day AS past_period,
       b.individual_hold AS legal_hold
FROM audit_rule__record_status b CROSS JOIN audit_view_params p;
