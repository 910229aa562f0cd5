-- access.dormant_privileged_user (Art. 32): active users whose role may export data or
-- is an admin role, with no login in the last $dormant_days days (or never).
-- Inputs: users, roles, role_permissions, $as_of, $dormant_days, $salt.
-- Output: record_ref (pseudonymous user id), detail, source_table.
WITH privileged AS (
    SELECT lower(trim(role_id)) AS role_id FROM role_permissions WHERE can_export
    UNION
    SELECT lower(trim(role_id)) FROM roles WHERE is_admin
)
SELECT {ref:U:u.user_id} AS record_ref,
       'active user with privileged role ' || u.role_id || ', '
           || CASE WHEN u.last_login_at IS NULL THEN 'never logged in'
                   ELSE 'last login ' || strftime(u.last_login_at, '%Y-%m-%d') END AS detail,
       u.source_table
FROM users u
WHERE u.is_active IS TRUE
  AND lower(trim(u.role_id)) IN (SELECT role_id FROM privileged)
  AND (u.last_login_at IS NULL
       OR u.last_login_at < CAST(CAST($as_of AS DATE) - CAST($dormant_days AS INTEGER) AS TIMESTAMPTZ))
ORDER BY record_ref;
