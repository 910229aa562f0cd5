"""Per-subject activity: notes, business records, scoring runs and contact changes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gdpr_audit.demo import texts, timeutil
from gdpr_audit.demo.context import DemoContext
from gdpr_audit.demo.rights import Requests

#: (record type, share, retention years, counted from the end of the year created?)
RECORD_TYPES = (
    ("invoice", 0.35, 8, True),
    ("voucher", 0.15, 8, True),
    ("business_letter", 0.14, 6, True),
    ("ticket", 0.20, 3, False),
    ("note", 0.13, 3, False),
    ("annual_statement", 0.03, 10, True),
)
#: Record types no retention policy covers (retention.no_policy plants).
UNKNOWN_TYPES = ("call_recording", "webinar_recording", "contract_draft", "chat_transcript")
NOTE_SHARES = (0.78, 0.09, 0.09, 0.04)
SCORING_KINDS = ("scoring", "profiling", "automated_decision")
MODELS = {
    "scoring": ("lead_score_v3", "lead_score_v4"),
    "profiling": ("segment_2025.2", "churn_2025.1"),
    "automated_decision": ("credit_check_auto", "discount_eligibility"),
}


def _contact_ids(frame: pd.DataFrame) -> np.ndarray:
    return frame["contact_id"].to_numpy()


def make_notes(ctx: DemoContext, frame: pd.DataFrame, authors: pd.DataFrame) -> pd.DataFrame:
    """``crm/notes.jsonl`` rows (~0.5 N) with the free-text truth per note."""
    rng = ctx.rng("notes")
    n = ctx.n_contacts // 2
    owner = rng.integers(0, len(frame), n)
    created = timeutil.working_hours(
        rng, pd.DatetimeIndex(frame["created_at"])[owner], ctx.as_of_ts - pd.Timedelta(days=1), n
    )
    order = np.argsort(created.asi8, kind="stable")
    owner, created = owner[order], created[order]
    bodies, truths = texts.free_texts(rng, frame["lang"].to_numpy()[owner], NOTE_SHARES)
    author = authors.iloc[rng.integers(0, len(authors), n)]
    return pd.DataFrame(
        {
            "note_id": [f"N{i:07d}" for i in range(1, n + 1)],
            "contact_id": _contact_ids(frame)[owner],
            "created_at": created,
            "user_id": author["user_id"].to_numpy(),
            "team": author["role_id"].to_numpy(),
            "channel": np.asarray(("call", "email", "meeting"), dtype=object)[
                rng.integers(0, 3, n)
            ],
            "body": bodies,
            "truth": truths,
            "lang": frame["lang"].to_numpy()[owner],
        }
    )


def make_records(ctx: DemoContext, frame: pd.DataFrame) -> pd.DataFrame:
    """``finance/records.csv`` rows (~0.5 N): compliant ages, holds, and plants."""
    rng = ctx.rng("records")
    n = ctx.n_contacts // 2
    kinds = np.asarray([t for t, *_ in RECORD_TYPES], dtype=object)[
        rng.choice(len(RECORD_TYPES), n, p=[p for _, p, *_ in RECORD_TYPES])
    ]
    earliest = {t: _compliant_from(ctx, years, year_end) for t, _, years, year_end in RECORD_TYPES}
    start = pd.DatetimeIndex([earliest[k] for k in kinds])
    created = timeutil.working_hours(rng, start, ctx.as_of_ts - pd.Timedelta(days=1), n)
    contact = _contact_ids(frame)[rng.integers(0, len(frame), n)].astype(object)
    contact[kinds == "annual_statement"] = ""
    records = pd.DataFrame(
        {
            "record_type": kinds,
            "contact_id": contact,
            "created_at": created,
            "created_raw": None,
            "legal_hold": False,
            "plant": "",
        }
    )
    extra = []
    # Trap: past its period but under an individual legal hold (kept, not flagged).
    for t, _, years, year_end in RECORD_TYPES[:3]:
        lo, hi = _expired_range(ctx, years, year_end)
        extra.append(
            {
                "record_type": t,
                "contact_id": contact[0] or "",
                "created_at": timeutil.between(rng, lo, hi, 1)[0],
                "created_raw": None,
                "legal_hold": True,
                "plant": "",
            }
        )
    for i in range(ctx.plant_count("retention.past_period")):
        t, _, years, year_end = RECORD_TYPES[i % len(RECORD_TYPES)]
        lo, hi = _expired_range(ctx, years, year_end)
        extra.append(
            {
                "record_type": t,
                "contact_id": "" if t == "annual_statement" else contact[i + 1],
                "created_at": timeutil.working_hours(rng, lo, hi, 1)[0],
                "created_raw": None,
                "legal_hold": False,
                "plant": "retention.past_period",
            }
        )
    for i in range(ctx.plant_count("retention.missing_date")):
        extra.append(
            {
                "record_type": ("invoice", "ticket", "business_letter")[i % 3],
                "contact_id": contact[i + 2],
                "created_at": pd.NaT,
                "created_raw": ("", "n/a", "31.02.2024", "2024-13-45")[i % 4],
                "legal_hold": False,
                "plant": "retention.missing_date",
            }
        )
    unknown = UNKNOWN_TYPES[: ctx.plant_count("retention.no_policy", 1, 4, cap=len(UNKNOWN_TYPES))]
    for i, t in enumerate(unknown):
        for _ in range(int(rng.integers(2, 12))):
            extra.append(
                {
                    "record_type": t,
                    "contact_id": contact[i + 3],
                    "created_at": timeutil.working_hours(
                        rng,
                        ctx.as_of_ts - pd.Timedelta(days=300),
                        ctx.as_of_ts - pd.Timedelta(days=2),
                        1,
                    )[0],
                    "created_raw": None,
                    "legal_hold": False,
                    "plant": "",
                }
            )
    ctx.plant("retention.no_policy", sorted(unknown))
    records = pd.concat([records, pd.DataFrame(extra)], ignore_index=True)
    records["created_at"] = pd.to_datetime(records["created_at"], utc=True)
    records = records.iloc[rng.permutation(len(records))].reset_index(drop=True)
    records.insert(0, "record_id", [f"R{i:07d}" for i in range(1, len(records) + 1)])
    for check in ("retention.past_period", "retention.missing_date"):
        ctx.plant(check, records.loc[records["plant"] == check, "record_id"])
    return records


def _compliant_from(ctx: DemoContext, years: int, year_end: bool) -> pd.Timestamp:
    """Earliest creation still inside the retention period on ``as_of`` (with a margin)."""
    if year_end:
        return pd.Timestamp(f"{ctx.as_of.year - years + 1}-01-02", tz="UTC")
    return ctx.as_of_ts - pd.DateOffset(years=years) + pd.Timedelta(days=30)


def _expired_range(
    ctx: DemoContext, years: int, year_end: bool
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Creation times whose retention period ended before ``as_of``."""
    if year_end:
        last = ctx.as_of.year - years - 1
        return pd.Timestamp(f"{last - 5}-01-02", tz="UTC"), pd.Timestamp(f"{last}-12-20", tz="UTC")
    return ctx.years_ago(years + 4), ctx.as_of_ts - pd.DateOffset(years=years) - pd.Timedelta(
        days=60
    )


def make_scoring(ctx: DemoContext, frame: pd.DataFrame, requests: Requests) -> pd.DataFrame:
    """``analytics/scoring_runs.parquet`` (~0.5 N): runs stop at objections and opt-outs."""
    rng = ctx.rng("scoring")
    n = ctx.n_contacts // 2
    owner = rng.integers(0, len(frame), n)
    kind = np.asarray(SCORING_KINDS, dtype=object)[rng.choice(3, n, p=(0.5, 0.35, 0.15))]
    run_at = timeutil.between(
        rng,
        timeutil.later_of(pd.DatetimeIndex(frame["created_at"])[owner], ctx.years_ago(4)),
        ctx.as_of_ts - pd.Timedelta(hours=3),
        n,
    )
    runs = pd.DataFrame(
        {"contact_id": _contact_ids(frame)[owner], "run_at": run_at, "kind": kind, "plant": ""}
    )
    objection = pd.to_datetime(runs["contact_id"].map(requests.objection_cutoffs), utc=True)
    optout = pd.to_datetime(runs["contact_id"].map(requests.optout_cutoffs), utc=True)
    drop = (objection.notna() & (runs["run_at"] > objection)) | (
        optout.notna() & (runs["run_at"] > optout) & runs["kind"].eq("automated_decision")
    )
    runs = runs[~drop.to_numpy()]
    extra = []
    for check, contact, after, k in requests.scoring_plants:
        room = max(3600, int((ctx.as_of_ts - after).total_seconds()) - 7200)
        extra.append(
            {
                "contact_id": contact,
                "run_at": after + pd.Timedelta(seconds=int(rng.integers(3600, room))),
                "kind": k,
                "plant": check,
            }
        )
    runs = pd.concat([runs, pd.DataFrame(extra, columns=runs.columns)], ignore_index=True)
    runs["run_at"] = pd.to_datetime(runs["run_at"], utc=True)
    runs = runs.sort_values(["run_at", "contact_id"], kind="stable", ignore_index=True)
    runs.insert(0, "run_id", [f"SR{i:07d}" for i in range(1, len(runs) + 1)])
    runs["model"] = [
        MODELS[k][int(i)] for k, i in zip(runs["kind"], rng.integers(0, 2, len(runs)), strict=True)
    ]
    return runs


def make_changes(
    ctx: DemoContext, frame: pd.DataFrame, requests: Requests, editors: np.ndarray
) -> pd.DataFrame:
    """``privacy/contact_changes.tsv`` (~N/100): edits, incl. the evidence of rectifications."""
    rng = ctx.rng("changes")
    free = ~frame["reserved"].to_numpy()
    pool = np.flatnonzero(free)
    n = max(3, ctx.n_contacts // 100)
    owner = pool[rng.integers(0, len(pool), n)]
    at = timeutil.working_hours(
        rng, pd.DatetimeIndex(frame["created_at"])[owner], ctx.as_of_ts - pd.Timedelta(days=1), n
    )
    rows = pd.DataFrame({"contact_id": _contact_ids(frame)[owner], "changed_at": at})
    extra = [
        {"contact_id": c, "changed_at": lo + (hi - lo) * float(rng.uniform(0.2, 0.8))}
        for c, lo, hi in requests.changes_needed
    ]
    extra += [{"contact_id": c, "changed_at": at} for c, at in requests.changes_outside]
    rows = pd.concat([rows, pd.DataFrame(extra, columns=rows.columns)], ignore_index=True)
    rows["changed_at"] = pd.to_datetime(rows["changed_at"], utc=True).dt.floor("s")
    rows = rows.sort_values(["changed_at", "contact_id"], kind="stable", ignore_index=True)
    rows.insert(0, "change_id", [f"CH{i:06d}" for i in range(1, len(rows) + 1)])
    rows["field"] = np.asarray(
        ("email", "phone", "street", "last_name", "company", "city"), dtype=object
    )[rng.integers(0, 6, len(rows))]
    rows["changed_by"] = editors[rng.integers(0, len(editors), len(rows))]
    return rows
