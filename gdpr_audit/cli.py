"""The ``gdpr-audit`` command line: thin wrappers around the stages.

Exit codes: 0 ok, 1 audit or check failures, 2 usage or input errors. User
mistakes end in one clean line on stderr, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from gdpr_audit.core.config import enforce_offline
from gdpr_audit.core.errors import GdprAuditError

app = typer.Typer(
    name="gdpr-audit",
    help="Audit CRM exports for GDPR (DSGVO) compliance: load -> scan -> assess -> check -> report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

DbOption = Annotated[
    Path,
    typer.Option("--db", help="Audit database (DuckDB file).", dir_okay=False),
]


@app.command()
def version() -> None:
    """Print the gdpr-audit version."""
    from gdpr_audit import __version__

    typer.echo(__version__)


@app.callback()
def _root() -> None:
    """Audit CRM exports for GDPR (DSGVO) compliance: load -> scan -> assess -> check -> report."""


def main() -> None:
    """Entry point: run the app and map errors to exit codes (0 ok, 1 failures, 2 usage/input)."""
    enforce_offline()
    try:
        app()  # standalone: click prints usage errors itself and exits with 2
    except GdprAuditError as exc:
        console.print(f"error: {exc}", style="bold red", highlight=False, markup=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
