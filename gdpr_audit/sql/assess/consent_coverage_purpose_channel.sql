-- Consent coverage per purpose x channel (Art. 6(1)(a), 7): contacts with a valid
-- consent at the end of the audit day / all contacts. Purposes and channels are those
-- seen in consents or communications. Not findings: a chart for the report.
-- Inputs: contacts, consents, communications, $as_of.
-- Output: purpose, channel, contacts, with_valid_consent, share.
WITH pairs AS (
    SELECT DISTINCT purpose, channel FROM consents WHERE purpose IS NOT NULL AND channel IS NOT NULL
    UNION
    SELECT DISTINCT purpose, channel FROM communications WHERE purpose IS NOT NULL AND channel IS NOT NULL
),
t AS (SELECT CAST($as_of AS DATE) + INTERVAL 1 DAY AS end_of_day),
valid AS (
    SELECT c.purpose, c.channel, count(DISTINCT c.contact_id) AS with_valid_consent
    FROM consents c, t
    WHERE c.legal_basis = 'consent' AND c.given_at < t.end_of_day
      AND (c.withdrawn_at IS NULL OR c.withdrawn_at >= t.end_of_day)
      AND c.contact_id IN (SELECT contact_id FROM contacts)
    GROUP BY ALL
),
n AS (SELECT count(DISTINCT contact_id) AS contacts FROM contacts)
SELECT p.purpose, p.channel, n.contacts,
       coalesce(v.with_valid_consent, 0) AS with_valid_consent,
       CASE WHEN n.contacts > 0 THEN coalesce(v.with_valid_consent, 0) / n.contacts END AS share
FROM pairs p CROSS JOIN n LEFT JOIN valid v USING (purpose, channel)
ORDER BY p.purpose, p.channel;
