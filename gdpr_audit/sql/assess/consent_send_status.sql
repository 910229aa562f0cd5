-- Sends not covered by a valid consent (Art. 6(1)(a), 7(3)): for every communication,
-- how many consent rows for the same (contact, purpose, channel) with legal_basis
-- 'consent' were given at or before the send, and how many of those were still valid
-- then (not withdrawn at or before sent_at); only sends with no valid consent are kept.
-- Consents are first folded into one list of (given, withdrawn) spans per key, so each
-- send is one hash-join probe and a small list filter (no grouping over all sends).
-- Built once per run as a temp table, read by consent.send_without_consent,
-- consent.send_after_withdrawal and the monthly coverage (covered = sends - these).
-- Sends without sent_at or contact_id cannot be judged and are left out.
-- Inputs: communications, consents. Output: temp table assess_send_consent
-- (communication_id, contact_id, purpose, channel, sent_at, given_before, valid_at_send).
CREATE OR REPLACE TEMP TABLE assess_send_consent AS
WITH c AS (
    SELECT contact_id, purpose, channel,
           list({'g': given_at, 'w': withdrawn_at}) AS spans
    FROM consents
    WHERE legal_basis = 'consent' AND given_at IS NOT NULL
    GROUP BY contact_id, purpose, channel
),
status AS (
    SELECT s.communication_id, s.contact_id, s.purpose, s.channel, s.sent_at,
           coalesce(len(list_filter(c.spans, lambda x: x.g <= s.sent_at)), 0) AS given_before,
           coalesce(len(list_filter(c.spans, lambda x: x.g <= s.sent_at
                                    AND (x.w IS NULL OR x.w > s.sent_at))), 0) AS valid_at_send
    FROM communications s
    LEFT JOIN c ON c.contact_id = s.contact_id AND c.purpose = s.purpose AND c.channel = s.channel
    WHERE s.sent_at IS NOT NULL AND s.contact_id IS NOT NULL
)
SELECT * FROM status WHERE valid_at_send = 0;
