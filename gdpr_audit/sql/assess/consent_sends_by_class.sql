-- What counted as an outbound marketing send (issue #10 part 5; Art. 6(1)(a), §7 UWG):
-- communications per class and deciding rule (gdpr_audit/assess/send_rules.yaml).
-- Only the marketing class is judged by the consent checks. Not findings: a table.
-- Inputs: temp table assess_send_class. Output: send_class, rule, vendor, sends.
SELECT send_class, rule, coalesce(vendor, '-') AS vendor, sum(sends) AS sends
FROM assess_send_class
GROUP BY ALL
ORDER BY send_class, sends DESC, rule;
