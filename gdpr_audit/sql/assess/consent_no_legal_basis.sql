-- consent.no_legal_basis (Art. 6(1)): contacts held with no consents row of any legal
-- basis who are not customers (no contract to rely on either).
-- Inputs: contacts, consents, $salt. Output: record_ref (subject pseudonym), detail.
SELECT {ref:S:k.contact_id} AS record_ref,
       'contact held since ' || coalesce(strftime(k.created_at, '%Y-%m-%d'), 'an unknown date')
           || ' with no recorded legal basis and no customer relationship' AS detail
FROM contacts k
WHERE k.is_customer IS NOT TRUE
  AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.contact_id = k.contact_id)
ORDER BY record_ref;
