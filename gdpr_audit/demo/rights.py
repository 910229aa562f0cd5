"""Data-subject requests (Art. 12, 15-22) with their side effects on other tables.

Normal requests are answered within the legal deadline (received + 1 calendar
month, + 3 months when extended); completed erasures use ids that appear in no
other file; objections stop sends and scoring; rectifications leave a change.
Dates sit between 08:00 and 15:00 UTC so the UTC and Berlin calendar days agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gdpr_audit.demo import timeutil
from gdpr_audit.demo.context import DemoContext
from gdpr_audit.demo.people import ContactPool

TYPES = (
    "access",
    "rectification",
    "objection",
    "portability",
    "restriction",
    "automated_decision_optout",
    "erasure",
)
TYPE_P = (0.36, 0.14, 0.14, 0.07, 0.06, 0.11, 0.12)
REASONS = (
    "complex request, many systems",
    "hohe Anzahl von Anträgen",
    "clarification of identity pending",
)


@dataclass
class Requests:
    """The requests table and what it implies for sends, scoring and contact changes."""

    frame: pd.DataFrame
    #: contact -> received_at of an objection: no sends or scoring afterwards.
    objection_cutoffs: dict[str, pd.Timestamp] = field(default_factory=dict)
    #: contact -> received_at of an automated-decision opt-out.
    optout_cutoffs: dict[str, pd.Timestamp] = field(default_factory=dict)
    #: (contact, from, to): a contact change must fall in the window (rectification done).
    changes_needed: list[tuple[str, pd.Timestamp, pd.Timestamp]] = field(default_factory=list)
    #: (contact, at): a change outside any window (rectification evidence missing).
    changes_outside: list[tuple[str, pd.Timestamp]] = field(default_factory=list)
    #: (check id, contact, after, kind): scoring runs to plant after an objection/opt-out.
    scoring_plants: list[tuple[str, str, pd.Timestamp, str]] = field(default_factory=list)


def _at_day_time(rng: np.random.Generator, day: pd.Timestamp) -> pd.Timestamp:
    return day.normalize() + pd.Timedelta(minutes=int(rng.integers(8 * 60, 15 * 60)))


def _row(
    contact: str,
    rtype: str,
    received,
    completed=pd.NaT,
    status: str = "completed",
    extended: bool = False,
    plant: str = "",
    raw=None,
    excel: bool = False,
) -> dict:
    return {
        "contact_id": contact,
        "type": rtype,
        "received_at": received,
        "completed_at": completed,
        "status": status,
        "extended": extended,
        "plant": plant,
        "received_raw": raw,
        "received_excel": excel,
    }


def make_requests(ctx: DemoContext, pool: ContactPool, erased_ids: list[str]) -> Requests:
    """Normal requests, edge cases and planted violations of the rights checks."""
    rng = ctx.rng("requests")
    frame = pool.frame
    ids = frame["contact_id"].to_numpy()
    as_of = ctx.as_of_ts
    rows: list[dict] = []
    out = Requests(frame=pd.DataFrame())
    n_normal = max(12, ctx.n_contacts // 500)
    types = np.asarray(TYPES)[rng.choice(len(TYPES), n_normal, p=TYPE_P)]
    contacts = ids[pool.take(n_normal)]
    for contact, rtype in zip(contacts, types, strict=True):
        if rng.random() < 0.08:  # still open, received in the last two weeks
            received = _at_day_time(rng, as_of - pd.Timedelta(days=int(rng.integers(1, 15))))
            status = "open" if rng.random() < 0.5 else "in_progress"
            rows.append(
                _row(contact, rtype, received, status=status, excel=bool(rng.random() < 0.5))
            )
            continue
        received = _at_day_time(
            rng, timeutil.between(rng, ctx.years_ago(2), as_of - pd.Timedelta(days=100), 1)[0]
        )
        extended = bool(rng.random() < 0.1)
        days = int(rng.integers(33, 86)) if extended else int(rng.integers(1, 28))
        completed = _at_day_time(rng, received + pd.Timedelta(days=days))
        status = "rejected" if rng.random() < 0.05 else "completed"
        if rtype == "erasure":  # completed erasures of existing contacts are plants; keep it open
            status, completed = "in_progress", pd.NaT
            received = _at_day_time(rng, as_of - pd.Timedelta(days=int(rng.integers(1, 15))))
        rows.append(
            _row(
                contact,
                rtype,
                received,
                completed,
                status,
                extended,
                excel=bool(rng.random() < 0.5),
            )
        )
    for contact in erased_ids:  # erased without a trace: the id occurs in no other file
        received = _at_day_time(
            rng, timeutil.between(rng, ctx.years_ago(2), as_of - pd.Timedelta(days=60), 1)[0]
        )
        rows.append(
            _row(
                contact,
                "erasure",
                received,
                _at_day_time(rng, received + pd.Timedelta(days=int(rng.integers(2, 27)))),
            )
        )
    # Edge cases every demo holds (compliant).
    a = ctx.anchor
    edge = ids[pool.take(5, ~frame["is_customer"].to_numpy())]
    rows += [
        _row(
            edge[0], "access", a("2026-03-10T09:00:00Z"), a("2026-04-10T08:30:00Z")
        ),  # on the last day
        _row(
            edge[1], "portability", a("2026-01-31T10:00:00Z"), a("2026-02-28T15:00:00Z")
        ),  # 31 Jan + 1 month
        _row(
            edge[2], "access", a("2026-05-04T09:00:00Z"), a("2026-07-30T10:00:00Z"), extended=True
        ),
        _row(
            edge[3],
            "access",
            _at_day_time(rng, as_of - pd.Timedelta(days=50)),
            status="in_progress",
            extended=True,
        ),
        # An inactive lead with an open request must be kept until the request is answered.
        _row(edge[4], "access", _at_day_time(rng, as_of - pd.Timedelta(days=10)), status="open"),
    ]
    frame.loc[frame["contact_id"] == edge[4], "last_activity_at"] = a("2023-06-14T10:00:00Z")
    rows += _plants(ctx, rng, pool)
    req = pd.DataFrame(rows)
    req["received_at"] = pd.to_datetime(req["received_at"], utc=True)
    req["completed_at"] = pd.to_datetime(req["completed_at"], utc=True)
    req = req.sort_values(
        ["received_at", "contact_id"], kind="stable", na_position="last", ignore_index=True
    )
    req.insert(0, "request_id", [f"DSR-{i:05d}" for i in range(1, len(req) + 1)])
    offset = np.where(req["extended"], 3, 1)
    req["deadline"] = [
        r + pd.DateOffset(months=int(m)) if pd.notna(r) and pd.isna(raw) else pd.NaT
        for r, m, raw in zip(req["received_at"], offset, req["received_raw"], strict=True)
    ]
    req["extension_reason"] = [
        REASONS[i % len(REASONS)] if e else "" for i, e in enumerate(req["extended"])
    ]
    for check in sorted(set(req["plant"]) - {""}):
        ctx.plant(check, req.loc[req["plant"] == check, "request_id"])
    _side_effects(rng, req, out)
    out.frame = req
    return out


def _plants(ctx: DemoContext, rng: np.random.Generator, pool: ContactPool) -> list[dict]:
    frame = pool.frame
    ids = frame["contact_id"].to_numpy()
    as_of = ctx.as_of_ts
    rows: list[dict] = []

    def contacts(check: str, lo: int = 5, hi: int = 40) -> np.ndarray:
        return ids[pool.take(ctx.plant_count(check, lo, hi))]

    def past(days_min: int = 130) -> pd.Timestamp:
        return _at_day_time(
            rng, timeutil.between(rng, ctx.years_ago(2), as_of - pd.Timedelta(days=days_min), 1)[0]
        )

    for i, c in enumerate(contacts("rights.late_response")):
        if i == 0:  # one day late
            rows.append(
                _row(
                    c,
                    "access",
                    ctx.anchor("2026-03-10T09:00:00Z"),
                    ctx.anchor("2026-04-11T10:00:00Z"),
                    plant="rights.late_response",
                )
            )
        elif i % 3 == 2:  # extended, still late
            r = past(160)
            rows.append(
                _row(
                    c,
                    "access",
                    r,
                    _at_day_time(
                        rng,
                        r + pd.DateOffset(months=4) + pd.Timedelta(days=int(rng.integers(5, 20))),
                    ),
                    extended=True,
                    plant="rights.late_response",
                )
            )
        else:
            r = past()
            rows.append(
                _row(
                    c,
                    ("access", "portability", "restriction")[i % 3],
                    r,
                    _at_day_time(
                        rng,
                        r + pd.DateOffset(months=1) + pd.Timedelta(days=int(rng.integers(2, 25))),
                    ),
                    plant="rights.late_response",
                )
            )
    for i, c in enumerate(contacts("rights.open_overdue")):
        ext = i % 4 == 3
        r = _at_day_time(
            rng,
            as_of
            - pd.Timedelta(days=int(rng.integers(130, 160) if ext else rng.integers(40, 200))),
        )
        rows.append(
            _row(
                c,
                "access",
                r,
                status="open" if i % 2 else "in_progress",
                extended=ext,
                plant="rights.open_overdue",
            )
        )
    for i, c in enumerate(contacts("rights.open_due_soon", 2, 10)):
        due = as_of + pd.Timedelta(days=2 + i % 4)
        received = due - pd.DateOffset(months=1)
        received = received + pd.Timedelta(
            days=int((due - (received + pd.DateOffset(months=1))).days)
        )
        rows.append(
            _row(
                c,
                "access",
                received + pd.Timedelta(hours=10),
                status="open",
                plant="rights.open_due_soon",
            )
        )
    for i, c in enumerate(contacts("rights.request_missing_date")):
        done = _at_day_time(rng, as_of - pd.Timedelta(days=int(rng.integers(5, 200))))
        rows.append(
            _row(
                c,
                "access",
                pd.NaT,
                done,
                raw=("", "n/a", "31.02.2024")[i % 3],
                plant="rights.request_missing_date",
            )
        )
    for c in contacts("rights.erasure_not_effective"):
        r = past(60)
        rows.append(
            _row(
                c,
                "erasure",
                r,
                _at_day_time(rng, r + pd.Timedelta(days=int(rng.integers(2, 27)))),
                plant="rights.erasure_not_effective",
            )
        )
    for c in contacts("rights.rectification_without_change"):
        r = past(60)
        rows.append(
            _row(
                c,
                "rectification",
                r,
                _at_day_time(rng, r + pd.Timedelta(days=int(rng.integers(2, 27)))),
                plant="rights.rectification_without_change",
            )
        )
    for check, rtype in (
        ("rights.processing_after_objection", "objection"),
        ("rights.automated_decision_after_optout", "automated_decision_optout"),
    ):
        for c in contacts(check):
            r = past(60)
            rows.append(
                _row(
                    c,
                    rtype,
                    r,
                    _at_day_time(rng, r + pd.Timedelta(days=int(rng.integers(2, 27)))),
                    plant=check,
                )
            )
    return rows


def _side_effects(rng: np.random.Generator, req: pd.DataFrame, out: Requests) -> None:
    for r in req.itertuples(index=False):
        if pd.isna(r.received_at):
            continue
        if r.type == "objection":
            out.objection_cutoffs[r.contact_id] = r.received_at
            if r.plant == "rights.processing_after_objection":
                out.scoring_plants.append(
                    (
                        r.plant,
                        r.contact_id,
                        r.received_at,
                        ("scoring", "profiling")[len(out.scoring_plants) % 2],
                    )
                )
        elif r.type == "automated_decision_optout":
            out.optout_cutoffs[r.contact_id] = r.received_at
            if r.plant:
                out.scoring_plants.append(
                    (r.plant, r.contact_id, r.received_at, "automated_decision")
                )
        elif r.type == "rectification" and pd.notna(r.completed_at):
            if r.plant:
                if rng.random() < 0.5:  # the change was made before the request arrived
                    out.changes_outside.append(
                        (r.contact_id, r.received_at - pd.Timedelta(days=int(rng.integers(3, 40))))
                    )
            else:
                out.changes_needed.append((r.contact_id, r.received_at, r.completed_at))
