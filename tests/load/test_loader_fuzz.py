"""Fuzzing the CSV and JSON readers (issue #11): every input loads with exact counts or is
refused with one clear InputError (exit 2); nothing else escapes, no record is lost.

Two kinds of input: well-formed exports written by Python's csv/json modules from random
records (random delimiters, quotes, line breaks inside values, line endings, encodings),
where the exact record count and values are known; and random bytes, where only the
bookkeeping can be checked (rows read = loaded + quarantined, the tables agree with the
log). Each test prints what it tried: ``pytest -s`` shows the counts.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdpr_audit.core.db import connect
from gdpr_audit.core.errors import InputError
from gdpr_audit.load.loader import load_paths

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same inputs on every run: a failure here is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SECRET = "Geheim4711"  # planted in values: must never reach an error message

TEXT = st.lists(st.sampled_from(list("abcXYZ019 .-@\"'\n\r\tüé€ß") + [SECRET]), max_size=12).map(
    "".join
)


def _check_bookkeeping(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """Counts of the last load, cross-checked against the tables themselves."""
    read = loaded = quarantined = 0
    for table, r, lo, q in con.execute(
        "SELECT table_name, rows_read, rows_loaded, rows_quarantined FROM load_log"
    ).fetchall():
        assert r == lo + q
        (in_table,) = con.execute(f'SELECT count(*) FROM raw."{table}"').fetchone()
        (in_quarantine,) = con.execute(
            "SELECT count(*) FROM load_quarantine WHERE table_name = ?", [table]
        ).fetchone()
        assert (in_table, in_quarantine) == (lo, q)
        read, loaded, quarantined = read + r, loaded + lo, quarantined + q
    return read, loaded, quarantined


def _load(tmp_path: Path, name: str, data: bytes) -> tuple[str, tuple[int, int, int]]:
    """Load ``data`` as file ``name`` into a fresh database: ("loaded"|"refused", counts)."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    (folder / name).write_bytes(data)
    con = connect(folder / "audit.duckdb")
    try:
        try:
            load_paths(con, [folder / name])
        except InputError as exc:  # exit 2: one clear line, no cell values
            assert SECRET not in str(exc)
            assert "\n" not in str(exc)
            return "refused", (0, 0, 0)
        return "loaded", _check_bookkeeping(con)
    finally:
        con.close()


@st.composite
def csv_exports(draw: st.DrawFn) -> tuple[bytes, list[list[str]], str]:
    width = draw(st.integers(2, 5))
    header = [f"Feld_{i}" for i in range(width)]
    records = draw(st.lists(st.lists(TEXT, min_size=width, max_size=width), max_size=15))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    # no other candidate delimiter inside values: the sniffer may then rightly pick it
    others = {",", ";", "\t", "|"} - {delimiter}
    records = [[v.translate({ord(o): "_" for o in others}) for v in r] for r in records]
    endings = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    out = io.StringIO()
    # "\r\n" as terminator makes the writer quote values holding either character
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    lines = []
    for row in [header, *records]:
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        lines.append(out.getvalue()[:-2])
    ends = [draw(st.sampled_from(["\n", "\r\n"])) if endings == "mixed" else endings for _ in lines]
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    return text.encode(encoding), records, encoding


def test_fuzz_well_formed_csv_loses_no_record(tmp_path: Path) -> None:
    outcomes: Counter[str] = Counter()

    @FUZZ
    @given(export=csv_exports())
    def run(export: tuple[bytes, list[list[str]], str]) -> None:
        data, records, encoding = export
        outcome, (read, loaded, quarantined) = _load(tmp_path, "export.csv", data)
        assert outcome == "loaded"
        assert read == len(records), (read, len(records))
        if encoding != "cp1252":  # cp1252 bytes that happen to form UTF-8 are quarantined
            assert loaded == read, (loaded, read)
        outcomes["quarantined" if quarantined else "loaded"] += 1

    run()
    print(f"\nwell-formed CSV: {sum(outcomes.values())} tried, {dict(outcomes)}, records lost 0")
    assert sum(outcomes.values()) >= 35


def test_fuzz_csv_values_survive_byte_for_byte(tmp_path: Path) -> None:
    """UTF-8 exports (any line ending): every value comes back as written."""

    @settings(FUZZ, max_examples=15)
    @given(export=csv_exports())
    def run(export: tuple[bytes, list[list[str]], str]) -> None:
        data, records, encoding = export
        if encoding not in ("utf-8", "utf-8-sig", "utf-16"):
            return
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        (folder / "v.csv").write_bytes(data)
        con = connect(folder / "a.duckdb")
        try:
            load_paths(con, [folder / "v.csv"])
            cols = ", ".join(f'"Feld_{i}"' for i in range(len(records[0]))) if records else ""
            if not records:
                return
            got = con.execute(f"SELECT {cols} FROM raw.v ORDER BY _record_no").fetchall()
            assert [[v or "" for v in row] for row in got] == records
        finally:
            con.close()

    run()


@pytest.mark.parametrize("name", ["random.csv", "random.tsv", "random.json", "random.jsonl"])
def test_fuzz_random_bytes_load_or_refuse_cleanly(tmp_path: Path, name: str) -> None:
    outcomes: Counter[str] = Counter()
    pieces = st.sampled_from(
        [
            b",",
            b";",
            b"\t",
            b'"',
            b"\\",
            b"\n",
            b"\r\n",
            b"\r",
            b"{",
            b"}",
            b"[",
            b"]",
            b":",
            b"\xff",
            b"\xe4",
            b"\xef\xbb\xbf",
            b"\x00",
            b"a",
            b"1",
            b"id",
            SECRET.encode(),
        ]
    )

    @settings(FUZZ, max_examples=20)
    @given(data=st.lists(pieces | st.binary(max_size=4), max_size=60).map(b"".join))
    def run(data: bytes) -> None:
        outcome, (read, loaded, quarantined) = _load(tmp_path, name, data)
        assert read == loaded + quarantined
        outcomes[outcome] += 1

    run()
    print(f"\nrandom bytes as {name}: {sum(outcomes.values())} tried, {dict(outcomes)}")


@st.composite
def json_records(draw: st.DrawFn) -> list[object]:
    leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)
    value = st.recursive(
        leaf,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=12,
    )
    return draw(st.lists(st.dictionaries(TEXT, value, max_size=5), max_size=8))


@pytest.mark.parametrize("flavour", ["json", "jsonl"])
def test_fuzz_json_exports_lose_no_record(tmp_path: Path, flavour: str) -> None:
    outcomes: Counter[str] = Counter()

    @settings(FUZZ, max_examples=20)
    @given(records=json_records())
    def run(records: list[object]) -> None:
        if flavour == "json":
            data = json.dumps(records, ensure_ascii=False).encode()
        else:
            data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
        outcome, (read, loaded, _) = _load(tmp_path, f"export.{flavour}", data)
        assert outcome == "loaded"
        assert read == loaded == len(records)
        outcomes[outcome] += 1

    run()
    print(f"\n{flavour}: {sum(outcomes.values())} tried, {dict(outcomes)}, records lost 0")
