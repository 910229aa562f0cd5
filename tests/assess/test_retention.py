"""Retention checks (Art. 5(1)(e), 17): HGB/AO periods from year end, BEG IV, holds."""

from __future__ import annotations

import datetime as dt

import pytest

from gdpr_audit.assess import retention
from gdpr_audit.assess.base import make_context

from .conftest import AS_OF, SALT, add, ref, refs, ts

# (record_type, created_at UTC, individual hold, as_of, expected check or None)
RECORDS = [
    # Voucher whose 10-year period ended before 2025-01-01: unaffected by BEG IV.
    ("voucher", "2014-06-01T10:00", None, AS_OF, "retention.past_period"),
    # BEG IV: 8 years from the end of 2017 ended on 2025-12-31 (10 years would be 2027).
    ("voucher", "2017-05-01T10:00", None, AS_OF, "retention.past_period"),
    ("invoice", "2017-05-01T10:00", None, AS_OF, "retention.past_period"),
    ("voucher", "2018-03-01T10:00", None, AS_OF, None),  # until 2026-12-31
    # Before BEG IV took effect the 10-year period applied.
    ("voucher", "2015-05-01T10:00", None, dt.date(2024, 6, 1), None),
    ("voucher", "2015-05-01T10:00", None, dt.date(2025, 1, 2), "retention.past_period"),
    ("annual_statement", "2016-03-01T10:00", None, AS_OF, None),  # until 2026-12-31
    ("annual_statement", "2015-03-01T10:00", None, AS_OF, "retention.past_period"),
    # Business letters, 6 years from the end of the (Berlin) calendar year.
    ("business_letter", "2019-12-31T22:00", None, AS_OF, "retention.past_period"),
    ("business_letter", "2019-12-31T23:30", None, AS_OF, None),  # 1 Jan 2020 in Berlin
    # Notes: 3 years from creation; the last day of the period is still inside.
    ("note", "2023-11-27T10:00", None, AS_OF, "retention.past_period"),
    ("note", "2023-11-28T10:00", None, AS_OF, None),
    ("ticket", "2020-01-01T10:00", True, AS_OF, None),  # individual legal hold
    ("ticket", "2020-01-01T10:00", False, AS_OF, "retention.past_period"),
    ("note", None, None, AS_OF, "retention.missing_date"),
    ("contract", "2025-01-01T10:00", None, AS_OF, "retention.no_policy"),
]


@pytest.mark.parametrize(("record_type", "created", "hold", "as_of", "expected"), RECORDS)
def test_business_records(con, record_type, created, hold, as_of, expected) -> None:
    add(con, "business_records", [{"record_id": "B1", "record_type": record_type,
                                   "contact_id": "C1", "legal_hold": hold,
                                   "created_at": ts(created) if created else None}])
    result = retention.run_area(make_context(con, as_of, None, SALT))
    assert list(result.findings["check_id"]) == ([expected] if expected else [])
    if expected == "retention.no_policy":
        assert list(result.findings["record_ref"]) == [record_type]
    elif expected:
        assert list(result.findings["record_ref"]) == [ref("B1", "BR")]


def test_held_and_ageing_tables(con, ctx) -> None:
    add(con, "business_records", [
        {"record_id": "B1", "record_type": "voucher", "created_at": ts("2024-03-01T10:00")},
        {"record_id": "B2", "record_type": "voucher", "created_at": ts("2014-03-01T10:00")},
        {"record_id": "B3", "record_type": "note", "created_at": ts("2015-03-01T10:00"),
         "legal_hold": True},
        {"record_id": "B4", "record_type": "note", "created_at": ts("2026-03-01T10:00")},
    ])
    result = retention.run_area(ctx)
    held = {(r.record_type, r.hold): r.count for r in result.tables["held"].itertuples()}
    assert held == {("voucher", "statutory"): 1, ("note", "individual"): 1}
    ageing = result.tables["ageing"]
    past = ageing.groupby("record_type")["past_limit"].sum().to_dict()
    assert past == {"voucher": 1, "note": 1}  # the held note is past its limit, not flagged
    assert refs(result.findings) == {ref("B2", "BR")}


def test_source_policies_replace_the_shipped_set(con, ctx) -> None:
    add(con, "retention_policies", [{"policy_id": "P1", "record_type": "note",
                                     "period_months": 12, "start_event": "creation",
                                     "legal_hold": False}])
    add(con, "business_records", [
        {"record_id": "B1", "record_type": "note", "created_at": ts("2025-10-01T10:00")},
        {"record_id": "B2", "record_type": "voucher", "created_at": ts("2025-10-01T10:00")},
        {"record_id": "B3", "record_type": "voucher", "created_at": ts("2025-10-02T10:00")},
    ])
    result = retention.run_area(ctx)
    got = sorted(zip(result.findings["check_id"], result.findings["record_ref"], strict=True))
    assert got == [("retention.no_policy", "voucher"), ("retention.past_period", ref("B1", "BR"))]


def test_config_policies_override(con) -> None:
    add(con, "business_records", [
        {"record_id": "B1", "record_type": "note", "created_at": ts("2025-10-01T10:00")}])
    config = {"retention": {"policies": [
        {"record_type": "note", "period_months": 6, "start_event": "creation"}]}}
    result = retention.run_area(make_context(con, AS_OF, config, SALT))
    assert refs(result.findings) == {ref("B1", "BR")}


@pytest.mark.parametrize(
    ("contact", "requests", "flagged"),
    [
        ({"last_activity_at": ts("2024-11-27T10:00")}, [], True),
        ({"last_activity_at": ts("2024-11-28T00:00")}, [], False),  # exactly 24 months
        ({"last_activity_at": ts("2024-11-27T10:00"), "is_customer": True}, [], False),
        ({"created_at": ts("2020-01-01T10:00")}, [], True),          # never active
        ({"created_at": ts("2020-01-01T10:00"), "last_activity_at": ts("2026-01-01T10:00")},
         [], False),
        ({"created_at": ts("2020-01-01T10:00")}, [{"status": "open"}], False),
        ({"created_at": ts("2020-01-01T10:00")},
         [{"status": "completed", "completed_at": ts("2021-01-01T10:00")}], True),
        ({}, [], False),  # no dates at all: cannot judge
    ],
)
def test_inactive_contact(con, ctx, contact, requests, flagged) -> None:
    add(con, "contacts", [{"contact_id": "C1", "is_customer": False, **contact}])
    add(con, "dsr_requests", [{"request_id": f"Q{i}", "contact_id": "C1",
                               "request_type": "access", **r} for i, r in enumerate(requests)])
    assert (refs(retention.inactive_contact(ctx)) == {ref("C1")}) is flagged
