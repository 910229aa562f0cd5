"""The generic header synonyms (``generic_headers.yaml``) and which fields a header may feed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from gdpr_audit.load.match import header_key, header_variants, header_words


@dataclass(frozen=True)
class FieldSpec:
    """One field of ``generic_headers.yaml``: what its values look like and its header names."""

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
