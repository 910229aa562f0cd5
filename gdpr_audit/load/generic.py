"""The generic mapping: a profile built from common headers for exports no vendor claims.

For every raw table no vendor profile claims, the headers are compared with the EN/DE
synonyms and patterns of ``generic_headers.yaml`` (through
:func:`gdpr_audit.load.match.header_variants`), the record kind is chosen from the
fields found and the table name (people, activities and sends, tickets and requests,
documents), and a header is used only after its values agree with what the field
needs (dates parse, e-mails look like e-mails, a flag holds flag values, a legal-basis
column holds legal bases). The link of an activities, tickets or documents file to the
people of the same system is found by header and by the overlap of its values with the
people's ids. The result is an ordinary profile (a dict that validates like a YAML
profile), so the model build maps it as it maps a vendor's, and ``gdpr-audit map
--write-profile`` writes it out for the auditor to edit.

Values are read only to decide (shares and counts); none leaves this module except the
category values of type and status columns, which become ``where`` / ``map`` entries of
the profile (``Newsletter``, ``DSGVO-Auskunft``: words of the CRM, not personal data).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import duckdb
import yaml

from gdpr_audit.core.db import columns_of, quote_ident
from gdpr_audit.load import parse
from gdpr_audit.load.match import header_key, header_variants, header_words
from gdpr_audit.load.naming import PROVENANCE_COLUMNS
from gdpr_audit.load.vocabulary import VOCABULARIES

GENERIC = "generic"
_SAMPLE = 2000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_IP = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+)$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/\d{2,4}")
_LINK = re.compile(
    r"(^| )(person|contact|kontakt|customer|kunde|kunden|requester|anfragender|subscriber|"
    r"abonnent|recipient|empfaenger|member|client|debitor|who)( |$)|^(person|contact|customer)"
)
#: Share of sampled non-empty values that must fit a field's kind.
FIT = {"email": 0.8, "timestamp": 0.8, "date": 0.8, "flag": 0.9, "ip": 0.8}
LINK_OVERLAP = 0.5


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    synonyms: tuple[str, ...]  # keys, in the YAML's order of preference
    patterns: tuple[re.Pattern[str], ...]
    order: int

    def rank(self, header: str) -> int:
        """Position of the header's first synonym (earlier = preferred); patterns last."""
        keys = header_variants(header)
        return min((self.synonyms.index(k) for k in keys if k in self.synonyms),
                   default=len(self.synonyms))


@dataclass(frozen=True)
class Spec:
    """``generic_headers.yaml``, compiled."""

    kinds: dict[str, dict[str, Any]]
    fields: dict[str, FieldSpec]
    values: dict[str, Any]
    skip: frozenset[str]

    @property
    def synonym_keys(self) -> frozenset[str]:
        return frozenset(k for f in self.fields.values() for k in f.synonyms)


@lru_cache(maxsize=1)
def generic_spec() -> Spec:
    """The generic header synonyms, read once per process."""
    text = resources.files("gdpr_audit.load").joinpath("generic_headers.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    fields = {
        name: FieldSpec(
            name=name,
            kind=str(spec["kind"]),
            synonyms=tuple(dict.fromkeys(header_key(s) for s in spec.get("synonyms", []))),
            patterns=tuple(re.compile(p) for p in spec.get("patterns", [])),
            order=i,
        )
        for i, (name, spec) in enumerate(data["fields"].items())
    }
    return Spec(kinds=data["kinds"], fields=fields, values=data["values"],
                skip=frozenset(data.get("skip", [])))


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


# ---------------------------------------------------------------------------- headers


def header_fields(header: str, spec: Spec | None = None) -> list[tuple[str, str]]:
    """``[(field, 'synonym'|'pattern'), ...]`` a header may feed, synonyms first."""
    spec = spec or generic_spec()
    keys = header_variants(header)
    words = [header_words(header)]
    words += [header_words(k) for k in keys[1:]]
    out: dict[str, str] = {}
    for f in sorted(spec.fields.values(), key=lambda f: f.order):
        if any(k in f.synonyms for k in keys):
            out[f.name] = "synonym"
    for f in spec.fields.values():
        if f.name not in out and any(p.search(w) for p in f.patterns for w in words):
            out[f.name] = "pattern"
    return sorted(out.items(), key=lambda kv: (kv[1] != "synonym", spec.fields[kv[0]].order))


def _data_columns(con: duckdb.DuckDBPyConnection, raw_table: str) -> list[str]:
    return [c for c in columns_of(con, raw_table, schema="raw") if c not in PROVENANCE_COLUMNS]


def _sample(con: duckdb.DuckDBPyConnection, raw_table: str, col: str) -> list[str]:
    """Up to 2000 distinct non-empty trimmed values (kept in memory only, never shown)."""
    q = quote_ident(col)
    rows = con.execute(
        f"SELECT DISTINCT trim(CAST({q} AS VARCHAR)) AS v FROM raw.{quote_ident(raw_table)} "
        f"WHERE nullif(trim(CAST({q} AS VARCHAR)), '') IS NOT NULL LIMIT {_SAMPLE}"
    ).fetchall()
    return [r[0] for r in rows]


def _date_order(samples: Iterable[list[str]]) -> str:
    dmy = mdy = 0
    for values in samples:
        for v in values:
            m = _SLASH.match(v)
            if m:
                dmy += int(m.group(1)) > 12
                mdy += int(m.group(2)) > 12
    return "mdy" if mdy > dmy else "dmy"


def _share_parsed(con: duckdb.DuckDBPyConnection, values: list[str], date_order: str) -> float:
    if not values:
        return 0.0
    expr = parse.timestamp_sql("v", "UTC", date_order=date_order)
    row = con.execute(
        f"SELECT count({expr}) FROM (SELECT unnest(?::VARCHAR[]) AS v)", [values]
    ).fetchone()
    return (row[0] if row else 0) / len(values)


def _snake_values(values: list[str]) -> list[str]:
    return [parse.snake(v) for v in values if parse.snake(v)]


def _value_map(values: list[str], patterns: dict[str, str]) -> dict[str, str]:
    """``{snake value: canonical}`` for the values one of ``patterns`` recognises."""
    out = {}
    for v in _snake_values(values):
        for target, pat in patterns.items():
            if re.search(pat, v):
                out[v] = target
                break
    return out


def legal_basis_map(values: list[str], spec: Spec | None = None) -> dict[str, str]:
    """Legal-basis spellings -> vocabulary; values that are no basis map to ``""``."""
    spec = spec or generic_spec()
    vocab = VOCABULARIES["legal_basis"]
    out = {}
    for v in _snake_values(values):
        if v in vocab:
            out[v] = vocab[v]
            continue
        hit = next((t for t, p in spec.values["legal_basis"].items() if re.search(p, v)), "")
        out[v] = hit
    return out


def consent_state_map(values: list[str], spec: Spec | None = None) -> dict[str, str]:
    """Consent flags and subscription states -> ``consent`` or ``""`` (no consent)."""
    spec = spec or generic_spec()
    out = {}
    for v in _snake_values(values):
        if v in parse.TRUE_WORDS or re.search(spec.values["consent_state"], v):
            out[v] = "consent"
        elif v in parse.FALSE_WORDS or re.search(spec.values["no_consent_state"], v):
            out[v] = ""
    return out


@dataclass
class _Column:
    header: str
    fields: list[tuple[str, str]]
    values: list[str]


class _Fit:
    """Whether a column's values fit a field's kind (cached per column and kind)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, raw_table: str, date_order: str):
        self.con, self.raw_table, self.date_order = con, raw_table, date_order
        self.spec = generic_spec()

    def __call__(self, col: _Column, field_name: str) -> tuple[bool, str]:
        kind = self.spec.fields[field_name].kind
        values = col.values
        if not values:
            return False, "no values"
        if kind == "email":
            share = sum(bool(_EMAIL.match(v)) for v in values) / len(values)
        elif kind in ("timestamp", "date"):
            share = _share_parsed(self.con, values, self.date_order)
        elif kind == "flag" and field_name == "done":
            states = _value_map(values, {"true": self.spec.values["done_state"],
                                         "false": self.spec.values["not_done_state"]})
            words = set(parse.TRUE_WORDS + parse.FALSE_WORDS)
            hits = sum(parse.snake(v) in states or v.lower() in words for v in values)
            share = hits / len(values)
            return share >= FIT["flag"], f"{share:.0%} of its values are done / not done"
        elif kind == "flag" and field_name == "consent_flag":
            state = consent_state_map(values, self.spec)
            share = len(state) / len(values)
            return share >= FIT["flag"], f"{share:.0%} of its values are consent states"
        elif kind == "flag":
            words = set(parse.TRUE_WORDS + parse.FALSE_WORDS)
            share = sum(v.lower() in words for v in values) / len(values)
        elif kind == "ip":
            share = sum(bool(_IP.match(v)) for v in values) / len(values)
        elif kind == "legal_basis":
            mapped = legal_basis_map(values, self.spec)
            share = sum(bool(t) for t in mapped.values()) / max(len(mapped), 1)
            return share >= 0.3, f"{share:.0%} of its values are legal bases"
        elif kind == "name":
            share = 1 - sum(bool(_EMAIL.match(v)) or v.isdigit() for v in values) / len(values)
            return share >= 0.8, "values are names"
        elif kind == "id":
            return True, "values present"
        else:
            return True, "any text"
        need = FIT.get(kind, 0.8)
        what = {"email": "look like e-mails", "flag": "are flags", "ip": "are IP addresses"}
        return share >= need, f"{share:.0%} of its values {what.get(kind, 'parse as dates')}"


# ------------------------------------------------------------------------------ plan


def _kind_of(raw_table: str, cols: list[_Column], spec: Spec) -> tuple[str | None, str]:
    """The record kind from the fields the headers name, and the table name's words."""
    name_words = set(re.split(r"[^a-z0-9]+", raw_table.lower()))
    objects = [header_variants(c.header) for c in cols]
    prefixes = {header_words(c.header).split(" ")[0] for c, keys in zip(cols, objects,
                                                                      strict=True)
                if len(keys) > 1}
    if prefixes and len(prefixes) == 1:
        name_words |= prefixes | {p + "s" for p in prefixes}
    skipped = sorted(name_words & spec.skip)
    if skipped and not name_words & {n for k in spec.kinds.values() for n in k["names"]}:
        return None, f"{skipped[0]} records have no canonical table (left in raw)"
    best: tuple[int, str | None, str] = (0, None, "no record kind recognised from the headers")
    for kind, info in spec.kinds.items():
        signals = set(info["signals"])
        hits = sorted({f for c in cols for f, _ in c.fields if f in signals})
        named = bool(name_words & {w.replace("ä", "ae") for w in info["names"]})
        score = len(hits) + 2 * named
        fields = {f for c in cols for f, _ in c.fields}
        if kind == "people" and not fields & {"email", "first_name", "last_name", "full_name"}:
            continue
        if kind == "tickets" and not fields & {"ticket_id", "ticket_type", "ticket_closed",
                                               "ticket_status"}:
            continue
        if kind == "activities" and not fields & {"activity_type", "sent_at", "campaign"}:
            continue
        if kind == "documents" and not fields & {"document_id", "document_type", "amount"}:
            continue
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
    staged: dict[str, tuple[list[_Column], str | None, str]] = {}
    for raw in raw_tables:
        cols = [_Column(h, header_fields(h, spec), []) for h in _data_columns(con, raw)]
        kind, why = _kind_of(raw, cols, spec)
        staged[raw] = (cols, kind, why)
    out: dict[str, GenericTable] = {}
    people: dict[str, dict[str, str]] = {}
    order = sorted(staged, key=lambda r: staged[r][1] != "people")
    for raw in order:
        cols, kind, why = staged[raw]
        table = GenericTable(raw, kind, why)
        out[raw] = table
        if kind is None:
            table.decisions = [Decision(c.header, "", "unused", "no record kind") for c in cols]
            continue
        for c in cols:
            if c.fields:
                c.values = _sample(con, raw, c.header)
        _Builder(con, table, cols, spec, people).build()
    return out


class _Builder:
    """Chooses the headers of one table and writes its profile dict."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        table: GenericTable,
        cols: list[_Column],
        spec: Spec,
        people: dict[str, dict[str, str]],
    ):
        self.con, self.t, self.cols, self.spec, self.people = con, table, cols, spec, people
        self.date_order = _date_order(c.values for c in cols)
        self.fit = _Fit(con, table.raw_table, self.date_order)
        self.chosen: dict[str, list[str]] = {}  # field -> headers
        self.taken: set[str] = set()
        self.decisions: dict[str, Decision] = {}

    # -- choosing headers
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
            self.taken.add(header)
            self.decisions[header] = Decision(header, field_name, how, why)
        self.chosen[field_name] = [h for _, h, _, _ in picked]
        return self.chosen[field_name]

    def values_of(self, header: str) -> list[str]:
        return next(c.values for c in self.cols if c.header == header)

    # -- per kind
    def build(self) -> None:
        kind = self.t.kind
        entities: dict[str, Any] = {}
        if kind == "people":
            entities = self.people_entities()
        elif kind == "activities":
            entities = self.activity_entities()
        elif kind == "tickets":
            entities = self.ticket_entities()
        elif kind == "documents":
            entities = self.document_entities()
        for c in self.cols:
            self.decisions.setdefault(
                c.header, Decision(c.header, "", "unused",
                                   "no generic field has this name" if not c.fields
                                   else f"not needed for {kind}"))
        self.t.decisions = [self.decisions[c.header] for c in self.cols]
        if entities:
            self.t.profile = {
                "name": GENERIC,
                "description": f"Generic mapping of raw.{self.t.raw_table} ({kind}): "
                               f"{self.t.reason}.",
                "timezone": "Europe/Berlin",
                "date_order": self.date_order,
                "decimal": ",",
                "entities": entities,
            }

    def _id(self, field_name: str) -> dict[str, Any]:
        ids = self.pick(field_name)
        if ids and self._unique(ids[0]):
            return {"source": ids[0], "template": "{_source_file}#{_record_no}"}
        if ids:
            self.taken.discard(ids[0])
            self.decisions[ids[0]] = Decision(ids[0], "", "unused",
                                              "named like an id but its values repeat")
            self.chosen[field_name] = []
        return {"template": "{_source_file}#{_record_no}"}

    def _unique(self, header: str) -> bool:
        q = quote_ident(header)
        row = self.con.execute(
            f"SELECT count({q}), count(DISTINCT {q}), count(*) "
            f"FROM raw.{quote_ident(self.t.raw_table)}"
        ).fetchone()
        return bool(row and row[2] and row[0] >= 0.9 * row[2] and row[1] >= 0.98 * row[0])

    def _columns(self, mapping: dict[str, str], many: Iterable[str] = ()) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for canonical, field_name in mapping.items():
            headers = self.pick(field_name, many=field_name in set(many))
            if headers:
                out[canonical] = headers[0] if len(headers) == 1 else headers
        return out

    def people_entities(self) -> dict[str, Any]:
        name = _entity_name(self.t.raw_table)
        emails = self.pick("email", many=True)
        contact_id = self._id("person_id")
        if "source" not in contact_id and emails:
            # A subscriber list has no id of its own: the e-mail is the key (pseudonymised
            # in findings; never used for consent or record ids).
            contact_id = {"source": emails[0], "template": "{_source_file}#{_record_no}"}
            self.decisions[emails[0]] = Decision(emails[0], "email", "synonym",
                                                 "the list's key (no id column)")
        cols: dict[str, Any] = {"contact_id": contact_id}
        if emails:
            cols["email"] = emails[0] if len(emails) == 1 else emails
        cols |= self._columns({
            "first_name": "first_name", "last_name": "last_name", "phone": "phone",
            "street": "street", "postcode": "postcode", "city": "city", "country": "country",
            "company": "company", "birth_date": "birth_date", "created_at": "created_at",
            "last_activity_at": "last_activity_at", "contract_end_at": "contract_end_at",
        }, many=("phone",))
        if "first_name" not in cols and "last_name" not in cols:
            cols |= self._columns({"last_name": "full_name"})
        customer = self._customer()
        if customer:
            cols["is_customer"] = customer
        entities: dict[str, Any] = {name: {"table": "contacts",
                                           "match": {"tables": [self.t.raw_table]},
                                           "columns": cols}}
        consent = self._consent(name, contact_id)
        if consent:
            entities[f"{name}_consent"] = consent
            dated = self._dated_consent(name, consent)
            if dated:
                entities[f"{name}_dated_consent"] = dated
        notes = self.pick("description")
        if notes:
            entities[f"{name}_notes"] = {
                "table": "notes", "derive_from": name, "require": ["body"],
                "columns": {"note_id": {"template": _key_template(contact_id, "note")},
                            "contact_id": contact_id, "body": notes[0]},
            }
        ref = contact_id.get("source")
        if ref:
            self.people[self.t.raw_table] = {"id": ref, **({"email": emails[0]} if emails
                                                          and emails[0] != ref else {})}
            number = self.chosen.get("customer_number") or []
            if number:
                self.people[self.t.raw_table]["customer_number"] = number[0]
        return entities

    def _customer(self) -> dict[str, Any] | None:
        flag = self.pick("customer_flag")
        if flag:
            return {"source": flag[0], "parse": "bool"}
        number = self.pick("customer_number")
        if number:
            return {"source": number[0], "parse": "present"}
        for c in self.cols:
            if c.header in self.taken or "customer_status" not in dict(c.fields):
                continue
            mapping = _value_map(c.values, {"true": self.spec.values["customer"],
                                            "false": self.spec.values["not_customer"]})
            if "true" in mapping.values():
                self.taken.add(c.header)
                self.decisions[c.header] = Decision(
                    c.header, "customer_status", "synonym",
                    f"{sum(v == 'true' for v in mapping.values())} of its values name customers")
                return {"source": c.header, "parse": "enum", "map": mapping,
                        "values": ["true", "false"]}
        return None

    def _consent(self, name: str, contact_id: dict[str, Any]) -> dict[str, Any] | None:
        """One consents row per person from a legal-basis column, a consent flag or dates."""
        basis = self.pick("legal_basis")
        flag = [] if basis else self.pick("consent_flag")
        given = self.pick("consent_given")
        confirmed = self.pick("consent_confirmed")
        withdrawn = self.pick("consent_withdrawn")
        source = self.pick("consent_source")
        ip = self.pick("consent_ip")
        if not (basis or flag or given):
            return None
        cols: dict[str, Any] = {
            "consent_id": {"template": _key_template(contact_id, "consent")},
            "contact_id": contact_id,
            "purpose": {"value": "marketing"},
            "channel": {"value": "email"},
        }
        if basis:
            cols["legal_basis"] = {"source": basis[0],
                                   "map": legal_basis_map(self.values_of(basis[0]), self.spec)}
        elif flag:
            cols["legal_basis"] = {"source": flag[0],
                                   "map": consent_state_map(self.values_of(flag[0]), self.spec)}
        else:
            cols["legal_basis"] = {"value": "consent"}
        for canonical, headers in (("given_at", given), ("doi_confirmed_at", confirmed),
                                   ("withdrawn_at", withdrawn)):
            if headers:
                cols[canonical] = headers[0]
        if source:
            cols["proof_source"] = {"source": source[0], "parse": "enum"}
        elif ip:
            cols["proof_source"] = {"template": f"web_form_ip:{{{ip[0]}}}"}
        return {"table": "consents", "derive_from": name,
                "require": ["legal_basis"] if (basis or flag) else ["given_at"],
                "columns": cols}

    def _dated_consent(self, name: str, main: dict[str, Any]) -> dict[str, Any] | None:
        """A dated consent where the legal-basis column names no consent ('Not applicable').

        A contact with a consent date has consented, whatever the basis column says.
        """
        cols = main["columns"]
        basis = cols["legal_basis"]
        if "source" not in basis or "given_at" not in cols or basis["source"] not in (
                self.chosen.get("legal_basis") or []):
            return None
        refused = self.spec.values["no_consent_state"] + "|refus|withdraw|widerruf|abgelehnt|" \
                                                         "verweigert|stop_processing|remove"
        other = sorted(v for v, t in basis["map"].items()
                       if t != "consent" and not re.search(refused, v))
        if not other:
            return None
        dated = {k: v for k, v in cols.items() if k != "legal_basis"}
        dated["consent_id"] = {"template": cols["consent_id"]["template"].replace(
            "#consent", "#dated_consent")}
        dated["legal_basis"] = {"value": "consent"}
        return {"table": "consents", "derive_from": name, "require": ["given_at"],
                "where": {basis["source"]: other}, "columns": dated}

    def _link(self) -> str | None:
        """The header holding the person id, by name and by overlap with people's ids."""
        own = set(self.taken)
        best: tuple[float, str | None, str] = (0.0, None, "")
        named = [c for c in self.cols if c.header not in own
                 and (_LINK.search(header_words(c.header))
                      or any(f in ("email", "person_id", "customer_number") for f, _ in c.fields))]
        for c in named:
            values = c.values or _sample(self.con, self.t.raw_table, c.header)
            if not values:
                continue
            for raw, keys in self.people.items():
                for what, col in keys.items():
                    share = _overlap(self.con, values, raw, col)
                    if share > best[0]:
                        best = (share, c.header, f"{share:.0%} of its values are {what} "
                                                 f"values of raw.{raw}")
        if best[1] is not None and best[0] >= LINK_OVERLAP:
            header = best[1]
            self.taken.add(header)
            self.decisions[header] = Decision(header, "contact_id", "link", best[2])
            if "id" not in best[2].split(" are ")[1]:
                self.t.warnings.append(
                    f"raw.{self.t.raw_table}: linked to people by {header!r}, which is not the "
                    "people's id; rows join contacts only where the ids agree")
            return header
        if not self.people:
            for c in named:
                if any(f in ("person_id",) for f, _ in c.fields) or re.search(
                        r"(id|nr|nummer|number)$", header_words(c.header)):
                    self.taken.add(c.header)
                    self.decisions[c.header] = Decision(
                        c.header, "contact_id", "link", "named like a person id (no people "
                        "file in this export to compare values with)")
                    return c.header
        return None

    def activity_entities(self) -> dict[str, Any]:
        name = _entity_name(self.t.raw_table)
        comm_id = self._id("activity_id")
        link = self._link()
        if link is None:
            self.t.reason += "; no column links the rows to people"
            return {}
        types = self.pick("activity_type")
        done = self.pick("done")
        cols: dict[str, Any] = {"communication_id": comm_id, "contact_id": link,
                                "purpose": {"value": "marketing"}}
        where: dict[str, list[str]] = {}
        if types:
            values = _snake_values(self.values_of(types[0]))
            marketing = sorted(v for v in values
                               if re.search(self.spec.values["marketing_send"], v))
            if not marketing:
                self.t.reason += (f"; no value of {types[0]!r} names a marketing send "
                                  "(calls, meetings and sales e-mails are not mapped)")
                return {}
            where[types[0]] = marketing
            channel_map = {v: "" for v in values} | _value_map(marketing,
                                                                self.spec.values["channel"])
            cols["channel"] = {"source": types[0], "map": channel_map}
        else:
            cols["channel"] = {"value": "email"}
        if done:
            states = _value_map(self.values_of(done[0]),
                                {"true": self.spec.values["done_state"],
                                 "false": self.spec.values["not_done_state"]})
            where[done[0]] = sorted({w for w in parse.TRUE_WORDS if w not in ("x", "-1")}
                                    | {v for v, t in states.items() if t == "true"})
        campaign = self.pick("campaign")
        if campaign:
            cols["campaign"] = campaign[0]
        sent = self.pick("sent_at", many=True)
        if not sent:
            self.t.reason += "; no send date"
            return {}
        cols["sent_at"] = sent[0] if len(sent) == 1 else sent
        entity: dict[str, Any] = {"table": "communications",
                                  "match": {"tables": [self.t.raw_table]}, "columns": cols}
        if where:
            entity["where"] = where
        return {name: entity}

    def ticket_entities(self) -> dict[str, Any]:
        name = _entity_name(self.t.raw_table)
        ticket_id = self._id("ticket_id")
        link = self._link()
        created = self.pick("ticket_created")
        closed = self.pick("ticket_closed", many=True)
        due = self.pick("ticket_due")
        status = self.pick("ticket_status")
        types = self.pick("ticket_type")
        # Only the type column says whether a ticket is a request: subjects are free
        # text (names, addresses) and never become profile values.
        record: dict[str, Any] = {"record_id": ticket_id, "record_type": {"value": "ticket"}}
        if link:
            record["contact_id"] = link
        if created:
            record["created_at"] = created[0]
        entities: dict[str, Any] = {name: {"table": "business_records",
                                           "match": {"tables": [self.t.raw_table]},
                                           "columns": record}}
        kinds = self.spec.values["request_type"]
        for src in (types,):
            if not src:
                continue
            requests = _value_map(self.values_of(src[0]), kinds)
            if not requests:
                continue
            others = {v: "" for v in _snake_values(self.values_of(src[0])) if v not in requests}
            req: dict[str, Any] = {"request_id": ticket_id,
                                   "request_type": {"source": src[0],
                                                    "map": requests | others}}
            if link:
                req["contact_id"] = link
            if created:
                req["received_at"] = created[0]
            if due:
                req["deadline_at"] = due[0]
            if closed:
                req["completed_at"] = closed[0] if len(closed) == 1 else closed
            if status:
                req["status"] = {"source": status[0], "map": _value_map(
                    self.values_of(status[0]), self.spec.values["ticket_status"])}
            entities[f"{name}_requests"] = {
                "table": "dsr_requests", "derive_from": name,
                "where": {src[0]: sorted(requests)}, "columns": req}
            break
        body = self.pick("description")
        if body:
            entities[f"{name}_notes"] = {
                "table": "notes", "derive_from": name, "require": ["body"],
                "columns": {"note_id": {"template": _key_template(ticket_id, "description")},
                            **({"contact_id": link} if link else {}),
                            **({"created_at": created[0]} if created else {}),
                            "body": body[0]}}
        return entities

    def document_entities(self) -> dict[str, Any]:
        name = _entity_name(self.t.raw_table)
        doc_id = self._id("document_id")
        link = self._link()
        doc_date = self.pick("document_date")
        doc_type = self.pick("document_type")
        words = header_words(self.t.raw_table)
        default = next((t for t, p in self.spec.values["document_type"].items()
                        if re.search(p, words.replace(" ", "_"))), "invoice")
        cols: dict[str, Any] = {"record_id": doc_id}
        if doc_type:
            mapping = _value_map(self.values_of(doc_type[0]), self.spec.values["document_type"])
            cols["record_type"] = {"source": doc_type[0], "parse": "enum", "map": mapping,
                                   "default": default}
        else:
            cols["record_type"] = {"value": default}
        if link:
            cols["contact_id"] = link
        if doc_date:
            cols["created_at"] = doc_date[0]
        return {name: {"table": "business_records", "match": {"tables": [self.t.raw_table]},
                       "columns": cols}}


def _overlap(con: duckdb.DuckDBPyConnection, values: list[str], raw: str, col: str) -> float:
    row = con.execute(
        f"SELECT count(*) FROM (SELECT unnest(?::VARCHAR[]) AS v) "
        f"WHERE v IN (SELECT trim(CAST({quote_ident(col)} AS VARCHAR)) "
        f"FROM raw.{quote_ident(raw)})",
        [values],
    ).fetchone()
    return (row[0] if row else 0) / len(values) if values else 0.0


def _key_template(key: dict[str, Any], suffix: str) -> str:
    src = key.get("source")
    return f"{{{src}}}#{suffix}" if src else f"{{_source_file}}#{{_record_no}}#{suffix}"


def _entity_name(raw_table: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", raw_table.lower()).strip("_") or "table"
    return name if name[0].isalpha() else f"t_{name}"


def merged_profile(tables: Iterable[GenericTable], name: str = "my_crm") -> dict[str, Any]:
    """One editable profile holding the generic mapping of every mapped table."""
    entities: dict[str, Any] = {}
    orders = []
    for t in tables:
        if t.profile:
            entities.update(t.profile["entities"])
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
    cols = [_Column(h, header_fields(h, spec), []) for h in unread]
    cols = [c for c in cols if c.fields]
    for c in cols:
        c.values = _sample(con, raw_table, c.header)
    fit = _Fit(con, raw_table, _date_order(c.values for c in cols))
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
