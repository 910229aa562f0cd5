-- The data-subject requests the rights checks judge (Art. 12, 15-22; issue #10 part 8):
-- every dsr_requests row with a recorded request_type; a row without one whose case
-- type or subject a request rule recognised (gdpr_audit/assess/request_rules.yaml), with
-- the rule's type (NULL for "a request of unstated type") and id; and rows from a
-- dedicated request register (no case_type, no subject_line) as they are. A case row
-- no rule recognises is not a data-subject request.
-- Inputs: dsr_requests, temp table assess_request_class (case_type, subject_line,
-- request_type, request_rule), written by gdpr_audit.assess.prepare.requests.
-- Output: temp table assess_dsr_requests (dsr_requests' columns + request_rule).
CREATE OR REPLACE TEMP TABLE assess_dsr_requests AS
SELECT r.* REPLACE (coalesce(r.request_type, k.request_type) AS request_type),
       CASE WHEN r.request_type IS NULL THEN k.request_rule END AS request_rule
FROM dsr_requests r
LEFT JOIN assess_request_class k
       ON r.request_type IS NULL
      AND k.case_type IS NOT DISTINCT FROM r.case_type
      AND k.subject_line IS NOT DISTINCT FROM r.subject_line
WHERE r.request_type IS NOT NULL
   OR k.request_rule IS NOT NULL
   OR (r.case_type IS NULL AND r.subject_line IS NULL);
