"""Model build throughput: raw.* (all text) -> canonical tables through the demo profile.

Creates synthetic raw tables shaped like the demo export directly in DuckDB (German and
ISO dates, Ja/Nein, decimal commas), runs ``build_model`` and compares it with a
baseline in the same process: a bare ``CREATE TABLE ... AS SELECT`` into the same
database file with plain casts (what a build without German formats, time zones,
vocabularies, rejected/unparsed counting, duplicate checks and lineage costs). Both
write every row to disk, which is most of the time at this size.

    .venv/bin/python benchmarks/bench_model_build.py [--contacts 1000000] [--sends 10000000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from gdpr_audit.core.db import connect
from gdpr_audit.load.model import build_model

RAW_CONTACTS_DE = """
CREATE OR REPLACE TABLE raw.crm__kontakte_de AS
SELECT 'K-' || lpad(CAST(i AS VARCHAR), 7, '0') AS "Kundennummer", 'Herr' AS "Anrede",
       'Vorname' || (i % 977) AS "Vorname", 'Nachname' || (i % 1999) AS "Nachname",
       'p' || i || '@example.de' AS "E-Mail", '030 ' || (1000000 + i) AS "Telefon",
       'Straße ' || (i % 200) AS "Straße", lpad(CAST(i % 99999 AS VARCHAR), 5, '0') AS "PLZ",
       'Berlin' AS "Ort",
       CASE i % 3 WHEN 0 THEN 'DE' WHEN 1 THEN 'Deutschland' ELSE 'AT' END AS "Land",
       strftime(DATE '1950-01-01' + CAST(i % 20000 AS INTEGER), '%d.%m.%Y') AS "Geburtsdatum",
       'Firma ' || (i % 5000) AS "Firma",
       strftime(TIMESTAMP '2015-01-01' + to_minutes(CAST(i % 5000000 AS BIGINT)),
                '%d.%m.%Y %H:%M') AS "Angelegt am",
       CASE WHEN i % 7 = 0 THEN ''
            ELSE strftime(TIMESTAMP '2020-01-01' + to_minutes(CAST(i % 3000000 AS BIGINT)),
                          '%d.%m.%Y %H:%M') END AS "Letzte Aktivität",
       CASE WHEN i % 4 = 0
            THEN strftime(DATE '2025-01-01' + CAST(i % 900 AS INTEGER), '%d.%m.%Y')
            ELSE '' END AS "Vertragsende",
       CASE WHEN i % 2 = 0 THEN 'Ja' ELSE 'Nein' END AS "Kunde",
       CAST(i % 100000 AS VARCHAR) || ',50' AS "Umsatz",
       CASE i % 5 WHEN 0 THEN 'ev' WHEN 1 THEN 'rk' ELSE '' END AS "Konfession",
       CASE WHEN i % 3 = 0 THEN 'Rückruf erbeten' ELSE '' END AS "Bemerkung",
       'crm/kontakte_de.csv' AS _source_file, CAST(i AS VARCHAR) AS _record_no
FROM range(1, $n + 1) t(i)
"""

RAW_SENDS = """
CREATE OR REPLACE TABLE raw.marketing__sends AS
SELECT 'S' || i AS send_id,
       'K-' || lpad(CAST(i % $contacts + 1 AS VARCHAR), 7, '0') AS contact_id,
       CASE i % 3 WHEN 0 THEN 'email' WHEN 1 THEN 'E-Mail' ELSE 'sms' END AS channel,
       'newsletter' AS purpose, 'campaign_' || (i % 40) AS campaign,
       strftime(TIMESTAMP '2023-01-01' + to_seconds(CAST(i % 60000000 AS BIGINT)),
                '%Y-%m-%dT%H:%M:%SZ') AS sent_at,
       'marketing/sends.parquet' AS _source_file, CAST(i AS VARCHAR) AS _record_no
FROM range(1, $n + 1) t(i)
"""

BASELINE = """
CREATE OR REPLACE TABLE baseline_contacts AS
SELECT "Kundennummer" AS contact_id, "Vorname", "Nachname", "E-Mail", "Telefon", "Straße",
       "PLZ", "Ort", "Land", try_strptime("Geburtsdatum", '%d.%m.%Y')::DATE AS birth_date,
       "Firma", try_strptime("Angelegt am", '%d.%m.%Y %H:%M')::TIMESTAMPTZ AS created_at,
       try_strptime("Letzte Aktivität", '%d.%m.%Y %H:%M')::TIMESTAMPTZ AS last_activity_at,
       try_strptime("Vertragsende", '%d.%m.%Y')::TIMESTAMPTZ AS contract_end_at,
       "Kunde" = 'Ja' AS is_customer
FROM raw.crm__kontakte_de;
CREATE OR REPLACE TABLE baseline_sends AS
SELECT send_id, contact_id, channel, purpose, campaign,
       try_cast(sent_at AS TIMESTAMPTZ) AS sent_at
FROM raw.marketing__sends;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--sends", type=int, default=10_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "bench.duckdb")
        con.execute("CREATE SCHEMA raw")
        t0 = time.perf_counter()
        con.execute(RAW_CONTACTS_DE, {"n": args.contacts})
        con.execute(RAW_SENDS, {"n": args.sends, "contacts": args.contacts})
        print(
            f"raw tables: {args.contacts:,} contacts, {args.sends:,} sends "
            f"({time.perf_counter() - t0:.1f} s to generate)"
        )

        t0, c0 = time.perf_counter(), time.process_time()
        con.execute(BASELINE)
        baseline, baseline_cpu = time.perf_counter() - t0, time.process_time() - c0
        con.execute("DROP TABLE baseline_contacts; DROP TABLE baseline_sends")

        t0, c0 = time.perf_counter(), time.process_time()
        report = build_model(con, "demo")
        build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0 = time.perf_counter()
        build_model(con, "demo")
        rebuild = time.perf_counter() - t0

        rows = args.contacts + args.sends
        print(
            f"canonical: {report.counts['contacts']:,} contacts, "
            f"{report.counts['communications']:,} communications, {report.counts['notes']:,} notes"
        )
        for s in report.sources:
            print(
                f"  {s.raw_table} -> {s.canonical_table}: in {s.rows_in:,}, "
                f"mapped {s.rows_mapped:,}, rejected {s.rows_rejected:,}, "
                f"skipped {s.rows_skipped:,}, unparsed {s.unparsed}"
            )
        print(
            f"baseline (plain casts, no counting/lineage): {baseline:6.2f} s "
            f"(CPU {baseline_cpu:.1f} s)"
        )
        print(f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(
            f"build_model (demo profile):                  {build:6.2f} s "
            f"(CPU {build_cpu:.1f} s; {rows / build:,.0f} raw rows/s; "
            f"{build / baseline:.2f}x baseline wall, {build_cpu / baseline_cpu:.2f}x CPU)"
        )
        print(f"rebuild (idempotent, same database):         {rebuild:6.2f} s")
        con.close()


if __name__ == "__main__":
    main()
