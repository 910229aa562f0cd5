-- Rows of one free-text column that name a subject identifier as a whole token (Art. 17:
-- a note "duplicate of C3, merged into this record" is still data about C3 after C3's
-- erasure). Each cell is split into tokens of letters, digits and _ . % + @ - (so an
-- e-mail address or an id like 'K-000123' is one token), leading and trailing '.' and
-- '-' are dropped (sentence punctuation: 'C3.' names C3), and each token, like the whole
-- cell, is normalised by {norm} (e-mail addresses lower-cased, ids exact) and joined to
-- the identifiers (a hash join). A token must equal the identifier: 'C3' is not in
-- 'C30', 'anna@ex.de' not in 'xanna@ex.de' or 'anna@ex.de.au'. Purely numeric
-- identifiers of fewer than 6 digits are not looked for inside text (a postcode, an
-- amount or a count would match); whole cells still are. Only rows passing {prefilter}
-- are tokenised: RE2 patterns ($p0, $p1, ...) of the escaped identifiers with the same
-- token boundaries, passed as parameters (about 1 s per million notes, tokenising them
-- all takes 5-8 s), or TRUE when there are too many identifiers for a fast pattern.
-- Rows passing {keep} only (TRUE, or not built from a data-subject request's own
-- source row: SearchTable.keep_sql, as in identifier_hits.sql).
-- Inputs (filled in by gdpr_audit.assess.subject_search, identifiers always quoted):
-- {table} the scanned table (alias _t), {column} its free-text column, {ids} a table (key, norm)
-- of normalised identifiers, {cell_norm} the normalised cell, {token} the token
-- character class (subject_search.TOKEN_CLASS); literal braces doubled.
-- Output: key, rows (distinct rows of the column naming one of the key's identifiers).
WITH cells AS (
    SELECT _t.rowid AS _rid, {column} AS v FROM {table} AS _t
    WHERE {column} IS NOT NULL AND {keep}
      AND ({prefilter} OR {cell_norm} IN (SELECT norm FROM {ids}))
),
tokens AS (
    SELECT _rid, v AS tok, true AS whole FROM cells
    UNION ALL
    SELECT _rid, trim(t, '.-') AS tok, false AS whole FROM (
        SELECT _rid, unnest(regexp_extract_all(v, '{token}+')) AS t FROM cells)
)
SELECT i.key, count(DISTINCT t._rid) AS rows
FROM tokens t JOIN {ids} i
  ON {norm} = i.norm AND (t.whole OR NOT regexp_full_match(i.norm, '[0-9]{{1,5}}'))
GROUP BY i.key
