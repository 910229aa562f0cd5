"""Breach checks (Art. 33, 34): the 72-hour limit, notification of subjects, documentation."""

from __future__ import annotations

import pytest

from gdpr_audit.assess import breaches

from .conftest import add, ts

COMPLETE = {"risk_level": "medium", "affected_count": 10, "category": "confidentiality",
            "detected_at": ts("2026-01-01T10:00")}

BREACHES = [
    ({"authority_notified_at": ts("2026-01-04T09:00")}, []),                      # 71 h
    ({"authority_notified_at": ts("2026-01-04T10:00")}, []),                      # 72 h exactly
    ({"authority_notified_at": ts("2026-01-04T11:00")}, ["breach.late_notification"]),  # 73 h
    ({"authority_notified_at": ts("2026-01-04T11:00"), "delay_reason": "forensics"}, []),
    ({"authority_notified_at": ts("2026-01-04T11:00"), "delay_reason": "  "},
     ["breach.late_notification"]),
    ({}, ["breach.not_notified"]),
    ({"risk_level": "none"}, []),
    # Art. 33(1): no notification is due for a breach unlikely to result in a risk, so a
    # voluntary one after 72 hours is not late; any other (or unknown) risk level is.
    ({"risk_level": "none", "authority_notified_at": ts("2026-01-04T11:00")}, []),
    ({"risk_level": " none ", "authority_notified_at": ts("2026-01-09T10:00")}, []),
    ({"risk_level": "low", "authority_notified_at": ts("2026-01-04T11:00")},
     ["breach.late_notification"]),
    ({"risk_level": None, "authority_notified_at": ts("2026-01-04T11:00")},
     ["breach.late_notification", "breach.incomplete_record"]),
    ({"detected_at": ts("2026-11-25T01:00")}, []),        # 71 h before the audit day
    ({"detected_at": ts("2026-11-24T23:00")}, ["breach.not_notified"]),  # 73 h
    ({"risk_level": "high", "authority_notified_at": ts("2026-01-02T10:00")},
     ["breach.subjects_not_notified"]),
    ({"risk_level": "high", "authority_notified_at": ts("2026-01-02T10:00"),
      "subjects_notified_at": ts("2026-01-03T10:00")}, []),
    ({"category": None, "authority_notified_at": ts("2026-01-02T10:00")},
     ["breach.incomplete_record"]),
    ({"affected_count": None, "authority_notified_at": ts("2026-01-02T10:00")},
     ["breach.incomplete_record"]),
    # No detection time: the 72-hour rules cannot be applied, the record is incomplete.
    ({"detected_at": None}, ["breach.incomplete_record"]),
]


@pytest.mark.parametrize(("row", "expected"), BREACHES)
def test_breaches(con, ctx, row, expected) -> None:
    add(con, "breaches", [{"breach_id": "BR-2026-01", **COMPLETE, **row}])
    result = breaches.run_area(ctx)
    assert sorted(result.findings["check_id"]) == sorted(expected)
    assert set(result.findings["record_ref"]) <= {"BR-2026-01"}
    timeline = result.tables["timeline"]
    assert list(timeline["breach_id"]) == ["BR-2026-01"]
    late = bool(timeline["late"].iloc[0])
    assert late == any(c in expected for c in ("breach.late_notification", "breach.not_notified"))


def test_hours_to_notify(con, ctx) -> None:
    add(con, "breaches", [{"breach_id": "B1", **COMPLETE,
                           "authority_notified_at": ts("2026-01-04T09:00")}])
    assert breaches.run_area(ctx).tables["timeline"]["hours_to_notify"].iloc[0] == 71.0
