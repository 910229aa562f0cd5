"""Tiny audit databases built with the canonical DDL: one compliant, one with one
planted violation per expectation that guards a check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gdpr_audit.core.db import connect, insert_rows, sql_text

AS_OF = dt.date(2026, 11, 28)
UTC = dt.UTC


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


CONTACTS = ["contact_id", "email", "country", "birth_date", "created_at", "is_customer"]
CONSENTS = [
    "consent_id",
    "contact_id",
    "purpose",
    "channel",
    "legal_basis",
    "given_at",
    "withdrawn_at",
    "proof_source",
    "notice_version",
]
SENDS = ["communication_id", "contact_id", "channel", "purpose", "campaign", "sent_at"]
REQUESTS = [
    "request_id",
    "contact_id",
    "request_type",
    "received_at",
    "extended",
    "completed_at",
    "status",
]
RECORDS = ["record_id", "record_type", "contact_id", "created_at", "legal_hold"]
POLICIES = ["policy_id", "record_type", "period_months", "start_event", "legal_hold"]
PII_COLUMNS = [
    "table_name",
    "source",
    "column_name",
    "entity_type",
    "category",
    "score",
    "share",
    "why",
    "free_text",
    "rows",
]


def build_db(path: Path, violations: bool) -> Path:
    """A compliant audit database; with ``violations`` one planted record per rule."""
    con = connect(path)
    con.execute(sql_text("model", "canonical"))
    contacts = [
        ["C1", "anna.berg@example.de", "DE", dt.date(1980, 5, 1), ts("2024-01-10T09:00:00"), True],
        [
            "C2",
            "ben.kurz@example.com",
            "AT",
            dt.date(1991, 2, 28),
            ts("2025-03-01T12:00:00"),
            False,
        ],
        ["C3", None, "FR", None, ts("2025-06-01T08:00:00"), False],
    ]
    consents = [
        [
            "K1",
            "C1",
            "newsletter",
            "email",
            "consent",
            ts("2025-01-01T00:00:00"),
            None,
            "web_form",
            "v3",
        ],
        [
            "K2",
            "C2",
            "newsletter",
            "email",
            "consent",
            ts("2025-02-01T00:00:00"),
            ts("2026-01-01T00:00:00"),
            "web_form",
            "v3",
        ],
        [
            "K3",
            "C2",
            "newsletter",
            "email",
            "consent",
            ts("2026-03-01T00:00:00"),
            None,
            "paper",
            "v4",
        ],
        ["K4", "C3", "product_updates", "post", "contract", None, None, None, None],
    ]
    sends = [
        ["M1", "C1", "email", "newsletter", "spring-2026", ts("2026-04-01T10:00:00")],
        ["M2", "C2", "email", "newsletter", "spring-2026", ts("2026-04-01T10:00:00")],
        ["M3", "C2", "email", "newsletter", "winter-2025", ts("2025-12-01T10:00:00")],
    ]
    requests = [
        [
            "R1",
            "C1",
            "access",
            ts("2026-01-31T10:00:00"),
            False,
            ts("2026-02-28T09:00:00"),
            "completed",
        ],
        [
            "R2",
            "C2",
            "erasure",
            ts("2026-06-01T10:00:00"),
            True,
            ts("2026-08-30T09:00:00"),
            "completed",
        ],
        ["R3", "C3", "access", ts("2026-11-20T10:00:00"), False, None, "open"],
        ["R4", "C3", "objection", ts("2025-01-05T10:00:00"), False, None, "rejected"],
    ]
    records = [
        ["B1", "invoice", "C1", ts("2018-06-01T10:00:00"), False],  # ends 2027-01-01
        ["B2", "note", "C2", ts("2024-01-01T10:00:00"), False],  # ends 2027-01-01
        ["B3", "note", "C2", ts("2020-01-01T10:00:00"), True],  # past, but held
    ]
    policies = [
        ["P1", "invoice", 96, "end_of_year_created", True],
        ["P2", "note", 36, "creation", False],
    ]
    pii = [
        [
            "crm__contacts",
            "crm/contacts.csv",
            "Email",
            "EMAIL_ADDRESS",
            "pii",
            0.99,
            0.98,
            "values",
            False,
            3,
        ],
        [
            "crm__kontakte_de",
            "crm/kontakte_de.csv",
            "Konfession",
            "RELIGION",
            "special",
            0.9,
            0.5,
            "name",
            False,
            3,
        ],
        ["crm__notes", "crm/notes.jsonl", "body", "HEALTH", "special", 0.7, 0.1, "values", True, 3],
    ]
    if violations:
        contacts.append(["C4", "not-an-address", "Germany", dt.date(2031, 1, 1), None, False])
        consents.append(
            ["K5", "C1", "newsletter", "sms", "consent", ts("2025-01-01T00:00:00"), None, " ", "v3"]
        )
        consents.append(
            [
                "K6",
                "C9",
                "newsletter",
                "email",
                "consent",
                ts("2025-01-01T00:00:00"),
                None,
                "web_form",
                "v3",
            ]
        )
        sends.append(
            ["M4", "C1", "sms", "partner_offers", "summer-2026", ts("2026-06-01T10:00:00")]
        )
        sends.append(["M5", "C2", "email", "newsletter", "jan-2026", ts("2026-01-15T10:00:00")])
        sends.append(
            [
                "M6",
                "C9",
                "email",
                "newsletter",
                "call back +49 170 1234567",
                ts("2026-04-01T10:00:00"),
            ]
        )
        requests.append(
            [
                "R5",
                "C1",
                "access",
                ts("2026-01-31T10:00:00"),
                False,
                ts("2026-03-01T09:00:00"),
                "completed",
            ]
        )
        requests.append(
            ["R6", "C2", "erasure", ts("2026-09-01T10:00:00"), False, None, "in_progress"]
        )
        requests.append(["R7", "C2", "access", None, False, None, "open"])
        records.append(["B4", "note", "C2", ts("2020-01-01T10:00:00"), False])
        records.append(["B5", "ticket", "C2", ts("2026-01-01T10:00:00"), False])
        records.append(["B6", "invoice", "C1", None, False])
        pii.append(
            [
                "crm__contacts",
                "crm/contacts.csv",
                "Gesundheit",
                "HEALTH",
                "special",
                0.9,
                0.4,
                "name",
                False,
                3,
            ]
        )
    for table, cols, rows in [
        ("contacts", CONTACTS, contacts),
        ("consents", CONSENTS, consents),
        ("communications", SENDS, sends),
        ("dsr_requests", REQUESTS, requests),
        ("business_records", RECORDS, records),
        ("retention_policies", POLICIES, policies),
    ]:
        insert_rows(con, table, cols, rows)
    con.execute(
        "CREATE TABLE pii_columns (table_name VARCHAR, source VARCHAR, column_name VARCHAR, "
        "entity_type VARCHAR, category VARCHAR, score DOUBLE, share DOUBLE, why VARCHAR, "
        "free_text BOOLEAN, rows BIGINT)"
    )
    insert_rows(con, "pii_columns", PII_COLUMNS, pii)
    con.close()
    return path


@pytest.fixture(scope="session")
def compliant_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("check") / "compliant.duckdb", violations=False)


@pytest.fixture(scope="session")
def violating_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("check") / "violating.duckdb", violations=True)
