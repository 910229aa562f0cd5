"""Access checks (Art. 9, 25, 32) and the access matrix."""

from __future__ import annotations

import pytest

from gdpr_audit.assess import access
from gdpr_audit.assess.base import make_context
from gdpr_audit.core.errors import ConfigError

from .conftest import AS_OF, SALT, add, ref, refs, ts


def _inventory(con) -> None:
    con.execute("CREATE SCHEMA raw")
    con.execute('CREATE TABLE raw.crm__notes (note_id VARCHAR, body VARCHAR, "Konfession" VARCHAR)')
    con.execute("CREATE TABLE pii_columns (table_name VARCHAR, source VARCHAR, "
                "column_name VARCHAR, entity_type VARCHAR, category VARCHAR, score DOUBLE, "
                "share DOUBLE, why VARCHAR, free_text BOOLEAN, rows BIGINT)")
    con.execute("INSERT INTO pii_columns VALUES "
                "('crm__notes', 'raw', 'body', 'HEALTH', 'special', 0.9, 0.1, 'ner', true, 9), "
                "('crm__notes', 'raw', 'body', 'PHONE_NUMBER', 'pii', 0.9, 0.1, 're', true, 9), "
                "('crm__notes', 'raw', 'Konfession', 'RELIGION', 'special', 0.9, 0.5, 'n', false, "
                "9),"
                "('crm__contacts', 'raw', 'Email', 'EMAIL_ADDRESS', 'pii', 1, 1, 're', false, 9)")
    add(con, "column_lineage", [
        {"canonical_table": "notes", "canonical_column": "body", "raw_table": "crm__notes",
         "raw_column": "body", "profile": "demo"},
        {"canonical_table": "contacts", "canonical_column": "email",
         "raw_table": "crm__contacts", "raw_column": "Email", "profile": "demo"},
    ])


PERMISSIONS = [
    # (grants (role, table, column, read, export), expected role|raw_table|raw_column refs)
    ([("hr", "notes", "body", True, False)], set()),                  # HEALTH allows hr
    ([("sales", "notes", "body", True, False)], {"sales|raw.crm__notes|body"}),
    ([("sales", "notes", "*", True, False)], {"sales|raw.crm__notes|body"}),
    ([("sales", "*", "*", True, False)], {"sales|raw.crm__notes|body"}),
    ([("sales", "notes", "body", False, False)], set()),               # no read
    ([("sales", "notes", "note_id", True, False)], set()),
    ([("sales", "contacts", "*", True, True)], set()),                 # PII but not special
    ([("dpo", "*", "*", True, True)], set()),
    # raw.<table> grants read raw columns directly; RELIGION is allowed for dpo only.
    ([("hr", "raw.crm__notes", "*", True, False)], {"hr|raw.crm__notes|Konfession"}),
    # export implies read; role ids are trimmed and lower-cased
    ([("Sales ", "notes", "body", None, True)], {"sales|raw.crm__notes|body"}),
]


@pytest.mark.parametrize(("grants", "expected"), PERMISSIONS)
def test_special_category_outside_allowlist(con, ctx, grants, expected) -> None:
    _inventory(con)
    add(con, "role_permissions", [
        {"role_id": r, "table_name": t, "column_name": c, "can_read": rd, "can_export": ex}
        for r, t, c, rd, ex in grants])
    result = access.run_area(ctx)
    findings = result.findings
    found = findings[findings["check_id"] == "access.special_category_outside_allowlist"]
    assert set(found["record_ref"]) == expected


def test_allowlist_is_configurable_and_matrix_lists_categories(con) -> None:
    _inventory(con)
    add(con, "role_permissions", [{"role_id": "sales", "table_name": "notes",
                                   "column_name": "body", "can_read": True, "can_export": False}])
    ctx = make_context(con, AS_OF, {"access": {"special_allowlist": {"HEALTH": ["sales"]}}}, SALT)
    result = access.run_area(ctx)
    assert result.findings.empty
    matrix = result.tables["matrix"]
    row = matrix[(matrix["role"] == "sales") & (matrix["column"] == "body")].iloc[0]
    assert (row["table"], row["pii_types"], row["special_categories"]) == (
        "notes", "PHONE_NUMBER", "HEALTH")
    assert bool(row["can_read"]) and not bool(row["can_export"])


def test_without_inventory_no_special_findings(con, ctx) -> None:
    add(con, "role_permissions", [{"role_id": "sales", "table_name": "*", "column_name": "*",
                                   "can_read": True, "can_export": True}])
    result = access.run_area(ctx)
    assert "access.special_category_outside_allowlist" not in set(result.findings["check_id"])
    assert len(result.tables["matrix"]) > 50  # every canonical column


USERS = [
    # (user row, role is privileged via, expected flagged)
    ({"is_active": True, "last_login_at": ts("2026-08-29T10:00")}, "export", True),  # 91 days
    ({"is_active": True, "last_login_at": ts("2026-08-30T10:00")}, "export", False),  # 90 days
    ({"is_active": True, "last_login_at": None}, "admin", True),
    ({"is_active": False, "last_login_at": None}, "admin", False),
    ({"is_active": True, "last_login_at": None}, None, False),
]


@pytest.mark.parametrize(("user", "privilege", "flagged"), USERS)
def test_dormant_privileged_user(con, ctx, user, privilege, flagged) -> None:
    add(con, "roles", [{"role_id": "r1", "is_admin": privilege == "admin"}])
    add(con, "role_permissions", [{"role_id": "r1", "table_name": "contacts",
                                   "column_name": "*", "can_read": True,
                                   "can_export": privilege == "export"}])
    add(con, "users", [{"user_id": "U1", "role_id": "r1", **user}])
    assert (refs(access.dormant_privileged_user(ctx)) == {ref("U1", "U")}) is flagged


def test_access_by_deactivated_user_and_bulk_export(con, ctx) -> None:
    add(con, "users", [
        {"user_id": "U1", "deactivated_at": ts("2026-01-01T00:00")},
        {"user_id": "U2", "deactivated_at": ts("2026-01-01T00:00")},
        {"user_id": "U3"},
    ])
    add(con, "access_log", [
        {"event_id": "E1", "user_id": "U1", "accessed_at": ts("2026-01-01T00:01"),
         "action": "read"},
        {"event_id": "E2", "user_id": "U1", "accessed_at": ts("2026-02-01T00:00"),
         "action": "export", "record_count": 1000},
        {"event_id": "E3", "user_id": "U2", "accessed_at": ts("2025-12-31T23:59"),
         "action": "export", "record_count": 999},
        {"event_id": "E4", "user_id": "U3", "accessed_at": ts("2026-02-01T00:00"),
         "action": "read", "record_count": 5000},
    ])
    assert refs(access.access_by_deactivated_user(ctx)) == {ref("U1", "U")}
    assert refs(access.bulk_export(ctx)) == {ref("E2", "E")}


# Berlin working hours Mon-Fri 07:00-20:00; times are UTC (CET = UTC+1 in January,
# CEST = UTC+2 in July).
OFF_HOURS = [
    ("2026-01-05T05:59", True),   # Mon 06:59 Berlin
    ("2026-01-05T06:00", False),  # Mon 07:00
    ("2026-01-05T18:59", False),  # Mon 19:59
    ("2026-01-05T19:00", True),   # Mon 20:00
    ("2026-07-06T05:30", False),  # Mon 07:30 CEST
    ("2026-01-10T10:00", True),   # Saturday
    ("2026-01-09T23:30", True),   # Sat 00:30 Berlin (Fri in UTC)
    ("2026-10-03T08:00", True),   # Sat, and German Unity Day
    ("2025-10-03T08:00", True),   # Fri 10:00, German Unity Day (nationwide holiday)
    ("2025-12-25T09:00", True),   # Thu, Christmas Day
    ("2025-10-02T17:00", False),  # Thu 19:00 Berlin, the evening before the holiday
    ("2025-11-01T09:00", True),   # Sat (All Saints' is a holiday only in some states)
    ("2026-01-06T09:00", False),  # Epiphany: a holiday in Bavaria, not nationwide
]


@pytest.mark.parametrize(("when", "off"), OFF_HOURS)
def test_off_hours_needs_five_events(con, ctx, when, off) -> None:
    add(con, "access_log", [{"event_id": f"E{i}", "user_id": "U1", "accessed_at": ts(when),
                             "action": "read"} for i in range(5)])
    assert (refs(access.off_hours(ctx)) == {ref("U1", "U")}) is off
    con.execute("DELETE FROM access_log WHERE event_id = 'E0'")
    assert access.off_hours(ctx).empty


def test_off_hours_holidays_follow_the_configured_state(con) -> None:
    """Epiphany (6 January) is a public holiday in Bavaria, not in Berlin."""
    add(con, "access_log", [{"event_id": f"E{i}", "user_id": "U1",
                             "accessed_at": ts("2026-01-06T09:00"), "action": "read"}
                            for i in range(5)])
    bavaria = {"assess": {"access": {"off_hours": {"holidays": {"country": "DE",
                                                                "subdivision": "BY"}}}}}
    assert refs(access.off_hours(make_context(con, AS_OF, bavaria, SALT))) == {ref("U1", "U")}
    none = {"assess": {"access": {"off_hours": {"holidays": {"country": None}}}}}
    assert access.off_hours(make_context(con, AS_OF, none, SALT)).empty
    bad = {"assess": {"access": {"off_hours": {"holidays": {"country": "XX"}}}}}
    with pytest.raises(ConfigError, match="unknown country"):
        access.off_hours(make_context(con, AS_OF, bad, SALT))
