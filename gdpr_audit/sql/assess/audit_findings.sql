-- audit_findings: every finding of every assessment check (docs/data-model.md).
-- Written by gdpr_audit.assess.registry.run_assessment, which replaces the rows of one
-- audit date (and the areas it ran). No raw personal data: record_ref is a pseudonymous
-- id or a non-personal key, detail holds counts, dates and pseudonyms only.
-- The structured columns (subject_ref ... params) come after run_at: a database created
-- before they existed gets them by the ALTERs below (same column order either way), and
-- its old rows keep NULL there (the report then translates the prose in `detail`).
-- GDPR: accountability, Art. 5(2).
CREATE TABLE IF NOT EXISTS audit_findings (
    check_id    VARCHAR NOT NULL,   -- e.g. consent.send_without_consent (docs/checks.md)
    area        VARCHAR NOT NULL,   -- consent, rights, retention, access, breaches
    article     VARCHAR NOT NULL,   -- GDPR article, e.g. 6(1)(a)
    severity    VARCHAR NOT NULL,   -- low, medium, high, critical
    record_ref  VARCHAR NOT NULL,   -- pseudonymous id (S-..., R-...) or non-personal key
    detail      VARCHAR,            -- prose: counts, dates, pseudonyms; never raw values
    as_of       DATE NOT NULL,      -- the audit day
    run_at      TIMESTAMPTZ NOT NULL, -- when the assessment ran
    subject_ref VARCHAR,            -- pseudonymous person (S-...); NULL when not about a person
    event_date  DATE,               -- day (audit's zone) the violation happened or was measured
    measured_value DOUBLE,          -- the measured figure (days late, hours, age, events)
    limit_value DOUBLE,             -- the limit it is measured against
    unit        VARCHAR,            -- unit of both: days, hours, months, years, events, records
    detail_key  VARCHAR,            -- wording key, e.g. rights.late_response (report/i18n/details.*.yaml)
    params      JSON                -- the values the wording is built from
);
ALTER TABLE audit_findings ADD COLUMN IF NOT EXISTS subject_ref VARCHAR;
ALTER TABLE audit_findings ADD COLUMN IF NOT EXISTS event_date DATE;
ALTER TABLE audit_findings ADD COLUMN IF NOT EXISTS measured_value DOUBLE;
ALTER TABLE audit_findings ADD COLUMN IF NOT EXISTS limit_value DOUBLE;
ALTER TABLE audit_findings ADD COLUMN IF NOT EXISTS unit VARCHAR;
ALTER TABLE audit_findings ADD COLUMN IF NOT EXISTS detail_key VARCHAR;
ALTER TABLE audit_findings ADD COLUMN IF NOT EXISTS params JSON;
