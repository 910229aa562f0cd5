"""A tiny made-up audit database for the report tests (no real personal data).

Built with the real DDL of load, model and discover and assessed with the real
``run_assessment``, so the report is tested against what the stages write.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gdpr_audit.core.db import columns_of, connect, run_script

AS_OF = dt.date(2026, 11, 28)

#: Values the report must never show (the privacy tests look for them).
SECRET_VALUES = ["mia.mustermann@example.org", "+49 30 1234567", "DE89370400440532013000",
                 "Mia Mustermann", "Jonas Beispiel", "jonas.beispiel@example.net"]

#: Canonical columns the rows below leave out (NULL): added for vendor exports (issue #10).
LATER_COLUMNS = {"customer_number", "individual_id", "opted_out", "direction", "kind",
                 "case_type", "subject_line"}

ROWS = {
    "contacts": [
        ("C1", "Mia", "Mustermann", "mia.mustermann@example.org", "+49 30 1234567", "Hauptstr. 1",
         "10115", "Berlin", "DE", "1990-02-03", "Acme GmbH", "2020-01-01 10:00:00+00",
         "2026-10-01 10:00:00+00", None, True, "crm__contacts", 1),
        ("C2", "Jonas", "Beispiel", "jonas.beispiel@example.net", "+49 40 7654321", None, None,
         "Hamburg", "DE", "2012-05-01", None, "2019-01-01 10:00:00+00",
         "2021-01-01 10:00:00+00", None, False, "crm__contacts", 2),
    ],
    "consents": [
        ("K1", "C1", "newsletter", "email", "consent", "2024-01-01 00:00:00+00",
         "2024-01-02 00:00:00+00", None, "web_form", "v3", None, False, "crm__consents", 1),
        ("K2", "C2", "newsletter", "email", "consent", "2025-01-01 00:00:00+00", None,
         "2025-06-01 00:00:00+00", None, None, False, True, "crm__consents", 2),
    ],
    "communications": [
        ("M1", "C1", "email", "newsletter", "spring", "2026-03-01 09:00:00+00", "m__sends", 1),
        ("M2", "C2", "email", "newsletter", "spring", "2026-03-01 09:00:00+00", "m__sends", 2),
        ("M3", "C2", "sms", "newsletter", "autumn", "2026-09-01 09:00:00+00", "m__sends", 3),
    ],
    "roles": [("dpo", "DPO", False, "a__roles", 1), ("sales", "Sales", False, "a__roles", 2)],
    "role_permissions": [("sales", "contacts", "*", True, True, "a__perm", 1),
                         ("dpo", "*", "*", True, False, "a__perm", 2)],
    "users": [("U1", "u.one", "sales", True, "2026-11-20 08:00:00+00", None, "a__users", 1),
              ("U2", "u.two", "sales", False, "2025-01-01 08:00:00+00",
               "2025-02-01 00:00:00+00", "a__users", 2)],
    "access_log": [("E1", "U2", "2025-03-01 10:00:00+00", "export", "contacts", 5000, None,
                    "a__log", 1)],
    "business_records": [("B1", "invoice", "C1", "2010-03-01 00:00:00+00", False, "f__rec", 1),
                         ("B2", "note", "C1", "2026-01-01 00:00:00+00", False, "f__rec", 2)],
    "dsr_requests": [
        ("R1", "C1", "access", "2026-01-05 10:00:00+00", None, False, None,
         "2026-03-20 10:00:00+00", "completed", "p__req", 1),
        ("R2", "C2", "erasure", "2026-11-20 10:00:00+00", None, False, None, None, "open",
         "p__req", 2),
    ],
    "breaches": [
        ("BR-1", "2026-02-01 08:00:00+00", "2026-02-06 08:00:00+00", None, None, "high", 120,
         "confidentiality", "p__br", 1),
        ("BR-2", "2026-06-01 08:00:00+00", "2026-06-02 08:00:00+00", None,
         "2026-06-03 08:00:00+00", "low", 3, "availability", "p__br", 2),
    ],
    "column_lineage": [("contacts", "email", "crm__contacts", "Email", "demo"),
                       ("contacts", "first_name", "crm__contacts", "FirstName", "demo")],
}


def build_audit_db(path: Path, assess: bool = True) -> Path:
    """Write the tiny audit database to ``path`` (assessed on :data:`AS_OF`)."""
    con = connect(path)
    run_script(con, "load", "ddl")
    run_script(con, "model", "canonical")
    run_script(con, "discover", "inventory_tables")
    for table, rows in ROWS.items():
        # columns added to the model later (vendor fields) stay NULL here
        cols = [c for c in columns_of(con, table) if c not in LATER_COLUMNS]
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)
    con.executemany(
        "INSERT INTO load_log VALUES (?, ?, 'x', 10, ?, 'utf-8', ',', ?, ?, ?, now())",
        [("crm/contacts.csv", "crm__contacts", "csv", 3, 2, 1),
         ("marketing/sends.parquet", "m__sends", "parquet", 3, 3, 0)])
    con.execute("INSERT INTO load_quarantine VALUES ('crm/contacts.csv', 'crm__contacts', 3, "
                "'ragged row: more fields than the header (expected 3 fields, found 4)', "
                "'Mia Mustermann;broken', now(), 'too_many_fields', "
                "'{\"expected\": 3, \"found\": 4}')")
    con.executemany(
        "INSERT INTO model_log VALUES (?, ?, 'demo', ?, ?, ?, ?, 0, NULL, now())",
        [("contacts", "crm__contacts", "contact", 2, 2, 0)])
    con.executemany(
        "INSERT INTO pii_columns VALUES (?, 'crm/contacts.csv', ?, ?, ?, 0.9, 0.95, 'name', ?, 2)",
        [("crm__contacts", "Email", "EMAIL_ADDRESS", "pii", False),
         ("crm__contacts", "FirstName", "PERSON", "pii", False),
         ("crm__contacts", "Description", "HEALTH", "special", True)])
    con.execute("INSERT INTO pii_findings VALUES ('crm/contacts.csv', 'crm__contacts', "
                "'Description', 1, 'HEALTH', 'special', 0.8, NULL, 'de', NULL)")
    if assess:
        from gdpr_audit.assess.charts import store_run
        from gdpr_audit.assess.registry import run_assessment

        store_run(con, run_assessment(con, AS_OF, None, salt="test-salt"), None, path)
    con.close()
    return path


@pytest.fixture(scope="session")
def audit_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_audit_db(tmp_path_factory.mktemp("audit") / "audit.duckdb")


@pytest.fixture(scope="session")
def built_reports(audit_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report of the tiny audit in English and German (executes the notebooks: slow)."""
    from gdpr_audit.report.build import build_report

    out = {}
    for lang in ("en", "de"):
        result = build_report(audit_db, tmp_path_factory.mktemp(f"report_{lang}"), lang=lang)
        out[lang] = result.index.parent
    return out
