-- Marketing sends through the consent conditions, reusing the assessment's findings.
-- Inputs: communications, audit_findings; $as_of (DATE).
-- Output: stage (sends | with_consent_record | not_withdrawn), count (BIGINT), in funnel order.
-- GDPR: Art. 6(1)(a) (send_without_consent), Art. 7(3) (send_after_withdrawal).
WITH sends AS (
    SELECT count(*) AS n FROM communications
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
