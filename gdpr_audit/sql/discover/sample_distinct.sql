-- Purpose: a reproducible random sample of one raw column's DISTINCT non-empty values,
--   the value evidence of the PII inventory (Art. 30(1)(c) categories of personal data;
--   Art. 9 special categories). Values stay in DuckDB/process memory, never in outputs.
-- Inputs: {schema}.{table} a raw table, {column} one of its columns;
--   $n sample size, $seed makes the sample reproducible (ordering by a seeded hash
--   is a uniform sample of the distinct values, independent of their frequency).
-- Output: value (trimmed), non_empty (rows with a non-empty value),
--   distinct_values (number of distinct non-empty values); at most $n rows.
WITH counted AS (
    SELECT trim(CAST({column} AS VARCHAR)) AS value, count(*) AS n
    FROM {schema}.{table}
    WHERE {column} IS NOT NULL AND trim(CAST({column} AS VARCHAR)) <> ''
    GROUP BY 1
)
SELECT value,
       sum(n) OVER () AS non_empty,
       count(*) OVER () AS distinct_values
FROM counted
ORDER BY hash(value, $seed)
LIMIT $n
