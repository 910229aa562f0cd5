-- rights.automated_decision_after_optout (Art. 22): opt-outs of automated decisions
-- followed by an automated decision (kind 'automated_decision') about the contact.
-- Inputs: temp table assess_dsr_requests, automated_decisions, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table.
SELECT {ref:R:r.request_id} AS record_ref,
       'subject ' || {ref:S:r.contact_id} || ': opted out '
           || strftime(r.received_at, '%Y-%m-%d') || ', afterwards ' || count(*)
           || ' automated decision(s), the first on ' || strftime(min(a.decided_at), '%Y-%m-%d')
           AS detail,
       r.source_table
FROM assess_dsr_requests r
JOIN automated_decisions a
  ON a.contact_id = r.contact_id AND a.kind = 'automated_decision' AND a.decided_at > r.received_at
WHERE r.request_type = 'automated_decision_optout'
GROUP BY r.request_id, r.contact_id, r.received_at, r.source_table
ORDER BY record_ref;
