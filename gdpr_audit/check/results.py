"""Outcomes of a check run, stripped of every cell value.

Great Expectations' validation results can hold raw values (``partial_unexpected_list``,
``unexpected_list``, ``observed_value`` of a min/max, values quoted in exception
messages). The runner asks for ``BASIC`` results without unexpected values and then
keeps only counts from an allow-list of keys, so what is printed, stored as JSON and
rendered into HTML is counts, names and thresholds only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

#: Result keys that are counts or shares, never cell values.
SAFE_RESULT_KEYS = ("element_count", "unexpected_count", "unexpected_percent", "missing_count")
#: Expectations whose ``observed_value`` is a count or a share of the table, not a cell.
COUNT_OBSERVED = frozenset(
    {
        "expect_table_row_count_to_be_between",
        "expect_table_row_count_to_equal",
        "expect_table_column_count_to_equal",
        "expect_table_column_count_to_be_between",
        "expect_column_unique_value_count_to_be_between",
        "expect_column_proportion_of_unique_values_to_be_between",
    }
)
_EXC_TYPE_RE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Warning))\b")


@dataclass(frozen=True)
class ExpectationOutcome:
    """How one expectation fared: status ``passed``, ``failed`` or ``error``."""

    suite: str
    name: str
    type: str
    columns: list[str]
    status: str
    article: str = ""
    check_ids: list[str] = field(default_factory=list)
    description: str = ""
    threshold: float | None = None
    description_de: str = ""
    element_count: int | None = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    missing_count: int | None = None
    observed_count: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class SuiteOutcome:
    """One suite's outcomes, with the table validated, its row count and wall time."""

    name: str
    table: str
    description: str
    rows: int
    seconds: float
    expectations: list[ExpectationOutcome]
    description_de: str = ""

    @property
    def success(self) -> bool:
        return all(e.status == "passed" for e in self.expectations)


@dataclass(frozen=True)
class CheckRun:
    """All suites of one ``gdpr-audit check`` run."""

    as_of: dt.date
    database: str
    suites: list[SuiteOutcome]
    gx_version: str

    @property
    def success(self) -> bool:
        return all(s.success for s in self.suites)

    @property
    def expectations(self) -> list[ExpectationOutcome]:
        return [e for s in self.suites for e in s.expectations]

    def counts(self) -> dict[str, int]:
        out = {"passed": 0, "failed": 0, "error": 0}
        for e in self.expectations:
            out[e.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "database": self.database,
            "great_expectations_version": self.gx_version,
            "success": self.success,
            "counts": self.counts(),
            "suites": [{**asdict(s), "success": s.success} for s in self.suites],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, indent=2) + "\n"


def outcome_from_gx(suite: str, spec: Any, gx_result: Any) -> ExpectationOutcome:
    """Build an :class:`ExpectationOutcome` from a GX ExpectationValidationResult.

    Only allow-listed counts are copied; an exception is reduced to its type name. A
    missing result (GX dropped the expectation) is an error, never a silent pass.
    """
    if gx_result is None:
        return ExpectationOutcome(
            suite=suite,
            name=spec.name,
            type=spec.type,
            columns=spec.columns,
            status="error",
            article=spec.article,
            check_ids=spec.check_ids,
            description=spec.description,
            description_de=spec.description_de,
            threshold=spec.threshold,
            error="not evaluated by Great Expectations",
        )
    result = gx_result.result or {}
    counts = {k: result.get(k) for k in SAFE_RESULT_KEYS}
    observed = result.get("observed_value")
    observed_count = (
        float(observed)
        if spec.type in COUNT_OBSERVED
        and isinstance(observed, int | float)
        and not isinstance(observed, bool)
        else None
    )
    error = _error_type(gx_result.exception_info)
    status = "error" if error else "passed" if gx_result.success else "failed"
    return ExpectationOutcome(
        suite=suite,
        name=spec.name,
        type=spec.type,
        columns=spec.columns,
        status=status,
        article=spec.article,
        check_ids=spec.check_ids,
        description=spec.description,
        description_de=spec.description_de,
        threshold=spec.threshold,
        element_count=_int(counts["element_count"]),
        unexpected_count=_int(counts["unexpected_count"]),
        unexpected_percent=_float(counts["unexpected_percent"]),
        missing_count=_int(counts["missing_count"]),
        observed_count=observed_count,
        error=error,
    )


def threshold_text(mostly: float | None) -> str:
    """``mostly`` as people read it: ``all`` rows, or the share that must pass (``99.5%``)."""
    if mostly is None or mostly >= 1:
        return "all"
    return f"{mostly:.1%}"


def _error_type(info: Any) -> str | None:
    """The exception type behind a GX error, e.g. ``TypeError`` (messages may quote values)."""
    if not info:
        return None
    entries = [info] if "raised_exception" in info else list(info.values())
    for entry in entries:
        entry = dict(entry) if not isinstance(entry, dict) else entry
        if not entry.get("raised_exception"):
            continue
        trace = (entry.get("exception_traceback") or "").strip().splitlines()
        for line in reversed(trace):
            match = _EXC_TYPE_RE.match(line.strip())
            if match:
                return f"could not be evaluated ({match.group(1).rsplit('.', 1)[-1]})"
        return "could not be evaluated"
    return None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
