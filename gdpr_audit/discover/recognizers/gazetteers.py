"""German gazetteers (given names, surnames, places), read once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class GermanGazetteers:
    first_names: frozenset[str]
    surnames: frozenset[str]
    not_names: frozenset[str]
    places: frozenset[str]


@lru_cache(maxsize=1)
def german_gazetteers() -> GermanGazetteers:
    """The lists in ``gazetteers_de.yaml``."""
    text = resources.files(__package__).joinpath("gazetteers_de.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return GermanGazetteers(
        **{key: frozenset(str(data[key]).split()) for key in GermanGazetteers.__annotations__}
    )
