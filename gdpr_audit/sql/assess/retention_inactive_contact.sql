-- retention.inactive_contact (Art. 5(1)(e), 17(1)(a)): non-customers whose last
-- activity (or creation when there is none) lies more than $inactive_months months
-- before the audit day and whose person has no open data-subject request (a request
-- in any system whose record is linked to this one; never one of another person with
-- the same number in another system, issue #11). A customer number marks a customer as
-- is_customer does.
-- Inputs: contacts, temp tables assess_dsr_requests (with subject_key),
-- assess_source_system, assess_subject_map, $as_of, $inactive_months, $salt.
-- Output: record_ref (subject pseudonym), detail, source_table; subject_ref (= record_ref),
-- event_date (last activity or creation), measured_value (months since), limit_value
-- ($inactive_months), unit, detail_key, p_since, p_months, p_limit.
WITH k AS (
    SELECT c.*, coalesce(m.subject_key, c.contact_id) AS subject_key
    FROM contacts c
    LEFT JOIN assess_source_system y ON y.source_table = c.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = c.contact_id
    WHERE c.is_customer IS NOT TRUE AND nullif(trim(c.customer_number), '') IS NULL
      AND coalesce(c.last_activity_at, c.created_at)
          < CAST(CAST($as_of AS DATE) - to_months(CAST($inactive_months AS INTEGER)) AS TIMESTAMPTZ)
)
SELECT {ref:S:k.contact_id} AS record_ref,
       'non-customer inactive since '
           || strftime(coalesce(k.last_activity_at, k.created_at), '%Y-%m-%d') || ' ('
           || date_diff('month', CAST(coalesce(k.last_activity_at, k.created_at) AS DATE),
                        CAST($as_of AS DATE))
           || ' months; limit ' || $inactive_months || ')' AS detail,
       k.source_table,
       {ref:S:k.contact_id} AS subject_ref,
       CAST(coalesce(k.last_activity_at, k.created_at) AS DATE) AS event_date,
       CAST(date_diff('month', CAST(coalesce(k.last_activity_at, k.created_at) AS DATE),
                      CAST($as_of AS DATE)) AS DOUBLE) AS measured_value,
       CAST($inactive_months AS DOUBLE) AS limit_value,
       'months' AS unit,
       'retention.inactive_contact' AS detail_key,
       CAST(coalesce(k.last_activity_at, k.created_at) AS DATE) AS p_since,
       date_diff('month', CAST(coalesce(k.last_activity_at, k.created_at) AS DATE),
                 CAST($as_of AS DATE)) AS p_months,
       $inactive_months AS p_limit
FROM k
WHERE NOT EXISTS (
      SELECT 1 FROM assess_dsr_requests r
      WHERE r.subject_key = k.subject_key AND r.completed_at IS NULL
        AND coalesce(r.status, 'open') NOT IN ('completed', 'rejected'))
ORDER BY record_ref;
