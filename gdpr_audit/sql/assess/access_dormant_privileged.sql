-- access.dormant_privileged_user (Art. 32): active users whose role may export data or
-- is an admin role, with no login in the last $dormant_days days (or never).
-- Inputs: users, roles, role_permissions, $as_of, $dormant_days, $salt.
-- Output: record_ref (pseudonymous user id), detail, source_table; event_date (last
-- login's day, NULL: never), measured_value (days since it), limit_value ($dormant_days),
-- unit, detail_key (…dormant_privileged_user.never without a login), p_*.
WITH privileged AS (
    SELECT lower(trim(role_id)) AS role_id FROM role_permissions WHERE can_export
    UNION
    SELECT lower(trim(role_id)) FROM roles WHERE is_admin
)
SELECT {ref:U:u.user_id} AS record_ref,
       'active user with privileged role ' || u.role_id || ', '
           || CASE WHEN u.last_login_at IS NULL THEN 'never logged in'
                   ELSE 'last login ' || strftime(u.last_login_at, '%Y-%m-%d') END AS detail,
       u.source_table,
       CAST(NULL AS VARCHAR) AS subject_ref,
       CAST(u.last_login_at AS DATE) AS event_date,
       CAST(CAST($as_of AS DATE) - CAST(u.last_login_at AS DATE) AS DOUBLE) AS measured_value,
       CAST($dormant_days AS DOUBLE) AS limit_value,
       'days' AS unit,
       CASE WHEN u.last_login_at IS NULL THEN 'access.dormant_privileged_user.never'
            ELSE 'access.dormant_privileged_user' END AS detail_key,
       u.role_id AS p_role, CAST(u.last_login_at AS DATE) AS p_last_login
FROM users u
WHERE u.is_active IS TRUE
  AND lower(trim(u.role_id)) IN (SELECT role_id FROM privileged)
  AND (u.last_login_at IS NULL
       OR u.last_login_at < CAST(CAST($as_of AS DATE) - CAST($dormant_days AS INTEGER) AS TIMESTAMPTZ))
ORDER BY record_ref;
