-- Consent coverage per purpose x channel (Art. 6(1)(a), 7): contacts with a valid
-- consent at the end of the audit day / all contacts. Purposes are canonical
-- (assess_purpose_map) and those seen in consents or marketing sends. A consent is
-- valid when given before the end of the day, not withdrawn by then, and not followed
-- by an opt-out row of the same contact, purpose and channel (assess_opt_outs, joined
-- pre-aggregated: a correlated NOT EXISTS over every consent doubles the cost).
-- Not findings: a chart for the report.
-- Inputs: contacts, consents, temp view assess_sends, temp tables assess_purpose_map
-- and assess_opt_outs, $as_of. Output: purpose, channel, contacts, with_valid_consent, share.
WITH t AS (SELECT CAST($as_of AS DATE) + INTERVAL 1 DAY AS end_of_day),
pairs AS (
    SELECT DISTINCT coalesce(p.purpose, c.purpose) AS purpose, c.channel
    FROM (SELECT DISTINCT purpose, channel FROM consents
          WHERE purpose IS NOT NULL AND channel IS NOT NULL) c
    LEFT JOIN assess_purpose_map p ON p.raw = c.purpose
    UNION
    SELECT DISTINCT purpose, channel FROM assess_sends
    WHERE purpose IS NOT NULL AND channel IS NOT NULL
),
valid AS (
    SELECT coalesce(p.purpose, c.purpose) AS purpose, c.channel,
           count(DISTINCT c.contact_id) AS with_valid_consent
    FROM consents c CROSS JOIN t
    LEFT JOIN assess_purpose_map p ON p.raw = c.purpose
    LEFT JOIN assess_opt_outs o ON o.contact_id = c.contact_id
         AND o.purpose = coalesce(p.purpose, c.purpose) AND o.channel = c.channel
    WHERE c.legal_basis = 'consent' AND c.opted_out IS NOT TRUE AND c.given_at < t.end_of_day
      AND (c.withdrawn_at IS NULL OR c.withdrawn_at >= t.end_of_day)
      AND (o.last_out IS NULL OR c.given_at >= o.last_out)
      AND c.contact_id IN (SELECT contact_id FROM contacts)
    GROUP BY ALL
),
n AS (SELECT count(DISTINCT contact_id) AS contacts FROM contacts)
SELECT p.purpose, p.channel, n.contacts,
       coalesce(v.with_valid_consent, 0) AS with_valid_consent,
       CASE WHEN n.contacts > 0 THEN coalesce(v.with_valid_consent, 0) / n.contacts END AS share
FROM pairs p CROSS JOIN n LEFT JOIN valid v USING (purpose, channel)
ORDER BY p.purpose, p.channel;
