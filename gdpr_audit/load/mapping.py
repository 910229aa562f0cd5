"""Which mapping each raw table gets, and the record of what every header fed.

:func:`plan_sources` decides per raw table: the vendor profile that claims it (on its
own headers, :func:`gdpr_audit.load.profile.detect`), else the generic mapping
(:mod:`gdpr_audit.load.generic`), else nothing. :func:`record_mapping` writes after
the build, in the audit database:

- ``model_match``: per raw table the decision, the headers it rested on and a warning
  when a profile matched only on generic headers or two profiles tied;
- ``model_columns``: per raw table and canonical column the raw header(s) that fed it,
  how (``profile``, ``synonym``, ``pattern``, ``link``, ``constant``, ``template``) and
  why, and ``rows_filled`` (rows where the canonical column has a value): the checks'
  "is this field really mapped for this source" (a canonical column with 0 rows filled
  was not fed); plus rows for headers that fed nothing (``unused``) and headers a vendor
  profile ignores whose name and values fit a canonical column (``proposed``).

``gdpr-audit map`` reads these tables back (:func:`map_report`). Counts, header names
and reasons only: no value is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb

from gdpr_audit.core.db import columns_of, list_tables, quote_ident, run_script, table_exists
from gdpr_audit.load.generic import GENERIC, Decision, GenericTable, plan_tables, proposals
from gdpr_audit.load.match import header_key
from gdpr_audit.load.naming import PROVENANCE_COLUMNS
from gdpr_audit.load.profile import (
    Detection,
    Entity,
    Profile,
    detect,
    profile_from_dict,
    specificity,
)

#: canonical column fed by each generic field (for ``model_columns``).
_FIELD_COLUMN = {
    "person_id": "contact_id", "customer_flag": "is_customer", "customer_number": "customer_number",
    "order_count": "is_customer",
    "customer_status": "is_customer", "full_name": "last_name", "consent_given": "given_at",
    "consent_confirmed": "doi_confirmed_at", "consent_withdrawn": "withdrawn_at",
    "consent_ip": "proof_source", "consent_source": "proof_source", "consent_flag": "legal_basis",
    "activity_id": "communication_id", "activity_type": "channel", "done": "",
    "ticket_id": "record_id", "document_id": "record_id", "document_type": "record_type",
    "document_date": "created_at", "ticket_created": "created_at", "ticket_closed": "completed_at",
    "ticket_due": "deadline_at", "ticket_status": "status", "ticket_type": "request_type",
    "description": "body",
}


@dataclass(frozen=True)
class Plan:
    """One raw table and the (profile, entity) that maps it."""

    raw_table: str
    profile: Profile
    entity: Entity


@dataclass
class Planned:
    """Plans plus what the decisions rested on (for ``model_match`` and ``map``)."""

    plans: list[Plan] = field(default_factory=list)
    detections: dict[str, Detection] = field(default_factory=dict)
    generic: dict[str, GenericTable] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plan_sources(
    con: duckdb.DuckDBPyConnection, profiles: list[Profile], *, forced: bool = False
) -> Planned:
    """Decide the mapping of every raw table (vendor profile, generic, or none)."""
    out = Planned()
    spec = specificity(profiles)
    rest = []
    for raw in list_tables(con, schema="raw"):
        found = detect(con, raw, profiles, forced=forced, spec=spec)
        out.detections[raw] = found
        if found.warning:
            out.warnings.append(found.warning)
        if found.profile is not None and found.entity is not None:
            out.plans.append(Plan(raw, found.profile, found.entity))
        else:
            rest.append(raw)
    if rest and not forced:
        out.generic = plan_tables(con, rest)
    for raw in rest:
        table = out.generic.get(raw)
        out.warnings.extend(table.warnings if table else [])
        if table is None or table.profile is None:
            out.unmatched.append(raw)
            continue
        prof = profile_from_dict(table.profile, f"generic mapping of raw.{raw}")
        primary = next(e for e in prof.entities if e.derive_from is None)
        out.plans.append(Plan(raw, prof, primary))
    return out


# ------------------------------------------------------------------------ bookkeeping


def create_mapping_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``model_match`` and ``model_columns`` if missing."""
    run_script(con, "model", "mapping")


def record_mapping(con: duckdb.DuckDBPyConnection, planned: Planned) -> None:
    """Refill ``model_match`` and ``model_columns`` after a model build (one transaction)."""
    create_mapping_tables(con)
    match_rows, column_rows = [], []
    for raw, det in planned.detections.items():
        gen = planned.generic.get(raw)
        plan = next((p for p in planned.plans if p.raw_table == raw), None)
        strength = det.strength
        if det.profile is not None:
            decision, reason = "profile", (
                "own headers: " + ", ".join(strength.specific) if strength and strength.specific
                else "forced with --profile or laid out exactly as the profile describes")
        elif gen is not None and gen.profile is not None:
            decision, reason = GENERIC, f"{gen.kind}: {gen.reason}"
        else:
            decision = "none"
            reason = gen.reason if gen else "no profile matched (generic mapping off)"
        match_rows.append([
            raw, plan.profile.name if plan else None, plan.entity.name if plan else None,
            decision, ", ".join(strength.specific) if strength else "",
            ", ".join(strength.generic) if strength else "", det.warning, reason,
            det.warning_key,
            json.dumps(det.warning_params, sort_keys=True) if det.warning_params else None,
        ])
        if plan is not None:
            column_rows += _profile_columns(con, plan, gen)
        elif gen is not None:
            column_rows += [[raw, "none", None, None, d.header, "unused", d.reason, None]
                            for d in gen.decisions]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM model_match")
        con.execute("DELETE FROM model_columns")
        if match_rows:
            con.executemany("INSERT INTO model_match VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            match_rows)
        if column_rows:
            con.executemany("INSERT INTO model_columns VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            column_rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    _fill_counts(con)


def _profile_columns(
    con: duckdb.DuckDBPyConnection, plan: Plan, gen: GenericTable | None
) -> list[list[object]]:
    """``model_columns`` rows of one planned raw table (every entity it feeds)."""
    raw = plan.raw_table
    raw_cols = [c for c in columns_of(con, raw, schema="raw") if c not in PROVENANCE_COLUMNS]
    by_key = {header_key(c): c for c in raw_cols}
    why = {d.header: d for d in gen.decisions} if gen else {}
    rows: list[list[object]] = []
    fed: set[str] = set()
    for ent in (plan.entity, *plan.profile.derived(plan.entity.name)):
        for spec in ent.columns:
            present = [by_key[header_key(h)] for h in spec.headers if header_key(h) in by_key]
            if spec.value is not None:
                rows.append([raw, plan.profile.name, ent.table, spec.column, None, "constant",
                             f"constant {spec.value!r}", None])
                continue
            if not present and spec.template is not None:
                rows.append([raw, plan.profile.name, ent.table, spec.column, None, "template",
                             "built from the record's position", None])
                continue
            for col in present:
                fed.add(col)
                d: Decision | None = why.get(col)
                how = d.how if d else "profile"
                reason = d.reason if d else f"profile {plan.profile.name}, entity {ent.name}"
                rows.append([raw, plan.profile.name, ent.table, spec.column, col, how, reason,
                             None])
            if not present:
                rows.append([raw, plan.profile.name, ent.table, spec.column, None, "missing",
                             "the table lacks the header(s) " + ", ".join(spec.headers), None])
        for header, _ in ent.where:
            filtered = by_key.get(header_key(header))
            if filtered is not None and filtered not in fed:
                fed.add(filtered)
                rows.append([raw, plan.profile.name, ent.table, None, filtered, "filter",
                             f"row filter of entity {ent.name}", None])
    unread = [c for c in raw_cols if c not in fed]
    proposed = {} if gen else {d.header: d for d in proposals(con, raw, unread)}
    for col in unread:
        if col in proposed:
            d = proposed[col]
            rows.append([raw, plan.profile.name, None, _FIELD_COLUMN.get(d.field, d.field), col,
                         "proposed", d.reason, None])
        else:
            d = why.get(col)
            rows.append([raw, plan.profile.name, None, None, col, "unused",
                         d.reason if d else "the profile does not read it", None])
    return rows


def _fill_counts(con: duckdb.DuckDBPyConnection) -> None:
    """``rows_filled``: rows of the canonical column with a value, per source table."""
    pairs = con.execute(
        "SELECT DISTINCT canonical_table, canonical_column FROM model_columns "
        "WHERE canonical_table IS NOT NULL AND how NOT IN ('proposed', 'unused')"
    ).fetchall()
    by_table: dict[str, list[str]] = {}
    for table, column in pairs:
        if table_exists(con, table) and column in columns_of(con, table):
            by_table.setdefault(table, []).append(column)
    for table, cols in by_table.items():
        counts = ", ".join(f"count({quote_ident(c)})" for c in cols)
        for row in con.execute(
            f"SELECT source_table, {counts} FROM {quote_ident(table)} GROUP BY source_table"
        ).fetchall():
            con.executemany(
                "UPDATE model_columns SET rows_filled = ? WHERE raw_table = ? "
                "AND canonical_table = ? AND canonical_column = ?",
                [[n, row[0], table, c] for c, n in zip(cols, row[1:], strict=True)],
            )
    con.execute("UPDATE model_columns SET rows_filled = 0 WHERE rows_filled IS NULL "
                "AND canonical_table IS NOT NULL AND how NOT IN ('proposed', 'unused')")
