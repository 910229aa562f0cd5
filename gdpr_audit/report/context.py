"""What every report notebook opens first: the audit database, the audit date, the config."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from gdpr_audit.assess.charts import latest_run
from gdpr_audit.core.config import enforce_offline, load_audit_config
from gdpr_audit.core.db import audit_salt, connect, table_exists
from gdpr_audit.core.errors import InputError, UsageError
from gdpr_audit.report.i18n import check_lang


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """``YYYY-MM-DD`` (or a date) as a date; empty means "not given".

    Raises:
        UsageError: not an ISO date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"--as-of must be a date like 2026-11-28, got {value!r}") from None


def assessed_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The most recent audit date in ``audit_findings`` (None before the assessment)."""
    if not table_exists(con, "audit_findings"):
        return None
    row = con.execute("SELECT max(as_of) FROM audit_findings").fetchone()
    return row[0] if row and row[0] else None


@dataclass
class ReportContext:
    """An open audit: read-only connection, audit date, configuration, language."""

    con: duckdb.DuckDBPyConnection
    db_path: Path
    as_of: dt.date
    lang: str
    config: dict[str, Any] = field(default_factory=dict)
    salt: str = ""  # the audit's secret salt (open_audit reads it from the database)
    #: the stored ``audit_runs`` row of the audit date (None: assessed by an older version)
    run: dict[str, Any] | None = None

    @property
    def assess_config(self) -> dict[str, Any]:
        """The ``assess`` section, what ``gdpr_audit.assess.<area>.run`` expects."""
        return self.config.get("assess", {})


def open_audit(db_path: str | Path, as_of: str | dt.date = "", lang: str = "en",
               config_path: str | Path = "") -> ReportContext:
    """Open the audit database read-only for a report notebook.

    ``as_of`` empty means the date of the last assessment (``audit_findings``).

    Raises:
        InputError: the database is missing or holds no assessment and no ``as_of`` is given.
    """
    enforce_offline()
    check_lang(lang)
    path = Path(db_path)
    con = connect(path, read_only=True)
    date = parse_as_of(as_of) or assessed_as_of(con)
    if date is None:
        con.close()
        raise InputError(f"{path} holds no assessment: run `gdpr-audit assess` or pass --as-of")
    config = load_audit_config(Path(config_path) if config_path else None)
    run = latest_run(con, date)
    if run and run.get("timezone"):  # timestamps on the pages in the audit's zone
        con.execute("SET TimeZone = $zone", {"zone": str(run["timezone"])})
    return ReportContext(con=con, db_path=path, as_of=date, lang=lang, config=config,
                         salt=audit_salt(con), run=run)
