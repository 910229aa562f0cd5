-- Marketing sends not covered by a valid consent (Art. 6(1)(a), 7(3)): for every
-- outbound marketing send (temp view assess_sends: inbound, service and transactional
-- messages left out by gdpr_audit/assess/send_rules.yaml), the consents of the same
-- person (subject: records linked across systems, load/subjects.py), canonical purpose
-- and channel: how many were given (or opted out) at or before the send, and how many
-- opt-ins were still valid then. An opt-in is valid at t when given_at <= t, not
-- withdrawn at or before t, and no opt-out row of the same key lies between its
-- given_at (exclusive) and t: an opt-out row (consents.opted_out, Salesforce OptOut,
-- Mailchimp unsubscribed) withdraws every consent given before it. Only sends with no
-- valid consent are kept. A send without a purpose is judged against every purpose of
-- its channel (probe_any).
-- Besides consents, a recorded legitimate-interest basis (Art. 6(1)(f), recital 47) of
-- the same purpose and channel covers a send to an existing customer of the person (a
-- record with is_customer or a customer number: §7(3) UWG, direct marketing to
-- customers); an opt-out row after it is the objection (Art. 21(2)) and withdraws it.
-- A legitimate interest recorded for a prospect never covers a send.
-- Consents are first folded into one list of (given, withdrawn) spans and one list of
-- opt-out times per key, so each send is one hash-join probe and small list filters.
-- Built once per run as a temp table, read by consent.send_without_consent,
-- consent.send_after_withdrawal and the monthly coverage (covered = sends - these).
-- Sends without sent_at or contact_id cannot be judged and are left out.
-- Inputs: consents, contacts, temp view assess_sends, temp tables assess_purpose_map and
-- assess_source_system, assess_subject_map (gdpr_audit/assess/prepare.py).
-- Output: temp table assess_send_consent (communication_id, contact_id, purpose,
-- channel, sent_at, source_table, given_before, valid_at_send).
CREATE OR REPLACE TEMP TABLE assess_send_consent AS
WITH cs AS (
    SELECT coalesce(m.subject_key, c.contact_id) AS subject_key,
           coalesce(p.purpose, c.purpose) AS purpose, c.channel, c.given_at, c.withdrawn_at,
           c.opted_out, c.legal_basis
    FROM consents c
    LEFT JOIN assess_purpose_map p ON p.raw = c.purpose
    LEFT JOIN assess_source_system y ON y.source_table = c.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = c.contact_id
),
customers AS (
    SELECT DISTINCT coalesce(m.subject_key, x.contact_id) AS subject_key
    FROM contacts x
    LEFT JOIN assess_source_system y ON y.source_table = x.source_table
    LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*')
                                  AND m.contact_id = x.contact_id
    WHERE x.is_customer IS TRUE OR nullif(trim(x.customer_number), '') IS NOT NULL
),
k AS (
    SELECT subject_key, purpose, channel,
           list({'g': given_at, 'w': withdrawn_at})
               FILTER (WHERE opted_out IS NOT TRUE) AS spans,
           list(coalesce(withdrawn_at, given_at)) FILTER (WHERE opted_out IS TRUE) AS outs
    FROM (SELECT cs.*, cu.subject_key IS NOT NULL AS customer
          FROM cs LEFT JOIN customers cu ON cu.subject_key = cs.subject_key) j
    WHERE (opted_out IS NOT TRUE AND given_at IS NOT NULL
           AND (legal_basis = 'consent' OR (legal_basis = 'legitimate_interest' AND customer)))
       OR (opted_out IS TRUE AND coalesce(withdrawn_at, given_at) IS NOT NULL)
    GROUP BY ALL
),
probe AS (
    SELECT s.communication_id, s.contact_id, s.purpose, s.channel, s.sent_at, s.source_table,
           k.spans,
           list_max(list_filter(k.outs, lambda o: o <= s.sent_at)) AS last_out,
           coalesce(len(list_filter(k.spans, lambda x: x.g <= s.sent_at)), 0)
               + coalesce(len(list_filter(k.outs, lambda o: o <= s.sent_at)), 0) AS given_before
    FROM assess_sends s
    LEFT JOIN k ON k.subject_key = s.subject_key AND k.purpose = s.purpose
               AND k.channel = s.channel
    WHERE s.sent_at IS NOT NULL AND s.contact_id IS NOT NULL AND s.purpose IS NOT NULL
),
-- A send without a recorded purpose (Salesforce Task, EmailMessage) is judged against
-- the person's consents of every purpose on its channel: covered when any of them is
-- valid at sending (precision first), withdrawn when consents exist but none is valid.
probe_any AS (
    SELECT s.communication_id, s.contact_id, s.purpose, s.channel, s.sent_at, s.source_table,
           k.spans,
           list_max(list_filter(k.outs, lambda o: o <= s.sent_at)) AS last_out,
           coalesce(len(list_filter(k.spans, lambda x: x.g <= s.sent_at)), 0)
               + coalesce(len(list_filter(k.outs, lambda o: o <= s.sent_at)), 0) AS given_before
    FROM assess_sends s
    LEFT JOIN k ON k.subject_key = s.subject_key AND k.channel = s.channel
    WHERE s.sent_at IS NOT NULL AND s.contact_id IS NOT NULL AND s.purpose IS NULL
),
valid AS (
    SELECT *, coalesce(len(list_filter(spans, lambda x: x.g <= sent_at
                                       AND (x.w IS NULL OR x.w > sent_at)
                                       AND (last_out IS NULL OR x.g >= last_out))), 0)
               AS valid_at_send
    FROM probe
),
valid_any AS (
    SELECT *, coalesce(len(list_filter(spans, lambda x: x.g <= sent_at
                                       AND (x.w IS NULL OR x.w > sent_at)
                                       AND (last_out IS NULL OR x.g >= last_out))), 0)
               AS valid_at_send
    FROM probe_any
),
status AS (
    SELECT communication_id, contact_id, purpose, channel, sent_at, source_table,
           given_before, valid_at_send
    FROM valid
    UNION ALL
    SELECT communication_id, any_value(contact_id), any_value(purpose), any_value(channel),
           any_value(sent_at), any_value(source_table), sum(given_before), sum(valid_at_send)
    FROM valid_any
    GROUP BY communication_id
)
SELECT * FROM status WHERE valid_at_send = 0;
