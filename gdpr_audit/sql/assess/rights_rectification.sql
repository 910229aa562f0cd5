-- rights.rectification_without_change (Art. 16): completed rectification requests
-- with no contact_changes row for the same person (the requester's record or a record
-- linked to it in another system; a contact id names a person only inside its system,
-- issue #11) between received_at and completed_at.
-- Inputs: temp tables assess_dsr_requests (with subject_key), assess_source_system,
-- assess_subject_map, contact_changes, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table; subject_ref,
-- event_date (completed), detail_key, p_received, p_completed (no figure or limit).
WITH changed AS (
    SELECT coalesce(m.subject_key, c.contact_id) AS subject_key, c.changed_at
    FROM contact_changes c
    LEFT JOIN assess_source_system y ON y.source_table = c.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = c.contact_id
)
SELECT {ref:R:r.request_id} AS record_ref,
       'subject ' || {ref:S:r.contact_id} || ': rectification received '
           || strftime(r.received_at, '%Y-%m-%d') || ' marked completed '
           || strftime(r.completed_at, '%Y-%m-%d') || ' with no recorded data change' AS detail,
       r.source_table,
       {ref:S:r.contact_id} AS subject_ref,
       CAST(r.completed_at AS DATE) AS event_date,
       CAST(NULL AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       CAST(NULL AS VARCHAR) AS unit,
       'rights.rectification_without_change' AS detail_key,
       CAST(r.received_at AS DATE) AS p_received, CAST(r.completed_at AS DATE) AS p_completed
FROM assess_dsr_requests r
WHERE r.request_type = 'rectification' AND r.completed_at IS NOT NULL AND r.received_at IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM changed c
      WHERE c.subject_key = r.subject_key
        AND c.changed_at BETWEEN r.received_at AND r.completed_at)
ORDER BY record_ref;
