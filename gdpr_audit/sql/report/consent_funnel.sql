-- Marketing sends through the consent conditions, from what assess stored for this audit
-- day (one truth, issue #13): the marketing sends of audit_chart__consent__sends_by_class
-- (the send classification the consent checks judged, send_rules.yaml) and the findings.
-- Inbound calls, service replies and transactional mails are not in the funnel. Works on
-- a database holding only imported lake results (no canonical communications table).
-- Inputs: audit_chart__consent__sends_by_class, audit_findings; $as_of (DATE).
-- Output: stage (sends | with_consent_record | not_withdrawn), count (BIGINT), in funnel order.
-- GDPR: Art. 6(1)(a) (send_without_consent), Art. 7(3) (send_after_withdrawal).
WITH sends AS (
    SELECT coalesce(sum(sends), 0)::BIGINT AS n
    FROM audit_chart__consent__sends_by_class
    WHERE as_of = $as_of AND send_class = 'marketing'
), f AS (
    SELECT count(*) FILTER (WHERE check_id = 'consent.send_without_consent') AS without_consent,
           count(*) FILTER (WHERE check_id = 'consent.send_after_withdrawal') AS after_withdrawal
    FROM audit_findings
    WHERE as_of = $as_of
)
SELECT stage, count FROM (
    SELECT 1 AS ord, 'sends' AS stage, sends.n AS count FROM sends
    UNION ALL
    SELECT 2, 'with_consent_record', sends.n - f.without_consent FROM sends, f
    UNION ALL
    SELECT 3, 'not_withdrawn', sends.n - f.without_consent - f.after_withdrawal FROM sends, f
)
ORDER BY ord
