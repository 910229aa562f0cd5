"""Run the suites against DataFrames read from the audit database.

Great Expectations' SQL datasource over DuckDB (duckdb-engine) closes the connection
before it fetches, so every expectation fails; this runner reads each suite's table
from DuckDB into pandas instead, with only the columns the suite names, and validates
it with an ephemeral GX context (no ``gx/`` folder, analytics off, no progress bars).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess.views import create_views
from gdpr_audit.check.results import CheckRun, SuiteOutcome, outcome_from_gx
from gdpr_audit.check.suites import SuiteSpec
from gdpr_audit.core.config import enforce_offline
from gdpr_audit.core.db import columns_of, qualified, table_exists
from gdpr_audit.core.errors import ConfigError, InputError
from gdpr_audit.core.shipped import shipped_dir

#: BASIC counts, no unexpected values kept (personal data) and no index lists.
RESULT_FORMAT: dict[str, Any] = {
    "result_format": "BASIC",
    "partial_unexpected_count": 0,
    "include_unexpected_rows": False,
    "return_unexpected_index_query": False,
}

#: Where a missing table comes from, for the error message.
_PRODUCER = {
    "pii_columns": "gdpr-audit scan",
    "pii_findings": "gdpr-audit scan",
    "v_special_columns": "gdpr-audit scan",
}


def run_checks(
    con: duckdb.DuckDBPyConnection,
    suites: list[SuiteSpec],
    as_of: dt.date,
    salt: str,
    database: str = "",
    on_suite: Callable[[SuiteOutcome], None] | None = None,
) -> CheckRun:
    """Validate each suite against its table and collect value-free outcomes.

    Args:
        con: the audit database (read-only is fine: the rule views are TEMP views).
        suites: loaded suites (:func:`gdpr_audit.check.suites.load_suites`).
        as_of: the audit day; the views use it and suites may refer to it as
            ``{"$PARAMETER": "as_of"}`` (ISO date string).
        salt: pseudonym salt for the views' subject refs.
        database: name of the database for the result page.
        on_suite: called after each suite (progress display).

    Raises:
        InputError: a suite's table is missing from the database.
        ConfigError: a suite names a column its table does not have.
    """
    enforce_offline()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GX logs metric errors with their messages, which can quote cell values.
    logging.getLogger("great_expectations").setLevel(logging.CRITICAL)
    create_views(con, as_of, salt)
    for spec in suites:  # fail on a missing table or column before validating anything
        suite_columns(con, spec)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas("gdpr_audit")
        .add_dataframe_asset("table")
        .add_batch_definition_whole_dataframe("whole_table")
    )
    parameters = {"as_of": as_of.isoformat()}
    outcomes: list[SuiteOutcome] = []
    for spec in suites:
        start = time.perf_counter()
        frame = read_suite_frame(con, spec)
        suite = context.suites.add(
            gx.ExpectationSuite(name=spec.name, expectations=[e.to_gx() for e in spec.expectations])
        )
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{spec.name}_run", data=batch, suite=suite)
        )
        result = validation.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters,
            result_format=RESULT_FORMAT,
        )
        by_name = {
            (r.expectation_config.meta or {}).get("name"): r
            for r in result.results
            if r.expectation_config is not None
        }
        outcome = SuiteOutcome(
            name=spec.name,
            table=f"{spec.schema}.{spec.table}",
            description=spec.description,
            description_de=spec.description_de,
            rows=len(frame),
            seconds=round(time.perf_counter() - start, 3),
            expectations=[
                outcome_from_gx(spec.name, e, by_name.get(e.name)) for e in spec.expectations
            ],
        )
        outcomes.append(outcome)
        if on_suite:
            on_suite(outcome)
    return CheckRun(as_of=as_of, database=database, suites=outcomes, gx_version=gx.__version__)


def suite_columns(con: duckdb.DuckDBPyConnection, spec: SuiteSpec) -> list[str]:
    """The columns the suite reads from its table, checked against the database.

    Raises:
        InputError: the table is missing (names the command that makes it).
        ConfigError: the suite names a column the table does not have.
    """
    if not _relation_exists(con, spec.table, spec.schema):
        producer = _PRODUCER.get(spec.table, "gdpr-audit load")
        raise InputError(
            f"suite {spec.name}: table {spec.schema}.{spec.table} not in the database "
            f"(run `{producer}` first)"
        )
    available = columns_of(con, spec.table, spec.schema)
    wanted = spec.columns(available)
    missing = [c for c in wanted if c not in available]
    if missing:
        raise ConfigError(
            f"suite {spec.name} ({spec.path}): column(s) {', '.join(missing)} "
            f"not in {spec.schema}.{spec.table}"
        )
    return wanted


def read_suite_frame(con: duckdb.DuckDBPyConnection, spec: SuiteSpec) -> pd.DataFrame:
    """The suite's table as a DataFrame, with only the columns the suite needs."""
    wanted = suite_columns(con, spec)
    # Table-level expectations only: one constant column keeps the row count right.
    select = ", ".join(qualified(c) for c in wanted) if wanted else "1 AS row_marker"
    schema = None if spec.schema == "main" else spec.schema
    cursor = con.execute(f"SELECT {select} FROM {qualified(spec.table, schema)}")
    date_columns = [d[0] for d in cursor.description if str(d[1]) == "DATE"]
    frame = cursor.df()
    for column in date_columns:
        # DuckDB hands DATE over as datetime64; GX compares date bounds
        # ("1900-01-01", the as_of parameter) with datetime.date values only.
        frame[column] = frame[column].dt.date.astype(object).where(frame[column].notna(), None)
    return frame


def _relation_exists(con: duckdb.DuckDBPyConnection, table: str, schema: str) -> bool:
    """Tables and (temp) views: the suites' views live in the ``temp`` catalog."""
    if table_exists(con, table, schema):
        return True
    row = con.execute(
        "SELECT count(*) FROM duckdb_views() "
        "WHERE view_name = ? AND (schema_name = ? OR temporary)",
        [table, schema],
    ).fetchone()
    return bool(row and row[0])


def default_suites_dir() -> Path:
    """The suites shipped with the package (``expectations/`` of the wheel or the checkout),
    else ``expectations/`` of the working directory."""
    here = shipped_dir("expectations")
    return here if here.is_dir() else Path("expectations")
