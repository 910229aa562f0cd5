"""JSON arrays and JSON Lines: nested objects flattened with ``.``, arrays as JSON text.

Numbers keep the text they were written with (``1.10`` stays ``1.10``), booleans are
``true``/``false``, ``null`` is NULL. For JSON Lines every non-blank line is a record and
``_record_no`` is its line number; a line that is not valid JSON, not an object or not
decodable is quarantined with its line. For a JSON array ``_record_no`` is the index + 1;
an element that is not an object is quarantined. A file that is one object is one record.

A key written twice in one object, or a flattened name that clashes (``{"a": {"b": 1},
"a.b": 2}``), keeps both values: the second becomes column ``a_2`` (``a.b_2``), with a
note. Objects nested deeper than :data:`MAX_FLATTEN_DEPTH` are kept as JSON text; a record
nested deeper than Python's parser can follow (about 1,000 levels) is quarantined.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from gdpr_audit.core.errors import InputError
from gdpr_audit.load.naming import PROVENANCE_COLUMNS, unique_name
from gdpr_audit.load.readers.common import (
    CP1252_TABLE,
    QuarantinedRecord,
    RowSink,
    TableRead,
    scrub_message,
    show_undefined,
)
from gdpr_audit.load.readers.reasons import json_type, quarantined
from gdpr_audit.load.sniff import CP1252, UTF8, UTF8_BOM, UTF16, Sniffed


class JsonNumber(str):
    """A JSON number kept as the text it was written with."""


class RepeatedKeys(dict):  # type: ignore[type-arg]
    """A JSON object that wrote a key twice; ``pairs`` holds every (key, value) as written."""

    pairs: list[tuple[str, Any]]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    repeated = RepeatedKeys(obj)
    repeated.pairs = pairs
    return repeated


#: Stateless once built; building a decoder per line costs more than parsing the line.
#: ``strict=False`` accepts raw control characters (tabs, form feeds) inside strings, which
#: some exporters write: the record is kept rather than quarantined.
_DECODER = json.JSONDecoder(
    parse_float=JsonNumber,
    parse_int=JsonNumber,
    parse_constant=JsonNumber,
    strict=False,
    object_pairs_hook=_object,
)

#: Object levels flattened into ``a.b.c`` names; deeper objects stay JSON text.
MAX_FLATTEN_DEPTH = 32
#: Marks the n-th occurrence of a repeated flattened name (``a`` -> ``a\x002``); NUL never
#: survives into a column name, so the marker cannot clash with a real key.
REPEAT_MARK = "\x00"


def parse_json(text: str) -> Any:
    """``json.loads`` keeping numbers (and NaN/Infinity) as the text they were written with."""
    return _DECODER.decode(text)


def to_json_text(value: Any) -> str:
    """Compact JSON text of a parsed value, numbers as written; any depth (no recursion)."""
    if isinstance(value, list) and all(type(v) is str for v in value):  # a list of tags
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if type(item) is _Literal:
            out.append(item)
        elif isinstance(item, JsonNumber):
            out.append(str.__str__(item))
        elif isinstance(item, list):
            stack.append(_Literal("]"))
            for i, element in enumerate(reversed(item)):
                stack.append(element)
                if i < len(item) - 1:
                    stack.append(_Literal(","))
            stack.append(_Literal("["))
        elif isinstance(item, dict):
            pairs = item.pairs if type(item) is RepeatedKeys else list(item.items())
            stack.append(_Literal("}"))
            for i, (key, element) in enumerate(reversed(pairs)):
                stack.append(element)
                stack.append(_Literal(json.dumps(key, ensure_ascii=False) + ":"))
                if i < len(pairs) - 1:
                    stack.append(_Literal(","))
            stack.append(_Literal("{"))
        else:
            out.append(json.dumps(item, ensure_ascii=False))
    return "".join(out)


class _Literal(str):
    """JSON punctuation on :func:`to_json_text`'s stack (not a value)."""


def flatten(
    record: dict[str, Any], prefix: str = "", out: dict[str, str | None] | None = None
) -> dict[str, str | None]:
    """``{"a.b": text}`` of a JSON object; arrays and objects deeper than
    :data:`MAX_FLATTEN_DEPTH` stay JSON text; a repeated name's n-th value is keyed
    ``name + REPEAT_MARK + n``."""
    if out is None:
        out = {}
    items = record.pairs if type(record) is RepeatedKeys else record.items()
    for key, value in items:
        name = prefix + key if prefix else key
        if name in out:
            name = _repeated(out, name)
        kind = type(value)
        if kind is str or kind is JsonNumber:
            out[name] = str.__str__(value)
        elif value is None:
            out[name] = None
        elif kind is bool:
            out[name] = "true" if value else "false"
        elif (kind is dict or kind is RepeatedKeys) and value:
            if name.count(".") >= MAX_FLATTEN_DEPTH:
                out[name] = to_json_text(value)
            else:
                flatten(value, name + ".", out)
        else:
            out[name] = to_json_text(value)
    return out


def _repeated(out: dict[str, str | None], name: str) -> str:
    n = 2
    while f"{name}{REPEAT_MARK}{n}" in out:
        n += 1
    return f"{name}{REPEAT_MARK}{n}"


class _Columns:
    """Maps flattened keys to column names (blank -> column_<n>, case clashes -> _2)."""

    def __init__(self, sink: RowSink) -> None:
        self._sink = sink
        self._by_key: dict[str, str] = {}
        self._taken: list[str] = list(PROVENANCE_COLUMNS)
        self.repeated: list[str] = []  # columns holding a repeated key's second value

    def record(self, flat: dict[str, str | None]) -> dict[str, str | None]:
        by_key = self._by_key
        if all(key in by_key for key in flat):
            return {by_key[key]: value for key, value in flat.items()}
        out: dict[str, str | None] = {}
        for key, value in flat.items():
            name = by_key.get(key)
            if name is None:
                wanted = key if key.strip() else f"column_{len(by_key) + 1}"
                base, mark, n = wanted.partition(REPEAT_MARK)
                if mark and n.isdigit():
                    wanted = f"{base}_{n}"
                name = unique_name(wanted.replace("\x00", ""), self._taken)
                by_key[key] = name
                self._taken.append(name)
                self._sink.add_columns([name])
                if mark and n.isdigit():
                    self.repeated.append(name)
            out[name] = value
        return out


def _decode(raw: bytes, encoding: str, first: bool) -> str:
    if encoding == CP1252:
        return codecs.charmap_decode(raw, "strict", CP1252_TABLE)[0]
    return raw.decode(UTF8_BOM if first or encoding == UTF8_BOM else UTF8)


def read_jsonl(
    con: duckdb.DuckDBPyConnection, path: Path, sniffed: Sniffed, *, table: str, source_file: str
) -> TableRead:
    """Load a JSON Lines file into ``raw.<table>``."""
    encoding = sniffed.encoding or UTF8
    sink = RowSink(con, table, source_file)
    columns = _Columns(sink)
    quarantine: list[QuarantinedRecord] = []
    for line_no, raw in _lines(path, encoding):
        if not raw.strip():
            continue
        try:
            text = _decode(raw, encoding, first=line_no == 1)
        except UnicodeDecodeError:
            quarantine.append(
                quarantined(line_no, "undecodable_bytes", _show_bytes(raw), encoding=encoding)
            )
            continue
        if encoding == CP1252 and any("\uf780" <= ch <= "\uf7ff" for ch in text):
            quarantine.append(
                quarantined(line_no, "cp1252_undefined_bytes", show_undefined(text.rstrip("\r\n")))
            )
            continue
        try:
            value = parse_json(text)
        except ValueError:
            quarantine.append(quarantined(line_no, "broken_json", text.rstrip("\r\n")))
            continue
        except RecursionError:
            quarantine.append(quarantined(line_no, "json_too_deep", text.rstrip("\r\n")))
            continue
        if not isinstance(value, dict):
            quarantine.append(
                quarantined(
                    line_no, "json_line_not_object", text.rstrip("\r\n"), json_type=json_type(value)
                )
            )
            continue
        sink.add(line_no, columns.record(flatten(value)))
    loaded = sink.finish()
    return TableRead(
        table_name=table,
        rows_loaded=loaded,
        quarantine=quarantine,
        note="empty file" if sniffed.empty else _repeat_note(columns),
    )


def _repeat_note(columns: _Columns) -> str | None:
    if not columns.repeated:
        return None
    return (
        "keys written twice (or clashing once flattened) kept in "
        + ", ".join(columns.repeated[:5])
        + (f" and {len(columns.repeated) - 5} more" if len(columns.repeated) > 5 else "")
    )


def _lines(path: Path, encoding: str) -> Iterator[tuple[int, bytes]]:
    if encoding == UTF16:
        text = path.read_bytes().decode(UTF16, errors="replace")
        # split on "\n" only: U+2028 and friends may stand unescaped inside JSON strings
        for line_no, line in enumerate(text.split("\n"), start=1):
            yield line_no, line.encode(UTF8)
        return
    with path.open("rb") as fh:
        yield from enumerate(fh, start=1)


def _show_bytes(raw: bytes) -> str:
    return raw.rstrip(b"\r\n").decode(UTF8, errors="backslashreplace")


#: Largest JSON array element DuckDB hands over (its default is 16 MB).
MAX_ELEMENT_BYTES = 256 * 1024 * 1024
_FETCH = 10_000


def read_json(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    sniffed: Sniffed,
    *,
    table: str,
    source_file: str,
    label: str,
) -> TableRead:
    """Load a JSON array of objects (or a single object) into ``raw.<table>``.

    A UTF-8 array is streamed element by element by DuckDB's ``read_json_objects`` (each
    element's original text, so memory stays flat for large exports); other encodings
    and a top-level object are parsed whole.
    """
    sink = RowSink(con, table, source_file)
    columns = _Columns(sink)
    quarantine: list[QuarantinedRecord] = []
    if sniffed.empty:
        sink.finish()
        return TableRead(table_name=table, rows_loaded=0, note="empty file")
    for index, element in enumerate(_elements(con, path, sniffed, label), start=1):
        if isinstance(element, dict):
            sink.add(index, columns.record(flatten(element)))
        elif type(element) is _TooDeep:
            quarantine.append(quarantined(index, "json_too_deep", str.__str__(element)))
        else:
            quarantine.append(
                quarantined(
                    index,
                    "json_element_not_object",
                    to_json_text(element),
                    json_type=json_type(element),
                )
            )
    return TableRead(
        table_name=table,
        rows_loaded=sink.finish(),
        quarantine=quarantine,
        note=_repeat_note(columns),
    )


class _TooDeep(str):
    """The text of a record nested deeper than the parser can follow (quarantined)."""


def _elements(
    con: duckdb.DuckDBPyConnection, path: Path, sniffed: Sniffed, label: str
) -> Iterator[Any]:
    encoding = sniffed.encoding or UTF8
    if encoding in (UTF8, UTF8_BOM) and _starts_with_array(path):
        yield from _streamed_elements(con, path, label)
        return
    data = path.read_bytes()
    try:
        text = (
            codecs.charmap_decode(data, "strict", CP1252_TABLE)[0]
            if encoding == CP1252
            else data.decode(UTF8_BOM if encoding in (UTF8, UTF8_BOM) else encoding)
        )
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not valid {encoding} at byte {exc.start}") from None
    try:
        value = parse_json(text)
    except RecursionError:
        if text.lstrip("\ufeff \t\r\n").startswith("["):
            raise InputError(f"{label}: JSON nested too deeply to read") from None
        yield _TooDeep(text)  # one object: one record, quarantined
        return
    except json.JSONDecodeError:
        value = _parse_document(text, label)
    yield from value if isinstance(value, list) else [value]


def _starts_with_array(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"[")


def _streamed_elements(con: duckdb.DuckDBPyConnection, path: Path, label: str) -> Iterator[Any]:
    cursor = con.cursor()  # its own result stream; the loader's connection keeps writing
    try:
        result = cursor.execute(
            "SELECT json FROM read_json_objects($path, format = 'array', "
            "maximum_object_size = $max_size)",
            {"path": str(path), "max_size": MAX_ELEMENT_BYTES},
        )
        while batch := result.fetchmany(_FETCH):
            for (text,) in batch:
                try:
                    yield parse_json(text)
                except RecursionError:
                    yield _TooDeep(text)
                except json.JSONDecodeError:
                    yield _parse_document(text, label)
    except duckdb.Error as exc:
        raise InputError(f"{label}: not valid JSON ({scrub_message(exc)})") from None
    finally:
        cursor.close()


def _parse_document(text: str, label: str) -> Any:
    try:
        return parse_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{label}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(f"{label}: JSON nested too deeply") from None
