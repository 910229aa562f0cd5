-- retention.inactive_contact (Art. 5(1)(e), 17(1)(a)): non-customers whose last
-- activity (or creation when there is none) lies more than $inactive_months months
-- before the audit day and who have no open data-subject request. A customer number
-- marks a customer as is_customer does.
-- Inputs: contacts, temp table assess_dsr_requests, $as_of, $inactive_months, $salt.
-- Output: record_ref (subject pseudonym), detail, source_table.
SELECT {ref:S:k.contact_id} AS record_ref,
       'non-customer inactive since '
           || strftime(coalesce(k.last_activity_at, k.created_at), '%Y-%m-%d') || ' ('
           || date_diff('month', CAST(coalesce(k.last_activity_at, k.created_at) AS DATE),
                        CAST($as_of AS DATE))
           || ' months; limit ' || $inactive_months || ')' AS detail,
       k.source_table
FROM contacts k
WHERE k.is_customer IS NOT TRUE AND nullif(trim(k.customer_number), '') IS NULL
  AND coalesce(k.last_activity_at, k.created_at)
      < CAST(CAST($as_of AS DATE) - to_months(CAST($inactive_months AS INTEGER)) AS TIMESTAMPTZ)
  AND NOT EXISTS (
      SELECT 1 FROM assess_dsr_requests r
      WHERE r.contact_id = k.contact_id AND r.completed_at IS NULL
        AND coalesce(r.status, 'open') NOT IN ('completed', 'rejected'))
ORDER BY record_ref;
