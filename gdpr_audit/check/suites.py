"""Suite files: strict loading, validation and canonical JSON of ``expectations/*.json``.

A suite file is Great Expectations' own suite JSON (``name``, ``expectations`` with
``type``/``kwargs``/``meta``, ``meta``) without GX's generated ids, plus what this
project needs in the metadata:

- ``meta.gdpr_audit.table``: the table or view the suite validates (``v_send_consent``,
  ``contacts``, ``raw.crm__contacts``); one DataFrame per suite, read with only the
  columns the expectations name.
- ``meta.gdpr_audit.description``: one line for the report; ``description_de`` the same in
  German (the German report's checks page falls back to the English line without it).
- each expectation's ``meta.name`` (unique in the suite, ``[a-z0-9_]+``), ``meta.article``
  and ``meta.check_ids`` (the ``docs/checks.md`` checks the expectation guards).

GX logs and drops an invalid expectation when it builds a suite; here every expectation
is built by its class first and any problem is a :class:`ConfigError` naming the file
and the expectation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdpr_audit.check import personal_data  # noqa: F401  (registers the custom expectation)
from gdpr_audit.core.errors import ConfigError, UsageError

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TABLE_RE = re.compile(r"^(?:(raw|main)\.)?([A-Za-z_][A-Za-z0-9_]*)$")
_COLUMN_KWARGS = ("column", "column_A", "column_B")
_COLUMN_LIST_KWARGS = ("column_list", "column_set")
_SUITE_KEYS = {"name", "expectations", "meta", "notes"}
_EXPECTATION_KEYS = {"type", "kwargs", "meta"}


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation of a suite file, already validated by its GX class."""

    name: str
    type: str
    kwargs: dict[str, Any]
    meta: dict[str, Any]

    @property
    def columns(self) -> list[str]:
        """Columns the expectation reads (its column kwargs; row_condition not included)."""
        cols = [self.kwargs[k] for k in _COLUMN_KWARGS if k in self.kwargs]
        for key in _COLUMN_LIST_KWARGS:
            cols.extend(self.kwargs.get(key) or [])
        return cols

    @property
    def check_ids(self) -> list[str]:
        return list(self.meta.get("check_ids") or [])

    @property
    def article(self) -> str:
        return str(self.meta.get("article", ""))

    @property
    def description(self) -> str:
        return str(self.meta.get("description", ""))

    @property
    def description_de(self) -> str:
        """``meta.description_de``: the description in German (empty when not written)."""
        return str(self.meta.get("description_de", ""))

    @property
    def threshold(self) -> float | None:
        mostly = self.kwargs.get("mostly")
        return float(mostly) if mostly is not None else None

    def to_gx(self) -> Any:
        """The Great Expectations expectation object."""
        from great_expectations.expectations.registry import get_expectation_impl

        impl = get_expectation_impl(self.type)
        return impl(**self.kwargs, meta={**self.meta, "name": self.name})


@dataclass(frozen=True)
class SuiteSpec:
    """A validated suite file."""

    name: str
    table: str
    schema: str
    description: str
    expectations: list[ExpectationSpec]
    path: Path
    extra_columns: list[str] = field(default_factory=list)
    description_de: str = ""

    def columns(self, available: list[str]) -> list[str]:
        """Columns to read: those the expectations name or their row conditions mention."""
        wanted = list(self.extra_columns)
        for exp in self.expectations:
            wanted.extend(exp.columns)
            condition = exp.kwargs.get("row_condition")
            if isinstance(condition, str):
                wanted.extend(
                    c
                    for c in available
                    if re.search(rf"(?<![\w]){re.escape(c)}(?![\w])", condition)
                )
        return list(dict.fromkeys(wanted))


def suite_files(directory: Path) -> list[Path]:
    """The suite files of ``directory``, sorted by name.

    Raises:
        UsageError: the directory does not exist or holds no suite.
    """
    if not directory.is_dir():
        raise UsageError(f"suite directory not found: {directory}")
    files = sorted(directory.glob("*.json"))
    if not files:
        raise UsageError(f"no suite files (*.json) in {directory}")
    return files


def load_suites(directory: Path, names: list[str] | None = None) -> list[SuiteSpec]:
    """Load and validate the suites of ``directory`` (all, or those named).

    Raises:
        UsageError: a requested suite does not exist.
        ConfigError: a suite file is invalid.
    """
    by_name = {p.stem: p for p in suite_files(directory)}
    if names:
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise UsageError(
                f"unknown suite(s): {', '.join(unknown)} (available: {', '.join(sorted(by_name))})"
            )
        paths = [by_name[n] for n in dict.fromkeys(names)]
    else:
        paths = list(by_name.values())
    return [load_suite(p) for p in paths]


def load_suite(path: Path) -> SuiteSpec:
    """Read one suite file strictly.

    Raises:
        ConfigError: not JSON, a missing or unknown key, a name that differs from the
            file name, no table, a duplicate expectation name, an unknown expectation
            type or arguments its class rejects.
    """
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"suite file {path}: not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"suite file {path}: the top level must be an object")
    unknown = set(data) - _SUITE_KEYS
    if unknown:
        raise ConfigError(f"suite file {path}: unknown key(s) {', '.join(sorted(unknown))}")
    if data.get("name") != path.stem:
        raise ConfigError(f"suite file {path}: 'name' must be the file name ({path.stem!r})")
    own = (data.get("meta") or {}).get("gdpr_audit")
    if not isinstance(own, dict) or not isinstance(own.get("table"), str):
        raise ConfigError(
            f"suite file {path}: meta.gdpr_audit.table (the table to validate) missing"
        )
    match = _TABLE_RE.match(own["table"])
    if not match:
        raise ConfigError(
            f"suite file {path}: meta.gdpr_audit.table {own['table']!r} is not a table name"
        )
    raw_expectations = data.get("expectations")
    if not isinstance(raw_expectations, list) or not raw_expectations:
        raise ConfigError(f"suite file {path}: 'expectations' must be a non-empty list")
    specs: list[ExpectationSpec] = []
    for index, item in enumerate(raw_expectations, start=1):
        spec = _expectation(path, index, item)
        if any(s.name == spec.name for s in specs):
            raise ConfigError(f"suite file {path}: expectation name {spec.name!r} used twice")
        specs.append(spec)
    extra = own.get("extra_columns") or []
    if not isinstance(extra, list) or not all(isinstance(c, str) for c in extra):
        raise ConfigError(
            f"suite file {path}: meta.gdpr_audit.extra_columns must be a list of names"
        )
    return SuiteSpec(
        name=path.stem,
        table=match.group(2),
        schema=match.group(1) or "main",
        description=str(own.get("description", "")),
        description_de=str(own.get("description_de", "")),
        expectations=specs,
        path=path,
        extra_columns=list(extra),
    )


def _expectation(path: Path, index: int, item: Any) -> ExpectationSpec:
    where = f"suite file {path}: expectation #{index}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where} must be an object")
    unknown = set(item) - _EXPECTATION_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    meta = item.get("meta") or {}
    name = meta.get("name") if isinstance(meta, dict) else None
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ConfigError(f"{where}: meta.name missing or not [a-z0-9_]")
    where = f"suite file {path}: expectation {name!r}"
    check_ids = meta.get("check_ids", [])
    if not isinstance(check_ids, list) or not all(isinstance(c, str) for c in check_ids):
        raise ConfigError(f"{where}: meta.check_ids must be a list of check ids")
    kwargs = item.get("kwargs")
    if not isinstance(kwargs, dict):
        raise ConfigError(f"{where}: 'kwargs' must be an object")
    spec = ExpectationSpec(
        name=name, type=str(item.get("type")), kwargs=dict(kwargs), meta=dict(meta)
    )
    _validate(spec, where)
    return spec


def _validate(spec: ExpectationSpec, where: str) -> None:
    """Build the expectation with its GX class: unknown types and bad arguments fail here."""
    from great_expectations.exceptions import ExpectationNotFoundError

    try:
        spec.to_gx()
    except ExpectationNotFoundError:
        raise ConfigError(f"{where}: unknown expectation type {spec.type!r}") from None
    except Exception as exc:  # pydantic.ValidationError, InvalidExpectationConfigurationError...
        first = str(exc).strip().splitlines()
        detail = "; ".join(line.strip() for line in first[:4]) if first else type(exc).__name__
        raise ConfigError(f"{where} ({spec.type}) is invalid: {detail}") from None
    if not spec.columns and not spec.type.startswith("expect_table_"):
        raise ConfigError(f"{where}: names no column")


def suite_json(data: dict[str, Any]) -> str:
    """The canonical text of a suite file: sorted keys, two-space indent, final newline."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
