"""The custom expectation: the project's detector decides, per distinct value."""

from __future__ import annotations

import pandas as pd

from gdpr_audit.check.personal_data import clean_mask, values_with_personal_data

VALUES = [
    # (value, holds personal data)
    ("spring-2026", False),
    ("newsletter", False),
    ("product_updates", False),
    ("Q3-B2B-webinar", False),
    ("Order 2026-0001", False),  # trap: digits, but an order number
    ("call back +49 170 1234567", True),  # German mobile number
    ("write to anna.berg@example.de", True),
    ("DE89 3704 0044 0532 0130 00", True),  # IBAN with a valid checksum
    ("Herr Müller anrufen 030 12345678", True),
]


def test_detector_table() -> None:
    values = [v for v, _ in VALUES]
    assert values_with_personal_data(values) == [flag for _, flag in VALUES]


def test_entity_types_restrict_what_counts() -> None:
    values = ["write to anna.berg@example.de", "call back +49 170 1234567"]
    assert values_with_personal_data(values, entity_types=["EMAIL_ADDRESS"]) == [True, False]


def test_condition_scans_distinct_values_once_and_keeps_the_index(monkeypatch) -> None:
    seen: list[list[str]] = []
    real = values_with_personal_data

    def counting(values, *args, **kwargs):
        seen.append(list(values))
        return real(values, *args, **kwargs)

    monkeypatch.setattr("gdpr_audit.check.personal_data.values_with_personal_data", counting)
    column = pd.Series(
        ["spring-2026", "mail anna.berg@example.de", None] * 1000, index=range(10, 3010)
    )
    result = clean_mask(column)
    assert seen == [["spring-2026", "mail anna.berg@example.de"]]
    assert list(result.index) == list(column.index)
    assert result.sum() == 2000 and not result.iloc[1] and result.iloc[2]
