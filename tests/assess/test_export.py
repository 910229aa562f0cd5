"""export_subject (Art. 15/20): exact matching, never another subject's data, safe CSV."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from gdpr_audit.assess.export import export_subject, neutralise_cell
from gdpr_audit.core.errors import InputError, UsageError

from .conftest import add, ts

STAMP = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PEOPLE = [  # near-duplicates on purpose
    ("C1", "Anna", "anna.muller@example.de"),
    ("C10", "Anna", "anna.mueller@example.de"),
    ("C2", "Jan", "jan@example.com"),
    ("C20", "Jan", "jan@example.com.au"),
]


@pytest.fixture
def crm(con):
    add(con, "contacts", [{"contact_id": c, "first_name": n, "email": e,
                           "source_table": "raw.crm__contacts", "source_row": i + 1}
                          for i, (c, n, e) in enumerate(PEOPLE)])
    add(con, "consents", [{"consent_id": f"K-{c}", "contact_id": c, "purpose": "newsletter",
                           "channel": "email", "legal_basis": "consent",
                           "given_at": ts("2024-01-01T10:00")} for c, _, _ in PEOPLE])
    add(con, "notes", [
        {"note_id": "N1", "contact_id": "C1", "body": "=HYPERLINK(\"http://x\")"},
        {"note_id": "N2", "contact_id": "C20", "body": "forwarded to jan@example.com by mistake"},
        {"note_id": "N3", "contact_id": "C10", "body": "@mention\tsales"},
    ])
    con.execute("CREATE SCHEMA raw")
    con.execute('CREATE TABLE raw.crm__contacts ("Id" VARCHAR, "FirstName" VARCHAR, '
                '"Email" VARCHAR, _source_file VARCHAR, _record_no BIGINT)')
    for i, (c, n, e) in enumerate(PEOPLE):
        con.execute("INSERT INTO raw.crm__contacts VALUES (?, ?, ?, 'crm/contacts.csv', ?)",
                    [c, n, e.upper() if c == "C2" else e, i + 1])
    con.execute('CREATE TABLE raw.marketing__leads ("mail" VARCHAR, "note" VARCHAR)')
    con.execute("INSERT INTO raw.marketing__leads VALUES (' JAN@example.com ', '-1+1'), "
                "('jan@example.com.au', 'x')")
    return con


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_by_email_is_exact(crm, tmp_path: Path) -> None:
    out = tmp_path / "export"
    manifest = export_subject(crm, out, email="JAN@Example.com", generated_at=STAMP)
    assert manifest.tables == {"contacts": 1, "consents": 1, "raw.crm__contacts": 1,
                               "raw.marketing__leads": 1}
    assert [r["contact_id"] for r in _rows(out / "contacts.csv")] == ["C2"]
    assert [r["Id"] for r in _rows(out / "raw.crm__contacts.csv")] == ["C2"]
    leads = _rows(out / "raw.marketing__leads.csv")
    assert leads == [{"mail": " JAN@example.com ", "note": "'-1+1"}]
    assert not (out / "notes.csv").exists()  # C20's note mentioning the address is C20's
    everything = "".join(p.read_text("utf-8") for p in out.iterdir())
    assert "com.au" not in everything and "C20" not in everything


@pytest.mark.parametrize(("contact_id", "expected"), [("C1", "C1"), ("C10", "C10")])
def test_export_by_contact_id_is_exact(crm, tmp_path: Path, contact_id, expected) -> None:
    out = tmp_path / "export"
    manifest = export_subject(crm, out, contact_id=contact_id, generated_at=STAMP)
    assert [r["contact_id"] for r in _rows(out / "consents.csv")] == [expected]
    assert [r["note_id"] for r in _rows(out / "notes.csv")] == (
        ["N1"] if expected == "C1" else ["N3"])
    assert manifest.contacts == 1
    subject = json.loads((out / "subject.json").read_text("utf-8"))
    assert subject["contact_ids"] == [expected]
    assert subject["processing"][0]["purpose"] == "newsletter"


def test_csv_cells_are_neutralised(crm, tmp_path: Path) -> None:
    export_subject(crm, tmp_path / "a", contact_id="C1", generated_at=STAMP)
    export_subject(crm, tmp_path / "b", contact_id="C10", generated_at=STAMP)
    assert _rows(tmp_path / "a" / "notes.csv")[0]["body"] == "'=HYPERLINK(\"http://x\")"
    assert _rows(tmp_path / "b" / "notes.csv")[0]["body"] == "'@mention\tsales"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+49 30 1", "'+49 30 1"), ("-5", "'-5"), ("@x", "'@x"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), (None, ""), (7, "7"),
     (dt.date(2024, 2, 29), "2024-02-29")],
)
def test_neutralise_cell(value, expected) -> None:
    assert neutralise_cell(value) == expected


def test_manifest_hashes_and_timestamp(crm, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_subject(crm, out, contact_id="C2", generated_at=STAMP)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["generated_at"] == "2026-11-28T09:00:00+00:00"
    names = {f["file"] for f in manifest["files"]}
    assert names == {p.name for p in out.iterdir()} - {"manifest.json"}
    for f in manifest["files"]:
        assert hashlib.sha256((out / f["file"]).read_bytes()).hexdigest() == f["sha256"]


def test_no_match_and_usage_errors(crm, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no data subject") as err:
        export_subject(crm, tmp_path / "x", email="jan@example.co")
    assert "jan@" not in str(err.value)  # never echo the identifier
    with pytest.raises(InputError):
        export_subject(crm, tmp_path / "x", contact_id="C")
    assert not (tmp_path / "x").exists()
    with pytest.raises(UsageError):
        export_subject(crm, tmp_path / "x", email="a@b.de", contact_id="C1")
    with pytest.raises(UsageError):
        export_subject(crm, tmp_path / "x")


def test_output_directory_must_be_empty(crm, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_subject(crm, out, contact_id="C1", generated_at=STAMP)
    with pytest.raises(InputError, match="not empty"):
        export_subject(crm, out, contact_id="C2", generated_at=STAMP)
    export_subject(crm, out, contact_id="C2", generated_at=STAMP, force=True)
    assert [r["contact_id"] for r in _rows(out / "contacts.csv")] == ["C2"]
    assert not (out / "notes.csv").exists()  # C1's files are gone, not mixed in
    (out / "keep.txt").write_text("mine")
    with pytest.raises(InputError):
        export_subject(crm, out, contact_id="C1", generated_at=STAMP, force=True)


def test_contact_ids_match_exactly_emails_case_insensitively(crm, tmp_path: Path) -> None:
    crm.execute("CREATE TABLE raw.tickets (ref VARCHAR, who VARCHAR)")
    crm.execute("INSERT INTO raw.tickets VALUES ('T1', 'c2'), ('T2', ' C2 '), "
                "('T3', 'Jan@Example.COM'), ('T4', 'C2x')")
    export_subject(crm, tmp_path / "e", contact_id="C2", generated_at=STAMP)
    # C2's e-mail is jan@example.com: T3 is theirs; 'c2' is another id, T4 too.
    assert [r["ref"] for r in _rows(tmp_path / "e" / "raw.tickets.csv")] == ["T2", "T3"]
