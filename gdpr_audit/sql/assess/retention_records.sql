-- Retention status per business record (Art. 5(1)(e), 17): the record's policy, the
-- start of its period (31 Dec of the creation year for end_of_year_created, local
-- calendar in $zone), the period in force on the audit day (BEG IV shortening: the
-- previous period applies when it had already ended before shortened_from, or when the
-- audit day lies before shortened_from), its end and the age in months.
-- Inputs: business_records, contacts, temp table assess_retention_policies
-- (record_type, period_months, previous_period_months, shortened_from, start_event,
-- legal_basis, legal_hold), $as_of, $zone. Output: temp table assess_record_status
-- (record_id, record_type, contact_id, source_table, created_day, individual_hold, has_policy,
-- statutory_hold, legal_basis, period_months, start_day, end_day, age_months).
CREATE OR REPLACE TEMP TABLE assess_record_status AS
WITH r AS (
    SELECT b.record_id, b.record_type, b.contact_id, b.source_table,
           CAST(timezone($zone, b.created_at) AS DATE) AS created_day,
           CAST(timezone($zone, k.contract_end_at) AS DATE) AS contract_end_day,
           coalesce(b.legal_hold, false) AS individual_hold
    FROM business_records b
    LEFT JOIN (SELECT contact_id, max(contract_end_at) AS contract_end_at FROM contacts GROUP BY 1) k
      ON k.contact_id = b.contact_id
),
s AS (
    SELECT r.*, p.record_type IS NOT NULL AS has_policy,
           coalesce(p.legal_hold, false) AS statutory_hold, p.legal_basis,
           p.period_months AS new_period, p.previous_period_months, p.shortened_from,
           CASE p.start_event
                WHEN 'end_of_year_created' THEN make_date(year(r.created_day), 12, 31)
                WHEN 'contract_end' THEN coalesce(r.contract_end_day, r.created_day)
                ELSE r.created_day END AS start_day
    FROM r LEFT JOIN assess_retention_policies p USING (record_type)
),
q AS (
    SELECT *,
           CASE WHEN previous_period_months IS NULL OR shortened_from IS NULL THEN new_period
                WHEN CAST($as_of AS DATE) < shortened_from THEN previous_period_months
                WHEN CAST(start_day + to_months(previous_period_months) AS DATE) < shortened_from
                     THEN previous_period_months
                ELSE new_period END AS period_months
    FROM s
)
SELECT record_id, record_type, contact_id, source_table, created_day, individual_hold, has_policy,
       statutory_hold, legal_basis, period_months, start_day,
       CAST(start_day + to_months(period_months) AS DATE) AS end_day,
       CASE WHEN created_day IS NOT NULL THEN date_diff('month', created_day, CAST($as_of AS DATE)) END
           AS age_months
FROM q;
