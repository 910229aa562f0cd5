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
    cities: frozenset[str] = frozenset()  # cities.yaml (GeoNames), only in context


@lru_cache(maxsize=1)
def gazetteers() -> Gazetteers:
    """The lists in ``gazetteers.yaml`` and the cities of ``cities.yaml``."""
    text = resources.files(__package__).joinpath("gazetteers.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    keys = [key for key in Gazetteers.__annotations__ if key != "cities"]
    lists = {key: frozenset(str(data[key]).split()) for key in keys}
    lists["countries"] = frozenset(c.strip() for c in str(data["countries"]).split(","))
    cities = yaml.safe_load(resources.files(__package__).joinpath("cities.yaml").read_text("utf-8"))
    lists["cities"] = frozenset(cities["cities"])
    return Gazetteers(**lists)
