"""Access control of the demo CRM: roles, permissions, users and the access log (Art. 25, 32).

Normal data: only ``dpo`` may read special-category columns, privileged users
(admin or export rights) logged in within 60 days, deactivated users leave no
events after deactivation, exports stay below 1,000 records, and events fall on
weekdays 07:05-19:55 Berlin time (a few users have up to four late events).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gdpr_audit.demo import identifiers, timeutil, vocab
from gdpr_audit.demo.context import DemoContext

ROLES = (
    ("admin", "Administrator", True),
    ("dpo", "Data Protection Officer", False),
    ("hr", "Human Resources", False),
    ("sales", "Sales", False),
    ("marketing", "Marketing", False),
    ("support", "Customer Support", False),
    ("finance", "Finance", False),
    ("intern", "Intern", False),
)
ROLE_P = {
    "admin": 0.04,
    "dpo": 0.02,
    "hr": 0.04,
    "sales": 0.38,
    "marketing": 0.12,
    "support": 0.26,
    "finance": 0.08,
    "intern": 0.06,
}

#: (role, object, field, read, export): canonical names; ``raw.<table>`` names a raw table.
PERMISSIONS = (
    ("admin", "users", "*", 1, 1),
    ("admin", "roles", "*", 1, 1),
    ("admin", "role_permissions", "*", 1, 1),
    ("admin", "access_log", "*", 1, 1),
    ("admin", "contacts", "contact_id", 1, 0),
    ("dpo", "contacts", "*", 1, 1),
    ("dpo", "consents", "*", 1, 1),
    ("dpo", "communications", "*", 1, 0),
    ("dpo", "dsr_requests", "*", 1, 1),
    ("dpo", "contact_changes", "*", 1, 0),
    ("dpo", "breaches", "*", 1, 1),
    ("dpo", "notes", "*", 1, 1),
    ("dpo", "business_records", "*", 1, 0),
    ("dpo", "automated_decisions", "*", 1, 0),
    ("dpo", "access_log", "*", 1, 1),
    ("dpo", "users", "*", 1, 0),
    ("dpo", "raw.crm__kontakte_de", "Konfession", 1, 0),
    ("hr", "users", "*", 1, 0),
    ("hr", "roles", "*", 1, 0),
    ("sales", "contacts", "*", 1, 0),
    ("sales", "consents", "*", 1, 0),
    ("sales", "communications", "*", 1, 0),
    ("sales", "notes", "note_id", 1, 0),
    ("sales", "notes", "contact_id", 1, 0),
    ("sales", "notes", "created_at", 1, 0),
    ("sales", "business_records", "*", 1, 0),
    ("sales", "automated_decisions", "*", 1, 0),
    ("marketing", "contacts", "contact_id", 1, 1),
    ("marketing", "contacts", "first_name", 1, 1),
    ("marketing", "contacts", "last_name", 1, 1),
    ("marketing", "contacts", "email", 1, 1),
    ("marketing", "contacts", "country", 1, 1),
    ("marketing", "consents", "*", 1, 1),
    ("marketing", "communications", "*", 1, 1),
    ("marketing", "automated_decisions", "*", 1, 0),
    ("support", "contacts", "*", 1, 0),
    ("support", "notes", "note_id", 1, 0),
    ("support", "notes", "contact_id", 1, 0),
    ("support", "notes", "created_at", 1, 0),
    ("support", "dsr_requests", "*", 1, 0),
    ("support", "contact_changes", "*", 1, 0),
    ("support", "consents", "*", 1, 0),
    ("finance", "business_records", "*", 1, 1),
    ("finance", "contacts", "contact_id", 1, 1),
    ("finance", "contacts", "company", 1, 1),
    ("finance", "contacts", "street", 1, 1),
    ("finance", "contacts", "postcode", 1, 1),
    ("finance", "contacts", "city", 1, 1),
    ("finance", "contacts", "country", 1, 1),
    ("finance", "contacts", "first_name", 1, 1),
    ("finance", "contacts", "last_name", 1, 1),
    ("intern", "contacts", "first_name", 1, 0),
    ("intern", "contacts", "last_name", 1, 0),
    ("intern", "contacts", "company", 1, 0),
    ("intern", "business_records", "record_type", 1, 0),
)
#: Permissions a careless admin might grant: each opens special-category columns to a role
#: outside the allow-list (access.special_category_outside_allowlist plants).
RISKY_GRANTS = (
    ("support", "notes", "body", 1, 0),
    ("hr", "raw.crm__kontakte_de", "Konfession", 1, 0),
    ("sales", "notes", "*", 1, 0),
    ("intern", "raw.crm__kontakte_de", "Bemerkung", 1, 0),
    ("marketing", "raw.crm__kontakte_de", "Konfession", 1, 0),
    ("finance", "raw.crm__contacts", "Description", 1, 0),
    ("hr", "notes", "body", 1, 0),
)
BULK_EXPORT = 1000  # access.bulk_export threshold of docs/checks.md
ACTIONS = ("read", "update", "login", "delete", "export")
ACTION_P = (0.66, 0.16, 0.12, 0.02, 0.04)


def roles_frame() -> pd.DataFrame:
    return pd.DataFrame(ROLES, columns=["role_id", "name", "is_admin"])


def privileged_roles(permissions: pd.DataFrame) -> set[str]:
    """Roles that are admin or may export anything (access.dormant_privileged_user)."""
    admins = {r for r, _, is_admin in ROLES if is_admin}
    return admins | set(permissions.loc[permissions["export"] == 1, "role_id"])


def make_permissions(ctx: DemoContext) -> pd.DataFrame:
    """``admin/role_permissions.csv``; the risky grants are added only to the default demo."""
    rows = list(PERMISSIONS)
    k = ctx.plant_count("access.special_category_outside_allowlist", 2, 4, cap=len(RISKY_GRANTS))
    if k:
        chosen = ctx.rng("risky_grants").choice(len(RISKY_GRANTS), size=k, replace=False)
        rows += [RISKY_GRANTS[i] for i in sorted(chosen)]
    return pd.DataFrame(rows, columns=["role_id", "object", "field", "read", "export"])


def make_users(ctx: DemoContext, permissions: pd.DataFrame) -> pd.DataFrame:
    """``admin/users.csv``: ~N/1000 + 20 normal users, then planted ones, with activity windows."""
    rng = ctx.rng("users")
    n = ctx.n_contacts // 1000 + 20
    role_ids = list(ROLE_P)
    roles = np.concatenate(
        [
            np.asarray(role_ids, dtype=object),
            np.asarray(role_ids, dtype=object)[
                rng.choice(len(role_ids), n - len(role_ids), p=list(ROLE_P.values()))
            ],
        ]
    )
    privileged = privileged_roles(permissions)
    as_of = ctx.as_of_ts
    users = []
    for i, role in enumerate(roles):
        kind = "active"
        r = rng.random()
        if i < len(role_ids):  # one active user per role, so every role has someone at work
            pass
        elif r < 0.1:
            kind = "deactivated"
        elif r < 0.18 and role not in privileged:
            kind = "dormant_ok"  # dormant, but without admin or export rights: fine
        users.append((role, kind, ""))
    for check, count, choices in (
        (
            "access.dormant_privileged_user",
            ctx.plant_count("access.dormant_privileged_user", 3, 12),
            sorted(privileged),
        ),
        (
            "access.access_by_deactivated_user",
            ctx.plant_count("access.access_by_deactivated_user", 3, 12),
            role_ids,
        ),
        (
            "access.off_hours",
            ctx.plant_count("access.off_hours", 3, 12),
            ["sales", "support", "intern", "hr"],
        ),
    ):
        users += [(choices[int(rng.integers(len(choices)))], check, check) for _ in range(count)]
    rows = []
    for i, (role, kind, plant) in enumerate(users, start=1):
        first = vocab.FIRST_DE[int(rng.integers(len(vocab.FIRST_DE)))]
        last = vocab.LAST_DE[int(rng.integers(len(vocab.LAST_DE)))]
        name = f"{identifiers.ascii_local_part(first)}.{identifiers.ascii_local_part(last)}"
        login = f"{name}{i}@nordlicht.example.de"
        start = as_of - pd.Timedelta(days=int(rng.integers(200, 700)))
        active, deactivated = True, pd.NaT
        last_login = as_of - pd.Timedelta(
            days=int(rng.integers(1, 60)), minutes=int(rng.integers(0, 600))
        )
        if kind in ("deactivated", "access.access_by_deactivated_user"):
            deactivated = as_of - pd.Timedelta(
                days=int(rng.integers(20, 150)), minutes=int(rng.integers(0, 600))
            )
            last_login = deactivated - pd.Timedelta(days=int(rng.integers(1, 10)))
            active = False
        elif kind == "dormant_ok":
            last_login = as_of - pd.Timedelta(days=int(rng.integers(120, 400)))
        elif kind == "access.dormant_privileged_user":
            last_login = (
                pd.NaT if i % 3 == 0 else as_of - pd.Timedelta(days=int(rng.integers(95, 400)))
            )
        rows.append(
            {
                "user_id": f"U{i:04d}",
                "login": login,
                "role_id": role,
                "active": active,
                "last_login": last_login,
                "deactivated_at": deactivated,
                "plant": plant,
                "window_start": start,
            }
        )
    users_df = pd.DataFrame(rows)
    for col in ("last_login", "deactivated_at", "window_start"):
        users_df[col] = pd.to_datetime(users_df[col], utc=True)
    for check in (
        "access.dormant_privileged_user",
        "access.access_by_deactivated_user",
        "access.off_hours",
    ):
        ctx.plant(check, users_df.loc[users_df["plant"] == check, "user_id"])
    return users_df


def _event_frame(
    rng,
    users: pd.DataFrame,
    owner: np.ndarray,
    ts: pd.DatetimeIndex,
    readable: dict,
    exporters: set[str],
    contact_ids: np.ndarray,
    plant: str = "",
) -> pd.DataFrame:
    m = len(owner)
    roles = users["role_id"].to_numpy()[owner]
    action = np.asarray(ACTIONS, dtype=object)[rng.choice(len(ACTIONS), m, p=ACTION_P)]
    action[(action == "export") & ~np.isin(roles, list(exporters))] = "read"
    obj = np.asarray(
        [
            readable[r][int(i) % len(readable[r])]
            for r, i in zip(roles, rng.integers(0, 1000, m), strict=True)
        ],
        dtype=object,
    )
    single = (
        np.isin(action, ("read", "update", "delete")) & (obj == "contacts") & (rng.random(m) < 0.8)
    )
    records = np.where(
        action == "export",
        rng.integers(1, BULK_EXPORT, m),
        np.where(single, 1, rng.integers(1, 60, m)),
    )
    records = np.where(action == "login", 0, records)
    contact = np.where(single, contact_ids[rng.integers(0, len(contact_ids), m)], "").astype(object)
    obj = np.where(action == "login", "", obj)
    return pd.DataFrame(
        {
            "user_id": users["user_id"].to_numpy()[owner],
            "ts": ts,
            "action": action,
            "object": obj,
            "records": records,
            "contact_id": contact,
            "plant": plant,
        }
    )


def make_access_log(
    ctx: DemoContext, users: pd.DataFrame, permissions: pd.DataFrame, contact_ids: np.ndarray
) -> pd.DataFrame:
    """``admin/access_log.jsonl`` (~N/5 events) plus the planted events."""
    rng = ctx.rng("access_log")
    as_of = ctx.as_of_ts
    readable = {
        r: sorted(
            {
                o
                for rr, o, *_ in permissions.itertuples(index=False)
                if rr == r and not o.startswith("raw.")
            }
        )
        for r in users["role_id"].unique()
    }
    exporters = set(permissions.loc[permissions["export"] == 1, "role_id"])
    end = users["deactivated_at"].fillna(users["last_login"]) - pd.Timedelta(days=1)
    has_window = users["last_login"].notna().to_numpy() & (end > users["window_start"]).to_numpy()
    eligible = np.flatnonzero(has_window)
    n = ctx.n_contacts // 5
    owner = eligible[rng.integers(0, len(eligible), n)]
    ts = timeutil.working_hours(
        rng, users["window_start"].to_numpy()[owner], end.to_numpy()[owner], n
    )
    normal = _event_frame(rng, users, owner, ts, readable, exporters, contact_ids)
    exports = np.flatnonzero(normal["action"].eq("export").to_numpy())
    if len(exports):  # trap: one record below the bulk-export threshold
        normal.loc[exports[0], "records"] = BULK_EXPORT - 1
    parts = [normal]
    # Traps: a few users with one to four late events (below the threshold of five).
    normal_active = np.flatnonzero(
        has_window & users["plant"].eq("").to_numpy() & users["active"].to_numpy()
    )
    late_users = normal_active[: max(1, len(normal_active) // 10)]
    for u in late_users:
        k = int(rng.integers(1, 5))
        parts.append(
            _event_frame(
                rng, users, np.full(k, u), _off_hours(rng, as_of, k), readable, set(), contact_ids
            )
        )
    for u in np.flatnonzero(users["plant"].eq("access.off_hours").to_numpy()):
        k = int(rng.integers(5, 10))
        parts.append(
            _event_frame(
                rng,
                users,
                np.full(k, u),
                _off_hours(rng, as_of, k),
                readable,
                set(),
                contact_ids,
                "access.off_hours",
            )
        )
    for u in np.flatnonzero(users["plant"].eq("access.access_by_deactivated_user").to_numpy()):
        k = int(rng.integers(1, 4))
        d = users["deactivated_at"].iloc[u]
        after = timeutil.working_hours(
            rng, d + pd.Timedelta(days=1), as_of - pd.Timedelta(days=1), k
        )
        parts.append(
            _event_frame(
                rng,
                users,
                np.full(k, u),
                after,
                readable,
                set(),
                contact_ids,
                "access.access_by_deactivated_user",
            )
        )
    k = ctx.plant_count("access.bulk_export", 3, 20)
    if k:
        ok = np.flatnonzero(
            has_window
            & users["active"].to_numpy()
            & users["plant"].eq("").to_numpy()
            & users["role_id"].isin(exporters - {"admin"}).to_numpy()
        )
        owner = ok[rng.integers(0, len(ok), k)]
        ts = timeutil.working_hours(
            rng, as_of - pd.Timedelta(days=120), as_of - pd.Timedelta(days=2), k
        )
        bulk = _event_frame(
            rng, users, owner, ts, readable, exporters, contact_ids, "access.bulk_export"
        )
        bulk["action"] = "export"
        bulk["object"] = [
            ("contacts" if "contacts" in readable[r] else readable[r][0])
            for r in users["role_id"].to_numpy()[owner]
        ]
        bulk["contact_id"] = ""
        bulk["records"] = np.concatenate(
            [[BULK_EXPORT], rng.integers(BULK_EXPORT, 40 * BULK_EXPORT, k - 1)]
        )
        parts.append(bulk)
    log = pd.concat(parts, ignore_index=True)
    log = log.sort_values(["ts", "user_id"], kind="stable", ignore_index=True)
    log.insert(0, "event_id", [f"E{i:07d}" for i in range(1, len(log) + 1)])
    log["ip"] = [
        f"10.20.{int(a)}.{int(b)}"
        for a, b in zip(rng.integers(0, 8, len(log)), rng.integers(2, 250, len(log)), strict=True)
    ]
    ctx.plant("access.bulk_export", log.loc[log["plant"] == "access.bulk_export", "event_id"])
    return log


def _off_hours(rng: np.random.Generator, as_of: pd.Timestamp, k: int) -> pd.DatetimeIndex:
    """Events on a weekend afternoon or a weekday late evening, Berlin time."""
    days = []
    minutes = []
    for _ in range(k):
        day = (as_of - pd.Timedelta(days=int(rng.integers(3, 150)))).tz_localize(None).normalize()
        if rng.random() < 0.5:
            day -= pd.Timedelta(days=(day.dayofweek - 5) % 7)  # back to a Saturday
            minutes.append(int(rng.integers(9 * 60, 17 * 60)))
        else:
            day -= pd.Timedelta(days=max(0, day.dayofweek - 4))  # a weekday
            minutes.append(int(rng.integers(20 * 60 + 30, 23 * 60 + 30)))
        days.append(day)
    return timeutil.local_wall_clock(days, np.asarray(minutes))
