-- rights.automated_decision_after_optout (Art. 22): opt-outs of automated decisions
-- followed by an automated decision (kind 'automated_decision') about the same person
-- (in any system whose record is linked to the requester's; a contact id names a
-- person only inside its system, issue #11).
-- Inputs: temp tables assess_dsr_requests (with subject_key), assess_source_system,
-- assess_subject_map, automated_decisions, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table; subject_ref,
-- event_date (the first decision after the opt-out), measured_value (decisions), unit,
-- detail_key, p_received, p_n, p_first.
WITH decided AS (
    SELECT coalesce(m.subject_key, a.contact_id) AS subject_key, a.decided_at
    FROM automated_decisions a
    LEFT JOIN assess_source_system y ON y.source_table = a.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = a.contact_id
    WHERE a.kind = 'automated_decision'
)
SELECT {ref:R:r.request_id} AS record_ref,
       'subject ' || {ref:S:r.contact_id} || ': opted out '
           || strftime(r.received_at, '%Y-%m-%d') || ', afterwards ' || count(*)
           || ' automated decision(s), the first on ' || strftime(min(a.decided_at), '%Y-%m-%d')
           AS detail,
       r.source_table,
       {ref:S:r.contact_id} AS subject_ref,
       CAST(min(a.decided_at) AS DATE) AS event_date,
       CAST(count(*) AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       'decisions' AS unit,
       'rights.automated_decision_after_optout' AS detail_key,
       CAST(r.received_at AS DATE) AS p_received, count(*) AS p_n,
       CAST(min(a.decided_at) AS DATE) AS p_first
FROM assess_dsr_requests r
JOIN decided a ON a.subject_key = r.subject_key AND a.decided_at > r.received_at
WHERE r.request_type = 'automated_decision_optout'
GROUP BY r.request_id, r.contact_id, r.received_at, r.source_table
ORDER BY record_ref;
