-- Purpose: copy one CSV/TSV file into its raw table, every value as text, with DuckDB's
--   reader; malformed records go to the temp rejects tables instead of failing the load.
-- Inputs: {table} raw table name; $path (UTF-8 file), $source_file (path as in load_log),
--   $delim, $quote, $escape, $header, $skip (lines before the header), $columns (struct
--   name -> 'VARCHAR'), $max_line_size.
-- Output: raw.{table}: the source's columns (VARCHAR) + _source_file; rejected records in
--   temp.gdpr_audit_csv_rejects (line = record number + header lines, byte offsets).
-- GDPR: Art. 30 (records of processing) / Art. 5(2) accountability: the audit starts from
--   an exact, verifiable copy of the export.
CREATE TABLE raw.{table} AS
SELECT *, CAST($source_file AS VARCHAR) AS _source_file
FROM read_csv(
    $path,
    auto_detect = false,
    all_varchar = true,
    columns = $columns,
    delim = $delim,
    quote = $quote,
    escape = $escape,
    header = $header,
    skip = $skip,
    strict_mode = true,
    null_padding = false,
    allow_quoted_nulls = false,
    max_line_size = $max_line_size,
    store_rejects = true,
    rejects_table = 'gdpr_audit_csv_rejects',
    rejects_scan = 'gdpr_audit_csv_scans',
    rejects_limit = 0
);
