"""Building blocks of the assessment: areas and their checks, the run context, results.

A check is a plain function ``fn(ctx) -> DataFrame`` with columns ``record_ref`` and
``detail`` (one row per violating record) and, for checks on records of one source,
``source_table``; besides the prose it returns the structured columns
(:data:`STRUCTURED_COLUMNS` but ``params``, NULL where not meaningful) and one column
``p_<name>`` per value of its wording, which :func:`run_checks` stores as JSON
``params``. Each area module holds one :class:`Area` and registers its checks on it with
``@AREA.check(id, article=, severity=, needs=[...])``; nothing is registered globally.
:mod:`gdpr_audit.assess.registry` lists the area modules explicitly, so which checks exist
never depends on import order.

``needs`` names the canonical fields a check cannot do without; per source the run
decides from the model build whether they were mapped
(:mod:`gdpr_audit.assess.assessability`) and leaves the records of a source that lacks
one out, stating "not assessable" once instead of one finding per record.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import numpy as np
import pandas as pd

from gdpr_audit.assess.assessability import (
    ASSESSABILITY_COLUMNS,
    Need,
    SourceFields,
    judge,
    parse_needs,
)
from gdpr_audit.core.config import _deep_merge, default_audit_config
from gdpr_audit.core.db import audit_salt, sql_text
from gdpr_audit.core.errors import ConfigError
from gdpr_audit.core.privacy import pseudonym_sql
from gdpr_audit.core.types import Severity

#: Structured columns of a finding beside the prose (docs/data-model.md, Findings): the
#: person, the day, the measured figure against its limit, and the wording's key + values.
STRUCTURED_COLUMNS = ["subject_ref", "event_date", "measured_value", "limit_value", "unit",
                      "detail_key", "params"]
#: Columns of every findings DataFrame (the ``audit_findings`` table without run_at/as_of).
FINDING_COLUMNS = ["check_id", "area", "article", "severity", "record_ref", "detail",
                   *STRUCTURED_COLUMNS]
#: A check's output column ``p_<name>`` is the wording's value ``<name>`` (in ``params``).
PARAM_PREFIX = "p_"

_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT_RE = re.compile(r"--[^\n]*")
#: ``{ref:PREFIX:column}`` in a SQL file: the pseudonym of ``column`` with id prefix ``PREFIX``.
REF_RE = re.compile(r"\{ref:([A-Z]+):([a-z_.]+)\}")


CheckFunc = Callable[["AssessContext"], pd.DataFrame]
#: Evidence fields of a check, fixed or read from the config (``consent.proof_fields``).
EvidenceSpec = Sequence[str] | Callable[["AssessContext"], Sequence[str]]


@dataclass(frozen=True)
class CheckSpec:
    """Metadata of one registered check (see ``docs/checks.md``).

    ``needs``: fields without which a source's records are not assessable (the first
    one's table is the table of the records the check judges); ``evidence``: fields the
    check inspects one by one, skipped (and reported) where a source lacks them.
    """

    check_id: str
    article: str
    severity: Severity
    area: str
    func: Callable[[AssessContext], pd.DataFrame]
    needs: tuple[Need, ...] = ()
    evidence: EvidenceSpec = ()

    def evidence_fields(self, ctx: AssessContext) -> tuple[Need, ...]:
        given = self.evidence(ctx) if callable(self.evidence) else self.evidence
        return parse_needs(given)

    @property
    def summary(self) -> str:
        """First line of the check's docstring: what it looks for."""
        return (self.func.__doc__ or "").strip().splitlines()[0] if self.func.__doc__ else ""


@dataclass
class Area:
    """One assessment area (consent, rights, ...) and its checks, in registration order."""

    name: str
    checks: list[CheckSpec] = field(default_factory=list)

    def check(
        self,
        check_id: str,
        *,
        article: str,
        severity: str,
        needs: Sequence[str],
        evidence: EvidenceSpec = (),
    ) -> Callable[[CheckFunc], CheckFunc]:
        """Register ``func`` as check ``check_id`` (GDPR ``article``, ``severity``).

        Args:
            needs: canonical fields the check needs (``"consents.given_at"``, either of
                two: ``"contacts.is_customer|customer_number"``, a whole table:
                ``"breaches"``); the first one's table holds the judged records.
            evidence: fields inspected one by one (or a function of the context that
                returns them): a source lacking one is assessed on the others.
        """
        sev = Severity(severity)
        parsed = parse_needs(needs)
        if not parsed and not evidence:
            raise ConfigError(f"check {check_id} must declare needs=")
        if any(c.check_id == check_id for c in self.checks):
            raise ConfigError(f"check {check_id} registered twice")

        def mark(func: CheckFunc) -> CheckFunc:
            spec = CheckSpec(check_id, article, sev, self.name, func, parsed, evidence)
            self.checks.append(spec)
            func.check_spec = spec  # type: ignore[attr-defined]
            return func

        return mark


@dataclass
class AssessContext:
    """What every check receives: the database, the audit date, the salt and the config.

    ``config`` is the ``assess`` section of the audit configuration.
    """

    con: duckdb.DuckDBPyConnection
    as_of: dt.date
    salt: str
    config: Mapping[str, Any]
    #: ``source|column`` evidence fields the running check must skip (``$absent`` in SQL)
    absent: list[str] = field(default_factory=list)
    #: per-run values computed once (source fields, prepared temp tables)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def source_fields(self) -> SourceFields:
        """Which canonical columns each source fed (read once per context)."""
        if "source_fields" not in self.cache:
            self.cache["source_fields"] = SourceFields(self.con)
        return self.cache["source_fields"]  # type: ignore[no-any-return]

    def setting(self, *path: str) -> Any:
        """A config value by path, e.g. ``ctx.setting("rights", "due_soon_days")``.

        Raises:
            ConfigError: the key is missing (defaults.yaml ships every key).
        """
        node: Any = self.config
        for key in path:
            if not isinstance(node, Mapping) or key not in node:
                raise ConfigError(f"missing config key assess.{'.'.join(path)}")
            node = node[key]
        return node

    def integer(self, *path: str) -> int:
        """A whole-number setting (days, months, counts).

        Raises:
            ConfigError: missing, not a whole number, or negative.
        """
        value = self.setting(*path)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ConfigError(f"assess.{'.'.join(path)} must be a whole number")
        try:
            number = int(value)
        except ValueError:
            raise ConfigError(f"assess.{'.'.join(path)} must be a whole number") from None
        if number < 0:
            raise ConfigError(f"assess.{'.'.join(path)} must not be negative")
        return number

    def runs(self, spec: CheckSpec) -> bool:
        """Whether this context runs ``spec`` (judged and run by :func:`run_checks`).

        Every check on DuckDB; another engine's context leaves out what it cannot run
        (``gdpr_audit.spark.assess``)."""
        return True

    def run_check(self, spec: CheckSpec) -> pd.DataFrame:
        """One check's findings (``record_ref``, ``detail``[, ``source_table``]).

        The place where another engine's context records a check's failure instead of
        stopping the area (``gdpr_audit.spark.assess``)."""
        return spec.func(self)

    def query(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run ``gdpr_audit/sql/assess/<name>.sql`` and return its result as a DataFrame."""
        return self.run_file(name, params).df()

    def run_file(
        self, name: str, params: Mapping[str, Any] | None = None
    ) -> duckdb.DuckDBPyConnection:
        """Execute ``gdpr_audit/sql/assess/<name>.sql``.

        ``$as_of`` and ``$salt`` are always available; ``{ref:PREFIX:column}`` becomes
        the pseudonym expression of ``column`` (:func:`pseudonym_sql`, ids like
        ``S-3fa2b1c9e0d4``). Only the parameters the file uses are passed (DuckDB
        rejects extra ones).
        """
        text = REF_RE.sub(
            lambda m: pseudonym_sql(m.group(2), prefix=m.group(1)), sql_text("assess", name)
        )
        return self.execute(text, params)

    def execute(
        self, text: str, params: Mapping[str, Any] | None = None
    ) -> duckdb.DuckDBPyConnection:
        """Execute SQL text with the subset of ``params`` (+ as_of, salt, absent) it uses."""
        available = {"as_of": self.as_of, "salt": self.salt, "absent": list(self.absent),
                     **(params or {})}
        used = set(_PARAM_RE.findall(_COMMENT_RE.sub("", text)))
        missing = used - available.keys()
        if missing:
            raise ConfigError(f"SQL parameter(s) without a value: {', '.join(sorted(missing))}")
        return self.con.execute(text, {k: available[k] for k in used})


@dataclass
class AreaResult:
    """Outcome of one area: findings plus the tables the report charts.

    ``findings`` has :data:`FINDING_COLUMNS`; ``tables`` maps a name to a documented
    DataFrame (see each area's ``run``); ``timings`` holds seconds per check id;
    ``assessability`` one row per check and source (:data:`ASSESSABILITY_COLUMNS`).
    """

    area: str
    findings: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    checks: list[CheckSpec] = field(default_factory=list)
    assessability: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=ASSESSABILITY_COLUMNS)
    )


def make_context(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    config: Mapping[str, Any] | None = None,
    salt: str | None = None,
) -> AssessContext:
    """An :class:`AssessContext` with the shipped ``assess`` defaults overridden by ``config``.

    ``config`` may be a whole audit configuration (with an ``assess`` key) or just its
    ``assess`` section; ``salt`` defaults to the audit's salt (:func:`audit_salt`).
    """
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise ConfigError("as_of must be a date (the audit day), not a datetime")
    defaults = default_audit_config().get("assess") or {}
    given: Mapping[str, Any] = config or {}
    section = given.get("assess", given) if "assess" in given else given
    merged = _deep_merge(defaults, dict(section or {}))
    _check_zones(merged)
    return AssessContext(
        con=con, as_of=as_of, salt=salt if salt is not None else audit_salt(con),
        config=merged,
    )


def _check_zones(config: Mapping[str, Any]) -> None:
    """Fail early, with the key, on a time zone DuckDB would reject mid-run."""
    consent = config.get("consent") or {}
    zones = {
        "assess.timezone": config.get("timezone"),
        "assess.consent.default_timezone": consent.get("default_timezone"),
        "assess.access.off_hours.timezone": ((config.get("access") or {}).get("off_hours")
                                             or {}).get("timezone"),
        **{f"assess.consent.timezones.{k}": v
           for k, v in (consent.get("timezones") or {}).items()},
    }
    for key, zone in zones.items():
        if zone is None:
            continue
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"{key}: unknown time zone {zone!r}") from None


def json_value(value: Any) -> Any:
    """``value`` as plain JSON data, the same whichever engine produced it: a day as
    ``YYYY-MM-DD``, a whole float as an int (Spark gives float for a BIGINT column with
    NULLs, DuckDB Int64), NULL / NaN / NaT as None, numpy and Decimal numbers as Python's."""
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [json_value(v) for v in value]
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is None and stamp == stamp.normalize():
            return stamp.date().isoformat()
        return stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float | Decimal):
        number = float(value)
        if math.isnan(number):
            return None
        return int(number) if number.is_integer() else number
    if isinstance(value, np.generic):
        return value.item()
    return value


def _day(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return pd.Timestamp(value).date()
    return value if isinstance(value, dt.date) else pd.Timestamp(value).date()


def _number(value: Any) -> float | None:
    if value is None or value is pd.NaT or pd.isna(value):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return None if value is None or value is pd.NaT or pd.isna(value) else str(value)


def structured(found: pd.DataFrame) -> dict[str, list[Any]]:
    """The :data:`STRUCTURED_COLUMNS` of a check's output, typed the same on every engine:
    ``event_date`` a date, the figures floats, ``params`` the ``p_<name>`` columns as a
    JSON object (sorted keys); None where the check did not give a column or value."""
    def column(name: str, convert: Callable[[Any], Any]) -> list[Any]:
        if name not in found.columns:
            return [None] * len(found)
        return [convert(v) for v in found[name].tolist()]

    names = [c for c in found.columns if c.startswith(PARAM_PREFIX)]
    rows = found[names].to_dict("records") if names else [{}] * len(found)
    params = [json.dumps({k[len(PARAM_PREFIX):]: json_value(v) for k, v in sorted(r.items())},
                         ensure_ascii=False, sort_keys=True) if names else None for r in rows]
    return {
        "subject_ref": column("subject_ref", _text),
        "event_date": column("event_date", _day),
        "measured_value": column("measured_value", _number),
        "limit_value": column("limit_value", _number),
        "unit": column("unit", _text),
        "detail_key": column("detail_key", _text),
        "params": params,
    }


def empty_findings() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in FINDING_COLUMNS})


def run_checks(area: Area, ctx: AssessContext) -> AreaResult:
    """Run the checks of ``area`` where assessable and stack their findings.

    Per check: judge each source (:func:`gdpr_audit.assess.assessability.judge`); skip
    the check when every source lacks a needed field; drop findings of not-assessable sources
    (checks on one source's records return ``source_table``; a check aggregating over
    sources, without it, keeps its findings).
    """
    frames: list[pd.DataFrame] = []
    timings: dict[str, float] = {}
    judged: list[dict[str, object]] = []
    chosen = [spec for spec in area.checks if ctx.runs(spec)]
    for spec in chosen:
        start = time.perf_counter()
        verdict = judge(ctx.source_fields, spec.check_id, spec.area, spec.needs,
                        spec.evidence_fields(ctx))
        judged.extend(verdict.rows)
        if not verdict.runnable:
            timings[spec.check_id] = time.perf_counter() - start
            continue
        ctx.absent = verdict.absent
        try:
            found = ctx.run_check(spec)
        finally:
            ctx.absent = []
        if verdict.skip and "source_table" in found.columns:
            found = found[~found["source_table"].isin(verdict.skip)]
        timings[spec.check_id] = time.perf_counter() - start
        if found.empty:
            continue
        frame = pd.DataFrame(
            {
                "check_id": spec.check_id,
                "area": spec.area,
                "article": spec.article,
                "severity": spec.severity.value,
                "record_ref": found["record_ref"].astype(str).to_numpy(),
                "detail": found["detail"].astype(str).to_numpy(),
                **structured(found),
            }
        )
        frames.append(frame)
    findings = pd.concat(frames, ignore_index=True) if frames else empty_findings()
    return AreaResult(area=area.name, findings=findings, timings=timings,
                      checks=chosen,
                      assessability=pd.DataFrame(judged, columns=ASSESSABILITY_COLUMNS))
