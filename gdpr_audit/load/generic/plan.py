"""The generic mapping of every raw table no profile claims: record kind, then its profile."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

import duckdb

from gdpr_audit.core.db import columns_of
from gdpr_audit.load.generic.builder import GENERIC, Builder, Decision, GenericTable, PeopleFile
from gdpr_audit.load.generic.people import people_entities
from gdpr_audit.load.generic.records import activity_entities, document_entities, ticket_entities
from gdpr_audit.load.generic.spec import Spec, generic_spec, header_fields
from gdpr_audit.load.generic.values import Column, Fit, date_order, sample
from gdpr_audit.load.match import header_variants, header_words
from gdpr_audit.load.naming import PROVENANCE_COLUMNS

#: Fields one of which a table needs before it can be of a record kind.
_KIND_NEEDS = {
    "people": {"email", "first_name", "last_name", "full_name"},
    "tickets": {"ticket_id", "ticket_type", "ticket_closed", "ticket_status"},
    "activities": {"activity_type", "sent_at", "campaign"},
    "documents": {"document_id", "document_type", "amount"},
}
_ENTITIES = {"people": people_entities, "activities": activity_entities,
             "tickets": ticket_entities, "documents": document_entities}


def _data_columns(con: duckdb.DuckDBPyConnection, raw_table: str) -> list[str]:
    return [c for c in columns_of(con, raw_table, schema="raw") if c not in PROVENANCE_COLUMNS]


def kind_of(raw_table: str, cols: list[Column], spec: Spec) -> tuple[str | None, str]:
    """The record kind from the fields the headers name, and the table name's words."""
    name_words = set(re.split(r"[^a-z0-9]+", raw_table.lower()))
    prefixes = {header_words(c.header).split(" ")[0] for c in cols
                if len(header_variants(c.header)) > 1}
    if len(prefixes) == 1:
        name_words |= prefixes | {p + "s" for p in prefixes}
    skipped = sorted(name_words & spec.skip)
    if skipped and not name_words & {n for k in spec.kinds.values() for n in k["names"]}:
        return None, f"{skipped[0]} records have no canonical table (left in raw)"
    fields = {f for c in cols for f, _ in c.fields}
    best: tuple[int, str | None, str] = (0, None, "no record kind recognised from the headers")
    for kind, info in spec.kinds.items():
        if not fields & _KIND_NEEDS[kind]:
            continue
        hits = sorted(fields & set(info["signals"]))
        named = bool(name_words & {w.replace("ä", "ae") for w in info["names"]})
        score = len(hits) + 2 * named
        if (len(hits) >= 2 or (hits and named)) and score > best[0]:
            why = f"headers name {', '.join(hits)}" + (" and the file name says so" if named
                                                      else "")
            best = (score, kind, why)
    return best[1], best[2]


def plan_tables(
    con: duckdb.DuckDBPyConnection, raw_tables: list[str]
) -> dict[str, GenericTable]:
    """The generic mapping of every table in ``raw_tables`` (people first, then the rest)."""
    spec = generic_spec()
    staged: dict[str, tuple[list[Column], str | None, str]] = {}
    for raw in raw_tables:
        cols = [Column(h, header_fields(h, spec), []) for h in _data_columns(con, raw)]
        kind, why = kind_of(raw, cols, spec)
        staged[raw] = (cols, kind, why)
    out: dict[str, GenericTable] = {}
    people: dict[str, PeopleFile] = {}
    for raw in sorted(staged, key=lambda r: staged[r][1] != "people"):
        cols, kind, why = staged[raw]
        table = GenericTable(raw, kind, why)
        out[raw] = table
        if kind is None:
            table.decisions = [Decision(c.header, "", "unused", "no record kind") for c in cols]
            continue
        for c in cols:
            if c.fields:
                c.values = sample(con, raw, c.header)
        build(Builder(con, table, cols, spec, people))
    return out


def build(b: Builder) -> None:
    """Write the profile of the builder's table (its kind's entities) and its decisions."""
    kind = b.t.kind
    entities = _ENTITIES[kind](b) if kind in _ENTITIES else {}
    for c in b.cols:
        b.decisions.setdefault(
            c.header, Decision(c.header, "", "unused",
                               "no generic field has this name" if not c.fields
                               else f"not needed for {kind}"))
    b.t.decisions = [b.decisions[c.header] for c in b.cols]
    if entities:
        # entities a lookup names come after the table's own (the first is its primary)
        extra = {n: copy.deepcopy(e) for n, e in b.extra_entities.items() if n not in entities}
        b.t.profile = {
            "name": GENERIC,
            "description": f"Generic mapping of raw.{b.t.raw_table} ({kind}): {b.t.reason}.",
            "timezone": "Europe/Berlin",
            "date_order": b.date_order,
            "decimal": ",",
            "entities": entities | extra,
        }


def merged_profile(tables: Iterable[GenericTable], name: str = "my_crm") -> dict[str, Any]:
    """One editable profile holding the generic mapping of every mapped table."""
    entities: dict[str, Any] = {}
    orders = []
    for t in tables:
        if t.profile:
            for ent_name, ent in t.profile["entities"].items():
                entities.setdefault(ent_name, ent)
            orders.append(t.profile["date_order"])
    return {
        "name": name,
        "description": "Written by `gdpr-audit map --write-profile` from the generic mapping; "
                       "check every entity, then rename and ship it (README, 'How to add a "
                       "CRM profile').",
        "timezone": "Europe/Berlin",
        "date_order": max(set(orders), key=orders.count) if orders else "dmy",
        "decimal": ",",
        "entities": entities,
    }


def proposals(
    con: duckdb.DuckDBPyConnection, raw_table: str, unread: list[str]
) -> list[Decision]:
    """Headers a vendor profile does not read whose name and values fit a generic field."""
    spec = generic_spec()
    cols = [Column(h, header_fields(h, spec), []) for h in unread]
    cols = [c for c in cols if c.fields]
    for c in cols:
        c.values = sample(con, raw_table, c.header)
    fit = Fit(con, date_order(c.values for c in cols))
    out = []
    for c in cols:
        for field_name, how in c.fields:
            if spec.fields[field_name].kind in ("text", "id", "type", "status", "name"):
                continue  # only proposals whose values can be checked
            ok, why = fit(c, field_name)
            if ok:
                out.append(Decision(c.header, field_name, "proposed",
                                    f"name ({how}) and values fit: {why}"))
                break
    return out
