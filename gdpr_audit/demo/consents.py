"""Consents (Art. 6-8) and the marketing sends they cover.

Normal data is compliant by construction: every consent has proof and a notice
version, e-mail consents are double opt-in confirmed, nothing is bundled with a
contract, adults only (minors only with parental consent), and a send goes out
only inside a valid consent's window. Planted rows break exactly one rule each.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gdpr_audit.demo import timeutil
from gdpr_audit.demo.context import DemoContext
from gdpr_audit.demo.people import ContactPool

PURPOSE_CHANNELS = (
    ("newsletter", "email"),
    ("product_updates", "email"),
    ("events", "email"),
    ("partner_offers", "email"),
    ("newsletter", "post"),
    ("product_updates", "phone"),
    ("events", "sms"),
    ("profiling", "email"),
    ("partner_offers", "phone"),
    ("events", "post"),
)
#: Purposes that produce marketing sends (profiling consents cover analytics only).
SEND_PURPOSES = ("newsletter", "product_updates", "events", "partner_offers")
CAMPAIGN_LABEL = {
    "newsletter": "Newsletter",
    "product_updates": "Product Update",
    "events": "Event Invitation",
    "partner_offers": "Partner Offer",
}
PROOF = {
    "email": ("web_form", "double_opt_in_log", "web_form"),
    "phone": ("phone_call",),
    "sms": ("sms_keyword", "event_badge_scan"),
    "post": ("paper_form", "event_badge_scan"),
}
#: Privacy-notice versions and the day each took effect.
NOTICE_VERSIONS = (
    ("v2018-05", "2018-05-25"),
    ("v2020-01", "2020-01-15"),
    ("v2021-09", "2021-09-01"),
    ("v2023-03", "2023-03-01"),
    ("v2025-01", "2025-01-10"),
)
AGE_OF_CONSENT = {"DE": 16, "FR": 15, "AT": 14, "BE": 13}
EARLIEST_CONSENT = "2018-05-25"
SEND_RATE = 3.0  # sends per contact overall


def _notice(given: pd.DatetimeIndex) -> np.ndarray:
    starts = pd.DatetimeIndex([timeutil.ts(d) for _, d in NOTICE_VERSIONS])
    idx = np.searchsorted(starts.asi8, given.as_unit(starts.unit).asi8, side="right") - 1
    return np.asarray([v for v, _ in NOTICE_VERSIONS], dtype=object)[np.clip(idx, 0, None)]


def _consent_row(contact_id: str, given: pd.Timestamp, parental: bool) -> dict:
    doi = given + pd.Timedelta(minutes=47)
    return {
        "contact_id": contact_id,
        "purpose": "newsletter",
        "channel": "email",
        "legal_basis": "consent",
        "given_at": given,
        "doi_at": doi,
        "withdrawn_at": pd.NaT,
        "proof_source": "web_form",
        "notice_version": _notice(pd.DatetimeIndex([given]))[0],
        "parental": parental,
        "bundled": False,
    }


def _minor_rows(ctx: DemoContext, pool: ContactPool) -> list[dict]:
    """Art. 8 edge cases: birthdays across the Berlin midnight, 29 Feb, parental consent.

    Compliant cases are part of every demo; violating ones only of the default demo.
    """
    frame = pool.frame
    rng = ctx.rng("minors")

    def edge(country: str, birth: str, given: str, parental: bool, violates: bool) -> tuple:
        # Written for the default audit date; anchor() moves both by a multiple of 4 years.
        return country, ctx.anchor(birth), ctx.anchor(given), parental, violates

    cases = [
        edge("DE", "2010-03-15", "2026-03-14T23:30:00Z", False, False),  # 00:30 Berlin: 16 today
        edge("AT", "2012-02-29", "2026-03-01T11:00:00Z", False, False),  # 14 on 1 Mar (non-leap)
        edge(
            "FR", "2012-06-02", "2025-04-11T09:00:00Z", True, False
        ),  # minor with parental consent
        edge("BE", "2014-01-20", "2026-02-03T16:00:00Z", True, False),
    ]
    n_violations = ctx.plant_count("consent.minor_without_parental_consent", 5, 40)
    cases += [
        edge("DE", "2010-03-15", "2026-03-14T22:30:00Z", False, True),  # 23:30 Berlin: still 15
        edge("AT", "2012-02-29", "2026-02-28T11:00:00Z", False, True),
    ][:n_violations]
    for _ in range(n_violations - 2):
        country = ("DE", "FR", "AT", "BE")[int(rng.integers(4))]
        given = timeutil.between(rng, ctx.years_ago(3), ctx.as_of_ts - pd.Timedelta(days=3), 1)[0]
        age = AGE_OF_CONSENT[country] - 1 - int(rng.integers(0, 2))
        # Born `age` years before the consent year: completed years at given_at <= age < limit.
        birth = pd.Timestamp(
            dt.date(given.year - age, int(rng.integers(1, 13)), int(rng.integers(1, 29))), tz="UTC"
        )
        cases.append((country, birth, given, False, True))
    rows = []
    for country, birth, given, parental, violates in cases:
        where = (frame["country"] == country).to_numpy() & ~frame["is_customer"].to_numpy()
        pos = pool.take(1, where)[0]
        frame.loc[frame.index[pos], "birth_date"] = birth
        row = _consent_row(frame.at[frame.index[pos], "contact_id"], given, parental)
        row["plant"] = "consent.minor_without_parental_consent" if violates else ""
        rows.append(row)
    return rows


def _normal_rows(ctx: DemoContext, frame: pd.DataFrame) -> pd.DataFrame:
    rng = ctx.rng("consents")
    n = len(frame)
    customer = frame["is_customer"].to_numpy()
    k = np.minimum(1 + rng.poisson(0.65, n), 4)
    k = np.where(customer & (rng.random(n) < 0.3), 0, k)
    combos = np.argsort(rng.random((n, len(PURPOSE_CHANNELS))), axis=1)
    owner = np.repeat(np.arange(n), k)
    rank = np.arange(len(owner)) - np.repeat(np.cumsum(k) - k, k)
    combo = combos[owner, rank]
    purpose = np.asarray([p for p, _ in PURPOSE_CHANNELS], dtype=object)[combo]
    channel = np.asarray([c for _, c in PURPOSE_CHANNELS], dtype=object)[combo]
    m = len(owner)
    basis = np.full(m, "consent", dtype=object)
    cust_row = customer[owner]
    other = cust_row & (rng.random(m) < 0.15)
    basis[other] = np.where(channel[other] == "post", "legitimate_interest", "contract")
    created = pd.DatetimeIndex(frame["created_at"])[owner]
    start = timeutil.later_of(created, timeutil.ts(EARLIEST_CONSENT))
    given = timeutil.between(rng, start, ctx.as_of_ts - pd.Timedelta(days=2), m)
    is_consent = basis == "consent"
    email = channel == "email"
    doi = pd.Series(given + pd.to_timedelta(rng.integers(300, 36 * 3600, m), unit="s"))
    doi = doi.where(email & is_consent)
    withdrawn = pd.Series(
        timeutil.between(rng, given + pd.Timedelta(days=1), ctx.as_of_ts - pd.Timedelta(days=1), m)
    )
    withdrawn = withdrawn.where(is_consent & (rng.random(m) < 0.1))
    proof = np.asarray(
        [
            PROOF[c][int(i) % len(PROOF[c])]
            for c, i in zip(channel, rng.integers(0, 6, m), strict=True)
        ],
        dtype=object,
    )
    bundled = ~is_consent & (rng.random(m) < 0.1)  # trap: bundling is fine for a contract basis
    return pd.DataFrame(
        {
            "contact_id": frame["contact_id"].to_numpy()[owner],
            "purpose": purpose,
            "channel": channel,
            "legal_basis": basis,
            "given_at": given,
            "doi_at": doi.array,
            "withdrawn_at": withdrawn.array,
            "proof_source": proof,
            "notice_version": _notice(given),
            "parental": False,
            "bundled": bundled,
            "plant": "",
        }
    )


def make_consents(ctx: DemoContext, pool: ContactPool) -> pd.DataFrame:
    """The consents table with plants; columns as in :func:`_normal_rows` plus ``given_raw``."""
    frame = pool.frame
    no_basis = pool.take(
        ctx.plant_count("consent.no_legal_basis"), ~frame["is_customer"].to_numpy()
    )
    ctx.plant("consent.no_legal_basis", frame["contact_id"].to_numpy()[no_basis])
    minors = pd.DataFrame(_minor_rows(ctx, pool))
    normal = _normal_rows(ctx, frame)
    special = set(frame["contact_id"].to_numpy()[no_basis]) | set(minors["contact_id"])
    normal = normal[~normal["contact_id"].isin(special)]
    consents = pd.concat([normal, minors], ignore_index=True)
    consents.insert(0, "consent_id", [f"CS{i:07d}" for i in range(1, len(consents) + 1)])
    consents["given_raw"] = None
    consents["sendable"] = consents["legal_basis"].eq("consent") & consents["purpose"].isin(
        SEND_PURPOSES
    )
    _plant_rows(ctx, consents, set(frame.loc[frame["reserved"], "contact_id"]))
    ctx.plant(
        "consent.minor_without_parental_consent",
        consents.loc[consents["plant"] == "consent.minor_without_parental_consent", "consent_id"],
    )
    return consents


def _plant_rows(ctx: DemoContext, consents: pd.DataFrame, reserved: set[str]) -> None:
    rng = ctx.rng("consent_plants")
    free = (
        (
            consents["legal_basis"].eq("consent")
            & consents["plant"].eq("")
            & ~consents["contact_id"].isin(reserved)
        )
        .to_numpy()
        .copy()
    )

    def take(check: str, where: np.ndarray) -> np.ndarray:
        k = ctx.plant_count(check)
        idx = np.flatnonzero(free & where)
        chosen = np.sort(rng.choice(idx, size=min(k, len(idx)), replace=False)) if k else idx[:0]
        free[chosen] = False
        consents.loc[chosen, "plant"] = check
        ctx.plant(check, consents.loc[chosen, "consent_id"])
        return chosen

    email = consents["channel"].eq("email").to_numpy()
    rows = take("consent.no_double_opt_in", email & consents["withdrawn_at"].isna().to_numpy())
    consents.loc[rows, "doi_at"] = pd.NaT
    rows = take("consent.coupled_with_contract", np.ones(len(consents), dtype=bool))
    consents.loc[rows, "bundled"] = True
    rows = take("consent.missing_proof", np.ones(len(consents), dtype=bool))
    for i, row in enumerate(rows):
        variant = i % 5
        if variant == 0:
            consents.at[row, "proof_source"] = ""
        elif variant == 1:
            consents.at[row, "notice_version"] = ""
        else:  # given_at missing or unparseable: nothing may be sent on it
            consents.at[row, "given_raw"] = ("", "n/a", "31.02.2024")[variant - 2]
            consents.at[row, "sendable"] = False
    consents["free_for_sends"] = free


def make_sends(
    ctx: DemoContext, consents: pd.DataFrame, frame: pd.DataFrame, cutoffs: dict[str, pd.Timestamp]
) -> pd.DataFrame:
    """Marketing sends inside valid consent windows, then the planted ones.

    ``cutoffs`` maps contacts who objected to the time of their objection: nothing
    is sent to them afterwards in normal data.
    """
    rng = ctx.rng("sends")
    ok = consents["sendable"].to_numpy()
    c = consents[ok]
    start = pd.DatetimeIndex(c["doi_at"].fillna(c["given_at"])) + pd.Timedelta(hours=1)
    end = pd.DatetimeIndex(c["withdrawn_at"].fillna(ctx.as_of_ts)) - pd.Timedelta(hours=1)
    span = (end - start).total_seconds().to_numpy()
    lam = SEND_RATE * len(frame) / max(1, len(c))
    k = np.where(span > 86400, rng.poisson(lam, len(c)), 0)
    owner = np.repeat(np.arange(len(c)), k)
    sent = timeutil.between(rng, start[owner], end[owner], len(owner))
    sends = pd.DataFrame(
        {
            "contact_id": c["contact_id"].to_numpy()[owner],
            "channel": c["channel"].to_numpy()[owner],
            "purpose": c["purpose"].to_numpy()[owner],
            "sent_at": sent,
            "plant": "",
        }
    )
    if cutoffs:
        cut = pd.to_datetime(sends["contact_id"].map(cutoffs), utc=True)
        sends = sends[~(cut.notna() & (sends["sent_at"] > cut))]
    sends = pd.concat([sends, _plant_sends(ctx, rng, consents)], ignore_index=True)
    sends = sends.sort_values(
        ["sent_at", "contact_id", "purpose", "channel"], kind="stable", ignore_index=True
    )
    sends.insert(0, "send_id", [f"S{i:07d}" for i in range(1, len(sends) + 1)])
    label = sends["purpose"].map(CAMPAIGN_LABEL)
    month = pc.strftime(pa.array(sends["sent_at"]), format="%Y-%m").to_numpy(zero_copy_only=False)
    sends["campaign"] = label + " " + month
    for check in ("consent.send_without_consent", "consent.send_after_withdrawal"):
        ctx.plant(check, sends.loc[sends["plant"] == check, "send_id"])
    return sends


def _send(contact: str, purpose: str, channel: str, sent: pd.Timestamp, check: str) -> dict:
    return {
        "contact_id": contact,
        "channel": channel,
        "purpose": purpose,
        "sent_at": sent,
        "plant": check,
    }


def _plant_sends(
    ctx: DemoContext, rng: np.random.Generator, consents: pd.DataFrame
) -> pd.DataFrame:
    """Sends without any consent (before it was given, or for a purpose never consented
    to) and sends at or after the withdrawal of the only consent."""
    free = (consents["free_for_sends"] & consents["sendable"]).to_numpy().copy()
    rows: list[dict] = []
    check = "consent.send_without_consent"
    k = ctx.plant_count(check)
    idx = np.flatnonzero(free)
    chosen = np.sort(rng.choice(idx, size=min(k, len(idx)), replace=False)) if k else idx[:0]
    free[chosen] = False
    mine = consents[consents["contact_id"].isin(consents.loc[chosen, "contact_id"])]
    held: dict[str, set[str]] = {}
    for contact, purpose in zip(mine["contact_id"], mine["purpose"], strict=True):
        held.setdefault(contact, set()).add(purpose)
    for i, r in enumerate(consents.loc[chosen].itertuples(index=False)):
        unheld = [p for p in SEND_PURPOSES if p not in held[r.contact_id]]
        if i % 2 == 0 or not unheld:  # sent a few hours or days before the consent was given
            sent = r.given_at - pd.Timedelta(hours=int(rng.integers(2, 240)))
            rows.append(_send(r.contact_id, r.purpose, r.channel, sent, check))
        else:  # by SMS, for a purpose the subject never consented to on any channel
            sent = timeutil.between(rng, r.given_at, ctx.as_of_ts - pd.Timedelta(hours=2), 1)[0]
            rows.append(_send(r.contact_id, unheld[0], "sms", sent, check))
    check = "consent.send_after_withdrawal"
    k = ctx.plant_count(check)
    withdrawn = consents["withdrawn_at"]
    idx = np.flatnonzero(free & (withdrawn < ctx.as_of_ts - pd.Timedelta(days=2)).to_numpy())
    chosen = np.sort(rng.choice(idx, size=min(k, len(idx)), replace=False)) if k else idx[:0]
    for i, r in enumerate(consents.loc[chosen].itertuples(index=False)):
        room = min(30 * 86400, int((ctx.as_of_ts - r.withdrawn_at).total_seconds()) - 3600)
        # The first one goes out at the very second of the withdrawal: that counts as after.
        sent = r.withdrawn_at + pd.Timedelta(seconds=0 if i == 0 else int(rng.integers(60, room)))
        rows.append(_send(r.contact_id, r.purpose, r.channel, sent, check))
    out = pd.DataFrame(rows, columns=["contact_id", "channel", "purpose", "sent_at", "plant"])
    out["sent_at"] = pd.to_datetime(out["sent_at"], utc=True)
    return out
