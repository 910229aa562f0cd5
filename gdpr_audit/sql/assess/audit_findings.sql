-- audit_findings: every finding of every assessment check (docs/data-model.md).
-- Written by gdpr_audit.assess.registry.run_assessment, which replaces the rows of one
-- audit date (and the areas it ran). No raw personal data: record_ref is a pseudonymous
-- id or a non-personal key, detail holds counts, dates and pseudonyms only.
-- GDPR: accountability, Art. 5(2).
CREATE TABLE IF NOT EXISTS audit_findings (
    check_id    VARCHAR NOT NULL,   -- e.g. consent.send_without_consent (docs/checks.md)
    area        VARCHAR NOT NULL,   -- consent, rights, retention, access, breaches
    article     VARCHAR NOT NULL,   -- GDPR article, e.g. 6(1)(a)
    severity    VARCHAR NOT NULL,   -- low, medium, high, critical
    record_ref  VARCHAR NOT NULL,   -- pseudonymous id (S-..., R-...) or non-personal key
    detail      VARCHAR,            -- prose: counts, dates, pseudonyms; never raw values
    as_of       DATE NOT NULL,      -- the audit day
    run_at      TIMESTAMPTZ NOT NULL -- when the assessment ran
);
