"""Names of raw tables and their columns (docs/data-model.md, "Raw tables")."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

#: Provenance columns every raw table ends with.
SOURCE_FILE_COLUMN = "_source_file"
RECORD_NO_COLUMN = "_record_no"
PROVENANCE_COLUMNS = (SOURCE_FILE_COLUMN, RECORD_NO_COLUMN)

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def _slug(part: str) -> str:
    return _NOT_NAME.sub("_", part.lower()).strip("_")


def display_path(text: str) -> str:
    """``text`` as valid UTF-8: bytes of a file name that are not UTF-8 (which Python keeps
    as lone surrogates) shown as ``\\xNN``, so they never reach output or DuckDB raw."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def raw_table_name(relative_path: str, sheet: str | None = None) -> str:
    """Raw table name of a source: ``crm/Kontakte DE.csv`` -> ``crm__kontakte_de``.

    The extension is dropped, the rest lower-cased, every run of characters other than
    ``[a-z0-9]`` becomes ``_`` and path separators become ``__``; an XLSX sheet appends
    ``__<sheet>``. Empty parts become ``x`` so every name stays a valid identifier, and a
    name starting with a digit gets a ``t_`` prefix.
    """
    posix = PurePosixPath(relative_path.replace("\\", "/"))
    parts = [p for p in posix.parts if p not in ("", ".", "/")]
    if not parts:
        raise ValueError("empty path")
    stem = parts[-1]
    if "." in stem.lstrip("."):
        stem = stem[: stem.rfind(".")]
    slugs = [_slug(p) or "x" for p in [*parts[:-1], stem]]
    if sheet is not None:
        slugs.append(_slug(sheet) or "sheet")
    name = "__".join(slugs)
    return f"t_{name}" if name[0].isdigit() else name


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name_2``, ``name_3``, ... whichever is not in ``taken`` (case-insensitive)."""
    used = {t.lower() for t in taken}
    if name.lower() not in used:
        return name
    n = 2
    while f"{name}_{n}".lower() in used:
        n += 1
    return f"{name}_{n}"


def column_names(header: Sequence[str | None]) -> list[str]:
    """Column names for a header, kept as written where possible.

    Blank names become ``column_<n>`` (1-based position); duplicates, compared
    case-insensitively as DuckDB does, get ``_2``, ``_3``, ...; names that clash with the
    provenance columns are renamed the same way.
    """
    out: list[str] = []
    taken: list[str] = list(PROVENANCE_COLUMNS)
    for position, raw in enumerate(header, start=1):
        name = raw if raw is not None and raw.strip() else f"column_{position}"
        name = unique_name(name.replace("\x00", ""), taken)
        out.append(name)
        taken.append(name)
    return out
