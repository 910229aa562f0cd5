"""Benchmark: the whole assessment on 1,000,000 contacts, 5,000,000 consents, 10,000,000 sends.

The data is synthetic, generated directly in DuckDB with ``range()`` (not through the
demo generator), with proportional other tables: 2,000 requests, 10,000 contact
changes, 500,000 business records, 500,000 notes, 500,000 automated decisions,
200,000 access events, 1,020 users, 8 roles, 12 breaches, and a raw copy of the
contacts (1,000,000 rows, all VARCHAR) for the erasure search. About 1 % of the rows
violate some rule so that most checks have findings to write.

Prints wall time per area and in total, and the ratio against a baseline measured in
the same process on the same data: one full pass over every canonical table reading
every column (``max`` of each column), i.e. the least any assessment has to read.

Target: total <= 60 s on 2 cores.

    .venv/bin/python benchmarks/bench_assess.py [--contacts 1000000] [--threads 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from gdpr_audit.assess.registry import run_assessment
from gdpr_audit.core.config import enforce_offline
from gdpr_audit.core.db import columns_of, connect, quote_ident, sql_text

AS_OF = dt.date(2026, 11, 28)

# Synthetic rows: $n contacts; consents 5 per contact, sends 10 per contact.
GENERATE = [
    """INSERT INTO contacts
    SELECT 'C' || lpad(CAST(i AS VARCHAR), 7, '0'), 'First' || (i % 5000), 'Last' || (i % 9000),
           'user' || i || '@example.com', '+49 30 ' || (1000000 + i), 'Street ' || (i % 700),
           lpad(CAST(i % 99999 AS VARCHAR), 5, '0'), 'City' || (i % 300),
           (['DE', 'AT', 'FR', 'NL', 'BE', 'IT', 'ES', 'XX'])[1 + i % 8],
           CASE WHEN i % 1000 = 0 THEN DATE '2008-03-01'
                ELSE DATE '1950-01-01' + CAST((i * 37) % 20000 AS INTEGER) END,
           'Company' || (i % 20000),
           TIMESTAMPTZ '2015-01-01 00:00:00+00' + to_days(CAST(i % 3650 AS INTEGER)),
           CASE WHEN i % 10 = 0 THEN NULL
                ELSE TIMESTAMPTZ '2024-09-01 00:00:00+00' + to_days(CAST(i % 800 AS INTEGER)) END,
           NULL, i % 3 = 0, NULL, NULL, 'raw.crm__contacts', i + 1
    FROM range($n) t(i)""",
    """INSERT INTO consents
    SELECT 'K' || j, 'C' || lpad(CAST(j % $n AS VARCHAR), 7, '0'),
           (['newsletter', 'product_updates', 'profiling', 'partner_offers',
             'events'])[1 + j // $n],
           (['email', 'phone', 'sms', 'post'])[1 + (j * 7 + j // $n) % 4],
           CASE WHEN j % 50 = 0 THEN 'legitimate_interest' ELSE 'consent' END,
           CASE WHEN j % 997 = 0 THEN NULL
                ELSE TIMESTAMPTZ '2017-01-01 00:00:00+00' + to_days(CAST(j % 700 AS INTEGER)) END,
           CASE WHEN j % 211 = 0 THEN NULL
                ELSE TIMESTAMPTZ '2017-01-02 00:00:00+00' + to_days(CAST(j % 700 AS INTEGER)) END,
           CASE WHEN j % 97 = 0
                THEN TIMESTAMPTZ '2023-06-01 00:00:00+00' + to_days(CAST(j % 300 AS INTEGER)) END,
           CASE WHEN j % 499 = 0 THEN '' ELSE 'web_form' END, 'v' || (j % 4),
           CASE WHEN j % 3 = 0 THEN true END, j % 1009 = 0, NULL, 'raw.crm__consents', j + 1
    FROM range(5 * $n) t(j)""",
    """INSERT INTO communications
    SELECT 'M' || k, 'C' || lpad(CAST(k % $n AS VARCHAR), 7, '0'),
           -- the channel of the contact's consent for that purpose; 1 in 500 on another
           (['email', 'phone', 'sms', 'post'])[1 + (((k % $n) + ((k // $n) % 5) * $n) * 7
                                                    + (k // $n) % 5 + (k % 500 = 0)::INT) % 4],
           (['newsletter', 'product_updates', 'profiling', 'partner_offers',
             'events'])[1 + (k // $n) % 5],
           'campaign' || (k % 40),
           TIMESTAMPTZ '2019-01-01 00:00:00+00' + to_days(CAST(k % 2500 AS INTEGER))
               + to_minutes(CAST(k % 1440 AS INTEGER)), NULL, NULL,
           'raw.marketing__sends', k + 1
    FROM range(10 * $n) t(k)""",
    """INSERT INTO dsr_requests
    SELECT 'Q' || r, 'C' || lpad(CAST((r * 499) % $n AS VARCHAR), 7, '0'),
           (['access', 'rectification', 'erasure', 'portability', 'objection', 'restriction',
             'automated_decision_optout'])[1 + r % 7],
           CASE WHEN r % 101 = 0 THEN NULL
                ELSE TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_days(CAST(r % 1060 AS INTEGER)) END,
           NULL, r % 5 = 0, NULL,
           CASE WHEN r % 4 <> 0 THEN TIMESTAMPTZ '2024-01-20 00:00:00+00'
                + to_days(CAST(r % 1060 AS INTEGER) + CAST(r % 40 AS INTEGER)) END,
           CASE WHEN r % 4 <> 0 THEN 'completed' WHEN r % 8 = 0 THEN 'rejected' ELSE 'open' END,
           NULL, NULL, 'raw.privacy__requests', r + 1
    FROM range(CAST($n / 500 AS BIGINT)) t(r)""",
    """INSERT INTO contact_changes
    SELECT 'X' || c, 'C' || lpad(CAST((c * 499) % $n AS VARCHAR), 7, '0'),
           TIMESTAMPTZ '2024-01-05 00:00:00+00' + to_days(CAST(c % 1060 AS INTEGER)), 'email',
           'U' || (c % 1000), 'raw.privacy__contact_changes', c + 1
    FROM range(CAST($n / 100 AS BIGINT)) t(c)""",
    """INSERT INTO business_records
    SELECT 'B' || b,
           (['invoice', 'voucher', 'annual_statement', 'business_letter', 'ticket', 'note',
             'contract'])[1 + b % 7],
           'C' || lpad(CAST((b * 3) % $n AS VARCHAR), 7, '0'),
           CASE WHEN b % 331 = 0 THEN NULL
                ELSE TIMESTAMPTZ '2016-01-01 00:00:00+00' + to_days(CAST(b % 3900 AS INTEGER)) END,
           b % 97 = 0, 'raw.finance__records', b + 1
    FROM range(CAST($n / 2 AS BIGINT)) t(b)""",
    """INSERT INTO notes
    SELECT 'N' || x, 'C' || lpad(CAST((x * 2) % $n AS VARCHAR), 7, '0'),
           TIMESTAMPTZ '2020-01-01 00:00:00+00' + to_days(CAST(x % 2000 AS INTEGER)),
           CASE WHEN x % 50 = 0 THEN 'Please write to user' || (x * 2 % $n) || '@example.com today'
                ELSE 'Called about licence renewal, follow up next quarter' END,
           'raw.crm__notes', x + 1
    FROM range(CAST($n / 2 AS BIGINT)) t(x)""",
    """INSERT INTO automated_decisions
    SELECT 'D' || d, 'C' || lpad(CAST((d * 2) % $n AS VARCHAR), 7, '0'),
           TIMESTAMPTZ '2023-01-01 00:00:00+00' + to_days(CAST(d % 1400 AS INTEGER)),
           (['profiling', 'scoring', 'automated_decision'])[1 + d % 3], 'model-' || (d % 3),
           'raw.analytics__scoring_runs', d + 1
    FROM range(CAST($n / 2 AS BIGINT)) t(d)""",
    """INSERT INTO roles SELECT r, upper(r), r = 'admin', 'raw.admin__roles', 1
    FROM unnest(['admin', 'dpo', 'hr', 'sales', 'marketing', 'support', 'finance',
                 'intern']) t(r)""",
    """INSERT INTO role_permissions
    SELECT r, t, '*', true, r IN ('admin', 'marketing'), 'raw.admin__role_permissions', 1
    FROM unnest(['admin', 'dpo', 'hr', 'sales', 'marketing', 'support', 'finance', 'intern']) a(r),
         unnest(['contacts', 'notes', 'consents', 'communications', 'business_records',
                 'dsr_requests', 'access_log']) b(t)
    WHERE r IN ('admin', 'dpo') OR hash(r || t) % 2 = 0""",
    """INSERT INTO users
    SELECT 'U' || lpad(CAST(u AS VARCHAR), 4, '0'), 'login' || u,
           (['admin', 'dpo', 'hr', 'sales', 'marketing', 'support', 'finance',
             'intern'])[1 + u % 8],
           u % 50 <> 0,
           TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_days(CAST(u % 330 AS INTEGER)),
           CASE WHEN u % 50 = 0 THEN TIMESTAMPTZ '2026-03-01 00:00:00+00' END,
           'raw.admin__users', u + 1
    FROM range(CAST($n / 1000 + 20 AS BIGINT)) t(u)""",
    """INSERT INTO access_log
    SELECT 'E' || e, 'U' || lpad(CAST(e % CAST($n / 1000 + 20 AS BIGINT) AS VARCHAR), 4, '0'),
           TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_minutes(CAST((e * 37) % 480000 AS INTEGER)),
           (['read', 'export', 'update', 'delete', 'login'])[1 + e % 5], 'contacts',
           CASE WHEN e % 5 = 1 THEN (e * 13) % 3000 ELSE 1 END,
           'C' || lpad(CAST(e % $n AS VARCHAR), 7, '0'), 'raw.admin__access_log', e + 1
    FROM range(CAST($n / 5 AS BIGINT)) t(e)""",
    """INSERT INTO breaches
    SELECT 'BR-' || b, TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_days(CAST(b * 30 AS INTEGER)),
           CASE WHEN b % 3 = 0 THEN NULL
                ELSE TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_days(CAST(b * 30 AS INTEGER))
                     + to_hours(CAST(48 + b * 4 AS INTEGER)) END,
           CASE WHEN b % 4 = 0 THEN 'vendor delay' END, NULL,
           (['none', 'low', 'medium', 'high'])[1 + b % 4], 100 * b, 'confidentiality',
           'raw.privacy__breaches', b + 1
    FROM range(12) t(b)""",
    """INSERT INTO column_lineage VALUES
        ('contacts', 'contact_id', 'crm__contacts', 'Id', 'bench'),
        ('contacts', 'email', 'crm__contacts', 'Email', 'bench'),
        ('contacts', 'first_name', 'crm__contacts', 'FirstName', 'bench'),
        ('notes', 'body', 'crm__notes', 'body', 'bench')""",
    """CREATE TABLE pii_columns AS SELECT * FROM (VALUES
        ('crm__contacts', 'raw', 'Email', 'EMAIL_ADDRESS', 'pii', 1.0, 1.0, 'bench', false, $n),
        ('crm__contacts', 'raw', 'FirstName', 'PERSON', 'pii', 1.0, 1.0, 'bench', false, $n),
        ('crm__notes', 'raw', 'body', 'HEALTH', 'special', 0.9, 0.01, 'bench', true, $n))
        t(table_name, source, column_name, entity_type, category, score, share, why, free_text,
          rows)""",
    "CREATE SCHEMA raw",
    """CREATE TABLE raw.crm__contacts AS
    SELECT contact_id AS "Id", first_name AS "FirstName", last_name AS "LastName",
           email AS "Email", phone AS "Phone", city AS "MailingCity",
           CAST(created_at AS VARCHAR) AS "CreatedDate", 'crm/contacts.csv' AS _source_file,
           CAST(source_row AS VARCHAR) AS _record_no
    FROM contacts""",
]


def generate(con, n: int) -> dict[str, int]:
    con.execute(sql_text("model", "canonical"))
    for statement in GENERATE:
        params = {"n": n} if "$n" in statement else None
        con.execute(statement, params)
    tables = ["contacts", "consents", "communications", "dsr_requests", "contact_changes",
              "business_records", "notes", "automated_decisions", "users", "access_log"]
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def baseline(con) -> float:
    """One full pass over every canonical table, every column read (``max``)."""
    start = time.perf_counter()
    for table in ["contacts", "consents", "communications", "dsr_requests", "contact_changes",
                  "business_records", "notes", "automated_decisions", "users", "access_log",
                  "breaches", "role_permissions", "roles"]:
        cols = ", ".join(f"max({quote_ident(c)})" for c in columns_of(con, table))
        con.execute(f"SELECT {cols} FROM {quote_ident(table)}").fetchall()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    enforce_offline()
    with tempfile.TemporaryDirectory(prefix="bench_assess_") as tmp:
        db = Path(tmp) / "bench.duckdb"
        con = connect(db, threads=args.threads)
        start = time.perf_counter()
        counts = generate(con, args.contacts)
        print(f"generated in {time.perf_counter() - start:.1f} s: "
              + ", ".join(f"{t} {n:,}" for t, n in counts.items()), flush=True)
        base = baseline(con)
        print(f"baseline (one pass over every canonical column): {base:.2f} s", flush=True)
        marks: list[tuple[str, float]] = []
        start, cpu_start = time.perf_counter(), time.process_time()
        result = run_assessment(con, AS_OF, salt="bench",
                                on_area=lambda a: marks.append((a, time.process_time())))
        total, cpu_total = time.perf_counter() - start, time.process_time() - cpu_start
        con.close()
    # CPU seconds of all threads per area: on a shared machine wall time depends on the
    # load, CPU time / cores is what the same run costs on an idle one.
    ends = [t for _, t in marks[1:]] + [cpu_start + cpu_total]
    cpu = {area: end - begin for (area, begin), end in zip(marks, ends, strict=True)}
    print(f"\n{'area':<10} {'seconds':>8} {'x baseline':>11} {'cpu s':>8}")
    for area, seconds in result.timings.items():
        cpu_s = f"{cpu[area]:8.2f}" if area in cpu else f"{'':>8}"
        print(f"{area:<10} {seconds:8.2f} {seconds / base:11.1f} {cpu_s}")
    print(f"{'total':<10} {total:8.2f} {total / base:11.1f} {cpu_total:8.2f}   (target <= 60 s)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    slowest = sorted(((t, c) for a in result.areas.values() for c, t in a.timings.items()),
                     reverse=True)[:5]
    print("slowest checks: " + ", ".join(f"{c} {t:.2f}s" for t, c in slowest))
    summary = result.summary
    print(f"findings: {len(result.findings):,} from {int((summary['findings'] > 0).sum())} "
          f"of {len(summary)} checks")


if __name__ == "__main__":
    main()
