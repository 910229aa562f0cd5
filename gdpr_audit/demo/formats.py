"""Text formats of the export files: ISO with ``Z``, German dates and decimals, booleans."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ISO_Z = "%Y-%m-%dT%H:%M:%SZ"
ISO_DATE = "%Y-%m-%d"
DE_DATE = "%d.%m.%Y"
DE_DATETIME = "%d.%m.%Y %H:%M"


def stamp(values, pattern: str, tz: str = "UTC") -> np.ndarray:
    """Format timestamps as text in ``tz`` (vectorised); missing values become ``""``.

    ``pattern`` is one of :data:`ISO_Z`, :data:`ISO_DATE`, :data:`DE_DATE`,
    :data:`DE_DATETIME`; the text is cut from Arrow's ``YYYY-MM-DD HH:MM:SS`` cast,
    which is far faster than ``strftime`` on hundreds of thousands of values.
    """
    s = pd.Series(pd.to_datetime(pd.Series(values), utc=True))
    local = s.dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[s]")
    text = pc.cast(pa.array(local, type=pa.timestamp("s")), pa.string())

    def cut(start: int, stop: int) -> pa.Array:
        return pc.utf8_slice_codeunits(text, start, stop)

    if pattern == ISO_Z:
        out = pc.binary_join_element_wise(pc.replace_substring(text, " ", "T"), "Z", "")
    elif pattern == ISO_DATE:
        out = cut(0, 10)
    elif pattern == DE_DATE:
        out = pc.binary_join_element_wise(cut(8, 10), cut(5, 7), cut(0, 4), ".")
    elif pattern == DE_DATETIME:
        day = pc.binary_join_element_wise(cut(8, 10), cut(5, 7), cut(0, 4), ".")
        out = pc.binary_join_element_wise(day, cut(11, 16), " ")
    else:
        raise ValueError(f"unsupported date pattern {pattern}")
    return pc.fill_null(out, "").to_numpy(zero_copy_only=False).astype(object)


def with_override(text: np.ndarray, raw: pd.Series) -> np.ndarray:
    """Put back the raw text of planted malformed dates (``n/a``, ``31.02.2024``)."""
    raw_values = raw.to_numpy(dtype=object)
    has = pd.notna(raw_values)
    out = text.copy()
    out[has] = raw_values[has]
    return out


def flag(values, true: str = "true", false: str = "false") -> np.ndarray:
    return np.where(np.asarray(values, dtype=bool), true, false).astype(object)


def de_decimal(values) -> list[str]:
    """``1234.5`` -> ``1.234,50``."""
    return [f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") for v in values]
