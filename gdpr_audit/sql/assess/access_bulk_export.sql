-- access.bulk_export (Art. 32): export events of at least $bulk_records records.
-- Inputs: access_log, $bulk_records, $salt.
-- Output: record_ref (pseudonymous event id), detail, source_table; event_date (the
-- export's day), measured_value (records exported), limit_value ($bulk_records), unit,
-- detail_key, p_* (the wording's values; a user is no data subject: subject_ref NULL).
SELECT {ref:E:event_id} AS record_ref,
       'user ' || {ref:U:user_id} || ' exported ' || record_count || ' record(s) of '
           || coalesce(table_name, 'an unknown table') || ' on '
           || coalesce(strftime(accessed_at, '%Y-%m-%d'), 'an unknown date') AS detail,
       source_table,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(accessed_at AS DATE) AS event_date,
       CAST(record_count AS DOUBLE) AS measured_value,
       CAST($bulk_records AS DOUBLE) AS limit_value,
       'records' AS unit,
       'access.bulk_export' AS detail_key,
       {ref:U:user_id} AS p_user, record_count AS p_n, table_name AS p_object,
       CAST(accessed_at AS DATE) AS p_day
FROM access_log
WHERE action = 'export' AND record_count >= CAST($bulk_records AS BIGINT)
ORDER BY record_ref;
