"""export_subject (Art. 15/20): rows by identity, never another subject's, safe CSV, manifest."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from gdpr_audit.assess.export import export_subject, neutralise_cell
from gdpr_audit.core.db import run_script
from gdpr_audit.core.errors import InputError, OutputError, UsageError

from .conftest import add, ts

STAMP = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PEOPLE = [  # near-duplicates on purpose
    ("C1", "Anna", "anna.muller@example.de"),
    ("C10", "Anna", "anna.mueller@example.de"),
    ("C2", "Jan", "jan@example.com"),
    ("C20", "Jan", "jan@example.com.au"),
]


def lineage(con, rows: list[tuple[str, str, str, str]], profile: str = "crm") -> None:
    """column_lineage rows (canonical table, canonical column, raw table, raw column)."""
    con.executemany("INSERT INTO column_lineage VALUES (?, ?, ?, ?, ?)",
                    [[*r, profile] for r in rows])


def inventory(con, rows: list[tuple[str, str, str, bool]]) -> None:
    """pii_columns rows (raw table, column, entity type, free text) as `scan` writes them."""
    run_script(con, "discover", "inventory_tables")
    con.executemany(
        "INSERT INTO pii_columns VALUES (?, NULL, ?, ?, 'pii', 0.9, 0.9, 'name', ?, 2)", rows)


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
    lineage(con, [("contacts", "contact_id", "crm__contacts", "Id"),
                  ("contacts", "first_name", "crm__contacts", "FirstName"),
                  ("contacts", "email", "crm__contacts", "Email")])
    con.execute('CREATE TABLE raw.marketing__leads ("mail" VARCHAR, "note" VARCHAR)')
    con.execute("INSERT INTO raw.marketing__leads VALUES (' JAN@example.com ', '-1+1'), "
                "('jan@example.com.au', 'x'), ('n/a', 'jan@example.com called')")
    inventory(con, [("marketing__leads", "mail", "EMAIL_ADDRESS", False),
                    ("marketing__leads", "note", "EMAIL_ADDRESS", True)])
    return con


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


def test_export_by_email_is_exact(crm, tmp_path: Path) -> None:
    out = tmp_path / "export"
    manifest = export_subject(crm, out, email="JAN@Example.com", generated_at=STAMP)
    assert manifest.tables == {"contacts": 1, "consents": 1, "raw.crm__contacts": 1,
                               "raw.marketing__leads": 1}
    assert [r["contact_id"] for r in _rows(out / "contacts.csv")] == ["C2"]
    assert [r["Id"] for r in _rows(out / "raw.crm__contacts.csv")] == ["C2"]
    leads = _rows(out / "raw.marketing__leads.csv")
    assert leads == [{"mail": " JAN@example.com ", "note": "'-1+1"}]  # not the free-text mention
    assert not (out / "notes.csv").exists()  # C20's note mentioning the address is C20's
    everything = "".join(p.read_text("utf-8") for p in out.iterdir())
    assert "com.au" not in everything and "C20" not in everything


def test_manifest_says_why_each_row_belongs(crm, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_subject(crm, out, email="jan@example.com", generated_at=STAMP)
    files = {f["file"]: f for f in _manifest(out)["files"]}
    for name, entry in files.items():
        if name.endswith(".csv"):
            assert [w["row"] for w in entry["why"]] == list(range(1, entry["rows"] + 1))
            assert all(w["why"] for w in entry["why"])
    assert files["contacts.csv"]["why"][0]["why"] == [{"rule": "subject_contact", "by": "email"}]
    assert files["consents.csv"]["why"][0]["why"] == [
        {"rule": "contact_id", "column": "contact_id", "holds": "contact id"}]
    raw_why = files["raw.crm__contacts.csv"]["why"][0]["why"]
    assert {"rule": "source_of", "file": "contacts.csv", "row": 1} in raw_why
    assert {"rule": "email_column", "column": "Email", "identified_by": "column_lineage",
            "maps_to": "contacts.email"} in raw_why
    assert files["raw.marketing__leads.csv"]["why"][0]["why"] == [
        {"rule": "email_column", "column": "mail", "identified_by": "pii_columns",
         "entity_type": "EMAIL_ADDRESS"}]
    searched = _manifest(out)["searched_raw_columns"]
    assert searched == {"crm__contacts": {"id": ["Id"], "email": ["Email"]},
                        "marketing__leads": {"email": ["mail"]}}


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


def _numeric_crm(con) -> None:
    """The issue's repro: contact 419 lives at postcode 1063, has phone 1063, and a deal 1063."""
    add(con, "contacts", [
        {"contact_id": "1063", "first_name": "Eva", "email": "eva@example.org",
         "postcode": "10115", "source_table": "contacts", "source_row": 1},
        {"contact_id": "419", "first_name": "Olaf", "email": "olaf@example.org",
         "postcode": "1063", "phone": "1063", "source_table": "contacts", "source_row": 2},
    ])
    add(con, "notes", [{"note_id": "1063", "contact_id": "419", "body": "diabetes, see GP",
                        "source_table": "notes", "source_row": 1}])
    add(con, "business_records", [{"record_id": "D1", "record_type": "deal", "contact_id": "1063",
                                   "source_table": "deals", "source_row": 2}])
    con.execute("CREATE SCHEMA raw")
    con.execute('CREATE TABLE raw.contacts ("Record ID" VARCHAR, "Email" VARCHAR, '
                '"Postal Code" VARCHAR, "Phone Number" VARCHAR, _record_no BIGINT)')
    con.execute("INSERT INTO raw.contacts VALUES ('1063', 'eva@example.org', '10115', "
                "'+49 30 1', 1), ('419', 'olaf@example.org', '1063', '1063', 2)")
    con.execute('CREATE TABLE raw.notes ("Note ID" VARCHAR, "Contact" VARCHAR, "Body" VARCHAR, '
                '_record_no BIGINT)')
    con.execute("INSERT INTO raw.notes VALUES ('1063', '419', 'diabetes, see GP', 1)")
    con.execute('CREATE TABLE raw.deals ("Deal ID" VARCHAR, "Contact" VARCHAR, _record_no BIGINT)')
    con.execute("INSERT INTO raw.deals VALUES ('1063', '419', 1), ('77', '1063', 2)")
    lineage(con, [("contacts", "contact_id", "contacts", "Record ID"),
                  ("contacts", "email", "contacts", "Email"),
                  ("contacts", "postcode", "contacts", "Postal Code"),
                  ("contacts", "phone", "contacts", "Phone Number"),
                  ("notes", "note_id", "notes", "Note ID"),
                  ("notes", "contact_id", "notes", "Contact"),
                  ("business_records", "record_id", "deals", "Deal ID"),
                  ("business_records", "contact_id", "deals", "Contact")], profile="hubspot")


def test_numeric_id_never_matches_postcode_phone_or_other_record_ids(con, tmp_path) -> None:
    _numeric_crm(con)
    out = tmp_path / "e"
    manifest = export_subject(con, out, contact_id="1063", generated_at=STAMP)
    assert manifest.tables == {"contacts": 1, "business_records": 1, "raw.contacts": 1,
                               "raw.deals": 1}
    assert [r["Record ID"] for r in _rows(out / "raw.contacts.csv")] == ["1063"]
    assert [r["Deal ID"] for r in _rows(out / "raw.deals.csv")] == ["77"]
    everything = "".join(p.read_text("utf-8") for p in out.iterdir())
    assert "olaf" not in everything and "diabetes" not in everything


def test_same_id_in_two_systems_needs_a_system(con, tmp_path) -> None:
    _numeric_crm(con)
    con.execute('CREATE TABLE raw.oro_contacts (id VARCHAR, email VARCHAR, _record_no BIGINT)')
    con.execute("INSERT INTO raw.oro_contacts VALUES ('1063', 'kim@example.net', 1)")
    add(con, "contacts", [{"contact_id": "1063", "email": "kim@example.net",
                           "source_table": "oro_contacts", "source_row": 1}])
    lineage(con, [("contacts", "contact_id", "oro_contacts", "id"),
                  ("contacts", "email", "oro_contacts", "email")], profile="orocrm")
    with pytest.raises(InputError, match="2 source systems .*hubspot, orocrm.*--system"):
        export_subject(con, tmp_path / "x", contact_id="1063")
    export_subject(con, tmp_path / "oro", contact_id="1063", system="orocrm",
                   generated_at=STAMP)
    assert [r["email"] for r in _rows(tmp_path / "oro" / "contacts.csv")] == ["kim@example.net"]
    assert not (tmp_path / "oro" / "raw.deals.csv").exists()  # hubspot's 1063 deal
    assert not (tmp_path / "oro" / "raw.contacts.csv").exists()
    export_subject(con, tmp_path / "hub", contact_id="1063", system="hubspot",
                   generated_at=STAMP)
    assert not (tmp_path / "hub" / "raw.oro_contacts.csv").exists()
    with pytest.raises(UsageError, match="--system must be one of"):
        export_subject(con, tmp_path / "y", contact_id="1063", system="nope")


def test_subjects_table_links_records_across_systems(con, tmp_path) -> None:
    _numeric_crm(con)
    add(con, "contacts", [{"contact_id": "O-9", "email": "eva.private@example.net",
                           "source_table": "oro_contacts", "source_row": 1}])
    add(con, "contacts", [{"contact_id": "1063", "email": "kim@example.net",  # another system
                           "source_table": "oro_contacts", "source_row": 2}])
    lineage(con, [("contacts", "contact_id", "oro_contacts", "id")], profile="orocrm")
    con.execute("CREATE TABLE subjects (subject_key VARCHAR, contact_id VARCHAR, "
                "linked_by VARCHAR, records BIGINT)")  # as gdpr_audit.load.subjects builds it
    con.execute("INSERT INTO subjects VALUES ('1063', '1063', 'email', 2), "
                "('1063', 'O-9', 'email', 2), ('419', '419', 'own_id', 1)")
    manifest = export_subject(con, tmp_path / "e", contact_id="1063", system="hubspot",
                              generated_at=STAMP)
    ids = [r["contact_id"] for r in _rows(tmp_path / "e" / "contacts.csv")]
    assert ids == ["1063", "O-9"] and manifest.contacts == 2
    why = {f["file"]: f["why"] for f in _manifest(tmp_path / "e")["files"]}
    assert why["contacts.csv"][1]["why"] == [{"rule": "subjects_link", "table": "subjects"}]


def test_shared_address_is_not_used_for_an_id_export(con, tmp_path) -> None:
    add(con, "contacts", [
        {"contact_id": "A", "email": "family@example.de", "source_table": "c", "source_row": 1},
        {"contact_id": "B", "email": "Family@example.de", "source_table": "c", "source_row": 2},
        {"contact_id": "N", "email": "n/a", "source_table": "c", "source_row": 3},
        {"contact_id": "M", "email": "n/a", "source_table": "c", "source_row": 4},
    ])
    con.execute("CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.c (id VARCHAR, mail VARCHAR, _record_no BIGINT)")
    con.execute("INSERT INTO raw.c VALUES ('A', 'family@example.de', 1), "
                "('B', 'family@example.de', 2), ('N', 'n/a', 3), ('M', 'n/a', 4)")
    con.execute("CREATE TABLE raw.signups (mail VARCHAR)")
    con.execute("INSERT INTO raw.signups VALUES ('family@example.de'), ('n/a')")
    lineage(con, [("contacts", "contact_id", "c", "id"), ("contacts", "email", "c", "mail")])
    inventory(con, [("signups", "mail", "EMAIL_ADDRESS", False)])
    manifest = export_subject(con, tmp_path / "a", contact_id="A", generated_at=STAMP)
    assert manifest.tables == {"contacts": 1, "raw.c": 1}  # not the signup: whose is it?
    assert manifest.shared_emails == 1
    manifest = export_subject(con, tmp_path / "n", contact_id="N", generated_at=STAMP)
    assert manifest.tables == {"contacts": 1, "raw.c": 1}  # 'n/a' identifies nobody
    manifest = export_subject(con, tmp_path / "f", email="family@example.de",
                              generated_at=STAMP)
    assert manifest.tables == {"contacts": 2, "raw.c": 2, "raw.signups": 1}


def test_raw_row_of_another_contact_is_withheld(con, tmp_path) -> None:
    add(con, "contacts", [
        {"contact_id": "A", "email": "ann@example.de", "source_table": "c", "source_row": 1},
        {"contact_id": "L2", "email": None, "source_table": "leads", "source_row": 2},
    ])
    con.execute("CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.c (id VARCHAR, mail VARCHAR, _record_no BIGINT)")
    con.execute("INSERT INTO raw.c VALUES ('A', 'ann@example.de', 1)")
    con.execute("CREATE TABLE raw.leads (lead VARCHAR, mail VARCHAR, _record_no BIGINT)")
    con.execute("INSERT INTO raw.leads VALUES ('L1', 'ann@example.de', 1), "
                "('L2', 'ann@example.de', 2)")
    lineage(con, [("contacts", "contact_id", "c", "id"), ("contacts", "email", "c", "mail"),
                  ("contacts", "contact_id", "leads", "lead")])
    inventory(con, [("leads", "mail", "EMAIL_ADDRESS", False)])
    manifest = export_subject(con, tmp_path / "e", email="ann@example.de", generated_at=STAMP)
    assert [r["lead"] for r in _rows(tmp_path / "e" / "raw.leads.csv")] == ["L1"]
    assert manifest.withheld == {"leads": 1}
    assert _manifest(tmp_path / "e")["withheld_rows"] == {"leads": 1}


def test_csv_cells_and_headers_are_neutralised(crm, tmp_path: Path) -> None:
    export_subject(crm, tmp_path / "a", contact_id="C1", generated_at=STAMP)
    export_subject(crm, tmp_path / "b", contact_id="C10", generated_at=STAMP)
    assert _rows(tmp_path / "a" / "notes.csv")[0]["body"] == "'=HYPERLINK(\"http://x\")"
    assert _rows(tmp_path / "b" / "notes.csv")[0]["body"] == "'@mention\tsales"
    crm.execute('CREATE TABLE raw.evil ("=cmd|\' /C calc\'!A0" VARCHAR, "@who" VARCHAR)')
    crm.execute("INSERT INTO raw.evil VALUES ('x', 'jan@example.com')")
    inventory(crm, [("evil", "@who", "EMAIL_ADDRESS", False)])
    export_subject(crm, tmp_path / "c", email="jan@example.com", generated_at=STAMP)
    header = (tmp_path / "c" / "raw.evil.csv").read_text("utf-8").splitlines()[0]
    assert header == "'=cmd|' /C calc'!A0,'@who"


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
    manifest = _manifest(out)
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
    with pytest.raises(UsageError, match="e-mail address"):
        export_subject(crm, tmp_path / "x", email="n/a")


def test_output_directory_must_be_empty(crm, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_subject(crm, out, contact_id="C1", generated_at=STAMP)
    with pytest.raises(InputError, match="not empty"):
        export_subject(crm, out, contact_id="C2", generated_at=STAMP)
    export_subject(crm, out, contact_id="C2", generated_at=STAMP, force=True)
    assert [r["contact_id"] for r in _rows(out / "contacts.csv")] == ["C2"]
    assert not (out / "notes.csv").exists()  # C1's files are gone, not mixed in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]  # no staging left


def test_force_deletes_only_what_the_previous_manifest_lists(crm, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_subject(crm, out, contact_id="C1", generated_at=STAMP)
    (out / "other_subject.csv").write_text("someone else's data")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(InputError, match="1 file.*does not list; nothing was deleted"):
        export_subject(crm, out, contact_id="C2", generated_at=STAMP, force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "budget.csv").write_text("1,2")
    with pytest.raises(InputError, match="no readable manifest"):
        export_subject(crm, folder, contact_id="C2", generated_at=STAMP, force=True)
    assert (folder / "budget.csv").read_text() == "1,2"


def _fail_on_subject_json(monkeypatch) -> None:
    """The disk fills up after the CSVs: writing subject.json raises ENOSPC."""
    real = Path.write_text

    def write_text(self, data, *args, **kwargs):
        if self.name == "subject.json":
            real(self, data[: len(data) // 2], *args, **kwargs)  # half written, then full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)


def test_full_disk_leaves_no_partial_export(crm, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "export"
    _fail_on_subject_json(monkeypatch)
    with pytest.raises(OutputError, match="no space left on device; nothing in .* was changed"):
        export_subject(crm, out, contact_id="C1", generated_at=STAMP)
    assert list(tmp_path.iterdir()) == []  # neither the export nor a staging folder
    monkeypatch.undo()
    export_subject(crm, out, contact_id="C1", generated_at=STAMP)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _fail_on_subject_json(monkeypatch)
    with pytest.raises(OutputError):
        export_subject(crm, out, contact_id="C2", generated_at=STAMP, force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the old export intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]


def test_full_disk_in_the_csv_writer(crm, tmp_path: Path, monkeypatch) -> None:
    def full(self, path, *args, **kwargs):
        Path(path).write_bytes(b"Id,Na")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    with pytest.raises(OutputError):
        export_subject(crm, tmp_path / "e", email="jan@example.com", generated_at=STAMP)
    assert list(tmp_path.iterdir()) == []
