-- audit_runs: one row per `gdpr-audit assess` (docs/data-model.md). Written by
-- gdpr_audit.assess.charts.store_run together with the chart tables
-- audit_chart__<area>__<name> of that run; the report shows the run id, audit date,
-- config digest and database file on every page and refuses results that are stale
-- (model changed after run_at, or another config). No personal data.
-- GDPR: accountability, Art. 5(2).
CREATE TABLE IF NOT EXISTS audit_runs (
    run_id        VARCHAR NOT NULL,     -- short hex id of the run
    as_of         DATE NOT NULL,        -- the audit day
    run_at        TIMESTAMPTZ NOT NULL, -- when the results were stored
    areas         VARCHAR[],            -- areas assessed in this run
    config_digest VARCHAR NOT NULL,     -- SHA-256 (12 hex) of the effective assess settings
    db_file       VARCHAR,              -- the database file's name
    model_at      TIMESTAMPTZ,          -- load_state.updated_at when the run was stored
    findings      BIGINT,               -- findings stored by the run
    timezone      VARCHAR               -- assess.timezone: the zone report pages show times in
);
