"""End-to-end scan of a tiny raw table set: pii_columns, pii_findings, JSON, no raw values."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.core.db import connect
from gdpr_audit.core.errors import InputError
from gdpr_audit.discover.scan import ScanOptions, inventory, scan_database

CONTACTS = [
    # Id, FirstName, LastName, Email, Phone, Birthdate, CreatedDate, AccountName, Konfession, Notes
    (
        "C0000001",
        "Anna",
        "Schmidt",
        "anna.schmidt@example.de",
        "+49 30 1234567",
        "1984-02-11",
        "2024-05-01T09:12:00Z",
        "Nordlicht Software GmbH",
        "ev",
        "Kundin ist an Diabetes erkrankt, Rückruf unter +49 30 7654321 bitte.",
    ),
    (
        "C0000002",
        "Jürgen",
        "Müller",
        "j.mueller@example.org",
        "0171 2345678",
        "1962-07-30",
        "2024-05-02T10:00:00Z",
        "Acme Inc.",
        "rk",
        "Called about the renewal, he will send the signed contract next week.",
    ),
    (
        "C0000003",
        "Laura",
        "Weber",
        "laura.weber@example.com",
        "+49 89 3456789",
        "1991-11-02",
        "2024-05-03T11:30:00Z",
        "Hansa Logistik GmbH",
        "",
        "She is a member of ver.di, write to laura.private@example.net about the event.",
    ),
    (
        "C0000004",
        "Peter",
        "Becker",
        "peter.becker@example.de",
        "040 98765432",
        "1975-04-19",
        "2024-05-04T08:45:00Z",
        "Beta Systems AG",
        "ev",
        "Server health check passed, no action needed for this account today.",
    ),
    (
        "C0000005",
        "Maria",
        "Hoffmann",
        "maria.hoffmann@example.de",
        "+49 221 4567890",
        "1958-09-09",
        "2024-05-05T16:20:00Z",
        "Blue Sky Ltd",
        "rk",
        "",
    ),
]
COLUMNS = [
    "Id",
    "FirstName",
    "LastName",
    "Email",
    "Phone",
    "Birthdate",
    "CreatedDate",
    "AccountName",
    "Konfession",
    "Notes",
]
ORDERS = [("ORD-2024-0001", "SKU-10115-XL", "19,99"), ("ORD-2024-0002", "SKU-80331-S", "5,00")]
RAW_VALUES = [v for row in CONTACTS for v in row[1:6]] + [
    "+49 30 7654321",
    "laura.private@example.net",
    "Diabetes",
]


def make_raw(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    cols = ", ".join(f'"{c}" VARCHAR' for c in COLUMNS)
    con.execute(f"CREATE TABLE raw.crm__contacts ({cols}, _source_file VARCHAR, _record_no BIGINT)")
    con.executemany(
        "INSERT INTO raw.crm__contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[*row, "crm/contacts.csv", n] for n, row in enumerate(CONTACTS, start=1)],
    )
    con.execute(
        'CREATE TABLE raw.shop__orders ("Order Number" VARCHAR, "Artikel" VARCHAR, '
        '"Preis" VARCHAR, _source_file VARCHAR, _record_no BIGINT)'
    )
    con.executemany(
        "INSERT INTO raw.shop__orders VALUES (?, ?, ?, ?, ?)",
        [[*row, "shop/orders.csv", n] for n, row in enumerate(ORDERS, start=1)],
    )


@pytest.fixture
def con(db_path: Path) -> duckdb.DuckDBPyConnection:
    connection = connect(db_path)
    make_raw(connection)
    yield connection
    connection.close()


def pii_columns(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for table, column, entity in con.execute(
        "SELECT table_name, column_name, entity_type FROM pii_columns"
    ).fetchall():
        out.setdefault((table, column), set()).add(entity)
    return out


def test_scan_writes_inventory(con: duckdb.DuckDBPyConnection) -> None:
    report = scan_database(con, ScanOptions(ner=False))
    found = pii_columns(con)
    assert found == {
        ("crm__contacts", "FirstName"): {"PERSON"},
        ("crm__contacts", "LastName"): {"PERSON"},
        ("crm__contacts", "Email"): {"EMAIL_ADDRESS"},
        ("crm__contacts", "Phone"): {"PHONE_NUMBER"},
        ("crm__contacts", "Birthdate"): {"DATE_OF_BIRTH"},
        ("crm__contacts", "Konfession"): {"RELIGION"},
        ("crm__contacts", "Notes"): {"HEALTH", "PHONE_NUMBER", "TRADE_UNION", "EMAIL_ADDRESS"},
    }
    assert report.pii_columns == 7
    row = con.execute(
        "SELECT source, category, free_text, rows, why FROM pii_columns "
        "WHERE column_name = 'Konfession'"
    ).fetchone()
    assert row == (
        "crm/contacts.csv",
        "special",
        False,
        5,
        "name: 'Konfession' ~ RELIGION; values: 2/2 religion word or church-tax code",
    )
    notes = dict(
        con.execute(
            "SELECT entity_type, share FROM pii_columns WHERE column_name = 'Notes'"
        ).fetchall()
    )
    assert notes["HEALTH"] == pytest.approx(1 / 4)  # 1 of 4 non-empty notes


def test_findings_point_at_records(con: duckdb.DuckDBPyConnection) -> None:
    report = scan_database(con, ScanOptions(ner=False))
    rows = con.execute(
        "SELECT source, table_name, column_name, record_no, entity_type, category, hint "
        "FROM pii_findings ORDER BY record_no, entity_type"
    ).fetchall()
    assert report.findings == len(rows)
    by_record = {}
    for source, table, column, record_no, entity, category, hint in rows:
        assert (source, table, column) == ("crm/contacts.csv", "crm__contacts", "Notes")
        by_record.setdefault(record_no, set()).add((entity, category))
        assert hint is None or "*" in hint
    assert ("HEALTH", "special") in by_record[1]
    assert ("TRADE_UNION", "special") in by_record[3]
    assert ("EMAIL_ADDRESS", "pii") in by_record[3]
    assert 2 not in by_record and 4 not in by_record  # harmless note, server health check


def test_no_raw_value_leaves_the_scan(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = scan_database(con, ScanOptions(ner=False))
    dumped = json.dumps(inventory(con, report), ensure_ascii=False)
    stored = " ".join(
        str(v)
        for table in ("pii_columns", "pii_findings")
        for row in con.execute(f"SELECT * FROM {table}").fetchall()
        for v in row
    )
    for value in RAW_VALUES:
        assert value not in dumped, value
        assert value not in stored, value


def test_json_contract(con: duckdb.DuckDBPyConnection) -> None:
    report = scan_database(con, ScanOptions(ner=False))
    doc = inventory(con, report)
    assert sorted(doc) == ["findings", "tables"]
    assert [t["table"] for t in doc["tables"]] == ["raw.crm__contacts", "raw.shop__orders"]
    contacts = doc["tables"][0]
    assert sorted(contacts) == ["columns", "rows", "source", "table"]
    assert (contacts["source"], contacts["rows"]) == ("crm/contacts.csv", 5)
    assert [c["name"] for c in contacts["columns"]] == COLUMNS
    for column in contacts["columns"]:
        assert sorted(column) == ["entities", "free_text", "name", "special_categories"]
        for entity in column["entities"]:
            assert sorted(entity) == ["score", "share", "type", "why"]
            assert 0 < entity["score"] <= 1 and 0 <= entity["share"] <= 1
    email = next(c for c in contacts["columns"] if c["name"] == "Email")
    assert email["entities"][0]["type"] == "EMAIL_ADDRESS" and not email["free_text"]
    notes = next(c for c in contacts["columns"] if c["name"] == "Notes")
    assert notes["free_text"] and notes["special_categories"] == ["HEALTH", "TRADE_UNION"]
    orders = doc["tables"][1]
    assert all(c["entities"] == [] for c in orders["columns"])  # order numbers, SKUs, prices
    assert doc["findings"], "free-text detections are listed"
    for finding in doc["findings"]:
        assert sorted(finding) == ["column", "row", "score", "source", "type"]
        assert finding["source"] == "crm/contacts.csv" and finding["column"] == "Notes"
    keys = [(f["source"], f["column"], f["row"], f["type"]) for f in doc["findings"]]
    assert keys == sorted(keys)
    assert {(f["row"], f["type"]) for f in doc["findings"]} >= {(1, "HEALTH"), (3, "TRADE_UNION")}


def test_rescan_replaces_rows(con: duckdb.DuckDBPyConnection) -> None:
    scan_database(con, ScanOptions(ner=False))
    first = con.execute("SELECT count(*) FROM pii_columns").fetchone()
    findings = con.execute("SELECT count(*) FROM pii_findings").fetchone()
    scan_database(con, ScanOptions(ner=False), tables=["crm__contacts"])
    assert con.execute("SELECT count(*) FROM pii_columns").fetchone() == first
    assert con.execute("SELECT count(*) FROM pii_findings").fetchone() == findings


def test_input_errors(db_path: Path) -> None:
    con = connect(db_path)
    with pytest.raises(InputError, match="no raw tables"):
        scan_database(con, ScanOptions(ner=False))
    make_raw(con)
    with pytest.raises(InputError, match="no raw table nope"):
        scan_database(con, ScanOptions(ner=False), tables=["nope"])
    con.close()


def test_progress_reports_columns_and_rows(con: duckdb.DuckDBPyConnection) -> None:
    seen: dict[str, tuple[int, int]] = {}
    scan_database(con, ScanOptions(ner=False), progress=lambda k, d, t: seen.update({k: (d, t)}))
    assert seen["columns"] == (13, 13)
    assert seen["rows"] == (4, 4)


@pytest.mark.slow
def test_scan_with_ner_finds_people_in_notes(db_path: Path) -> None:
    con = connect(db_path)
    con.execute("CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.notes (body VARCHAR, _source_file VARCHAR, _record_no BIGINT)")
    con.executemany(
        "INSERT INTO raw.notes VALUES (?, 'crm/notes.jsonl', ?)",
        [
            ["Meeting with Peter Becker from Hamburg about the renewal of the licence.", 1],
            ["Discussed the new pricing model with the whole purchasing team today.", 2],
            ["Frau Schneider aus München hat angerufen, sie ist schwanger und in Elternzeit.", 3],
        ],
    )
    scan_database(con, ScanOptions(ner=True))
    rows = con.execute("SELECT record_no, entity_type FROM pii_findings").fetchall()
    assert (1, "PERSON") in rows and (1, "LOCATION") in rows
    assert not [r for r in rows if r[0] == 2]
    assert (3, "HEALTH") in rows
    hints = [h for (h,) in con.execute("SELECT hint FROM pii_findings").fetchall()]
    assert "Peter Becker" not in hints and "Hamburg" not in hints
    con.close()


@pytest.mark.slow  # three interpreter start-ups
def test_cli_scan_json_and_exit_codes(db_path: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    con = connect(db_path)
    make_raw(con)
    con.close()
    cli = [sys.executable, "-c", "from gdpr_audit.cli import main; main()", "scan"]
    out = tmp_path / "inventory.json"
    done = subprocess.run(
        [*cli, "--db", str(db_path), "--json", str(out), "--no-ner", "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Konfession" in done.stdout and "RELIGION" in done.stdout
    for value in RAW_VALUES:
        assert value not in done.stdout + done.stderr
    doc = json.loads(out.read_text("utf-8"))
    assert [t["table"] for t in doc["tables"]] == ["raw.crm__contacts", "raw.shop__orders"]
    missing = subprocess.run(
        [*cli, "--db", str(tmp_path / "missing.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 2 and "database not found" in missing.stderr
    empty = tmp_path / "empty.duckdb"
    connect(empty).close()
    none = subprocess.run([*cli, "--db", str(empty)], capture_output=True, text=True, timeout=120)
    assert none.returncode == 2 and "no raw tables" in none.stderr


def test_sample_size_and_typed_columns(db_path: Path) -> None:
    con = connect(db_path)
    con.execute("CREATE SCHEMA raw")
    con.execute(
        "CREATE TABLE raw.typed AS SELECT i AS n, "
        "DATE '1950-01-01' + CAST(i * 40 AS INTEGER) AS born, "
        "'user' || i || '@example.de' AS \"Email\", 'x' AS _source_file, i + 1 AS _record_no "
        "FROM range(500) t(i)"
    )
    report = scan_database(con, ScanOptions(ner=False, sample=50))
    (table,) = report.tables
    by_name = {c.column: c for c in table.columns}
    assert all(c.sampled == 50 for c in table.columns)
    assert by_name["Email"].pii_types == ["EMAIL_ADDRESS"]
    assert by_name["Email"].entities[0].why.endswith("50/50 valid e-mail")
    assert by_name["n"].entities == ()
    con.close()


def test_options_from_config() -> None:
    config = {"discover": {"column_sample": 200, "min_score": 0.7}}
    options = ScanOptions.from_config(config, workers=2, sample=None, ner=False)
    assert (options.sample, options.min_score, options.workers) == (200, 0.7, 2)
    assert options.text_config is not None and options.text_config.ner is False
    assert ScanOptions.from_config(config, sample=50).sample == 50
