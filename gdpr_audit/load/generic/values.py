"""What a column's values say: samples, whether they fit a field, and value maps.

Values are read only to decide (shares and counts). None leaves this module except the
category values of type and status columns and order counts, which become ``map``
entries of the profile (``Newsletter``, ``DSGVO-Auskunft``, ``2``: words and numbers of
the CRM, not personal data).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from gdpr_audit.core.db import quote_ident
from gdpr_audit.load import parse
from gdpr_audit.load.generic.spec import Spec, generic_spec
from gdpr_audit.load.vocabulary import VOCABULARIES

_SAMPLE = 2000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_IP = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+)$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/\d{2,4}")
#: A count: a whole number, optionally written with a zero fraction (``2``, ``2.0``, ``2,00``).
_COUNT = re.compile(r"^\d{1,7}([.,]0+)?$")
#: Share of sampled non-empty values that must fit a field's kind.
FIT = {"email": 0.8, "timestamp": 0.8, "date": 0.8, "flag": 0.9, "ip": 0.8, "count": 0.9}


@dataclass
class Column:
    """A raw column, the generic fields its header may feed and a sample of its values."""

    header: str
    fields: list[tuple[str, str]]
    values: list[str]


def sample(con: duckdb.DuckDBPyConnection, raw_table: str, col: str) -> list[str]:
    """Up to 2000 distinct non-empty trimmed values (kept in memory only, never shown)."""
    q = quote_ident(col)
    rows = con.execute(
        f"SELECT DISTINCT trim(CAST({q} AS VARCHAR)) AS v FROM raw.{quote_ident(raw_table)} "
        f"WHERE nullif(trim(CAST({q} AS VARCHAR)), '') IS NOT NULL LIMIT {_SAMPLE}"
    ).fetchall()
    return [r[0] for r in rows]


def date_order(samples: Iterable[list[str]]) -> str:
    """``mdy`` when slash dates show a month-first day above 12 more often, else ``dmy``."""
    dmy = mdy = 0
    for values in samples:
        for v in values:
            m = _SLASH.match(v)
            if m:
                dmy += int(m.group(1)) > 12
                mdy += int(m.group(2)) > 12
    return "mdy" if mdy > dmy else "dmy"


def _share_parsed(con: duckdb.DuckDBPyConnection, values: list[str], order: str) -> float:
    if not values:
        return 0.0
    expr = parse.timestamp_sql("v", "UTC", date_order=order)
    row = con.execute(
        f"SELECT count({expr}) FROM (SELECT unnest(?::VARCHAR[]) AS v)", [values]
    ).fetchone()
    return (row[0] if row else 0) / len(values)


def overlap(con: duckdb.DuckDBPyConnection, values: list[str], raw: str, col: str) -> float:
    """Share of ``values`` found in column ``col`` of ``raw.<raw>``."""
    row = con.execute(
        f"SELECT count(*) FROM (SELECT unnest(?::VARCHAR[]) AS v) "
        f"WHERE v IN (SELECT trim(CAST({quote_ident(col)} AS VARCHAR)) "
        f"FROM raw.{quote_ident(raw)})",
        [values],
    ).fetchone()
    return (row[0] if row else 0) / len(values) if values else 0.0


def snake_values(values: list[str]) -> list[str]:
    return [parse.snake(v) for v in values if parse.snake(v)]


def value_map(values: list[str], patterns: dict[str, str]) -> dict[str, str]:
    """``{snake value: canonical}`` for the values one of ``patterns`` recognises."""
    out = {}
    for v in snake_values(values):
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
    for v in snake_values(values):
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
    for v in snake_values(values):
        if v in parse.TRUE_WORDS or re.search(spec.values["consent_state"], v):
            out[v] = "consent"
        elif v in parse.FALSE_WORDS or re.search(spec.values["no_consent_state"], v):
            out[v] = ""
    return out


def count_map(values: list[str]) -> dict[str, str]:
    """Order / purchase counts -> ``true`` (one or more) or ``false`` (none), snake keys."""
    out = {}
    for v in values:
        if _COUNT.match(v):
            out[parse.snake(v)] = "true" if float(v.replace(",", ".")) > 0 else "false"
    return out


class Fit:
    """Whether a column's values fit a field's kind."""

    def __init__(self, con: duckdb.DuckDBPyConnection, order: str):
        self.con, self.date_order = con, order
        self.spec = generic_spec()

    def __call__(self, col: Column, field_name: str) -> tuple[bool, str]:
        kind = self.spec.fields[field_name].kind
        values = col.values
        if not values:
            return False, "no values"
        if kind in ("timestamp", "date"):
            share = _share_parsed(self.con, values, self.date_order)
            return share >= FIT[kind], f"{share:.0%} of its values parse as dates"
        if kind == "flag":
            return self._flag(values, field_name)
        if kind == "legal_basis":
            mapped = legal_basis_map(values, self.spec)
            share = sum(bool(t) for t in mapped.values()) / max(len(mapped), 1)
            return share >= 0.3, f"{share:.0%} of its values are legal bases"
        if kind == "name":
            share = 1 - sum(bool(EMAIL.match(v)) or v.isdigit() for v in values) / len(values)
            return share >= 0.8, "values are names"
        if kind == "id":
            return True, "values present"
        checks = {"email": (EMAIL.match, "look like e-mails"),
                  "ip": (_IP.match, "are IP addresses"),
                  "count": (_COUNT.match, "are counts")}
        if kind not in checks:
            return True, "any text"
        test, what = checks[kind]
        share = sum(bool(test(v)) for v in values) / len(values)
        return share >= FIT[kind], f"{share:.0%} of its values {what}"

    def _flag(self, values: list[str], field_name: str) -> tuple[bool, str]:
        words = set(parse.TRUE_WORDS + parse.FALSE_WORDS)
        if field_name == "done":
            states = value_map(values, {"true": self.spec.values["done_state"],
                                        "false": self.spec.values["not_done_state"]})
            hits = sum(parse.snake(v) in states or v.lower() in words for v in values)
            share = hits / len(values)
            return share >= FIT["flag"], f"{share:.0%} of its values are done / not done"
        if field_name == "consent_flag":
            share = len(consent_state_map(values, self.spec)) / len(values)
            return share >= FIT["flag"], f"{share:.0%} of its values are consent states"
        share = sum(v.lower() in words for v in values) / len(values)
        return share >= FIT["flag"], f"{share:.0%} of its values are flags"
