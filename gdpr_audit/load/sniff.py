"""Recognise what a source file is: format, encoding, CSV dialect and header.

Only samples are read (the first 64 KB, plus a few windows spread over the file for the
encoding), so sniffing a directory is cheap and every unusable file is reported before
any table is written. Error messages name the file and what is wrong with it, never
its contents.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gdpr_audit.core.errors import InputError

SAMPLE_BYTES = 64 * 1024
#: A header longer than the sample (thousands of columns) is read on, doubling, up to this.
MAX_HEADER_BYTES = 64 * 1024 * 1024
#: Complete lines the CSV sample should hold (header + data rows to compare it with).
SAMPLE_LINES = 20
#: More columns than Excel allows (16,384) are refused: DuckDB holds a vector per column per
#: thread (100,000 columns needed 7 GB; 20,000 load in 0.8 GB), so one clear line instead.
MAX_COLUMNS = 16_384
#: Extra windows read across the file to catch a Windows-1252 byte after the first 64 KB.
ENCODING_WINDOWS = 8
DELIMITERS = (",", ";", "\t", "|")
MAX_SNIFF_RECORDS = 200
MAX_PREAMBLE_LINES = 10

#: ``.txt`` is not among them: next to an export it is usually a README, not a table.
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
CP1252 = "cp1252"
UTF16 = "utf-16"

_MAGIC_ZIP = b"PK\x03\x04"
_MAGIC_PARQUET = b"PAR1"
_MAGIC_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
_MAGIC_OTHER = {
    b"\x1f\x8b": "a gzip archive",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
    b"7z\xbc\xaf": "a 7-zip archive",
    b"%PDF": "a PDF document",
    b"SQLite format 3": "an SQLite database",
}
_SEP_HINT = re.compile(r"\ufeff?sep=([,;\t|])[ \t]*\r?\n", re.IGNORECASE)
_DATA_LIKE = re.compile(
    r"^\s*(?:[-+]?\d[\d.,]*|\d{1,4}[-./]\d{1,2}[-./]\d{1,4}(?:[ T].*)?|[^@\s]+@[^@\s]+\.\w+)\s*$"
)


@dataclass(frozen=True)
class Sniffed:
    """What a source file is. ``encoding``/``delimiter``/``header`` only for text formats."""

    format: str  # csv | tsv | xlsx | json | jsonl | parquet
    encoding: str | None = None  # utf-8 | utf-8-sig | cp1252 | utf-16
    delimiter: str | None = None
    quote: str = '"'
    escape: str = '"'
    header: bool = True
    header_names: tuple[str, ...] = ()
    empty: bool = False
    skip_lines: int = 0  # lines before the header: Excel's ``sep=;`` hint, report titles
    field_count: int = 0  # fields per record (header padded to it when data rows are wider)
    #: Rewrite record ends to LF before DuckDB reads the file (set by the loader's retry
    #: when DuckDB refuses a file mixing LF and CRLF).
    rewrite_newlines: bool = False


def format_for_extension(path: Path) -> str | None:
    """The format a file name promises, or ``None`` for extensions the loader skips."""
    return EXTENSIONS.get(path.suffix.lower())


def sniff_file(path: Path, label: str) -> Sniffed:
    """Sniff ``path``; ``label`` (the relative path) names the file in errors.

    Raises:
        InputError: binary data, an archive, a legacy .xls, or text in no usable encoding.
    """
    declared = format_for_extension(path)
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    if head.startswith(_MAGIC_ZIP):
        if _is_xlsx(path):
            return Sniffed(format="xlsx")
        raise InputError(f"{label}: is a zip archive, not a {declared} file")
    if head.startswith(_MAGIC_PARQUET):
        return Sniffed(format="parquet")
    if head.startswith(_MAGIC_OLE):
        raise InputError(f"{label}: is a legacy Excel .xls/OLE file; save it as .xlsx or CSV")
    for magic, what in _MAGIC_OTHER.items():
        if head.startswith(magic):
            raise InputError(f"{label}: is {what}, not a {declared} file")
    if declared in ("xlsx", "parquet"):
        raise InputError(f"{label}: is not a valid {declared} file (wrong magic bytes)")
    encoding = sniff_encoding(path, head)
    text = _decode_sample(head, encoding)
    if len(head) < SAMPLE_BYTES and not text.strip("\ufeff \t\r\n"):
        return Sniffed(
            format=declared or "csv",
            encoding=encoding,
            empty=True,
            delimiter="\t" if declared == "tsv" else None,
        )
    if _looks_binary(text):
        raise InputError(f"{label}: looks like binary data, not a {declared} file")
    if declared in ("json", "jsonl"):
        return Sniffed(format=_json_flavour(declared, text), encoding=encoding)
    if len(head) == SAMPLE_BYTES:
        head = _grow_sample(path, head)
        text = _decode_sample(head, encoding)
    # CR-only and mixed line ends: the sample is read as LF; the reader rewrites the file
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    hint = _SEP_HINT.match(text)  # Excel's "sep=;" first line: take its word for it
    delimiter = hint.group(1) if hint else sniff_delimiter(text, prefer_tab=declared == "tsv")
    escape = sniff_escape(text, delimiter)
    skip = preamble_lines(text, delimiter, escape)
    rows = _sample_rows(text.split("\n", skip)[-1] if skip else text, delimiter, escape)
    header = sniff_header(rows)
    names = tuple(rows[0]) if rows and header else ()
    width = max(_field_mode(rows[1:] if header else rows), len(names), 1)
    if width > MAX_COLUMNS:
        raise InputError(
            f"{label}: has {width:,} columns; at most {MAX_COLUMNS:,} can be loaded "
            "(split the file or export fewer columns)"
        )
    return Sniffed(
        format="tsv" if delimiter == "\t" and declared == "tsv" else "csv",
        encoding=encoding,
        delimiter=delimiter,
        escape=escape,
        header=header,
        header_names=names,
        skip_lines=skip,
        field_count=width,
    )


def _grow_sample(path: Path, head: bytes) -> bytes:
    """Read on (doubling) until the sample holds :data:`SAMPLE_LINES` lines or the
    file ends: a header of 100,000 names must be sniffed whole, not cut at 64 KB."""
    size = len(head)
    with path.open("rb") as fh:
        fh.seek(size)
        while head.count(b"\n") + head.count(b"\r") < SAMPLE_LINES and size < MAX_HEADER_BYTES:
            more = fh.read(size)
            if not more:
                break
            head += more
            size = len(head)
    return head


def _is_xlsx(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _decode_sample(head: bytes, encoding: str) -> str:
    # The sample may end inside a multi-byte character: decode incrementally, unfinished.
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(head, final=False)


def sniff_encoding(path: Path, head: bytes) -> str:
    """``utf-8``, ``utf-8-sig`` (BOM), ``utf-16`` (BOM) or ``cp1252``.

    UTF-8 unless a window of the file is not valid UTF-8 and none of the windows holds a
    valid multi-byte UTF-8 sequence (then it is a Windows-1252 export, the German Excel
    default; Latin-1 text decodes identically outside 0x80-0x9F). A file that mixes valid
    UTF-8 with invalid bytes stays UTF-8 and its bad records are quarantined.
    """
    if head.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    invalid = False
    multibyte = False
    for window in _windows(path, head):
        ok, has_multibyte = _utf8_status(window)
        invalid |= not ok
        multibyte |= has_multibyte
    if invalid and not multibyte:
        return CP1252
    return UTF8


def _windows(path: Path, head: bytes) -> list[bytes]:
    size = path.stat().st_size
    windows = [head]
    if size <= len(head):
        return windows
    with path.open("rb") as fh:
        for i in range(1, ENCODING_WINDOWS + 1):
            fh.seek(max(len(head), size * i // ENCODING_WINDOWS - SAMPLE_BYTES // 4))
            windows.append(fh.read(SAMPLE_BYTES // 4))
    return windows


def _utf8_status(window: bytes) -> tuple[bool, bool]:
    """(valid UTF-8 apart from cut characters at both ends, holds a valid multi-byte sequence)."""
    start = 0
    while start < min(3, len(window)) and 0x80 <= window[start] <= 0xBF:
        start += 1  # a character cut at the window's start
    decoder = codecs.getincrementaldecoder(UTF8)(errors="surrogateescape")
    text = decoder.decode(window[start:], final=False)
    invalid = any("\udc80" <= ch <= "\udcff" for ch in text)
    multibyte = any(ord(ch) > 0x7F and not "\udc80" <= ch <= "\udcff" for ch in text)
    return not invalid, multibyte


def _looks_binary(text: str) -> bool:
    """More than 1 % control characters (NUL included): binary, or UTF-16 without a BOM.

    A stray NUL or two inside a text export is data, kept as it is.
    """
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls > max(8, len(text) // 100)


def _json_flavour(declared: str, text: str) -> str:
    """``json`` (array or one object) or ``jsonl`` (one object per line)."""
    import json

    stripped = text.lstrip("\ufeff \t\r\n")
    if declared == "jsonl" or not stripped.startswith("{"):
        return declared
    first_line = stripped.split("\n", 1)[0]
    try:
        json.loads(first_line)
    except (ValueError, RecursionError):
        return "json"  # one pretty-printed object (or one nested too deeply to tell)
    return "jsonl"


def _complete_lines(text: str) -> str:
    cut = text.rfind("\n")
    return text[: cut + 1] if cut > 0 else text


def _sample_rows(text: str, delimiter: str, escape: str = '"') -> list[list[str]]:
    reader = csv.reader(
        io.StringIO(_complete_lines(text).lstrip("\ufeff")),
        delimiter=delimiter,
        quotechar='"',
        doublequote=escape == '"',
        escapechar=None if escape == '"' else escape,
        strict=False,
    )
    rows: list[list[str]] = []
    try:
        for row in reader:
            if row:
                rows.append(row)
            if len(rows) >= MAX_SNIFF_RECORDS:
                break
    except csv.Error:
        pass
    return rows


def sniff_delimiter(text: str, prefer_tab: bool = False) -> str:
    """The candidate (``,`` ``;`` tab ``|``) that splits the sample into the most
    consistent number of fields (>1), quote-aware; ties go to more fields, then to the
    order above (tab first for ``.tsv``). A one-column file gets ``,`` (tab for ``.tsv``)."""
    candidates = ("\t", ",", ";", "|") if prefer_tab else DELIMITERS
    best: tuple[float, int, int] | None = None
    best_delim = candidates[0]
    for rank, delim in enumerate(candidates):
        rows = _sample_rows(text, delim)
        if not rows:
            continue
        counts = [len(r) for r in rows]
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        if mode < 2:
            continue
        score = (counts.count(mode) / len(counts), mode, -rank)
        if best is None or score > best:
            best, best_delim = score, delim
    return best_delim


def _consistency(rows: list[list[str]]) -> float:
    counts = [len(r) for r in rows]
    if not counts:
        return 0.0
    return max(counts.count(c) for c in set(counts)) / len(counts)


def sniff_escape(text: str, delimiter: str) -> str:
    """``"`` (RFC 4180 doubled quotes) unless backslash-escaped quotes (``\\"``, as MySQL
    and some CRM tools write them) split the sample more consistently."""
    if '\\"' not in text:
        return '"'
    doubled = _consistency(_sample_rows(text, delimiter, '"'))
    backslash = _consistency(_sample_rows(text, delimiter, "\\"))
    return "\\" if backslash > doubled else '"'


def _field_mode(rows: list[list[str]]) -> int:
    counts = [len(r) for r in rows]
    return max(set(counts), key=lambda c: (counts.count(c), c)) if counts else 0


def preamble_lines(text: str, delimiter: str, escape: str = '"') -> int:
    """Lines above the header: report titles, export dates, Excel's ``sep=;`` hint.

    They are the leading lines (at most :data:`MAX_PREAMBLE_LINES`) with at most one
    non-empty field, when a later line of the sample has two or more; a one-column file
    has none.
    """
    lines = _complete_lines(text).split("\n")[: MAX_PREAMBLE_LINES + 1]
    for number, line in enumerate(lines):
        fields = _sample_rows(line + "\n", delimiter, escape)
        if sum(1 for f in (fields[0] if fields else []) if f.strip()) >= 2:
            return number
    return 0


def sniff_header(rows: list[list[str]]) -> bool:
    """Whether the first record is a header, judged column by column against the rows below.

    Evidence for a header: a known header name (any vendor profile's, or a word such as
    ``email``/``Vorname``), a text in a column whose values are numbers, dates or
    e-mail addresses. Evidence for data: an e-mail address, a number or date where the
    column holds numbers or dates, a value that recurs below it, repeated fields. A numeric
    name over a numeric column (``2024``) is outweighed by a text name beside it. Without
    evidence either way, a first row without data-looking fields is a header: CRM exports
    nearly always have one.
    """
    if not rows:
        return True
    first, data = rows[0], rows[1:]
    score = 0
    names: list[str] = []  # text fields: checked against the profiles' headers if needed
    filled = [f.strip() for f in first if f.strip()]
    if len(set(filled)) < len(filled):
        score -= 2
    for j, field in enumerate(first):
        value = field.strip()
        if not value or _PLACEHOLDER.match(value):
            continue
        kind = _kind(value)
        if kind == "email":
            score -= 3
            continue
        if kind is None:
            names.append(value.lower())
            score += 1 if _HEADER_WORD.search(_words(value)) else 0
        column = [r[j].strip() for r in data if j < len(r) and r[j].strip()]
        column_kind = _column_kind(column)
        if column_kind is not None:
            score += -1 if kind == column_kind else 2 if kind is None else 0
        elif value in column:
            score -= 1
    if score <= 0:  # loading every profile costs 0.7 s once: only when it can matter
        known = _known_headers()
        score += 2 * sum(1 for name in names if name in known)
    if score:
        return score > 0
    return not any(_DATA_LIKE.match(field) for field in first if field)


_PLACEHOLDER = re.compile(r"^(?:-+|n/?a|null|none|\?+|\.+)$", re.IGNORECASE)
_NUMBER = re.compile(r"^[-+]?(?:\d[\d.,' ]*|[.,]\d+)(?:[eE][-+]?\d+)?%?$")
_DATE = re.compile(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}(?:[ T].*)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.\w+$")
_CAMEL = re.compile(r"(?<=[a-zäöü])(?=[A-ZÄÖÜ])")
_HEADER_WORD = re.compile(
    r"\b(?:id|nr|no|num|number|nummer|key|name|names|vorname|nachname|first|last|surname|"
    r"email|mail|phone|tel|telefon|mobile|mobil|fax|date|datum|time|zeit|created|updated|"
    r"modified|geändert|erstellt|status|type|typ|art|city|ort|stadt|country|land|street|"
    r"strasse|straße|zip|plz|postal|postcode|address|adresse|company|firma|account|contact|"
    r"kontakt|kunde|customer|lead|owner|user|benutzer|role|rolle|birth|birthday|geburtsdatum|"
    r"gender|geschlecht|title|titel|anrede|salutation|source|quelle|note|notes|notiz|comment|"
    r"kommentar|description|beschreibung|consent|einwilligung|opt|channel|kanal|purpose|"
    r"zweck|language|sprache|amount|betrag|price|preis|total|count|anzahl|code|url|website|"
    r"subject|betreff|message|nachricht|text|tag|tags|category|kategorie|region|state|"
    r"iban|bic|vat|tax|ip|age|alter|score|flag|active|aktiv|deleted|gelöscht)\b"
)


def _words(value: str) -> str:
    return _CAMEL.sub(" ", value).replace("_", " ").lower()


def _kind(value: str) -> str | None:
    """``number``, ``date`` or ``email`` for a value that looks like one, else ``None``."""
    if _EMAIL.match(value):
        return "email"
    if _DATE.match(value):
        return "date"
    if _NUMBER.match(value):
        return "number"
    return None


def _column_kind(values: list[str]) -> str | None:
    """The kind four in five of a column's (two or more) values share, if any."""
    if len(values) < 2:
        return None
    kinds = [_kind(v) for v in values if not _PLACEHOLDER.match(v)]
    for kind in ("number", "date", "email"):
        if kinds and kinds.count(kind) * 5 >= len(kinds) * 4:
            return kind
    return None


@lru_cache(maxsize=1)
def _known_headers() -> frozenset[str]:
    """Every header name a vendor profile reads (lower-case): certain header evidence."""
    from gdpr_audit.core.errors import ConfigError
    from gdpr_audit.load.profile import list_profiles, load_profile

    names: set[str] = set()
    for name in list_profiles():
        try:
            profile = load_profile(name)
        except ConfigError:  # a broken profile fails the model build, not the sniffing
            continue
        for entity in profile.entities:
            names |= entity.headers
    return frozenset(names)
