-- Rows of one table that hold a subject identifier (Art. 15, 17): for each row (by
-- rowid) the keys of the identifiers found. A cell matches when, normalised by {norm}
-- (trimmed; lower-cased when it holds an '@'), it equals a normalised identifier: ids
-- exactly, e-mail addresses case-insensitively; e-mail addresses inside longer text (cells with
-- '@' and whitespace) are extracted and matched the same way when {in_text} is TRUE
-- (the erasure check), not for exports (a note about someone else is theirs). Exact:
-- 'C1' never matches 'C10', 'jan@example.com' never 'jan@example.com.au'.
-- One pass over the table: {candidates} keeps the rows where some column equals an
-- identifier (a hash semi-join per column) or may hold an address in text; only those
-- few rows are unpivoted and matched per identifier.
-- Rows passing {keep} only: the erasure check skips the rows built from a data-subject
-- request's own source row (its ticket documents the request: Art. 5(2), 17(3)(b),(e)).
-- Inputs (filled in by gdpr_audit.assess.subject_search, identifiers always quoted):
-- {table} the scanned table (alias _t), {columns} its VARCHAR columns, {candidates}
-- the row filter, {keep} the rows to search (TRUE or SearchTable.keep_sql), {ids} a
-- table (key, norm) of normalised identifiers; literal braces are doubled
-- (str.format). No trailing semicolon: callers wrap it as a subquery.
-- Output: _rid (rowid), key.
WITH cand AS (
    SELECT _t.rowid AS _rid, {columns} FROM {table} AS _t WHERE ({candidates}) AND {keep}
),
u AS (
    SELECT _rid, v FROM (UNPIVOT cand ON {columns} INTO NAME _col VALUE v)
),
tokens AS (
    SELECT _rid, {norm} AS tok FROM u
    UNION ALL
    SELECT _rid, lower(e) AS tok FROM (
        SELECT _rid, unnest(regexp_extract_all(v, '[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{{2,}}')) AS e
        FROM u
        WHERE {in_text} AND contains(v, '@') AND regexp_matches(v, '\s'))
)
SELECT DISTINCT t._rid, i.key
FROM tokens t JOIN {ids} i ON t.tok = i.norm
