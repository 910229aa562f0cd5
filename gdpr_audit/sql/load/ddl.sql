-- Purpose: the load stage's bookkeeping tables and the raw schema (docs/data-model.md).
-- Inputs: none. Idempotent.
-- Output: schema raw; main.load_log (one row per loaded source table) and
--   main.load_quarantine (malformed records with reason and raw record; personal data,
--   never printed). Invariant: rows_read = rows_loaded + rows_quarantined.
-- GDPR: Art. 5(2) accountability and Art. 30: what was audited, from which file, and
--   which records could not be read.
CREATE SCHEMA IF NOT EXISTS raw;

CREATE TABLE IF NOT EXISTS main.load_log (
    path             VARCHAR NOT NULL,   -- relative to the loaded directory (or file name)
    table_name       VARCHAR NOT NULL,   -- raw.<table_name>
    sha256           VARCHAR NOT NULL,   -- of the whole file
    size_bytes       BIGINT NOT NULL,
    format           VARCHAR NOT NULL,   -- csv | tsv | xlsx | json | jsonl | parquet
    encoding         VARCHAR,            -- utf-8 | utf-8-sig | cp1252 | utf-16; NULL for binary formats
    delimiter        VARCHAR,            -- CSV/TSV only
    rows_read        BIGINT NOT NULL,
    rows_loaded      BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    loaded_at        TIMESTAMPTZ NOT NULL,
    CHECK (rows_read = rows_loaded + rows_quarantined)
);

CREATE TABLE IF NOT EXISTS main.load_quarantine (
    path           VARCHAR NOT NULL,
    table_name     VARCHAR NOT NULL,
    record_no      BIGINT,              -- 1-based record number in the source (header excluded)
    reason         VARCHAR NOT NULL,    -- English prose; never contains cell values
    raw_record     VARCHAR,             -- undecodable bytes shown as \xNN
    quarantined_at TIMESTAMPTZ NOT NULL,
    reason_code    VARCHAR,             -- e.g. too_many_fields (gdpr_audit/load/readers/reasons.py)
    reason_params  JSON                 -- the code's counts/limits, e.g. {"expected": 3, "found": 4}
);
-- Databases loaded by versions before reason codes: their rows keep NULL codes.
ALTER TABLE main.load_quarantine ADD COLUMN IF NOT EXISTS reason_code VARCHAR;
ALTER TABLE main.load_quarantine ADD COLUMN IF NOT EXISTS reason_params JSON;

-- One row: which load the canonical model belongs to. Every load transaction that changes
-- raw.* bumps raw_generation; build_model() copies it into model_generation in its own
-- transaction. model_generation < raw_generation means the model is stale (a load was
-- interrupted, or raw tables were loaded without a model build): assess/check/report refuse.
CREATE TABLE IF NOT EXISTS main.load_state (
    raw_generation   BIGINT NOT NULL,
    model_generation BIGINT,            -- NULL: no model built since raw data was loaded
    model_profile    VARCHAR,           -- --profile of the last build (NULL: detected)
    model_timezone   VARCHAR,           -- --timezone of the last build (NULL: the profile's)
    updated_at       TIMESTAMPTZ NOT NULL
);
