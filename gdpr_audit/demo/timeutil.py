"""Vectorised random timestamps (UTC, second resolution) for the demo tables."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import pandas as pd

BERLIN = "Europe/Berlin"


def ts(value: str) -> pd.Timestamp:
    """A UTC timestamp from ISO text (``2026-03-14T23:30:00Z`` or ``2026-03-14``)."""
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _seconds(value) -> np.ndarray:
    """Epoch seconds of a scalar or an array of timestamps (naive values are UTC)."""
    if isinstance(value, str | pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
        return np.array([stamp.value // 10**9], dtype=np.int64)
    idx = pd.DatetimeIndex(value)
    idx = idx.tz_localize("UTC") if idx.tz is None else idx
    return idx.as_unit("s").asi8


def later_of(values, floor) -> pd.DatetimeIndex:
    """Element-wise maximum of timestamps and one floor timestamp, staying datetime64."""
    idx = pd.DatetimeIndex(values)
    floor = pd.Timestamp(floor)
    return idx.where(idx > floor, floor)


def between(rng: np.random.Generator, start, end, size: int | None = None) -> pd.DatetimeIndex:
    """Uniform timestamps between ``start`` and ``end`` (scalars or arrays, end >= start)."""
    lo = _seconds(start)
    hi = _seconds(end)
    size = size or max(len(lo), len(hi))
    lo = np.broadcast_to(lo, size)
    hi = np.maximum(np.broadcast_to(hi, size), lo)
    secs = lo + np.floor(rng.random(size) * (hi - lo + 1)).astype(np.int64)
    return pd.DatetimeIndex(pd.to_datetime(secs, unit="s", utc=True))


def working_hours(
    rng: np.random.Generator, start, end, size: int | None = None
) -> pd.DatetimeIndex:
    """Timestamps on working days between 07:05 and 19:55 Europe/Berlin, days in [start, end].

    Weekends and German nationwide public holidays (the off-hours check's default
    calendar) are redrawn; the wall-clock time is localised in Berlin (DST aware) and
    converted to UTC.
    """
    lo = pd.DatetimeIndex(pd.to_datetime(_seconds(start), unit="s", utc=True))
    hi = pd.DatetimeIndex(pd.to_datetime(_seconds(end), unit="s", utc=True))
    n = size or max(len(lo), len(hi))
    lo_d = np.broadcast_to(
        lo.tz_convert(BERLIN).normalize().tz_localize(None).values.astype("datetime64[D]"), n
    )
    hi_d = np.broadcast_to(
        hi.tz_convert(BERLIN).normalize().tz_localize(None).values.astype("datetime64[D]"), n
    )
    span = np.maximum((hi_d - lo_d).astype(np.int64), 0)
    days = lo_d + np.floor(rng.random(n) * (span + 1)).astype(np.int64)
    holidays = _holiday_days(days)
    for _ in range(20):
        off = _non_working(days, holidays)
        if not off.any():
            break
        days[off] = lo_d[off] + np.floor(rng.random(off.sum()) * (span[off] + 1)).astype(np.int64)
    for _ in range(7):  # what is left after 20 draws: the working day before
        off = _non_working(days, holidays)
        if not off.any():
            break
        days[off] -= 1
    minutes = rng.integers(7 * 60 + 5, 19 * 60 + 56, n)
    local = pd.DatetimeIndex(
        days.astype("datetime64[s]")
        + minutes.astype("timedelta64[m]")
        + rng.integers(0, 60, n).astype("timedelta64[s]")
    )
    return local.tz_localize(BERLIN, nonexistent="shift_forward", ambiguous=True).tz_convert("UTC")


def _holiday_days(days: np.ndarray) -> np.ndarray:
    """Day numbers (datetime64[D] as int) of German nationwide public holidays."""
    if len(days) == 0:
        return np.array([], dtype=np.int64)
    years = days.astype("datetime64[Y]").astype(int) + 1970
    return _german_holidays(int(years.min()) - 1, int(years.max()))


@lru_cache(maxsize=8)
def _german_holidays(first_year: int, last_year: int) -> np.ndarray:
    import holidays

    calendar = holidays.country_holidays("DE", years=range(first_year, last_year + 1))
    return np.array(sorted(calendar), dtype="datetime64[D]").astype(np.int64)


def _non_working(days: np.ndarray, holidays: np.ndarray) -> np.ndarray:
    weekend = (days.astype(np.int64) + 3) % 7 >= 5  # 1970-01-01 was a Thursday
    return weekend | np.isin(days.astype(np.int64), holidays)


def local_wall_clock(days: pd.DatetimeIndex | list, minutes: np.ndarray) -> pd.DatetimeIndex:
    """Berlin wall-clock times (``days`` at ``minutes`` after midnight) as UTC timestamps."""
    base = pd.DatetimeIndex(pd.to_datetime(days)).tz_localize(None).normalize()
    local = base + pd.to_timedelta(np.asarray(minutes), unit="m")
    return local.tz_localize(BERLIN, nonexistent="shift_forward", ambiguous=True).tz_convert("UTC")
