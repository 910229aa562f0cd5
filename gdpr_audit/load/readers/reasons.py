"""Why a record was quarantined: one code per reason, with typed parameters.

``load_quarantine`` keeps the English prose (``reason``) for people reading the table and,
next to it, ``reason_code`` + ``reason_params`` (JSON) for the report, which words each
code in the reader's language (``load.reason.<code>`` in ``report/i18n/<lang>.yaml``),
the way findings are rendered from a key and parameters. Parameters are counts, limits,
encodings and JSON type names only, never cell values.

Every reader builds its quarantined records with :func:`quarantined`, so a reason without
a code cannot be stored.
"""

from __future__ import annotations

import re
from typing import Any

from gdpr_audit.load.readers.common import QuarantinedRecord

#: Reason code -> the English prose stored in ``load_quarantine.reason``.
REASONS: dict[str, str] = {
    "too_many_fields": "ragged row: more fields than the header",
    "too_few_fields": "ragged row: fewer fields than the header",
    "undecodable_bytes": "undecodable bytes in the detected encoding",
    "cp1252_undefined_bytes": "bytes undefined in Windows-1252",
    "line_too_long": "record longer than the maximum line size",
    "bad_quote": "unterminated or misplaced quote",
    "cast_failed": "value does not fit the column type",
    "broken_json": "broken JSON line",
    "json_too_deep": "JSON nested too deeply to read",
    "json_line_not_object": "JSON line is not an object",
    "json_element_not_object": "array element is not an object",
    "cells_beyond_header": "ragged row: cells beyond the header's {columns} columns",
    "engine_error": "rejected by the CSV reader ({error_class})",
}

#: DuckDB's CSV reject ``error_type`` -> reason code (docs: "Reject Errors", duckdb.org).
CSV_ERROR_CODES: dict[str, str] = {
    "TOO MANY COLUMNS": "too_many_fields",
    "MISSING COLUMNS": "too_few_fields",
    "INVALID ENCODING": "undecodable_bytes",
    "INVALID UNICODE": "undecodable_bytes",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
    "UNQUOTED VALUE": "bad_quote",
    "CAST": "cast_failed",
}

#: "Expected Number of Columns: 3 Found: 4" in DuckDB's reject message: counts only.
_FIELD_COUNTS = re.compile(r"Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)")
#: An error type is an upper-case enum name; anything else is not shown.
_ERROR_CLASS = re.compile(r"[A-Z][A-Z0-9 _]{0,40}")


def quarantined(record_no: int, code: str, raw_record: str, **params: Any) -> QuarantinedRecord:
    """A quarantined record with the reason ``code``, its English prose and parameters.

    Raises:
        KeyError: an unknown code (a reader bug, caught by the tests).
    """
    return QuarantinedRecord(
        record_no=record_no,
        reason=REASONS[code].format(**params),
        raw_record=raw_record,
        code=code,
        params=params,
    )


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value (``array``, ``string``, ...): no value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object" if isinstance(value, dict) else "other"


def csv_reject(
    record_no: int, kinds: str, message: str | None, raw_record: str
) -> QuarantinedRecord:
    """The quarantined record of one DuckDB CSV reject line.

    Args:
        kinds: the line's ``error_type`` values joined by ", " (several on one line).
        message: one of the line's ``error_message`` texts; only the field counts of a
            ragged row are read from it (DuckDB's other messages may quote the line).
    """
    codes: list[str] = []
    error_classes: list[str] = []
    for kind in sorted(k.strip() for k in kinds.split(",") if k.strip()):
        code = CSV_ERROR_CODES.get(kind, "engine_error")
        if code == "engine_error":
            error_classes.append(kind if _ERROR_CLASS.fullmatch(kind) else "UNKNOWN")
        if code not in codes:
            codes.append(code)
    if not codes:
        codes, error_classes = ["engine_error"], ["UNKNOWN"]
    main, others = codes[0], codes[1:]
    params: dict[str, Any] = {}
    counts = _FIELD_COUNTS.search(message or "")
    if main in ("too_many_fields", "too_few_fields") and counts:
        params = {"expected": int(counts.group(1)), "found": int(counts.group(2))}
    if main == "engine_error":
        params = {"error_class": error_classes[0]}
    parts = [REASONS[c].format(error_class=", ".join(error_classes)) for c in codes]
    if "found" in params:
        parts[0] += f" (expected {params['expected']} fields, found {params['found']})"
    prose = "; ".join(parts)
    if others:
        params["also"] = others
    return QuarantinedRecord(
        record_no=record_no, reason=prose, raw_record=raw_record, code=main, params=params
    )
