-- access.access_by_deactivated_user (Art. 32): users with access_log events after
-- their deactivation. One finding per user. Inputs: users, access_log, $salt.
-- Output: record_ref (pseudonymous user id), detail, source_table (of the user).
SELECT {ref:U:u.user_id} AS record_ref,
       count(*) || ' access event(s) after deactivation on '
           || strftime(u.deactivated_at, '%Y-%m-%d') || ', the last on '
           || strftime(max(l.accessed_at), '%Y-%m-%d') AS detail,
       u.source_table
FROM users u
JOIN access_log l ON l.user_id = u.user_id AND l.accessed_at > u.deactivated_at
GROUP BY u.user_id, u.deactivated_at, u.source_table
ORDER BY record_ref;
