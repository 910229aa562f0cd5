"""Choosing the headers of one raw table: the state every record kind's mapping shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from gdpr_audit.core.db import quote_ident
from gdpr_audit.load.generic.spec import Spec
from gdpr_audit.load.generic.values import Column, Fit, date_order

GENERIC = "generic"


@dataclass(frozen=True)
class Decision:
    """What the generic mapping decided about one header (shown by ``gdpr-audit map``)."""

    header: str
    field: str  # generic field (``consent_given``) or '' when it fed nothing
    how: str  # synonym | pattern | link | unused
    reason: str


@dataclass
class GenericTable:
    """The generic mapping of one raw table: its kind, decisions and profile data."""

    raw_table: str
    kind: str | None
    reason: str
    decisions: list[Decision] = field(default_factory=list)
    profile: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class PeopleFile:
    """A people table already mapped: what other files of the export may link to.

    ``keys`` maps what a header holds (``id``, ``email``, ``customer_number``) to the
    header; ``entity`` is the mapped entity (copied into a linking file's profile so
    that its ``lookup`` can name it).
    """

    raw_table: str
    name: str
    entity: dict[str, Any]
    keys: dict[str, str]


class Builder:
    """Chooses the headers of one table; the record kinds' modules write its entities."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        table: GenericTable,
        cols: list[Column],
        spec: Spec,
        people: dict[str, PeopleFile],
    ):
        self.con, self.t, self.cols, self.spec, self.people = con, table, cols, spec, people
        self.date_order = date_order(c.values for c in cols)
        self.fit = Fit(con, self.date_order)
        self.chosen: dict[str, list[str]] = {}  # field -> headers
        self.taken: set[str] = set()
        self.decisions: dict[str, Decision] = {}
        #: entities of other tables a lookup of this table names (added to its profile)
        self.extra_entities: dict[str, Any] = {}

    @property
    def name(self) -> str:
        """The entity name of this table."""
        return entity_name(self.t.raw_table)

    def pick(self, field_name: str, *, many: bool = False) -> list[str]:
        """Headers for ``field_name`` whose values fit (synonyms before patterns)."""
        found = []
        for c in self.cols:
            if c.header in self.taken:
                continue
            how = dict(c.fields).get(field_name)
            if how is None:
                continue
            ok, why = self.fit(c, field_name)
            if not ok:
                self.decisions.setdefault(
                    c.header, Decision(c.header, "", "unused",
                                       f"named like {field_name} but {why}"))
                continue
            rank = self.spec.fields[field_name].rank(c.header)
            found.append(((how != "synonym", rank), c.header, how, why))
        found.sort(key=lambda x: x[0])
        picked = found if many else found[:1]
        for _, header, how, why in picked:
            self.take(header, field_name, how, why)
        self.chosen[field_name] = [h for _, h, _, _ in picked]
        return self.chosen[field_name]

    def take(self, header: str, field_name: str, how: str, why: str) -> None:
        """Record that ``header`` feeds ``field_name`` (no other field may use it)."""
        self.taken.add(header)
        self.decisions[header] = Decision(header, field_name, how, why)

    def values_of(self, header: str) -> list[str]:
        return next(c.values for c in self.cols if c.header == header)

    def record_id(self, field_name: str) -> dict[str, Any]:
        """The id column spec: a unique id header, else the record's position."""
        ids = self.pick(field_name)
        if ids and self.unique(ids[0]):
            return {"source": ids[0], "template": "{_source_file}#{_record_no}"}
        if ids:
            self.taken.discard(ids[0])
            self.decisions[ids[0]] = Decision(ids[0], "", "unused",
                                              "named like an id but its values repeat")
            self.chosen[field_name] = []
        return {"template": "{_source_file}#{_record_no}"}

    def unique(self, header: str) -> bool:
        """Whether (nearly) every row has a value and no value repeats: a key."""
        q = quote_ident(header)
        row = self.con.execute(
            f"SELECT count({q}), count(DISTINCT {q}), count(*) "
            f"FROM raw.{quote_ident(self.t.raw_table)}"
        ).fetchone()
        return bool(row and row[2] and row[0] >= 0.9 * row[2] and row[1] >= 0.98 * row[0])

    def columns(self, mapping: dict[str, str], many: Iterable[str] = ()) -> dict[str, Any]:
        """``{canonical: header(s)}`` for the fields of ``mapping`` whose headers fit."""
        out: dict[str, Any] = {}
        for canonical, field_name in mapping.items():
            headers = self.pick(field_name, many=field_name in set(many))
            if headers:
                out[canonical] = headers[0] if len(headers) == 1 else headers
        return out


def key_template(key: dict[str, Any], suffix: str) -> str:
    """A derived row's id: the record's id (or position) and ``#suffix``."""
    src = key.get("source")
    return f"{{{src}}}#{suffix}" if src else f"{{_source_file}}#{{_record_no}}#{suffix}"


def entity_name(raw_table: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", raw_table.lower()).strip("_") or "table"
    return name if name[0].isalpha() else f"t_{name}"
