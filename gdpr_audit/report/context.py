"""What every report notebook opens first: the audit database, the audit date, the config."""

from __future__ import annotations

import contextlib
import datetime as dt
import weakref
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
    """``YYYY-MM-DD`` (or a date) as a date; ``today`` is today in UTC (as ``gdpr-audit
    run`` defaults); empty means "not given".

    Raises:
        UsageError: not an ISO date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if str(value).strip().lower() == "today":
        return dt.datetime.now(dt.UTC).date()
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


@dataclass(eq=False)
class ReportContext:
    """An open audit: audit date, configuration, language and a read-only connection.

    The connection (:attr:`con`) is opened on first use and closed by :meth:`release`; in
    Jupyter every context is released after each cell, so a notebook left open holds no
    lock on the audit database and ``gdpr-audit load``/``assess`` can write to it between
    two cells.
    """

    db_path: Path
    as_of: dt.date
    lang: str
    config: dict[str, Any] = field(default_factory=dict)
    salt: str = ""  # the audit's secret salt (open_audit reads it from the database)
    #: the stored ``audit_runs`` row of the audit date (None: assessed by an older version)
    run: dict[str, Any] | None = None
    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The read-only connection, opened now if released (timestamps in the audit's zone)."""
        if self._con is None:
            self._con = _open_read_only(self.db_path, self.run)
        return self._con

    @property
    def assess_config(self) -> dict[str, Any]:
        """The ``assess`` section, what ``gdpr_audit.assess.<area>.run`` expects."""
        return self.config.get("assess", {})

    def release(self) -> None:
        """Close the connection (reopened by the next use of :attr:`con`)."""
        if self._con is not None:
            self._con.close()
            self._con = None


#: Contexts opened in this process, released after every notebook cell.
_OPEN: weakref.WeakSet[ReportContext] = weakref.WeakSet()


def _open_read_only(path: Path, run: dict[str, Any] | None) -> duckdb.DuckDBPyConnection:
    con = connect(path, read_only=True)
    if run and run.get("timezone"):  # timestamps on the pages in the audit's zone
        con.execute("SET TimeZone = $zone", {"zone": str(run["timezone"])})
    return con


def release_all(*_: Any) -> None:
    """Close every report connection of this process (an IPython ``post_run_cell`` hook)."""
    for ctx in list(_OPEN):
        ctx.release()


def _release_after_each_cell() -> None:
    """In IPython/Jupyter, register :func:`release_all` to run after every cell (once)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with jupyterlab
        return
    shell = get_ipython()
    if shell is None:
        return
    with contextlib.suppress(ValueError):  # not registered yet
        shell.events.unregister("post_run_cell", release_all)
    shell.events.register("post_run_cell", release_all)


def stored_dates(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """Audit dates with a stored run (``audit_runs``), oldest first."""
    if not table_exists(con, "audit_runs"):
        return []
    return [r[0] for r in con.execute("SELECT DISTINCT as_of FROM audit_runs ORDER BY 1")
            .fetchall()]


def open_audit(db_path: str | Path, as_of: str | dt.date = "", lang: str = "en",
               config_path: str | Path = "") -> ReportContext:
    """Open the audit database read-only for a report notebook.

    ``as_of``: ``YYYY-MM-DD``; ``"today"`` (UTC, the default of ``gdpr-audit run``); empty
    means the date of the last assessment (``audit_findings``).

    Raises:
        InputError: the database is missing or locked by a writer, holds no assessment and
            no ``as_of`` is given, or holds assessments but none of ``as_of``.
    """
    enforce_offline()
    check_lang(lang)
    path = Path(db_path)
    con = connect(path, read_only=True)
    try:
        date = parse_as_of(as_of) or assessed_as_of(con)
        if date is None:
            raise InputError(
                f"{path} holds no assessment: run `gdpr-audit assess` or pass --as-of")
        run = latest_run(con, date)
        dates = stored_dates(con)
        if run is None and dates:
            raise InputError(
                f"{path.name} holds no assessment of {date.isoformat()} (stored: "
                f"{', '.join(d.isoformat() for d in dates[-5:])}): set as_of to one of "
                f"them or run `gdpr-audit assess --db {path} --as-of {date.isoformat()}`")
        salt = audit_salt(con)
    finally:
        con.close()
    config = load_audit_config(Path(config_path) if config_path else None)
    ctx = ReportContext(db_path=path, as_of=date, lang=lang, config=config, salt=salt, run=run)
    _OPEN.add(ctx)
    _release_after_each_cell()
    return ctx
