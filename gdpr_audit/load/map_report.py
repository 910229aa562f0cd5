"""``gdpr-audit map``: how every source was mapped, and an editable profile for unknown ones.

Reads back what the model build recorded (``model_match``, ``model_columns``,
``model_log``): per raw table the profile and entity, each canonical column and the
header(s) that fed it with how and why, the headers that fed nothing, and rows mapped /
rejected / skipped. Header names, reasons and counts only.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from gdpr_audit.core.db import table_exists
from gdpr_audit.core.errors import UsageError
from gdpr_audit.load.generic import merged_profile
from gdpr_audit.load.mapping import plan_sources
from gdpr_audit.load.profile import list_profiles, load_profile


def prepare(
    con: duckdb.DuckDBPyConnection, paths: list[Path], profile: str | None
) -> None:
    """Load ``paths`` (if any) and build the model unless the database already has one."""
    from gdpr_audit.load.loader import load_paths
    from gdpr_audit.load.model import build_model

    if paths:
        load_paths(con, paths)
    if paths or profile or not table_exists(con, "model_match"):
        if not table_exists(con, "load_log") and not paths:
            raise UsageError("the database holds no loaded exports: give PATH or run "
                             "`gdpr-audit load` first")
        build_model(con, profile)


def report_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The mapping, one block per raw table (plain text for the terminal)."""
    lines: list[str] = []
    logs: dict[str, list[tuple]] = {}
    for row in con.execute(
        "SELECT raw_table, entity, canonical_table, rows_in, rows_mapped, rows_rejected, "
        "rows_skipped, unparsed FROM model_log ORDER BY raw_table, canonical_table"
    ).fetchall():
        logs.setdefault(row[0], []).append(row[1:])
    for raw, prof, entity, decision, warning, reason in con.execute(
        "SELECT raw_table, profile, entity, decision, warning, reason FROM model_match "
        "ORDER BY raw_table"
    ).fetchall():
        head = f"raw.{raw}: " + (f"{prof} / {entity}" if prof else "not mapped")
        lines.append(f"{head}  [{decision}: {reason}]")
        if warning:
            lines.append(f"  warning: {warning}")
        for ent, table, n_in, mapped, rejected, skipped, unparsed in logs.get(raw, []):
            lines.append(f"  {ent} -> {table}: {mapped} of {n_in} rows mapped, {rejected} "
                         f"rejected (no key), {skipped} skipped (filter / required column)"
                         + (f", unparsed {unparsed}" if unparsed not in (None, "{}") else ""))
        for table, column, raw_col, how, why, filled in con.execute(
            "SELECT canonical_table, canonical_column, raw_column, how, reason, rows_filled "
            "FROM model_columns WHERE raw_table = ? AND how NOT IN ('unused', 'proposed') "
            "ORDER BY canonical_table, canonical_column", [raw]
        ).fetchall():
            src = f"{raw_col!r}" if raw_col else "-"
            if column is None:
                lines.append(f"    {table} rows filtered by {src} ({why})")
                continue
            lines.append(f"    {table}.{column} <- {src} ({how}; {why}; {filled} rows filled)")
        for raw_col, column, why in con.execute(
            "SELECT raw_column, canonical_column, reason FROM model_columns "
            "WHERE raw_table = ? AND how = 'proposed' ORDER BY raw_column", [raw]
        ).fetchall():
            lines.append(f"    proposed: {raw_col!r} looks like {column} ({why})")
        unused = con.execute(
            "SELECT raw_column, reason FROM model_columns WHERE raw_table = ? AND how = 'unused' "
            "ORDER BY raw_column", [raw]
        ).fetchall()
        if unused:
            lines.append("    fed nothing: " + "; ".join(f"{c!r} ({r})" for c, r in unused))
    return lines


class _NoAliases(yaml.SafeDumper):
    """Repeat shared values (a contact id spec) instead of YAML anchors: easier to edit."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def write_profile(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write the generic mapping of every table no profile claims as one profile YAML.

    Returns the number of entities written (0: every table has a vendor profile).
    """
    planned = plan_sources(con, [load_profile(n) for n in list_profiles()])
    data = merged_profile(planned.generic.values())
    text = ("# Written by `gdpr-audit map --write-profile` from the generic mapping: header\n"
            "# choices and value maps are proposals. Check them, rename the profile and\n"
            "# use it with --profile (README, 'How to add a CRM profile').\n"
            + yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100))
    path.write_text(text, "utf-8")
    return len(data["entities"])
