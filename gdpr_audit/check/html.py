"""The offline result page ``checks.html`` and the JSON result ``checks.json``.

GX's Data Docs load scripts and a logo from third-party hosts; this page is one
self-contained file (inline CSS, no script, no external URL) for the DPO. It shows
names, articles, thresholds and counts: a :class:`CheckRun` holds no cell values.
"""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path
from string import Template

from gdpr_audit.check.results import CheckRun, ExpectationOutcome, threshold_text

_STATUS_LABEL = {"passed": "pass", "failed": "FAIL", "error": "ERROR"}


def write_results(run: CheckRun, out_dir: Path) -> tuple[Path, Path]:
    """Write ``checks.html`` and ``checks.json`` into ``out_dir``; return both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "checks.html"
    json_path = out_dir / "checks.json"
    html_path.write_text(render_html(run), encoding="utf-8")
    json_path.write_text(run.to_json(), encoding="utf-8")
    return html_path, json_path


def render_html(run: CheckRun) -> str:
    """The result page as one HTML string."""
    template = Template(
        resources.files("gdpr_audit.check").joinpath("templates", "checks.html").read_text("utf-8")
    )
    counts = run.counts()
    sections = "\n".join(
        _suite_section(s.name, s.table, s.description, s.rows, s.seconds, s.success, s.expectations)
        for s in run.suites
    )
    return template.substitute(
        as_of=_e(run.as_of.isoformat()),
        database=_e(run.database),
        gx_version=_e(run.gx_version),
        verdict="passed" if run.success else "failed",
        verdict_text="All expectations met" if run.success else "Expectations failed",
        passed=counts["passed"],
        failed=counts["failed"],
        errors=counts["error"],
        total=sum(counts.values()),
        sections=sections,
    )


def _suite_section(
    name: str,
    table: str,
    description: str,
    rows: int,
    seconds: float,
    success: bool,
    expectations: list[ExpectationOutcome],
) -> str:
    body = "\n".join(_row(e) for e in expectations)
    state = "passed" if success else "failed"
    return (
        f'<section class="suite {state}" id="suite-{_e(name)}">\n'
        f"<h2>{_e(name)} <small>{_e(table)} &middot; {rows:,} rows &middot; "
        f"{seconds:.2f} s</small></h2>\n"
        f"<p>{_e(description)}</p>\n"
        "<table><thead><tr><th>status</th><th>expectation</th><th>article</th><th>column(s)</th>"
        "<th>unexpected</th><th>of</th><th>share</th><th>threshold</th><th>guards check</th>"
        f"</tr></thead>\n<tbody>\n{body}\n</tbody></table>\n</section>"
    )


def _row(e: ExpectationOutcome) -> str:
    share = f"{e.unexpected_percent:.2f} %" if e.unexpected_percent is not None else ""
    detail = f"<br><small>{_e(e.error)}</small>" if e.error else ""
    return (
        f'<tr class="{e.status}"><td class="status">{_STATUS_LABEL[e.status]}</td>'
        f"<td><b>{_e(e.name)}</b><br><small>{_e(e.description)}</small>{detail}"
        f"<br><code>{_e(e.type)}</code></td>"
        f"<td>Art. {_e(e.article)}</td><td>{_e(', '.join(e.columns))}</td>"
        f"<td class=num>{_num(e.unexpected_count)}</td><td class=num>{_num(e.element_count)}</td>"
        f"<td class=num>{share}</td><td>{_e(threshold_text(e.threshold))}</td>"
        f"<td>{_e(', '.join(e.check_ids))}</td></tr>"
    )


def _num(value: int | None) -> str:
    return f"{value:,}" if value is not None else ""


def _e(text: str) -> str:
    return html.escape(text, quote=True)
