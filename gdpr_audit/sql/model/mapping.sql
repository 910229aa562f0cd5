-- How each raw table was mapped (written by gdpr_audit.load.mapping after a model build).
-- Inputs: none (DDL). Header names, decisions and counts only: never a value.
-- GDPR: Art. 5(2) accountability (which source fed which field), Art. 30.

-- One row per raw table: which mapping took it and why.
CREATE TABLE IF NOT EXISTS model_match (
    raw_table         VARCHAR NOT NULL,
    profile           VARCHAR,            -- vendor profile, 'generic', or NULL (not mapped)
    entity            VARCHAR,            -- the profile entity matched to the table
    decision          VARCHAR NOT NULL,   -- profile | generic | none
    specific_headers  VARCHAR,            -- the profile's own headers the table has
    generic_headers   VARCHAR,            -- generic headers it matched on as well
    warning           VARCHAR,            -- a profile matched only on generic headers, or profiles tied
    reason            VARCHAR,
    warning_key       VARCHAR,            -- the warning as vocabulary: generic_only | profile_tie
    warning_params    VARCHAR             -- JSON: profile/entity/header names, never a value
);
-- Databases written before the warning was stored as a key get the columns (NULL).
ALTER TABLE model_match ADD COLUMN IF NOT EXISTS warning_key VARCHAR;
ALTER TABLE model_match ADD COLUMN IF NOT EXISTS warning_params VARCHAR;

-- One row per raw table and canonical column fed (how and why), plus one per header
-- that fed nothing ('unused') or that looks like a canonical column a vendor profile
-- ignores ('proposed'). rows_filled: rows of the canonical column with a value from
-- this raw table (0: mapped but never filled; NULL for unused / proposed headers).
CREATE TABLE IF NOT EXISTS model_columns (
    raw_table         VARCHAR NOT NULL,
    profile           VARCHAR NOT NULL,
    canonical_table   VARCHAR,
    canonical_column  VARCHAR,
    raw_column        VARCHAR,
    how               VARCHAR NOT NULL,   -- profile | synonym | pattern | link | constant | template | filter | missing | unused | proposed
    reason            VARCHAR,
    rows_filled       BIGINT
);
