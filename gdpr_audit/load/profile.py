"""Vendor mapping profiles: load, validate and detect which profile fits a raw table.

A profile (``gdpr_audit/load/profiles/<system>.yaml``) maps the raw tables of one
CRM's export to the canonical model. The format is documented in
``docs/data-model.md`` ("CRM profiles"). Validation happens when a profile is
loaded, against the canonical DDL, so a typo in a column name fails before any data
is touched.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import yaml

from gdpr_audit.core.db import columns_of, sql_text
from gdpr_audit.core.errors import ConfigError, UsageError
from gdpr_audit.load.match import Specificity, Strength, header_key
from gdpr_audit.load.parse import snake
from gdpr_audit.load.vocabulary import VOCABULARIES

PARSERS = ("text", "timestamp", "date", "bool", "decimal", "int", "enum", "country", "present")
_DEFAULT_PARSE = {
    "TIMESTAMP WITH TIME ZONE": "timestamp",
    "DATE": "date",
    "BOOLEAN": "bool",
    "BIGINT": "int",
    "INTEGER": "int",
    "DOUBLE": "decimal",
}

_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Lookup:
    """Replace a column's value by a value of another entity of the same profile.

    The raw tables the build matched to ``entities`` are searched for rows whose
    ``match`` header equals the value; their ``take`` header replaces it (the first
    entity listed with a hit wins, then the smallest value). Without a hit the value
    stays as it is (``keep: false``: it becomes NULL, so the column's next source is
    read). Example: a Salesforce consent's ``PartyId`` (an Individual id) becomes the id
    of the Contact whose ``IndividualId`` it is. ``then`` looks the result up once more
    (a ContactPointConsent's contact point -> its Individual -> the Contact).
    """

    entities: tuple[str, ...]
    match: str
    take: str
    #: lower-cased source header to look up (None: every source of the column)
    source: str | None = None
    keep: bool = True
    then: Lookup | None = None

    @property
    def all_entities(self) -> tuple[str, ...]:
        """The entities of this lookup and of every ``then`` step."""
        return self.entities + (self.then.all_entities if self.then else ())


@dataclass(frozen=True)
class ColumnSpec:
    """How one canonical column is filled: from source headers, a template or a constant."""

    column: str
    sources: tuple[str, ...] = ()
    template: str | None = None
    value: Any = None
    parse: str = "text"
    formats: tuple[str, ...] = ()
    mapping: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    allowed: tuple[str, ...] | None = None
    default: Any = None
    lookup: Lookup | None = None

    @property
    def template_fields(self) -> tuple[str, ...]:
        """The ``{Header}`` fields of the template (empty without one)."""
        return tuple(_TEMPLATE_FIELD.findall(self.template)) if self.template else ()

    @property
    def headers(self) -> tuple[str, ...]:
        """Every raw header the column reads (sources and template fields)."""
        return self.sources + self.template_fields


@dataclass(frozen=True)
class Match:
    """Rules that decide whether a raw table belongs to an entity (all case-insensitive)."""

    tables: tuple[str, ...] = ()
    headers_all: tuple[str, ...] = ()
    headers_any: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One kind of record in a source system, mapped to one canonical table."""

    name: str
    table: str
    columns: tuple[ColumnSpec, ...]
    match: Match = Match()
    derive_from: str | None = None
    require: tuple[str, ...] = ()
    #: (header, accepted values in snake form): rows with other values are skipped.
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def headers(self) -> frozenset[str]:
        """Keys (:func:`~gdpr_audit.load.match.header_key`) of every header the entity reads."""
        return frozenset(header_key(h) for c in self.columns for h in c.headers)


@dataclass(frozen=True)
class Profile:
    """A validated vendor profile."""

    name: str
    description: str
    timezone: str
    date_order: str
    decimal: str
    entities: tuple[Entity, ...]
    path: str

    def entity(self, name: str) -> Entity:
        for ent in self.entities:
            if ent.name == name:
                return ent
        raise KeyError(name)

    def derived(self, primary: str) -> tuple[Entity, ...]:
        """Entities that ride along with every raw table matched to ``primary``."""
        return tuple(e for e in self.entities if e.derive_from == primary)


@lru_cache(maxsize=1)
def canonical_schema() -> MappingProxyType[str, MappingProxyType[str, tuple[str, bool]]]:
    """Canonical tables -> column -> (DuckDB type, nullable), read from the DDL itself."""
    con = duckdb.connect()
    try:
        con.execute(sql_text("model", "canonical"))
        rows = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable = 'YES' "
            "FROM information_schema.columns WHERE table_schema = 'main' "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()
    finally:
        con.close()
    tables: dict[str, dict[str, tuple[str, bool]]] = {}
    for table, column, dtype, nullable in rows:
        tables.setdefault(table, {})[column] = (dtype, bool(nullable))
    return MappingProxyType({t: MappingProxyType(c) for t, c in tables.items()})


#: Tables the build writes itself; profiles may not target them.
BOOKKEEPING_TABLES = ("column_lineage", "model_log")


def list_profiles() -> list[str]:
    """Names of the shipped profiles."""
    folder = resources.files("gdpr_audit.load").joinpath("profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_profile(name_or_path: str | Path) -> Profile:
    """Load and validate a shipped profile by name, or a profile YAML file by path.

    Raises:
        UsageError: no shipped profile has that name and no such file exists.
        ConfigError: the file is not a valid profile (names the file and the problem).
    """
    text, where = _read_profile(str(name_or_path))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"profile {where} is not valid YAML: {exc}") from None
    try:
        return _build_profile(data, where)
    except _Invalid as exc:
        raise ConfigError(f"profile {where}: {exc}") from None


def _read_profile(name_or_path: str) -> tuple[str, str]:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise UsageError(f"profile file not found: {path}")
        return path.read_text("utf-8"), str(path)
    available = list_profiles()
    if name_or_path not in available:
        raise UsageError(
            f"unknown profile {name_or_path!r}; available: {', '.join(available)} "
            "(or the path of a profile .yaml file)"
        )
    res = resources.files("gdpr_audit.load").joinpath("profiles", f"{name_or_path}.yaml")
    return res.read_text("utf-8"), f"{name_or_path}.yaml"


class _Invalid(Exception):
    """A validation problem; wrapped into ConfigError with the file name."""


def _str_tuple(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _Invalid(f"{what} must be a string or a list of strings")


def _build_profile(data: Any, where: str) -> Profile:
    if not isinstance(data, dict):
        raise _Invalid("top level must be a mapping with name, entities, ...")
    unknown = set(data) - {"name", "description", "timezone", "date_order", "decimal", "entities"}
    if unknown:
        raise _Invalid(f"unknown top-level keys: {', '.join(sorted(unknown))}")
    name = data.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise _Invalid("'name' must be a lower-case identifier")
    tz = data.get("timezone", "Europe/Berlin")
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise _Invalid(f"unknown timezone {tz!r}") from None
    date_order = data.get("date_order", "dmy")
    if date_order not in ("dmy", "mdy", "ymd"):
        raise _Invalid("'date_order' must be dmy, mdy or ymd")
    decimal = str(data.get("decimal", ","))
    if decimal not in (",", "."):
        raise _Invalid("'decimal' must be ',' or '.'")
    raw_entities = data.get("entities")
    if not isinstance(raw_entities, dict) or not raw_entities:
        raise _Invalid("'entities' must be a non-empty mapping of entity name -> definition")
    entities = tuple(_build_entity(str(k), v) for k, v in raw_entities.items())
    names = {e.name for e in entities}
    for ent in entities:
        if ent.derive_from is not None:
            if ent.derive_from not in names:
                raise _Invalid(
                    f"entity {ent.name}: derive_from {ent.derive_from!r} is not an entity"
                )
            if raw_entities[ent.derive_from].get("derive_from"):
                raise _Invalid(f"entity {ent.name}: derive_from must name a matched entity")
        for col in ent.columns:
            looked_up = col.lookup.all_entities if col.lookup else ()
            unknown_lookup = [e for e in looked_up if e not in names]
            if unknown_lookup:
                raise _Invalid(
                    f"entity {ent.name}, column {col.column}: lookup entity "
                    f"{unknown_lookup[0]!r} is not an entity"
                )
    return Profile(
        name=name,
        description=str(data.get("description", "")).strip(),
        timezone=str(tz),
        date_order=date_order,
        decimal=decimal,
        entities=entities,
        path=where,
    )


def _build_entity(name: str, spec: Any) -> Entity:
    if not isinstance(spec, dict):
        raise _Invalid(f"entity {name}: must be a mapping")
    unknown = set(spec) - {"table", "match", "columns", "derive_from", "require", "where"}
    if unknown:
        raise _Invalid(f"entity {name}: unknown keys {', '.join(sorted(unknown))}")
    schema = canonical_schema()
    table = str(spec.get("table"))
    if table not in schema or table in BOOKKEEPING_TABLES:
        raise _Invalid(f"entity {name}: 'table' {table!r} is not a canonical table")
    derive_from = spec.get("derive_from")
    match_spec = spec.get("match")
    if derive_from is None:
        if not isinstance(match_spec, dict):
            raise _Invalid(f"entity {name}: needs 'match' (tables / headers_all / headers_any)")
        bad = set(match_spec) - {"tables", "headers_all", "headers_any"}
        if bad:
            raise _Invalid(f"entity {name}: unknown match keys {', '.join(sorted(bad))}")
        match = Match(
            tables=_str_tuple(match_spec.get("tables"), f"entity {name}: match.tables"),
            headers_all=_str_tuple(match_spec.get("headers_all"), f"entity {name}: headers_all"),
            headers_any=_str_tuple(match_spec.get("headers_any"), f"entity {name}: headers_any"),
        )
        if not (match.tables or match.headers_all or match.headers_any):
            raise _Invalid(f"entity {name}: 'match' has no rule")
    else:
        if match_spec is not None:
            raise _Invalid(f"entity {name}: a derived entity has no 'match' of its own")
        match = Match()
    raw_columns = spec.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        raise _Invalid(f"entity {name}: 'columns' must map canonical columns to sources")
    table_cols = schema[table]
    columns = []
    for col, col_spec in raw_columns.items():
        if col not in table_cols or col in ("source_table", "source_row"):
            raise _Invalid(f"entity {name}: {table} has no column {col!r}")
        columns.append(_build_column(name, str(col), col_spec, table_cols[col][0]))
    mapped = {c.column for c in columns}
    missing_keys = [
        c for c, (_, nullable) in table_cols.items() if not nullable and c not in mapped
    ]
    if missing_keys:
        raise _Invalid(f"entity {name}: required column(s) {', '.join(missing_keys)} not mapped")
    require = _str_tuple(spec.get("require"), f"entity {name}: require")
    for col in require:
        if col not in mapped:
            raise _Invalid(f"entity {name}: require names unmapped column {col!r}")
    raw_where = spec.get("where") or {}
    if not isinstance(raw_where, dict):
        raise _Invalid(f"entity {name}: 'where' must map a header to accepted values")
    where = tuple(
        (str(header), tuple(snake(str(v)) for v in (vals if isinstance(vals, list) else [vals])))
        for header, vals in raw_where.items()
    )
    return Entity(name, table, tuple(columns), match, derive_from, require, where)


_COLUMN_KEYS = frozenset(
    {"source", "template", "value", "parse", "formats", "map", "values", "default", "lookup"}
)


def _build_column(entity: str, column: str, spec: Any, dtype: str) -> ColumnSpec:
    where = f"entity {entity}, column {column}"
    if isinstance(spec, str | list):
        spec = {"source": spec}
    if not isinstance(spec, dict):
        raise _Invalid(f"{where}: expected a header name, a list of them, or a mapping")
    unknown = set(spec) - _COLUMN_KEYS
    if unknown:
        raise _Invalid(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    kinds = [k for k in ("source", "template", "value") if k in spec]
    if len(kinds) != 1 and kinds != ["source", "template"]:
        raise _Invalid(
            f"{where}: give one of source, template or value (or source with a template "
            "as fallback)"
        )
    if column in VOCABULARIES:
        default_parse = "enum"
    elif column == "country":
        default_parse = "country"
    else:
        default_parse = _DEFAULT_PARSE.get(dtype, "text")
    parse = spec.get("parse", default_parse)
    if parse not in PARSERS:
        raise _Invalid(f"{where}: parse must be one of {', '.join(PARSERS)}")
    if "template" in spec and not _TEMPLATE_FIELD.search(str(spec["template"])):
        raise _Invalid(f"{where}: template needs at least one {{Header}} field")
    raw_map = spec.get("map") or {}
    if not isinstance(raw_map, dict):
        raise _Invalid(f"{where}: 'map' must be a mapping of source value -> canonical value")
    mapping = dict(VOCABULARIES.get(column, {})) if parse == "enum" else {}
    mapping.update({snake(str(k)): str(v) for k, v in raw_map.items()})
    allowed: tuple[str, ...] | None = None
    if "values" in spec:
        allowed = _str_tuple(spec["values"], f"{where}: values")
    elif parse == "enum" and column in VOCABULARIES:
        allowed = tuple(sorted(set(VOCABULARIES[column].values())))
    formats = _str_tuple(spec.get("formats"), f"{where}: formats")
    if any("%z" in f or "%Z" in f for f in formats):
        raise _Invalid(f"{where}: formats are for times without a zone (%z is read anyway)")
    for key in ("value", "default"):
        if spec.get(key) is not None and not _constant_fits(spec[key], dtype):
            raise _Invalid(f"{where}: {key} {spec[key]!r} is not a valid {dtype}")
    return ColumnSpec(
        column=column,
        lookup=_build_lookup(where, spec),
        sources=_str_tuple(spec.get("source"), f"{where}: source"),
        template=str(spec["template"]) if "template" in spec else None,
        value=spec.get("value"),
        parse=parse,
        formats=formats,
        mapping=MappingProxyType(mapping),
        allowed=allowed,
        default=spec.get("default"),
    )


def _build_lookup(where: str, spec: dict[str, Any]) -> Lookup | None:
    """The ``lookup: {entity, match, take}`` of a column read from a source."""
    raw = spec.get("lookup")
    if raw is None:
        return None
    if "source" not in spec:
        raise _Invalid(f"{where}: lookup needs a source (the value to look up)")
    source = raw.get("source") if isinstance(raw, dict) else None
    if source is not None and str(source).lower() not in {
        h.lower() for h in _str_tuple(spec["source"], where)
    }:
        raise _Invalid(f"{where}: lookup.source must be one of the column's sources")
    return _lookup_step(where, raw, str(source).strip().lower() if source else None)


def _lookup_step(where: str, raw: Any, source: str | None) -> Lookup:
    """One ``{entity, match, take[, keep, then]}`` step of a lookup."""
    allowed = {"entity", "match", "take", "source", "keep", "then"}
    if not isinstance(raw, dict) or not {"entity", "match", "take"} <= set(raw) <= allowed:
        raise _Invalid(
            f"{where}: lookup needs entity, match and take (and optionally source, keep, then)"
        )
    entities = _str_tuple(raw["entity"], f"{where}: lookup.entity")
    match, take, keep = raw["match"], raw["take"], raw.get("keep", True)
    if not entities or not isinstance(match, str) or not isinstance(take, str):
        raise _Invalid(f"{where}: lookup entity, match and take must name entities and headers")
    if not isinstance(keep, bool):
        raise _Invalid(f"{where}: lookup.keep must be true or false")
    then = raw.get("then")
    if then is not None and isinstance(then, dict) and "source" in then:
        raise _Invalid(f"{where}: lookup.then looks up the result; it takes no source")
    step = _lookup_step(f"{where}: lookup.then", then, None) if then is not None else None
    return Lookup(entities, match, take, source=source, keep=keep, then=step)


def _constant_fits(value: Any, dtype: str) -> bool:
    """Whether a profile constant can be stored in a canonical column of ``dtype``."""
    if dtype == "BOOLEAN":
        return isinstance(value, bool)
    if dtype in ("BIGINT", "INTEGER"):
        return isinstance(value, int) and not isinstance(value, bool)
    if dtype == "DOUBLE":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if dtype in ("DATE", "TIMESTAMP WITH TIME ZONE"):
        try:
            dt.datetime.fromisoformat(str(value))
        except ValueError:
            return False
        return True
    return isinstance(value, str | int | float) and not isinstance(value, bool)


# --------------------------------------------------------------------------- detection


@dataclass(frozen=True)
class Candidate:
    """A (profile, entity) whose match rules hold for a raw table, with its strength."""

    profile: Profile
    entity: Entity
    strength: Strength

    @property
    def score(self) -> tuple[int, int, float]:
        return self.strength.score


@dataclass(frozen=True)
class Detection:
    """Which profile maps a raw table, or why none does (then the generic mapping does)."""

    raw_table: str
    profile: Profile | None = None
    entity: Entity | None = None
    strength: Strength | None = None
    #: Set when a profile's rules held but it may not claim the table (weak or tied).
    warning: str | None = None
    #: The warning as vocabulary for the report (``model_warning.<key>`` with ``params``):
    #: ``generic_only`` or ``profile_tie``; header and profile names only, never a value.
    warning_key: str | None = None
    warning_params: dict[str, str] | None = None


def _rule_keys(entity: Entity) -> set[str]:
    m = entity.match
    return {header_key(h) for h in m.headers_all + m.headers_any}


def rules_hold(entity: Entity, raw_table: str, keys: set[str]) -> bool | None:
    """Whether every match rule of ``entity`` holds (None: a derived entity never matches).

    Returns True/False; ``keys`` are the table's header keys (:func:`header_key`).
    """
    match = entity.match
    if entity.derive_from is not None:
        return None
    if match.tables and not any(_table_matches(p, raw_table.lower()) for p in match.tables):
        return False
    if any(header_key(h) not in keys for h in match.headers_all):
        return False
    return not (match.headers_any and not any(header_key(h) in keys for h in match.headers_any))


def score_entity(entity: Entity, raw_table: str, headers: set[str]) -> int | None:
    """How many of the table's headers ``entity`` reads or matches on (None: no fit).

    ``headers`` may be spelled in any way :func:`header_key` folds together.
    """
    keys = {header_key(h) for h in headers}
    if not rules_hold(entity, raw_table, keys):
        return None
    name_hit = bool(entity.match.tables)
    return len((entity.headers | _rule_keys(entity)) & keys) + int(name_hit)


def _table_matches(pattern: str, name: str) -> bool:
    """Glob first (``crm__*``), then regex (``crm__(kontakte|contacts)``); bad regex = no match."""
    if fnmatch.fnmatchcase(name, pattern.lower()):
        return True
    try:
        return re.fullmatch(pattern, name, re.IGNORECASE) is not None
    except re.error:
        return False


def specificity(profiles: list[Profile]) -> Specificity:
    """Generic header keys: the generic mapping's synonyms and headers of several profiles.

    Every shipped profile counts, plus ``profiles`` (a profile given by path), so the
    rule works for any profile another helper or the auditor writes.
    """
    from gdpr_audit.load.generic import generic_spec

    by_profile: dict[str, set[str]] = {}
    for prof in [*_shipped(), *profiles]:
        keys = by_profile.setdefault(prof.name, set())
        for ent in prof.entities:
            keys |= ent.headers | _rule_keys(ent)
    by_profile = {n: k - {"sourcefile", "recordno"} for n, k in by_profile.items()}
    return Specificity(generic_spec().synonym_keys, by_profile)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Profile, ...]:
    return tuple(load_profile(n) for n in list_profiles())


def candidates(
    con: duckdb.DuckDBPyConnection,
    raw_table: str,
    profiles: list[Profile],
    spec: Specificity | None = None,
) -> list[Candidate]:
    """All (profile, entity) pairs whose rules hold for ``raw.<raw_table>``, best first."""
    spec = spec or specificity(profiles)
    keys = {header_key(c) for c in columns_of(con, raw_table, schema="raw")}
    found = []
    for prof in profiles:
        for ent in prof.entities:
            if not rules_hold(ent, raw_table, keys):
                continue
            strength = spec.strength(ent.headers | _rule_keys(ent), keys, bool(ent.match.tables))
            found.append(Candidate(prof, ent, strength))
    return sorted(found, key=lambda c: c.score, reverse=True)


def detect(
    con: duckdb.DuckDBPyConnection,
    raw_table: str,
    profiles: list[Profile],
    *,
    forced: bool = False,
    spec: Specificity | None = None,
) -> Detection:
    """The profile entity that may claim ``raw.<raw_table>``, or why none may.

    A profile claims a table only on its own headers (see
    :class:`~gdpr_audit.load.match.Strength`); a match on generic headers alone, or
    a tie between two profiles, leaves the table to the generic mapping with a
    warning. With ``forced`` (``--profile``) the one profile's rules suffice.

    Raises:
        ConfigError: two entities of one profile fit equally well (the profile is at fault).
    """
    found = candidates(con, raw_table, profiles, spec)
    if not found:
        return Detection(raw_table)
    strong = [c for c in found if forced or c.strength.strong]
    if not strong:
        top = found[0]
        shown = ", ".join(top.strength.generic[:6])
        return Detection(
            raw_table, strength=top.strength,
            warning=f"raw.{raw_table}: profile {top.profile.name} ({top.entity.name}) "
            f"matched only on generic headers ({shown}); generic mapping used "
            "(force it with --profile)",
            warning_key="generic_only",
            warning_params={"profile": top.profile.name, "entity": top.entity.name,
                            "headers": shown},
        )
    best = [c for c in strong if c.score == strong[0].score]
    if len(best) > 1:
        names = ", ".join(f"{c.profile.name}:{c.entity.name}" for c in best)
        if len({c.profile.name for c in best}) == 1:
            raise ConfigError(
                f"raw table {raw_table} fits several entities of profile {best[0].profile.name} "
                f"equally well ({names}); make their match rules more specific"
            )
        return Detection(
            raw_table, strength=best[0].strength,
            warning=f"raw.{raw_table} fits several profiles equally well ({names}); generic "
            "mapping used (choose one with --profile)",
            warning_key="profile_tie", warning_params={"profiles": names},
        )
    return Detection(raw_table, best[0].profile, best[0].entity, best[0].strength)


def detect_profile(
    con: duckdb.DuckDBPyConnection,
    raw_table: str,
    profiles: list[Profile] | None = None,
) -> tuple[Profile, Entity] | None:
    """The (profile, entity) that claims ``raw.<raw_table>`` (None: generic mapping).

    Raises:
        ConfigError: two entities of one profile fit equally well (the profile is at fault).
    """
    profs = profiles if profiles is not None else list(_shipped())
    found = detect(con, raw_table, profs)
    if found.profile is None or found.entity is None:
        return None
    return found.profile, found.entity


def profile_from_dict(data: dict[str, Any], where: str) -> Profile:
    """Validate profile data built in code (the generic mapping) like a YAML file.

    Raises:
        ConfigError: the data is not a valid profile (a bug in its builder).
    """
    try:
        return _build_profile(data, where)
    except _Invalid as exc:
        raise ConfigError(f"profile {where}: {exc}") from None
