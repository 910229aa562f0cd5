-- Purpose: number the loaded rows of a CSV raw table with their record number in the
--   source when some records were rejected (quarantined) in between.
-- Inputs: {table} raw table, filled in file order (rowid - $base = 0-based ordinal g of
--   the good row; $base = min(rowid)); $thresholds = r_j - j for the rejected record
--   numbers r_1 < r_2 < ... (j 1-based).
-- Output: raw.{table}._record_no = g + 1 + (number of j with r_j - j < g + 1).
-- GDPR: Art. 5(1)(d) accuracy: every raw value points back to its record in the export.
UPDATE raw.{table} AS t
SET _record_no = s.record_no
FROM (
    SELECT g.rid, g.rid - $base + 1 + coalesce(th.skipped, 0) AS record_no
    FROM (SELECT rowid AS rid FROM raw.{table}) AS g
    ASOF LEFT JOIN (
        SELECT threshold, max(j) AS skipped
        FROM (
            SELECT unnest($thresholds) AS threshold,
                   generate_subscripts($thresholds, 1) AS j
        )
        GROUP BY threshold
    ) AS th ON g.rid - $base + 1 > th.threshold
) AS s
WHERE t.rowid = s.rid;
