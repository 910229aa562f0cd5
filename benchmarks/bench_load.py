"""Loader speed: ``load_paths`` against DuckDB's plain ``read_csv`` of the same file.

Generates (once, into ``data/bench/``, git-ignored) a 1,000,000-row, 20-column contacts
CSV with realistic strings (names, e-mails, phones, addresses, dates, notes with commas,
quotes and line breaks) and a Windows-1252 copy of it, then times in this process:

* baseline: ``CREATE TABLE t AS SELECT * FROM read_csv(path, all_varchar=true)``
* loader, UTF-8 file (DuckDB-native path)
* loader, Windows-1252 file (streaming transcode + DuckDB)

and prints the times and the ratios against the baseline (target: UTF-8 <= 1.5x).

Usage: ``python benchmarks/bench_load.py [--rows N] [--threads T]``. All people are invented.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gdpr_audit.core.db import connect
from gdpr_audit.load.loader import load_paths

FIRST = [
    "Anna",
    "Jürgen",
    "Mia",
    "Lukas",
    "Sophie",
    "Émile",
    "Zoë",
    "Noah",
    "Grete",
    "Paul",
    "Hannah",
    "Jonas",
    "Marie",
    "Ben",
    "Lea",
    "Finn",
    "Clara",
    "Elias",
    "Ida",
    "Oskar",
]
LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "O'Brien",
    "Smith",
    "García",
    "Nowak",
]
STREETS = [
    "Hauptstraße",
    "Bahnhofstr.",
    "Gartenweg",
    "Lindenallee",
    "Schillerplatz",
    "Goethestraße",
    "Am Markt",
    "Kirchgasse",
    "Berliner Ring",
    "Seestraße",
]
CITIES = [
    ("10115", "Berlin"),
    ("20095", "Hamburg"),
    ("80331", "München"),
    ("50667", "Köln"),
    ("60311", "Frankfurt am Main"),
    ("70173", "Stuttgart"),
    ("04109", "Leipzig"),
    ("01067", "Dresden"),
    ("28195", "Bremen"),
    ("90402", "Nürnberg"),
]
COMPANIES = [
    "Nordlicht GmbH",
    "Müller & Söhne KG",
    "Acme, Inc.",
    "Bäckerei Schulz",
    "Rheinland Logistik AG",
    'Blau "Consulting" GmbH',
    "Datenwerk e.V.",
]
NOTES = [
    "Rückruf erbeten, bitte vormittags.",
    'Met at trade fair, interested in "Pro" plan.',
    "Prefers e-mail; no calls, please.",
    "Rechnung an Zentrale, z. Hd. Einkauf",
    "Kunde seit 2019 – Preis: 1.234,56 €",
    "Multi-line note:\nfirst line\nsecond line",
    "",
    '=HYPERLINK("http://example.invalid","click")',
    "Termin 12.03.2024, 10:00 Uhr",
]
HEADER = [
    "Id",
    "FirstName",
    "LastName",
    "Email",
    "Phone",
    "Mobile",
    "Street",
    "PostalCode",
    "City",
    "Country",
    "Birthdate",
    "Company",
    "Title",
    "CreatedDate",
    "LastActivity",
    "ContractEnd",
    "IsCustomer",
    "LeadSource",
    "Revenue",
    "Notes",
]


def _quote(value: str) -> str:
    if any(ch in value for ch in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def generate_contacts(path: Path, rows: int, seed: int = 7) -> None:
    """Write the 20-column contacts CSV (UTF-8) with ``rows`` records."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\r\n")
        batch: list[str] = []
        for i in range(1, rows + 1):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            plz, city = rng.choice(CITIES)
            mail = f"{first}.{last}{i}@example.de".lower().replace("'", "")
            values = [
                f"C{i:07d}",
                first,
                last,
                mail,
                f"+49 30 {rng.randint(1000000, 9999999)}",
                f"0170 {rng.randint(1000000, 9999999)}",
                f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
                plz,
                city,
                "DE",
                f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                rng.choice(COMPANIES),
                rng.choice(["Dr.", "", "Prof.", "Mag."]),
                f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
                f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
                f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                f"{rng.randint(2020, 2030)}-12-31",
                rng.choice(["true", "false"]),
                rng.choice(["Web", "Messe", "Partner", "Cold Call"]),
                f"{rng.randint(0, 99999)}.{rng.randint(0, 99):02d}",
                rng.choice(NOTES),
            ]
            batch.append(",".join(_quote(v) for v in values))
            if len(batch) == 50_000:
                out.write("\r\n".join(batch) + "\r\n")
                batch = []
        if batch:
            out.write("\r\n".join(batch) + "\r\n")


def transcode(src: Path, dst: Path, encoding: str) -> None:
    with (
        src.open("r", encoding="utf-8", newline="") as fin,
        dst.open("w", encoding=encoding, newline="") as fout,
    ):
        while chunk := fin.read(1 << 22):
            fout.write(chunk)


def generate_notes(path: Path, rows: int, seed: int = 11) -> None:
    """JSON Lines notes with a nested ``author`` object and a ``tags`` array."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, rows + 1):
            day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(
                json.dumps(
                    {
                        "note_id": f"N{i:07d}",
                        "contact_id": f"C{rng.randint(1, rows):07d}",
                        "created_at": f"{day}T10:00:00Z",
                        "author": {"user_id": f"U{rng.randint(1, 99):04d}", "team": "sales"},
                        "channel": rng.choice(["call", "email", "meeting"]),
                        "tags": rng.sample(["vip", "lead", "churn", "de", "en"], 2),
                        "body": rng.choice(NOTES),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


class Bench:
    """Best-of-``repeat`` wall times; every run writes a fresh database file."""

    def __init__(self, folder: Path, repeat: int, threads: int | None) -> None:
        self.folder, self.repeat, self.threads = folder, repeat, threads

    def fresh(self, name: str):
        for leftover in self.folder.glob(f"{name}.duckdb*"):
            leftover.unlink()
        return connect(self.folder / f"{name}.duckdb", threads=self.threads)

    def time(self, label: str, fn: Callable[[], None]) -> float:
        times = []
        for _ in range(self.repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"{label:<46} {min(times):8.2f} s   (runs: {runs})", flush=True)
        return min(times)

    def sql(self, name: str, statement: str, path: Path) -> Callable[[], None]:
        def run() -> None:
            con = self.fresh(name)
            con.execute(statement, [str(path)])
            con.execute("CHECKPOINT")
            con.close()

        return run

    def loader(self, name: str, path: Path, expected_rows: int) -> Callable[[], None]:
        def run() -> None:
            con = self.fresh(name)
            report = load_paths(con, [path])
            con.execute("CHECKPOINT")
            con.close()
            result = report.sources[0]
            assert result.rows_read == expected_rows == result.rows_loaded, result

        return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--notes", type=int, default=200_000, help="JSON Lines records")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement (best kept)")
    parser.add_argument("--threads", type=int, default=0, help="DuckDB threads (0 = default)")
    parser.add_argument("--out", type=Path, default=Path("data/bench"))
    args = parser.parse_args(argv)

    utf8 = args.out / f"contacts_{args.rows}.csv"
    cp1252 = args.out / f"contacts_{args.rows}_cp1252.csv"
    notes = args.out / f"notes_{args.notes}.jsonl"
    once = Bench(args.out, 1, None)
    if not utf8.exists():
        once.time(
            f"generate {args.rows:,} rows x {len(HEADER)} columns",
            lambda: generate_contacts(utf8, args.rows),
        )
    if not cp1252.exists():
        once.time("write the Windows-1252 copy", lambda: transcode(utf8, cp1252, "cp1252"))
    if not notes.exists():
        once.time(
            f"generate {args.notes:,} JSON Lines notes", lambda: generate_notes(notes, args.notes)
        )
    size_mb = utf8.stat().st_size / 1e6
    print(
        f"CSV: {utf8} ({size_mb:.0f} MB, {args.rows:,} rows x {len(HEADER)} columns); "
        f"JSONL: {notes} ({notes.stat().st_size / 1e6:.0f} MB, {args.notes:,} records); "
        f"best of {args.repeat}"
    )

    with tempfile.TemporaryDirectory(prefix="gdpr-audit-bench-") as tmp:
        bench = Bench(Path(tmp), args.repeat, args.threads or None)
        base = bench.time(
            "plain read_csv (all_varchar) into a table",
            bench.sql(
                "plain", "CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar = true)", utf8
            ),
        )
        ours = bench.time("load_paths, UTF-8 CSV", bench.loader("utf8", utf8, args.rows))
        win = bench.time(
            "load_paths, Windows-1252 CSV (transcoded)", bench.loader("cp1252", cp1252, args.rows)
        )
        json_base = bench.time(
            "plain read_json (newline_delimited)",
            bench.sql(
                "plainjson",
                "CREATE TABLE t AS SELECT * FROM read_json(?, format = 'newline_delimited')",
                notes,
            ),
        )
        json_ours = bench.time("load_paths, JSON Lines", bench.loader("jsonl", notes, args.notes))
    print(f"ratio UTF-8 loader / plain read_csv:        {ours / base:5.2f}x (target <= 1.5x)")
    print(f"ratio Windows-1252 loader / plain read_csv: {win / base:5.2f}x")
    print(f"ratio JSON Lines loader / plain read_json:  {json_ours / json_base:5.2f}x")
    print(
        f"throughput UTF-8 loader: {size_mb / ours:.0f} MB/s, {args.rows / ours:,.0f} rows/s; "
        f"JSON Lines: {args.notes / json_ours:,.0f} records/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
