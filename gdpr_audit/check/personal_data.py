"""The custom expectation ``expect_column_values_to_contain_no_personal_data``.

A column the controller declares "no personal data" (campaign names, product codes,
status words) must not hold any: Art. 5(1)(c) data minimisation, Art. 25 privacy by
design. Each value is scanned with the project's own detector
(:func:`gdpr_audit.discover.text.scan_texts`, regex + checksum recognizers, no NER by
default); a value with any detection is unexpected.

Great Expectations registers an expectation class and its metric provider when the
class is defined (its metaclass does it). :mod:`gdpr_audit.check.suites` imports this
module explicitly before it reads a suite file, so the expectation exists whenever a
suite is loaded, independent of import order elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import (
    ColumnMapMetricProvider,
    column_condition_partial,
)

EXPECTATION_TYPE = "expect_column_values_to_contain_no_personal_data"
_METRIC = "column_values.contain_no_personal_data"


def values_with_personal_data(
    values: Sequence[str],
    entity_types: Sequence[str] | None = None,
    ner: bool = False,
    languages: Sequence[str] = ("en", "de"),
) -> list[bool]:
    """For each value, whether the project's detector finds personal data in it.

    Args:
        values: the texts to scan.
        entity_types: count only these detected types (all types when empty or None).
        ner: also run the spaCy NER pass (slow; names of persons in prose).
        languages: recognizer sets to apply; a value is flagged when any finds something.
            Fixed languages instead of per-value detection: codes and campaign names are
            too short for language detection, which would dominate the run time.
    """
    from gdpr_audit.discover.text import scan_texts

    wanted = set(entity_types or ())
    items = list(values)
    flags = [False] * len(items)
    for language in languages:
        for i, hits in enumerate(scan_texts(items, language=language, ner=ner)):
            types = {_entity_type(hit) for hit in hits}
            flags[i] = flags[i] or (bool(types & wanted) if wanted else bool(types))
    return flags


def clean_mask(
    column: pd.Series, entity_types: Sequence[str] | None = None, ner: bool = False
) -> pd.Series:
    """True where the value holds no personal data (missing values count as clean).

    Scans each distinct value once: declared no-PII columns are low-cardinality
    (campaigns, codes), so millions of rows cost a few hundred scans.
    """
    codes, distinct = pd.factorize(column, use_na_sentinel=True)
    flags = values_with_personal_data([str(v) for v in distinct], entity_types, ner)
    clean = np.append(~np.asarray(flags, dtype=bool), True)  # code -1 (missing) -> clean
    return pd.Series(clean[codes], index=column.index)


def _entity_type(hit: Any) -> str:
    if isinstance(hit, dict):
        return str(hit.get("entity_type"))
    return str(getattr(hit, "entity_type", hit))


class ColumnValuesContainNoPersonalData(ColumnMapMetricProvider):
    """Row-wise condition: the value holds no personal data per the project's detector."""

    condition_metric_name = _METRIC
    condition_value_keys = ("entity_types", "ner")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, entity_types: Any = None, ner: Any = False, **kwargs: Any):
        return clean_mask(column, entity_types, bool(ner))


class ExpectColumnValuesToContainNoPersonalData(ColumnMapExpectation):
    """Expect a column declared "no personal data" to hold none (Art. 5(1)(c), 25).

    Args:
        column: the column.
        entity_types: only these detected entity types count (default: all).
        ner: also use spaCy NER (default False: regex and checksum recognizers only).
        mostly: share of values that must be clean (default 1.0).
    """

    entity_types: list[str] | None = None
    ner: bool = False

    map_metric = _METRIC
    success_keys: ClassVar[tuple[str, ...]] = ("mostly", "entity_types", "ner")
    library_metadata: ClassVar[dict[str, Any]] = {
        "maturity": "production",
        "tags": ["gdpr", "privacy"],
        "contributors": ["gdpr-audit"],
    }
