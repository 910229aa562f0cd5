"""The audit run and its chart tables, stored once so every report page reads the same truth.

``assess`` computes, per area, the findings (``audit_findings``) and the tables the report
charts (``AreaResult.tables``: consent coverage, request timeline, retention ageing, ...).
:func:`store_run` writes those tables to ``audit_chart__<area>__<name>`` and one row to
``audit_runs`` (run id, audit date, config digest, database file, when the model was last
changed); the report notebooks read them and never run a check again
(:mod:`gdpr_audit.report.results`). :func:`stale_reason` says why stored results no longer
match the database or the configuration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.core.config import _deep_merge, default_audit_config
from gdpr_audit.core.db import columns_of, quote_ident, run_script, table_exists

CHART_PREFIX = "audit_chart__"


def chart_table(area: str, name: str) -> str:
    """Name of the stored chart table ``name`` of ``area``."""
    return f"{CHART_PREFIX}{area}__{name}"


def _effective(config: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``assess`` settings: shipped defaults overridden by ``config`` (a whole audit
    configuration or its ``assess`` section, as ``make_context`` accepts it)."""
    given: Mapping[str, Any] = config or {}
    section = given.get("assess", given) if "assess" in given else given
    return _deep_merge(default_audit_config().get("assess") or {}, dict(section or {}))


def config_digest(config: Mapping[str, Any] | None) -> str:
    """Short SHA-256 of the effective ``assess`` settings: the same settings give the same
    digest whichever way they were written."""
    text = json.dumps(_effective(config), sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _model_changed_at(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When raw data or the canonical model last changed (``load_state.updated_at``)."""
    if not table_exists(con, "load_state"):
        return None
    row = con.execute("SELECT max(updated_at) FROM main.load_state").fetchone()
    return row[0] if row and row[0] else None


def _replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
                  as_of: dt.date, run_id: str) -> None:
    """Replace the rows of ``as_of`` in ``table`` by ``frame`` (recreated when its shape
    changed, e.g. a column added by a newer version)."""
    con.register("_chart_rows", frame)
    try:
        select = "SELECT $run_id AS run_id, CAST($as_of AS DATE) AS as_of, * FROM _chart_rows"
        params = {"run_id": run_id, "as_of": as_of}
        wanted = ["run_id", "as_of", *map(str, frame.columns)]
        if table_exists(con, table) and columns_of(con, table) == wanted:
            con.execute(f"DELETE FROM {quote_ident(table)} WHERE as_of = $as_of", {"as_of": as_of})
            con.execute(f"INSERT INTO {quote_ident(table)} {select}", params)
        else:
            con.execute(f"CREATE OR REPLACE TABLE {quote_ident(table)} AS {select}", params)
    finally:
        con.unregister("_chart_rows")


def store_run(con: duckdb.DuckDBPyConnection, result: Any, config: Mapping[str, Any] | None,
              db_file: str | Path = "") -> str:
    """Store the chart tables of an assessment and its ``audit_runs`` row; the run id.

    Args:
        result: :class:`gdpr_audit.assess.registry.AssessmentResult` just stored.
        config: the audit configuration the assessment ran with (for its digest).
        db_file: the database file's name, shown on every report page.
    """
    run_script(con, "assess", "audit_runs")
    run_at = dt.datetime.now(dt.UTC)
    digest = config_digest(config)
    run_id = hashlib.sha256(f"{result.as_of}|{run_at.isoformat()}|{digest}".encode()) \
        .hexdigest()[:10]
    con.execute("BEGIN TRANSACTION")
    try:
        for area, area_result in result.areas.items():
            for name, frame in area_result.tables.items():
                _replace_rows(con, chart_table(area, name), frame, result.as_of, run_id)
        con.execute(
            "INSERT INTO audit_runs VALUES ($run_id, $as_of, $run_at, $areas, $digest, $db, "
            "$model_at, $findings, $zone)",
            {"run_id": run_id, "as_of": result.as_of, "run_at": run_at,
             "areas": list(result.areas), "digest": digest, "db": Path(str(db_file)).name,
             "model_at": _model_changed_at(con), "findings": len(result.findings),
             "zone": str(_effective(config).get("timezone") or "UTC")},
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return run_id


def latest_run(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> dict[str, Any] | None:
    """The last ``audit_runs`` row of ``as_of`` as a dict (None when there is none)."""
    if not table_exists(con, "audit_runs"):
        return None
    cur = con.execute("SELECT * FROM audit_runs WHERE as_of = $as_of ORDER BY run_at DESC "
                      "LIMIT 1", {"as_of": as_of})
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def stale_reason(con: duckdb.DuckDBPyConnection, as_of: dt.date,
                 config: Mapping[str, Any] | None = None) -> str | None:
    """Why the stored results of ``as_of`` do not describe this database any more, or None.

    Stale: no run stored (assessed by an older version), the model rebuilt or raw data
    loaded after the run, or ``config`` (when given) with other settings than the run's.
    """
    run = latest_run(con, as_of)
    if run is None:
        return f"no stored audit run for {as_of.isoformat()} (assessed by an older version)"
    changed = _model_changed_at(con)
    if changed is not None and changed > run["run_at"]:
        return (f"the data changed after the assessment of {as_of.isoformat()} "
                f"(model built {changed:%Y-%m-%d %H:%M} UTC, run {run['run_id']} at "
                f"{run['run_at']:%Y-%m-%d %H:%M} UTC)")
    if config is not None and config_digest(config) != run["config_digest"]:
        return (f"the config differs from the one run {run['run_id']} was assessed with "
                f"(digest {config_digest(config)} vs {run['config_digest']})")
    return None
