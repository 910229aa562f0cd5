-- Opt-out rows (consents.opted_out: Salesforce OptOut, Mailchimp unsubscribed) per
-- contact, canonical purpose and channel: the latest opt-out up to the end of the audit
-- day. A consent given before it is withdrawn (Art. 7(3)). Small: opt-out rows only.
-- Inputs: consents, temp table assess_purpose_map, $as_of.
-- Output: temp table assess_opt_outs (contact_id, purpose, channel, last_out).
CREATE OR REPLACE TEMP TABLE assess_opt_outs AS
SELECT o.contact_id, coalesce(p.purpose, o.purpose) AS purpose, o.channel,
       max(coalesce(o.withdrawn_at, o.given_at)) AS last_out
FROM consents o
LEFT JOIN assess_purpose_map p ON p.raw = o.purpose
WHERE o.opted_out IS TRUE
  AND coalesce(o.withdrawn_at, o.given_at) < CAST($as_of AS DATE) + INTERVAL 1 DAY
GROUP BY ALL;
