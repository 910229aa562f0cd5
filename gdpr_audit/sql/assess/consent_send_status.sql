-- Per-send consent status (Art. 6(1)(a), 7(3)): for every communication, how many
-- consent rows for the same (contact, purpose, channel) with legal_basis 'consent'
-- were given at or before the send, and how many of those were still valid then
-- (not withdrawn at or before sent_at). Built once per run as a temp table and read
-- by consent.send_without_consent, consent.send_after_withdrawal and the monthly
-- coverage. Sends without sent_at or contact_id cannot be judged and are left out.
-- Inputs: communications, consents. Output: temp table assess_send_consent
-- (communication_id, contact_id, purpose, channel, sent_at, given_before, valid_at_send).
CREATE OR REPLACE TEMP TABLE assess_send_consent AS
WITH c AS (
    SELECT contact_id, purpose, channel, given_at, withdrawn_at
    FROM consents
    WHERE legal_basis = 'consent' AND given_at IS NOT NULL
),
s AS (
    SELECT communication_id, contact_id, purpose, channel, sent_at
    FROM communications
    WHERE sent_at IS NOT NULL AND contact_id IS NOT NULL
),
agg AS (
    SELECT s.communication_id,
           count(*) AS given_before,
           count(*) FILTER (WHERE c.withdrawn_at IS NULL OR c.withdrawn_at > s.sent_at) AS valid_at_send
    FROM s
    JOIN c ON c.contact_id = s.contact_id AND c.purpose = s.purpose AND c.channel = s.channel
          AND c.given_at <= s.sent_at
    GROUP BY s.communication_id
)
SELECT s.communication_id, s.contact_id, s.purpose, s.channel, s.sent_at,
       coalesce(agg.given_before, 0) AS given_before,
       coalesce(agg.valid_at_send, 0) AS valid_at_send
FROM s LEFT JOIN agg USING (communication_id);
