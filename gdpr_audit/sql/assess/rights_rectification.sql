-- rights.rectification_without_change (Art. 16): completed rectification requests
-- with no contact_changes row for the contact between received_at and completed_at.
-- Inputs: temp table assess_dsr_requests, contact_changes, $salt.
-- Output: record_ref (pseudonymous request id), detail, source_table.
SELECT {ref:R:r.request_id} AS record_ref,
       'subject ' || {ref:S:r.contact_id} || ': rectification received '
           || strftime(r.received_at, '%Y-%m-%d') || ' marked completed '
           || strftime(r.completed_at, '%Y-%m-%d') || ' with no recorded data change' AS detail,
       r.source_table
FROM assess_dsr_requests r
WHERE r.request_type = 'rectification' AND r.completed_at IS NOT NULL AND r.received_at IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM contact_changes c
      WHERE c.contact_id = r.contact_id
        AND c.changed_at BETWEEN r.received_at AND r.completed_at)
ORDER BY record_ref;
