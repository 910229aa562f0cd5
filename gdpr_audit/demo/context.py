"""Run context of one demo generation: seed streams, the audit date, planted violations.

Nothing here is module-level mutable state: every generation builds its own
:class:`DemoContext`, and every table draws from its own named random stream, so
adding a column to one table never shifts the values of another.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Every check id of docs/checks.md, in catalogue order.
CHECK_IDS: tuple[str, ...] = (
    "consent.send_without_consent",
    "consent.send_after_withdrawal",
    "consent.missing_proof",
    "consent.no_double_opt_in",
    "consent.minor_without_parental_consent",
    "consent.coupled_with_contract",
    "consent.no_legal_basis",
    "rights.late_response",
    "rights.open_overdue",
    "rights.open_due_soon",
    "rights.request_missing_date",
    "rights.erasure_not_effective",
    "rights.rectification_without_change",
    "rights.processing_after_objection",
    "rights.automated_decision_after_optout",
    "retention.past_period",
    "retention.no_policy",
    "retention.inactive_contact",
    "retention.missing_date",
    "access.special_category_outside_allowlist",
    "access.dormant_privileged_user",
    "access.access_by_deactivated_user",
    "access.bulk_export",
    "access.off_hours",
    "breach.late_notification",
    "breach.not_notified",
    "breach.subjects_not_notified",
    "breach.incomplete_record",
)

#: Smallest demo that still holds at least one plant of every check.
MIN_CONTACTS = 200
#: Edge-case dates are written for audits from here on (the default as_of is 2026-11-28).
ANCHOR_EPOCH = dt.date(2026, 8, 1)
#: Earliest audit date: consents start with the GDPR (25 May 2018).
MIN_AS_OF = dt.date(2020, 1, 1)


@dataclass
class DemoContext:
    """Parameters of one generation plus the violations planted so far."""

    seed: int
    n_contacts: int
    clean: bool
    as_of: dt.date
    violations: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.violations = {check: [] for check in CHECK_IDS}

    @property
    def as_of_ts(self) -> pd.Timestamp:
        """Midnight UTC at the start of the audit date: every generated event lies before it."""
        return pd.Timestamp(self.as_of, tz="UTC")

    @property
    def anchor_years(self) -> int:
        """Years by which the fixed edge-case dates move with ``as_of``: a multiple of four,
        so 29 February stays a leap day (0 for the default audit date 2026-11-28)."""
        return 4 * ((self.as_of - ANCHOR_EPOCH).days // 1461)

    def anchor(self, iso: str) -> pd.Timestamp:
        """An edge-case timestamp written for the default audit date, moved with ``as_of``."""
        stamp = pd.Timestamp(iso)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        return stamp + pd.DateOffset(years=self.anchor_years)

    def years_ago(self, years: float) -> pd.Timestamp:
        """``as_of`` minus ``years`` (365.25 days each)."""
        return self.as_of_ts - pd.Timedelta(days=round(365.25 * years))

    def rng(self, stream: str) -> np.random.Generator:
        """An independent random generator for one named stream of this seed."""
        return np.random.default_rng([self.seed, zlib.crc32(stream.encode())])

    def plant_count(self, check_id: str, lo: int = 5, hi: int = 60, cap: int | None = None) -> int:
        """How many violations of ``check_id`` to plant: 0 when clean, else seed-dependent.

        Small demos get small counts (at least one), so a 300-contact test demo still
        holds every check; ``cap`` bounds the count by what a table can hold.
        """
        if self.clean:
            return 0
        lo_eff = max(1, min(lo, self.n_contacts // 2000))
        hi_eff = max(lo_eff, min(hi, self.n_contacts // 250))
        if cap is not None:
            hi_eff = max(1, min(hi_eff, cap))
            lo_eff = min(lo_eff, hi_eff)
        return int(self.rng(f"count:{check_id}").integers(lo_eff, hi_eff + 1))

    def plant(self, check_id: str, refs: list[str] | tuple[str, ...] | np.ndarray) -> None:
        """Record planted violations of ``check_id`` by their natural ids."""
        if check_id not in self.violations:
            raise KeyError(f"unknown check id {check_id}")
        self.violations[check_id].extend(str(r) for r in refs)
