"""Shared types: severities, column references and audit findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How urgently a finding needs the DPO's attention."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return ["low", "medium", "high", "critical"].index(self.value)


@dataclass(frozen=True)
class ColumnRef:
    """A column of a DuckDB table (raw or canonical)."""

    table: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass(frozen=True)
class Finding:
    """One audit finding. Never holds raw personal data.

    ``record_ref`` is a pseudonymous id (see :func:`gdpr_audit.core.privacy.pseudonym`)
    or a non-personal key such as a breach or policy id; ``detail`` is prose with
    counts, dates and masked hints only.
    """

    check_id: str
    article: str
    severity: Severity
    record_ref: str
    detail: str
    as_of: dt.date
    area: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["severity"] = self.severity.value
        return row
