"""Name and place gazetteers (``gazetteers.yaml``), read once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Gazetteers:
    first_names: frozenset[str]
    surnames: frozenset[str]
    ambiguous_en: frozenset[str]
    not_names: frozenset[str]
    places: frozenset[str]
    countries: frozenset[str]


@lru_cache(maxsize=1)
def gazetteers() -> Gazetteers:
    """The lists in ``gazetteers.yaml``."""
    text = resources.files(__package__).joinpath("gazetteers.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    lists = {key: frozenset(str(data[key]).split()) for key in Gazetteers.__annotations__}
    lists["countries"] = frozenset(c.strip() for c in str(data["countries"]).split(","))
    return Gazetteers(**lists)
