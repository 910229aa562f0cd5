-- Purpose: the PII inventory tables of the discover stage (docs/data-model.md,
--   "Discovery output"): which raw columns hold which personal data (Art. 30(1)(c)) and
--   special categories (Art. 9), and row-level detections in free-text columns.
--   Neither table holds a raw value: scores, shares, reasons and masked hints only.
-- Inputs: none (DDL, idempotent).
-- Output: tables pii_columns, pii_findings.
CREATE TABLE IF NOT EXISTS pii_columns (
    table_name   VARCHAR NOT NULL,   -- table in schema raw (as column_lineage.raw_table)
    source       VARCHAR,            -- source file, relative to the loaded directory
    column_name  VARCHAR NOT NULL,   -- raw column as written in the source header
    entity_type  VARCHAR NOT NULL,   -- Presidio-style type (EMAIL_ADDRESS, ...) or special category
    category     VARCHAR NOT NULL,   -- 'pii' | 'special'
    score        DOUBLE NOT NULL,    -- confidence in [0, 1]
    share        DOUBLE NOT NULL,    -- share of sampled values (free text: of rows) that matched
    why          VARCHAR NOT NULL,   -- evidence, e.g. "name: 'Email' ~ EMAIL_ADDRESS; values: 998/1000 valid e-mail"
    free_text    BOOLEAN NOT NULL,   -- column scanned row by row as free text
    rows         BIGINT NOT NULL     -- records in the raw table
);
CREATE TABLE IF NOT EXISTS pii_findings (
    source       VARCHAR,
    table_name   VARCHAR NOT NULL,
    column_name  VARCHAR NOT NULL,
    record_no    BIGINT,             -- 1-based record number in the source (header excluded)
    entity_type  VARCHAR NOT NULL,
    category     VARCHAR NOT NULL,   -- 'pii' | 'special'
    score        DOUBLE NOT NULL,
    hint         VARCHAR,            -- masked (j***@e***.de), never the matched text
    language     VARCHAR,
    reason       VARCHAR             -- rule or vocabulary id (vocab:health_de, rule:icd10,
                                     -- recognizer:...), never the matched term
);
-- databases scanned before the reason column existed
ALTER TABLE pii_findings ADD COLUMN IF NOT EXISTS reason VARCHAR;
