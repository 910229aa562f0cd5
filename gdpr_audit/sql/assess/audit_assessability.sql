-- audit_assessability: per audit day, check and source (raw table) whether the check
-- could judge that source's records (issue #10 part 7, #15 part 3; docs/checks.md
-- "Assessability"). Written by gdpr_audit.assess.registry.run_assessment next to
-- audit_findings, replacing the rows of one audit date (and the areas it ran). A
-- source lacking a field the check needs gets one 'not_assessable' row here instead of
-- one finding per record. Holds names of tables and fields only, no values.
-- GDPR: accountability, Art. 5(2) (what the audit could and could not show).
CREATE TABLE IF NOT EXISTS audit_assessability (
    check_id    VARCHAR NOT NULL,   -- e.g. consent.no_double_opt_in (docs/checks.md)
    area        VARCHAR NOT NULL,   -- consent, rights, retention, access, breaches
    source      VARCHAR,            -- raw table (model_log.raw_table); '*' without build record; NULL for no_source
    status      VARCHAR NOT NULL,   -- assessable, partial, not_assessable, no_source
    missing     VARCHAR[],          -- fields the source does not feed: 'consents.notice_version', 'contacts.is_customer|customer_number' (either)
    detail_key  VARCHAR NOT NULL,   -- report template: assessability.<status> (report/i18n)
    as_of       DATE NOT NULL,      -- the audit day
    run_at      TIMESTAMPTZ NOT NULL -- when the assessment ran
);
