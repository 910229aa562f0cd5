-- access.bulk_export (Art. 32): export events of at least $bulk_records records.
-- Inputs: access_log, $bulk_records, $salt.
-- Output: record_ref (pseudonymous event id), detail, source_table.
SELECT {ref:E:event_id} AS record_ref,
       'user ' || {ref:U:user_id} || ' exported ' || record_count || ' record(s) of '
           || coalesce(table_name, 'an unknown table') || ' on '
           || coalesce(strftime(accessed_at, '%Y-%m-%d'), 'an unknown date') AS detail,
       source_table
FROM access_log
WHERE action = 'export' AND record_count >= CAST($bulk_records AS BIGINT)
ORDER BY record_ref;
