-- access.access_by_deactivated_user (Art. 32): users with access_log events after
-- their deactivation. One finding per user. Inputs: users, access_log, $salt.
-- Output: record_ref (pseudonymous user id), detail, source_table (of the user);
-- event_date (the last such event's day), measured_value (events), unit, detail_key, p_*.
SELECT {ref:U:u.user_id} AS record_ref,
       count(*) || ' access event(s) after deactivation on '
           || strftime(u.deactivated_at, '%Y-%m-%d') || ', the last on '
           || strftime(max(l.accessed_at), '%Y-%m-%d') AS detail,
       u.source_table,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(max(l.accessed_at) AS DATE) AS event_date,
       CAST(count(*) AS DOUBLE) AS measured_value,
       CAST(NULL AS DOUBLE) AS limit_value,
       'events' AS unit,
       'access.access_by_deactivated_user' AS detail_key,
       count(*) AS p_n, CAST(u.deactivated_at AS DATE) AS p_deactivated,
       CAST(max(l.accessed_at) AS DATE) AS p_last
FROM users u
JOIN access_log l ON l.user_id = u.user_id AND l.accessed_at > u.deactivated_at
GROUP BY u.user_id, u.deactivated_at, u.source_table
ORDER BY record_ref;
