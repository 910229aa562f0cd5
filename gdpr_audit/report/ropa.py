"""The Art. 30 overview as the DPO reads it: the stored codes worded per language.

``assess`` stores the overview in long form (``audit_chart__ropa__entries``: purpose,
aspect, value, n; see ``sql/assess/ropa_overview.sql``) so legal bases, subject
categories, data types, roles and record types stay codes in the database; this module
turns them into one row per purpose in the report's language.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gdpr_audit.report.i18n import label, number, phrase, t

#: Displayed column -> (aspect of the stored rows, vocabulary of its values).
_COLUMNS = {
    "data_categories": ("data_category", "entity"),
    "subject_categories": ("subject_category", "subject_category"),
    "recipients": ("recipient", "role"),
    "retention": ("retention", "record_type"),
    "legal_basis": ("legal_basis", "legal_basis"),
}


def _word(aspect: str, vocabulary: str, value: str, n: Any, lang: str) -> str:
    if aspect == "retention_default":
        return phrase(value, lang)
    # contact attributes stand in for PII types when no inventory exists (col.email, …)
    text = label(f"{vocabulary}.{value}", lang, label(f"col.{value}", lang, value))
    if n is None or pd.isna(n):
        return text
    key = "ropa.months" if aspect == "retention" else "ropa.counted"
    return t(key, lang, label=text, n=number(int(n), lang))


def ropa_overview(entries: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per purpose: purpose (code, translated by the table), data categories,
    data subjects, recipients, retention and legal basis as text in ``lang``."""
    columns = ["purpose", *_COLUMNS]
    rows = []
    for purpose, group in entries.groupby("purpose", sort=True):
        row: dict[str, str] = {"purpose": str(purpose)}
        for column, (aspect, vocabulary) in _COLUMNS.items():
            aspects = (aspect, "retention_default") if column == "retention" else (aspect,)
            part = group[group["aspect"].isin(aspects)]
            row[column] = ", ".join(
                _word(str(a), vocabulary, str(v), n, lang)
                for a, v, n in zip(part["aspect"], part["value"], part["n"], strict=True))
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)
