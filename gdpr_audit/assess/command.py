"""What the ``assess`` and ``export-subject`` commands do, kept out of ``cli.py``.

Opens the database, runs the stage, renders the summary (rich tables) and the JSON
file; ``cli.py`` only parses arguments and sets the exit code.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.table import Table

from gdpr_audit.assess.base import json_value
from gdpr_audit.assess.charts import store_run
from gdpr_audit.assess.export import ExportManifest, export_subject
from gdpr_audit.assess.registry import AREAS, AssessmentResult, all_checks, run_assessment
from gdpr_audit.assess.views import store_views
from gdpr_audit.core.comments import apply_comments
from gdpr_audit.core.config import load_audit_config
from gdpr_audit.core.db import connect
from gdpr_audit.core.errors import InputError, UsageError
from gdpr_audit.core.types import Severity

SEVERITIES = [s.value for s in Severity]


def parse_day(text: str | None, option: str = "--as-of") -> dt.date:
    """``YYYY-MM-DD`` as a date; today in UTC when ``text`` is None.

    Raises:
        UsageError: not an ISO date.
    """
    if text is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} must be a date YYYY-MM-DD, got {text!r}") from None


def parse_severity(text: str | None) -> Severity | None:
    """``--fail-on`` value as a :class:`Severity` (None when not given)."""
    if text is None:
        return None
    try:
        return Severity(text.lower())
    except ValueError:
        raise UsageError(
            f"--fail-on must be one of {', '.join(SEVERITIES)}, got {text!r}"
        ) from None


def _existing_db(db: Path) -> Path:
    if not db.is_file():
        raise InputError(f"database not found: {db}")
    return db


def assess_database(
    db: Path,
    as_of: dt.date,
    config_path: Path | None = None,
    areas: Sequence[str] | None = None,
    on_area: Callable[[str], None] | None = None,
) -> AssessmentResult:
    """Run the assessment on the database file ``db``; store ``audit_findings``, the chart
    tables and the ``audit_runs`` row the report reads."""
    config = load_audit_config(config_path)
    con = connect(_existing_db(db))
    try:
        result = run_assessment(con, as_of, config, areas=areas, on_area=on_area)
        store_run(con, result, config, db)  # chart tables + audit_runs: the report's one truth
        store_views(con, as_of, config)  # the v_* rule views, for other tools and `check`
        apply_comments(con)  # describe the result tables for other tools (core/comments.yaml)
        return result
    finally:
        con.close()


def summary_table(result: AssessmentResult) -> Table:
    """One row per check: area, check id, article, severity, findings; area timings."""
    table = Table(title=f"assessment as of {result.as_of.isoformat()}")
    table.add_column("area")
    table.add_column("check", no_wrap=True)
    table.add_column("article", no_wrap=True)
    table.add_column("severity")
    table.add_column("findings", justify="right")
    table.add_column("gaps", justify="right")
    summary = result.summary
    for area, rows in summary.groupby("area", sort=False):
        first = True
        for row in rows.itertuples(index=False):
            label = f"{area} ({result.timings.get(str(area), 0.0):.2f}s)" if first else ""
            style = "bold" if row.findings else "dim"
            table.add_row(label, row.check_id, row.article, row.severity,
                          f"{row.findings:,}", f"{row.gaps:,}" if row.gaps else "",
                          style=style)
            first = False
    return table


def totals_line(result: AssessmentResult) -> str:
    """``N finding(s): a critical, b high, ...``, the gaps, ``timings: ...; total X.Xs``."""
    counts = result.findings["severity"].value_counts().to_dict()
    parts = [f"{counts.get(s, 0):,} {s}" for s in reversed(SEVERITIES)]
    times = ", ".join(f"{k} {t:.2f}s" for k, t in result.timings.items())
    total = sum(result.timings.values())
    gaps = result.gaps
    gap_line = ""
    if len(gaps):
        shown = "; ".join(
            f"{r.check_id} on {r.source if isinstance(r.source, str) else 'no source'}"
            + (f" ({', '.join(r.missing)} missing)" if len(r.missing) else "")
            for r in gaps.head(5).itertuples(index=False)
        )
        more = f"; {len(gaps) - 5:,} more" if len(gaps) > 5 else ""
        gap_line = (f"\n{len(gaps):,} gap(s) (not or partly assessable, see "
                    f"audit_assessability): {shown}{more}")
    return (f"{len(result.findings):,} finding(s): {', '.join(parts)}{gap_line}\n"
            f"timings: {times}; total {total:.1f}s")


def findings_json(result: AssessmentResult) -> dict[str, Any]:
    """The ``--json`` document: summary, timings, assessability per check and source,
    and findings (pseudonymous refs only)."""
    findings = result.findings.copy()
    findings["as_of"] = findings["as_of"].astype(str)
    findings["run_at"] = findings["run_at"].astype(str)
    # structured columns as JSON values: day ISO, NULL figures null, params an object
    findings["event_date"] = [json_value(d) for d in findings["event_date"]]
    for column in ("measured_value", "limit_value"):
        findings[column] = [json_value(v) for v in findings[column]]
    findings["params"] = [json.loads(p) if isinstance(p, str) else None
                          for p in findings["params"]]
    findings = findings.astype(object).where(findings.notna(), None)
    judged = result.assessability.drop(columns=["as_of", "run_at"]).copy()
    judged["missing"] = [list(m) if m is not None else [] for m in judged["missing"]]
    judged["source"] = [s if isinstance(s, str) else None for s in judged["source"]]
    return {
        "as_of": result.as_of.isoformat(),
        "checks": len(result.summary),
        "totals": result.findings["severity"].value_counts().to_dict(),
        "timings_seconds": {k: round(v, 3) for k, v in result.timings.items()},
        "summary": result.summary.to_dict("records"),
        "gaps": len(result.gaps),
        "assessability": judged.to_dict("records"),
        "findings": findings.to_dict("records"),
    }


def write_json(result: AssessmentResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(findings_json(result), indent=2, ensure_ascii=False), "utf-8")


def known_areas() -> list[str]:
    return list(AREAS)


def check_count() -> int:
    return len(all_checks())


def export_subject_file(
    db: Path,
    out: Path,
    *,
    email: str | None,
    contact_id: str | None,
    as_of: str | None,
    force: bool,
    system: str | None = None,
) -> ExportManifest:
    """Export one subject from the database file ``db`` (read-only) into ``out``.

    ``as_of`` (``YYYY-MM-DD`` or an ISO timestamp) fixes ``generated_at``; default now.
    """
    generated_at = None
    if as_of is not None:
        try:
            stamp = dt.datetime.fromisoformat(as_of)
        except ValueError:
            raise UsageError(f"--as-of must be a date or ISO timestamp, got {as_of!r}") from None
        generated_at = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    con = connect(_existing_db(db), read_only=True)
    try:
        return export_subject(con, out, email=email, contact_id=contact_id, system=system,
                              generated_at=generated_at, force=force)
    finally:
        con.close()
