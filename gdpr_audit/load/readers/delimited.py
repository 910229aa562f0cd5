"""CSV/TSV into ``raw.<table>`` with DuckDB's own reader.

UTF-8 files (with or without BOM) are read by ``read_csv`` directly; Windows-1252 and
UTF-16 files are first transcoded to UTF-8 in one streaming pass into a private temporary
file (DuckDB 2.0 reads only UTF-8, UTF-16 and strict Latin-1 without the ``encodings``
extension, which would be a download, and its Latin-1 rejects the 0x80-0x9F bytes where
Windows-1252 has €, „, “ and –).

Files whose records do not all end in one consistent LF or CRLF (CR-only files from old
Mac Excel, concatenated exports mixing LF and CRLF) are rewritten the same way into LF
record ends, outside quotes only, so quoted values keep their bytes: DuckDB's strict reader
refuses a mixed file whole.

Malformed records (ragged rows, invalid UTF-8, over-long lines, unterminated quotes) come
from DuckDB's rejects tables with their record number; the raw record is read back from
the file at the reported byte offset. Record numbers are exact with quoted multi-line
fields because DuckDB counts records, not physical lines.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from gdpr_audit.core.db import qualified, quote_ident, run_sql
from gdpr_audit.load.naming import RECORD_NO_COLUMN, column_names
from gdpr_audit.load.readers.common import (
    CP1252_TABLE,
    CP1252_UNDEFINED,
    RAW_SCHEMA,
    UNDEFINED_PATTERN,
    QuarantinedRecord,
    TableRead,
    create_empty_table,
    show_undefined,
)
from gdpr_audit.load.readers.reasons import csv_reject, quarantined
from gdpr_audit.load.sniff import CP1252, UTF8, UTF8_BOM, UTF16, Sniffed

#: A 10 MB field must load, not be rejected (DuckDB's default maximum line is 2 MB); the
#: limit follows the file's size up to 64 MB, since DuckDB's buffers grow with it. A longer
#: record is quarantined, not lost.
MIN_LINE_BYTES = 2 * 1024 * 1024
MAX_LINE_BYTES = 64 * 1024 * 1024
#: How much of a quarantined record is kept when its quotes never balance.
MAX_RAW_RECORD_BYTES = 16 * 1024 * 1024
CHUNK = 4 * 1024 * 1024
REJECTS_TABLE = "gdpr_audit_csv_rejects"
REJECTS_SCAN = "gdpr_audit_csv_scans"


def read_delimited(
    con: duckdb.DuckDBPyConnection, path: Path, sniffed: Sniffed, *, table: str, source_file: str
) -> TableRead:
    """Load a CSV/TSV file into ``raw.<table>``; every value VARCHAR."""
    if sniffed.empty:
        create_empty_table(con, table, [])
        return TableRead(table_name=table, rows_loaded=0, note="empty file")
    header: list[str | None] = list(sniffed.header_names) if sniffed.header else []
    width = max(sniffed.field_count, len(header), 1)
    # data rows wider than the header (a trailing ';' on every row): blank names for the rest
    names = column_names(header + [None] * (width - len(header)))
    with _utf8_copy(path, sniffed) as (readable, undefined_bytes):
        _create_from_csv(con, readable, sniffed, table, names, source_file)
        rejects = con.execute(
            f"SELECT line, min(line_byte_position), string_agg(DISTINCT error_type, ', '), "
            f"any_value(error_message) FROM temp.{quote_ident(REJECTS_TABLE)} "
            f"GROUP BY line ORDER BY line"
        ).fetchall()
        _drop_rejects(con)
        header_lines = sniffed.skip_lines + (1 if sniffed.header else 0)
        blanks = _blank_lines(readable, sniffed.quote, sniffed.escape) if rejects else []
        quarantine = [
            csv_reject(
                line
                - header_lines
                - (bisect.bisect_left(blanks, line) - bisect.bisect_right(blanks, header_lines)),
                kinds,
                message,
                _raw_record_at(readable, offset, sniffed.quote, sniffed.escape),
            )
            for line, offset, kinds, message in rejects
        ]
    _number_records(con, table, [q.record_no for q in quarantine])
    if undefined_bytes:
        quarantine += _quarantine_undefined(con, table, names, sniffed.delimiter or ",")
    quarantine.sort(key=lambda q: q.record_no)
    loaded = con.execute(f"SELECT count(*) FROM {qualified(table, RAW_SCHEMA)}").fetchone()
    note = f"{sniffed.skip_lines} line(s) above the header skipped" if sniffed.skip_lines else None
    return TableRead(
        table_name=table,
        rows_loaded=int(loaded[0]) if loaded else 0,
        quarantine=quarantine,
        note=note,
    )


@contextmanager
def _utf8_copy(path: Path, sniffed: Sniffed) -> Iterator[tuple[Path, int]]:
    """The file DuckDB should read (UTF-8, LF or CRLF record ends) and the number of
    undefined Windows-1252 bytes."""
    encoding = sniffed.encoding or UTF8
    utf8 = encoding in (UTF8, UTF8_BOM)
    if utf8 and not sniffed.rewrite_newlines and not irregular_newlines(path):
        yield path, 0
        return
    tmpdir = tempfile.mkdtemp(prefix="gdpr-audit-load-")  # mode 0700: holds personal data
    try:
        target = Path(tmpdir) / "transcoded.csv"
        undefined = 0 if utf8 else transcode_to_utf8(path, target, encoding)
        source = path if utf8 else target
        if sniffed.rewrite_newlines or irregular_newlines(source):
            rewritten = Path(tmpdir) / "newlines.csv"
            rewrite_newlines(source, rewritten, sniffed.quote, sniffed.escape)
            source = rewritten
        yield source, undefined
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def irregular_newlines(path: Path) -> bool | None:
    """Whether the file's line ends need :func:`rewrite_newlines` before DuckDB reads it.

    ``False``: only LF, or only CRLF (most files; a single-byte count per chunk when there
    is no CR). ``True``: CR-only (old Mac Excel). ``None``: LF and CR both occur, which is a
    mixed file (concatenated exports) or CRLF inside quoted values of an LF file (DuckDB
    reads those); telling them apart needs a quote-aware pass, so DuckDB tries first and
    the loader retries with the rewrite if it refuses the file.
    """
    cr = lf = crlf = 0
    last = b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            cr += chunk.count(b"\r")
            lf += chunk.count(b"\n")
            if cr:
                crlf += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            last = chunk[-1:]
    if cr == 0 or cr == lf == crlf:
        return False
    return True if lf == 0 else None


def rewrite_newlines(source: Path, target: Path, quote: str, escape: str) -> None:
    """Copy ``source`` with every record end outside quotes (CR, LF, CRLF) written as LF.

    Line breaks inside quoted values are kept byte for byte; an unterminated quote keeps
    the rest of the file as it is (DuckDB then quarantines that record).
    """
    quote_b, escape_b = quote.encode(), escape.encode()
    tokens = [re.escape(quote_b), rb"\r\n?", rb"\n"]
    if escape != quote:
        tokens.insert(0, re.escape(escape_b) + rb"[\s\S]")
    token = re.compile(b"|".join(tokens))
    in_quotes = False
    carry = b""
    with source.open("rb") as fin, target.open("wb") as fout:
        while True:
            chunk = fin.read(CHUNK)
            data = carry + chunk
            carry = b""
            if chunk:  # hold back a CR or an escape whose partner may start the next chunk
                held = len(data) - len(data.rstrip(escape_b)) if escape != quote else 0
                if data.endswith(b"\r") or held % 2:
                    data, carry = data[:-1], data[-1:]
            out: list[bytes] = []
            pos = 0
            for m in token.finditer(data):
                text = m.group()
                if text == quote_b:
                    in_quotes = not in_quotes
                elif not in_quotes and text[:1] == b"\r":
                    out += [data[pos : m.start()], b"\n"]
                    pos = m.end()
            out.append(data[pos:])
            fout.write(b"".join(out))
            if not chunk:
                break


def transcode_to_utf8(source: Path, target: Path, encoding: str) -> int:
    """Stream ``source`` (``cp1252`` or ``utf-16``) into a UTF-8 ``target``.

    Returns the number of bytes undefined in Windows-1252; they become private-use
    characters U+F781... so their records can be quarantined afterwards.
    """
    undefined = 0
    with source.open("rb") as fin, target.open("wb") as fout:
        if encoding == CP1252:
            while chunk := fin.read(CHUNK):
                undefined += sum(chunk.count(b) for b in CP1252_UNDEFINED)
                fout.write(codecs.charmap_decode(chunk, "strict", CP1252_TABLE)[0].encode())
        elif encoding == UTF16:
            decoder = codecs.getincrementaldecoder(UTF16)(errors="replace")
            while chunk := fin.read(CHUNK):
                fout.write(decoder.decode(chunk).encode())
            fout.write(decoder.decode(b"", final=True).encode())
        else:  # pragma: no cover - sniff_encoding returns only the encodings above
            raise ValueError(f"unsupported encoding {encoding}")
    return undefined


def _create_from_csv(
    con: duckdb.DuckDBPyConnection,
    readable: Path,
    sniffed: Sniffed,
    table: str,
    names: list[str],
    source_file: str,
) -> None:
    _drop_rejects(con)
    run_sql(
        con,
        "load",
        "create_raw_from_csv",
        {
            "path": str(readable),
            "source_file": source_file,
            "delim": sniffed.delimiter or ",",
            "quote": sniffed.quote,
            "escape": sniffed.escape,
            "header": sniffed.header,
            "columns": {name: "VARCHAR" for name in names},
            "max_line_size": min(MAX_LINE_BYTES, max(MIN_LINE_BYTES, readable.stat().st_size + 1)),
            "skip": sniffed.skip_lines,
        },
        table=table,
    )


def _drop_rejects(con: duckdb.DuckDBPyConnection) -> None:
    for name in (REJECTS_TABLE, REJECTS_SCAN):
        con.execute(f"DROP TABLE IF EXISTS temp.{quote_ident(name)}")


def _blank_lines(path: Path, quote: str, escape: str) -> list[int]:
    """DuckDB line numbers of blank lines outside quotes (sorted).

    DuckDB skips blank lines but counts them in a reject's ``line`` (where a multi-line
    record counts once); subtracting them turns that line into the record number. Only
    needed when there are rejects, and the quote-aware pass only when a blank line exists.
    """
    if not _has_blank_line(path):
        return []
    quote_byte = quote.encode()
    escaped = (escape + quote).encode() if escape != quote else None
    blanks: list[int] = []
    line_no = 0
    in_quotes = False
    with path.open("rb") as fh:
        for raw in fh:
            if not in_quotes:
                line_no += 1
                if raw in (b"\n", b"\r\n"):
                    blanks.append(line_no)
                    continue
            if (raw.count(quote_byte) - (raw.count(escaped) if escaped else 0)) % 2:
                in_quotes = not in_quotes
    return blanks


def _has_blank_line(path: Path) -> bool:
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            window = tail + chunk
            if b"\n\n" in window or b"\n\r\n" in window:
                return True
            tail = window[-2:]
    return False


def _raw_record_at(path: Path, offset: int | None, quote: str, escape: str) -> str:
    """The record DuckDB reported at ``offset``: lines up to balanced quotes, bad bytes ``\\xNN``.

    DuckDB's ``line_byte_position`` is 1-based and, after CRLF, may point at the ``\\n``:
    start one byte earlier and skip line-break bytes.
    """
    if offset is None:
        return ""
    quote_byte = quote.encode()
    escaped = (escape + quote).encode() if escape != quote else None
    parts: list[bytes] = []
    quotes = 0
    size = 0
    with path.open("rb") as fh:
        fh.seek(max(0, offset - 1))
        while (ch := fh.read(1)) in (b"\r", b"\n"):
            pass
        fh.seek(-len(ch), 1)
        for line in fh:
            parts.append(line)
            size += len(line)
            quotes += line.count(quote_byte) - (line.count(escaped) if escaped else 0)
            if quotes % 2 == 0 or size > MAX_RAW_RECORD_BYTES:
                break
    raw = b"".join(parts).rstrip(b"\r\n")
    return show_undefined(raw.decode(UTF8, errors="backslashreplace"))


def _number_records(con: duckdb.DuckDBPyConnection, table: str, rejected: list[int]) -> None:
    """Add ``_record_no``: the row's position in the file, skipping rejected records.

    The table was filled in file order, so ``rowid - min(rowid)`` is the good row's
    0-based ordinal ``g`` (inside a transaction DuckDB numbers new rows from 2**55); its
    record number is ``g + 1`` plus the rejected records before it: with the rejected
    numbers ``r_1 < r_2 < ...``, those with ``r_j - j < g + 1``.
    """
    target = qualified(table, RAW_SCHEMA)
    con.execute(f"ALTER TABLE {target} ADD COLUMN {quote_ident(RECORD_NO_COLUMN)} BIGINT")
    row = con.execute(f"SELECT min(rowid) FROM {target}").fetchone()
    if row is None or row[0] is None:
        return
    base = int(row[0])
    if not rejected:
        con.execute(
            f"UPDATE {target} SET {quote_ident(RECORD_NO_COLUMN)} = rowid - $base + 1",
            {"base": base},
        )
        return
    thresholds = [r - j for j, r in enumerate(sorted(rejected), start=1)]
    run_sql(con, "load", "number_records", {"thresholds": thresholds, "base": base}, table=table)


def _quarantine_undefined(
    con: duckdb.DuckDBPyConnection, table: str, names: list[str], delimiter: str
) -> list[QuarantinedRecord]:
    """Move rows holding bytes undefined in Windows-1252 from the table to quarantine."""
    target = qualified(table, RAW_SCHEMA)
    cols = ", ".join(quote_ident(n) for n in names)
    hit = " OR ".join(f"regexp_matches({quote_ident(n)}, $pattern)" for n in names)
    rows = con.execute(
        f"SELECT rowid, {quote_ident(RECORD_NO_COLUMN)}, {cols} FROM {target} WHERE {hit}",
        {"pattern": UNDEFINED_PATTERN},
    ).fetchall()
    if not rows:
        return []
    con.execute(
        f"DELETE FROM {target} WHERE list_contains($ids, rowid)", {"ids": [r[0] for r in rows]}
    )
    out = []
    for row in rows:
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="").writerow(
            ["" if v is None else v for v in row[2:]]
        )
        out.append(
            quarantined(int(row[1]), "cp1252_undefined_bytes", show_undefined(buf.getvalue()))
        )
    return out
