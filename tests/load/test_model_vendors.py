"""Each shipped profile: its tiny made-up export sample is detected from the headers
alone and maps to the expected canonical rows (German dates, decimal commas, DST)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from gdpr_audit.core.db import quote_ident
from gdpr_audit.load.model import build_model
from gdpr_audit.load.profile import detect_profile

SAMPLES = Path(__file__).parent.parent / "data" / "profiles"
UTC = ZoneInfo("UTC")
#: vendor folder -> (encoding, delimiter) as the loader would detect them.
DIALECTS = {"suitecrm_de": ("cp1252", ";")}


def _raw_from_csv(con: duckdb.DuckDBPyConnection, path: Path, name: str) -> None:
    """Create ``raw.<name>`` the way the loader does: all VARCHAR plus provenance."""
    encoding, delimiter = DIALECTS.get(path.parent.name, ("utf-8-sig", ","))
    with path.open(encoding=encoding, newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    header = rows[0]
    body = [r for r in rows[1:] if len(r) == len(header)]  # the loader quarantines others
    cols = [*header, "_source_file", "_record_no"]
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute(
        f"CREATE TABLE raw.{quote_ident(name)} ("
        + ", ".join(f"{quote_ident(c)} VARCHAR" for c in cols)
        + ")"
    )
    con.executemany(
        f"INSERT INTO raw.{quote_ident(name)} VALUES ({', '.join('?' for _ in cols)})",
        [[*r, path.name, str(i)] for i, r in enumerate(body, start=1)],
    )


def _vendor_db(vendor: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for path in sorted((SAMPLES / vendor).glob("*.csv")):
        _raw_from_csv(con, path, path.stem.lower())
    return con


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _log(con: duckdb.DuckDBPyConnection, raw: str, table: str) -> tuple:
    row = con.execute(
        "SELECT profile, rows_in, rows_mapped, rows_rejected, rows_skipped, unparsed "
        "FROM model_log WHERE raw_table = ? AND canonical_table = ?",
        [raw, table],
    ).fetchone()
    assert row is not None
    return (*row[:5], json.loads(row[5]))


@pytest.mark.parametrize(
    ("vendor", "raw_table", "entity"),
    [
        ("salesforce", "contact", "contact"),
        ("salesforce", "contactpointtypeconsent", "contact_point_type_consent"),
        ("salesforce", "task", "task"),
        ("hubspot", "contacts", "contacts"),
        ("hubspot", "subscriptions", "subscriptions"),
        ("orocrm", "contacts", "contacts"),
        ("suitecrm_de", "kontakte", "kontakte"),
        ("atomic_crm", "contacts", "contacts"),
    ],
)
def test_detected_from_headers(vendor: str, raw_table: str, entity: str) -> None:
    con = _vendor_db(vendor)
    found = detect_profile(con, raw_table)
    assert found is not None
    assert (found[0].name, found[1].name) == (vendor, entity)


def test_salesforce() -> None:
    con = _vendor_db("salesforce")
    report = build_model(con)
    assert report.unmatched == []
    assert _rows(
        con,
        "SELECT contact_id, phone, country, birth_date, company, created_at, "
        "last_activity_at, source_table, source_row FROM contacts ORDER BY source_row",
    ) == [
        (
            "0035g00000TEST1AAA",
            "4155550100",
            "US",
            dt.date(1980, 4, 2),
            "Alpha Dynamics",
            _utc(2023, 1, 15, 9, 30),
            _utc(2024, 1, 30, 23),
            "contact",
            1,
        ),
        # MobilePhone fills in for an empty Phone; US date 02/29/1984 (date_order mdy).
        (
            "0035g00000TEST2AAA",
            "+49 30 1234567",
            "DE",
            dt.date(1984, 2, 29),
            "Nordlicht GmbH",
            _utc(2023, 3, 1, 8),
            _utc(2023, 3, 1, 8),
            "contact",
            2,
        ),
    ]
    # The row without Id is rejected; its unparseable dates are still counted.
    assert _log(con, "contact", "contacts") == (
        "salesforce",
        3,
        2,
        1,
        0,
        {"birth_date": 1, "created_at": 1},
    )
    assert _rows(con, "SELECT note_id, contact_id FROM notes") == [
        ("0035g00000TEST1AAA#Description", "0035g00000TEST1AAA")
    ]
    # OptOut rows are withdrawals (opted_out, at EffectiveFrom; entity
    # contact_point_type_opt_out); MailingAddress is the postal channel.
    assert _rows(
        con,
        "SELECT consent_id, contact_id, purpose, channel, legal_basis, given_at, "
        "doi_confirmed_at, withdrawn_at, proof_source FROM consents ORDER BY consent_id",
    ) == [
        (
            "0ZY5g000000CPT1AAA",
            "0PK5g000000IND1AAA",
            "newsletter",
            "email",
            "consent",
            _utc(2023, 5, 2, 7),
            _utc(2023, 5, 2, 7, 15),
            None,
            "web_form",
        ),
        (
            "0ZY5g000000CPT2AAA",
            "0PK5g000000IND1AAA",
            "product_updates",
            "phone",
            "consent",
            _utc(2023, 6, 1),
            None,
            _utc(2023, 6, 1),
            "call_center",
        ),
        (
            "0ZY5g000000CPT3AAA",
            "0PK5g000000IND2AAA",
            "partner_offers",
            "post",
            "consent",
            _utc(2022, 11, 30, 23, 30),
            None,
            _utc(2024, 1, 1),
            "paper",
        ),
    ]
    assert _log(con, "contactpointtypeconsent", "consents")[1:5] == (3, 2, 0, 1)
    # A task of subtype "Task" and Type Other (a walk-in visit) is no e-mail or call: no
    # communication, skipped (require: [channel]) and counted, its Type as unparsed.
    assert _rows(
        con, "SELECT communication_id, channel, sent_at FROM communications ORDER BY 1"
    ) == [
        ("00T5g000000TSK1AAA", "email", _utc(2024, 3, 5, 8)),
        ("00T5g000000TSK2AAA", "phone", _utc(2024, 3, 30, 23)),  # before the switch: CET
    ]
    assert _log(con, "task", "communications")[1:] == (3, 2, 0, 1, {"channel": 1})


def test_hubspot_legal_basis_and_local_times() -> None:
    con = _vendor_db("hubspot")
    build_model(con)
    assert _rows(
        con,
        "SELECT contact_id, country, birth_date, created_at, last_activity_at, is_customer "
        "FROM contacts ORDER BY contact_id",
    ) == [
        # 2024-03-31 02:30 does not exist in Berlin: read with the standard offset.
        (
            "1101",
            "DE",
            dt.date(1990, 7, 12),
            _utc(2024, 1, 31, 9, 5),
            _utc(2024, 3, 31, 1, 30),
            True,
        ),
        # 2023-10-29 02:30 happens twice in Berlin: read as standard time (CET).
        ("1102", "GB", None, _utc(2023, 10, 29, 1, 30), None, False),
        ("1103", "ES", None, _utc(2024, 2, 1, 8), None, False),
        ("1104", None, None, _utc(2024, 2, 2, 8), None, None),
    ]
    assert _log(con, "contacts", "contacts")[5] == {"birth_date": 1, "country": 1, "is_customer": 1}
    assert _rows(
        con, "SELECT consent_id, legal_basis, purpose, channel FROM consents ORDER BY 1"
    ) == [
        ("1101#legal_basis", "legitimate_interest", "marketing", "email"),
        # "Unsubscribed from all email" = true: an opt-out row, not a basis
        ("1102#hs_email_optout", None, "marketing", "email"),
        ("1102#legal_basis", "consent", "marketing", "email"),
        ("subscriptions.csv#1", "consent", "newsletter", "email"),
        ("subscriptions.csv#2", "consent", "product_updates", "email"),
    ]
    # "Not applicable" is deliberately no basis (skipped, not unparsed); gibberish is both.
    assert _log(con, "contacts", "consents")[1:] == (4, 2, 0, 2, {"legal_basis": 1})
    assert _rows(
        con,
        "SELECT contact_id, doi_confirmed_at, withdrawn_at FROM consents "
        "WHERE purpose <> 'marketing' ORDER BY 1",
    ) == [
        ("1101", _utc(2024, 1, 31, 9, 20), None),
        ("1102", None, _utc(2024, 2, 15, 17)),
    ]


def test_orocrm() -> None:
    con = _vendor_db("orocrm")
    build_model(con)
    assert _rows(
        con,
        "SELECT contact_id, email, postcode, country, birth_date, created_at, last_activity_at "
        "FROM contacts ORDER BY contact_id",
    ) == [
        (
            "7",
            "clara@example.de",
            "80802",
            "DE",
            dt.date(1975, 12, 24),
            _utc(2022, 5, 1, 8),
            _utc(2024, 1, 10, 12),
        ),
        (
            "8",
            "piet@example.nl",
            "1012 LG",
            "NL",
            None,
            _utc(2023, 8, 15, 13, 45),
            _utc(2023, 8, 15, 13, 45),
        ),
    ]
    assert _rows(con, "SELECT note_id FROM notes") == [("8#Description",)]


def test_suitecrm_de_german_formats() -> None:
    con = _vendor_db("suitecrm_de")
    build_model(con)
    assert _rows(
        con,
        "SELECT first_name, city, country, birth_date, created_at, last_activity_at, "
        "is_customer FROM contacts ORDER BY contact_id",
    ) == [
        (
            "Jürgen",
            "Berlin",
            "DE",
            dt.date(1984, 2, 29),
            _utc(2024, 1, 15, 9),
            _utc(2024, 3, 31, 1, 30),
            True,
        ),
        # 31.02.1980 is no date; 27.10.2024 02:30 (twice in Berlin) is read as CET.
        ("Gréta", "Wien", "AT", None, _utc(2024, 10, 27, 1, 30), _utc(2024, 10, 27, 1, 30), False),
        # n/a -> NULL; an ISO value with offset keeps its own zone.
        ("Max", None, "DE", None, _utc(2024, 3, 31, 21, 30), None, False),
        ("Erika", None, None, None, _utc(2024, 1, 31, 23), None, None),
    ]
    assert _log(con, "kontakte", "contacts")[5] == {"birth_date": 2, "is_customer": 1}
    assert _rows(
        con,
        "SELECT consent_id, legal_basis, given_at, doi_confirmed_at, withdrawn_at "
        "FROM consents ORDER BY consent_id",
    ) == [
        (
            "a1b2c3d4-0001#newsletter",
            "consent",
            _utc(2024, 1, 15, 9, 5),
            _utc(2024, 1, 15, 9, 20),
            None,
        ),
        ("a1b2c3d4-0002#newsletter", "consent", _utc(2023, 5, 31, 22), None, _utc(2023, 12, 1, 7)),
        # Erika said "Ja" without a date: kept as a consent that cannot be dated (Art. 7(1)).
        ("a1b2c3d4-0004#newsletter", "consent", None, None, None),
    ]
    # Max said "Nein" and never withdrew anything: no consent row (skipped).
    assert con.execute(
        "SELECT rows_in, rows_mapped, rows_rejected, rows_skipped FROM model_log "
        "WHERE entity = 'newsletter_einwilligung'"
    ).fetchone() == (4, 3, 0, 1)
    assert _rows(con, "SELECT note_id, body FROM notes") == [
        ("a1b2c3d4-0001#Beschreibung", "Kunde seit 2019")
    ]


def test_atomic_crm() -> None:
    con = _vendor_db("atomic_crm")
    build_model(con)
    assert _rows(con, "SELECT contact_id, email, phone, is_customer FROM contacts ORDER BY 1") == [
        ("11", "robin@example.org", "(415) 555-0100", True),
        ("12", "sam@work.example", "555-0101", False),
    ]
    assert _rows(con, "SELECT contact_id, legal_basis, given_at FROM consents") == [
        ("11", "consent", None)
    ]


ATOMIC_BENCHMARK = Path("/work/shared/benchmarks/crm_atomic_crm/contacts.csv")


@pytest.mark.skipif(not ATOMIC_BENCHMARK.exists(), reason="shared benchmark data not present")
def test_atomic_crm_real_export_is_detected() -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    _raw_from_csv(con, ATOMIC_BENCHMARK, "contacts")
    report = build_model(con)
    assert report.counts["contacts"] == 500
    assert report.sources[0].profile == "atomic_crm"
    assert report.sources[0].rows_rejected == 0
    assert report.sources[0].unparsed == {}


SF_REPORT = Path("/work/shared/benchmarks/crm_salesforce_lwc_recipes/Accounts-Contacts.csv")


@pytest.mark.skipif(not SF_REPORT.exists(), reason="shared benchmark data not present")
def test_salesforce_report_export_is_detected() -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    _raw_from_csv(con, SF_REPORT, "accounts_contacts")
    report = build_model(con)
    assert [(s.profile, s.entity) for s in report.sources] == [("salesforce", "contact_report")]
    assert report.counts["contacts"] == 6
    # No record id in a report: the row is the id, unique per file and record.
    assert con.execute("SELECT count(DISTINCT contact_id) FROM contacts").fetchone()[0] == 6
    assert (
        con.execute(
            "SELECT count(*) FROM contacts WHERE email LIKE '%@%' AND company IS NOT NULL"
        ).fetchone()[0]
        == 6
    )
