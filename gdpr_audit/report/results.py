"""An area's stored results, read back for the report: never a check run again.

``assess`` stored the findings (``audit_findings``), per check and source whether it could
judge (``audit_assessability``) and the tables behind the charts
(``audit_chart__<area>__<name>``, :mod:`gdpr_audit.assess.charts`). Every page builds its
:class:`~gdpr_audit.assess.base.AreaResult` from them, so the index and the detail pages
show the same numbers whatever the config or the database did afterwards.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from gdpr_audit.assess.assessability import ASSESSABILITY_COLUMNS
from gdpr_audit.assess.base import FINDING_COLUMNS, AreaResult
from gdpr_audit.assess.charts import CHART_PREFIX, chart_table
from gdpr_audit.assess.registry import AREAS
from gdpr_audit.core.db import columns_of, list_tables, quote_ident, table_exists
from gdpr_audit.core.errors import InputError, UsageError
from gdpr_audit.report.context import ReportContext


def select_list(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> str:
    """``columns`` of ``table`` as a SELECT list, NULL for a column the table lacks: an
    audit database written by an older version (read-only here, so never altered) has no
    structured finding columns and still reports, from its prose."""
    present = set(columns_of(con, table))
    return ", ".join(quote_ident(c) if c in present else f"NULL AS {quote_ident(c)}"
                     for c in columns)


def _stored(ctx: ReportContext, table: str, columns: list[str], area: str) -> pd.DataFrame:
    if not table_exists(ctx.con, table):
        return pd.DataFrame(columns=columns)
    cols = select_list(ctx.con, table, columns)
    return ctx.con.execute(
        f"SELECT {cols} FROM {quote_ident(table)} WHERE as_of = $as_of AND area = $area "
        "ORDER BY ALL", {"as_of": ctx.as_of, "area": area}).df()


def chart_tables(ctx: ReportContext, area: str) -> dict[str, pd.DataFrame]:
    """The chart tables ``assess`` stored for ``area`` on the audit date, by name."""
    prefix = f"{CHART_PREFIX}{area}__"
    names = [t[len(prefix):] for t in list_tables(ctx.con) if t.startswith(prefix)]
    out = {}
    for name in sorted(names):
        frame = ctx.con.execute(
            f"SELECT * EXCLUDE (run_id, as_of) FROM {quote_ident(chart_table(area, name))} "
            "WHERE as_of = $as_of", {"as_of": ctx.as_of}).df()
        out[name] = frame
    return out


def area_result(ctx: ReportContext, area: str) -> AreaResult:
    """The stored outcome of ``area`` on the audit date: findings, assessability, tables.

    Raises:
        UsageError: an unknown area.
        InputError: the audit date has no stored run (assessed by an older version).
    """
    if area not in AREAS:
        raise UsageError(f"unknown area {area!r} (known: {', '.join(AREAS)})")
    if ctx.run is None:
        raise InputError(f"{ctx.db_path.name} holds no stored audit run for "
                         f"{ctx.as_of.isoformat()}: run `gdpr-audit assess` again")
    findings = _stored(ctx, "audit_findings", FINDING_COLUMNS, area)
    judged = _stored(ctx, "audit_assessability", ASSESSABILITY_COLUMNS, area)
    return AreaResult(area=area, findings=findings, tables=chart_tables(ctx, area),
                      checks=list(AREAS[area].AREA.checks), assessability=judged)
