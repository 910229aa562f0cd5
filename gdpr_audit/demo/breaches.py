"""Personal-data breaches (Art. 33, 34): normal notifications within 72 h, edge cases, plants."""

from __future__ import annotations

import pandas as pd

from gdpr_audit.demo import timeutil
from gdpr_audit.demo.context import DemoContext

CATEGORIES = ("confidentiality", "integrity", "availability")


def _breach(
    detected, risk, affected, category, authority_h=None, subjects_h=None, reason=None, plant=""
):
    detected = timeutil.ts(detected) if isinstance(detected, str) else detected

    def hours(h: float | None) -> pd.Timestamp | None:
        return None if h is None or detected is None else detected + pd.Timedelta(hours=h)

    return {
        "detected_at": detected,
        "risk_level": risk,
        "affected": affected,
        "category": category,
        "authority_at": hours(authority_h),
        "subjects_at": hours(subjects_h),
        "delay_reason": reason,
        "plant": plant,
    }


def make_breaches(ctx: DemoContext) -> pd.DataFrame:
    """``privacy/breaches.json`` rows; each planted breach violates exactly one rule."""
    rng = ctx.rng("breaches")
    a = ctx.anchor
    rows = [
        _breach(a("2024-02-12T08:40:00Z"), "low", 12, "confidentiality", authority_h=30),
        _breach(a("2024-09-03T14:05:00Z"), "medium", 240, "availability", authority_h=52.5),
        _breach(
            a("2025-01-20T09:15:00Z"),
            "high",
            1800,
            "confidentiality",
            authority_h=40,
            subjects_h=96,
        ),
        _breach(
            a("2025-06-02T07:30:00Z"), "none", 3, "integrity"
        ),  # no risk: no notification needed
        _breach(
            a("2025-08-14T10:00:00Z"), "medium", 75, "confidentiality", authority_h=71
        ),  # 71 h: in time
        _breach(
            a("2025-11-05T16:20:00Z"),
            "low",
            20,
            "integrity",
            authority_h=80,
            reason="forensic analysis by the hosting provider needed to confirm scope",
        ),
        _breach(
            a("2026-04-22T11:45:00Z"), "high", 560, "confidentiality", authority_h=20, subjects_h=50
        ),
        _breach(
            ctx.as_of_ts - pd.Timedelta(hours=38), "medium", 40, "availability"
        ),  # within 72 h of as_of
    ]

    def when(hi_days: int = 20) -> pd.Timestamp:
        return timeutil.between(
            rng, ctx.years_ago(3), ctx.as_of_ts - pd.Timedelta(days=hi_days), 1
        )[0].floor("min")

    for i in range(ctx.plant_count("breach.late_notification", 1, 3)):
        hours = 73 if i == 0 else float(rng.integers(74, 300))
        rows.append(
            _breach(
                when(),
                ("low", "medium")[i % 2],
                int(rng.integers(5, 900)),
                "confidentiality",
                authority_h=hours,
                plant="breach.late_notification",
            )
        )
    for i in range(ctx.plant_count("breach.not_notified", 1, 3)):
        high = i % 2 == 1
        rows.append(
            _breach(
                when(),
                "high" if high else "medium",
                int(rng.integers(5, 900)),
                CATEGORIES[i % 3],
                subjects_h=100 if high else None,
                plant="breach.not_notified",
            )
        )
    for _ in range(ctx.plant_count("breach.subjects_not_notified", 1, 3)):
        rows.append(
            _breach(
                when(),
                "high",
                int(rng.integers(100, 5000)),
                "confidentiality",
                authority_h=float(rng.integers(10, 70)),
                plant="breach.subjects_not_notified",
            )
        )
    for i in range(ctx.plant_count("breach.incomplete_record", 1, 3)):
        row = _breach(
            when(),
            "low",
            int(rng.integers(5, 900)),
            "integrity",
            authority_h=float(rng.integers(10, 70)),
            plant="breach.incomplete_record",
        )
        field = ("detected_raw", "category", "affected", "detected_at")[i % 4]
        if field == "detected_raw":  # a date that does not parse counts as missing
            row["detected_raw"], row["detected_at"] = "31.02.2024", None
        else:
            row[field] = None
        rows.append(row)
    frame = pd.DataFrame(rows)
    for col in ("detected_at", "authority_at", "subjects_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True)
    order = frame["detected_at"].fillna(frame["authority_at"]).argsort(kind="stable")
    frame = frame.iloc[order].reset_index(drop=True)
    frame.insert(0, "breach_id", [f"BR-{i:03d}" for i in range(1, len(frame) + 1)])
    for check in sorted(set(frame["plant"]) - {""}):
        ctx.plant(check, frame.loc[frame["plant"] == check, "breach_id"])
    return frame
