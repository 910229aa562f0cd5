"""The demo generator: determinism, clean runs, and planted counts re-counted from the files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest

from gdpr_audit.core.errors import UsageError
from gdpr_audit.demo import generate_demo
from gdpr_audit.demo.context import CHECK_IDS

from . import oracle

AS_OF = dt.date(2026, 11, 28)
N = 300


def _digests(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def _special_columns(truth: dict) -> dict[tuple[str, str], set[str]]:
    tables = {path: meta["table"].removeprefix("raw.") for path, meta in truth["files"].items()}
    return {
        (tables[c["file"]], c["column"]): set(c["special"])
        for c in truth["columns"]
        if c["special"]
    }


@pytest.fixture(scope="module")
def default_demo(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo")
    generate_demo(out, contacts=N, seed=7)
    return out, json.loads((out / "truth.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def clean_demo(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("clean")
    generate_demo(out, contacts=N, seed=7, clean=True)
    return out, json.loads((out / "truth.json").read_text("utf-8"))


def test_same_seed_gives_identical_bytes(tmp_path: Path, default_demo) -> None:
    out, _ = default_demo
    again = tmp_path / "again"
    generate_demo(again, contacts=N, seed=7)
    assert _digests(again) == _digests(out)


def test_other_seed_gives_other_data(tmp_path: Path, default_demo) -> None:
    out, _ = default_demo
    generate_demo(tmp_path, contacts=N, seed=8)
    assert (tmp_path / "crm/contacts.csv").read_bytes() != (out / "crm/contacts.csv").read_bytes()


def test_every_check_planted_in_default_and_none_in_clean(default_demo, clean_demo) -> None:
    _, truth = default_demo
    _, clean = clean_demo
    assert set(truth["violations"]) == set(CHECK_IDS)
    for check in CHECK_IDS:
        planted = truth["violations"][check]
        assert planted["count"] == len(planted["refs"]) == len(set(planted["refs"])) >= 1, check
        assert clean["violations"][check] == {"count": 0, "refs": []}, check


@pytest.mark.parametrize("which", ["default", "clean"])
def test_files_violate_exactly_what_the_manifest_says(which, default_demo, clean_demo) -> None:
    out, truth = default_demo if which == "default" else clean_demo
    found = oracle.all_checks(out, AS_OF, _special_columns(truth))
    assert set(found) == set(CHECK_IDS)
    for check in CHECK_IDS:
        assert found[check] == set(truth["violations"][check]["refs"]), check


def test_manifest_counts_match_files(default_demo) -> None:
    out, truth = default_demo
    data = oracle.read_demo(out)
    rows = {
        "crm/contacts.csv": len(data["contacts_en"]),
        "crm/kontakte_de.csv": len(data["contacts_de"]),
        "crm/notes.jsonl": len(data["notes"]),
        "crm/consents.csv": len(data["consents"]),
        "marketing/sends.parquet": len(data["sends"]),
        "admin/users.csv": len(data["users"]),
        "privacy/requests.xlsx": len(data["requests"]),
        "privacy/breaches.json": len(data["breaches"]),
        "finance/records.csv": len(data["records"]),
        "analytics/scoring_runs.parquet": len(data["scoring"]),
    }
    for path, n in rows.items():
        assert truth["files"][path]["rows"] == n, path
    canon = truth["canonical_counts"]
    assert canon["contacts"] == N
    non_empty = (data["contacts_en"]["Description"] != "").sum() + (
        data["contacts_de"]["Bemerkung"] != ""
    ).sum()
    assert canon["notes"] == len(data["notes"]) + non_empty
    assert canon["retention_policies"] == 0


def test_simple_counts_recounted_with_duckdb(default_demo) -> None:
    duckdb = pytest.importorskip("duckdb")
    out, truth = default_demo
    con = duckdb.connect()
    no_doi = con.execute(
        "SELECT count(*) FROM read_csv(?, all_varchar=true) "
        "WHERE legal_basis = 'consent' AND channel = 'email' "
        "AND try_strptime(given_at, '%Y-%m-%dT%H:%M:%SZ') IS NOT NULL "
        "AND coalesce(doi_confirmed_at, '') = ''",
        [str(out / "crm/consents.csv")],
    ).fetchone()[0]
    assert no_doi == truth["violations"]["consent.no_double_opt_in"]["count"]
    late = con.execute(
        "SELECT count(*) FROM read_json(?, format='array') "
        "WHERE epoch(TRY_CAST(notification.authority_at AS TIMESTAMPTZ)) "
        "- epoch(TRY_CAST(detected_at AS TIMESTAMPTZ)) "
        "> 72 * 3600 AND notification.delay_reason IS NULL",
        [str(out / "privacy/breaches.json")],
    ).fetchone()[0]
    assert late == truth["violations"]["breach.late_notification"]["count"]


def test_column_truth_covers_every_header(default_demo) -> None:
    out, truth = default_demo
    data = oracle.read_demo(out)
    listed = {(c["file"], c["column"]) for c in truth["columns"]}
    for path, frame in (
        ("crm/contacts.csv", data["contacts_en"]),
        ("crm/kontakte_de.csv", data["contacts_de"]),
        ("crm/consents.csv", data["consents"]),
        ("finance/records.csv", data["records"]),
    ):
        assert {(path, c) for c in frame.columns} <= listed
    by = {(c["file"], c["column"]): c for c in truth["columns"]}
    assert by[("crm/kontakte_de.csv", "Konfession")]["special"] == ["RELIGION"]
    assert by[("crm/kontakte_de.csv", "IBAN")]["pii"] == ["IBAN_CODE"]
    assert by[("crm/kontakte_de.csv", "Steuer-ID")]["pii"] == ["NATIONAL_ID"]
    for trap in ("LastOrderNo", "ProductCode", "CampaignName", "CreatedDate", "Id"):
        assert (
            by[("crm/contacts.csv", trap)]["pii"] == []
            and not by[("crm/contacts.csv", trap)]["free_text"]
        )
    assert by[("crm/notes.jsonl", "body")]["free_text"]


EMAIL = re.compile(r"[a-z0-9.]+@([a-z]+\.)*example\.(com|de|org|net)")
IBAN = re.compile(r"\bDE\d{2}( ?\d{4}){4} ?\d{2}\b")


@pytest.mark.parametrize(
    ("key", "column"),
    [
        ("crm/notes.jsonl#body", None),
        ("crm/contacts.csv#Description", "Description"),
        ("crm/kontakte_de.csv#Bemerkung", "Bemerkung"),
    ],
)
def test_free_text_truth_points_at_the_right_rows(default_demo, key: str, column) -> None:
    out, truth = default_demo
    data = oracle.read_demo(out)
    frame = {
        "crm/notes.jsonl#body": data["notes"],
        "crm/contacts.csv#Description": data["contacts_en"],
        "crm/kontakte_de.csv#Bemerkung": data["contacts_de"],
    }[key]
    bodies = frame[column or "body"].tolist()
    section = truth["free_text"][key]
    assert section["rows"] == len(bodies)
    assert section["non_empty"] == sum(1 for b in bodies if b)
    positives = {p["row"]: p for p in section["positives"]}
    decoys = {d["row"] for d in section["decoys"]}
    assert not positives.keys() & decoys
    for row, body in enumerate(bodies, start=1):
        pii = positives.get(row, {}).get("pii", [])
        assert bool(EMAIL.search(body)) == ("EMAIL_ADDRESS" in pii), (row, body)
        assert bool(IBAN.search(body)) == ("IBAN_CODE" in pii), (row, body)


def test_no_real_domains_and_german_file_is_cp1252(default_demo) -> None:
    out, _ = default_demo
    data = oracle.read_demo(out)
    emails = data["contacts_en"]["Email"].tolist() + data["contacts_de"]["E-Mail"].tolist()
    assert all(e.split("@")[1].split(".")[-2] == "example" for e in emails)
    raw = (out / "crm/kontakte_de.csv").read_bytes()
    assert b"\r\n" in raw and "Straße".encode("cp1252") in raw


def test_too_small_demo_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        generate_demo(tmp_path, contacts=10)


@pytest.mark.slow
def test_real_pipeline_finds_exactly_the_planted_counts(tmp_path: Path) -> None:
    """load -> scan -> assess on a small demo: every check's findings equal the manifest."""
    import duckdb
    from typer.testing import CliRunner

    from gdpr_audit.cli import app

    out, db = tmp_path / "demo", tmp_path / "audit.duckdb"
    generate_demo(out, contacts=N, seed=11)
    truth = json.loads((out / "truth.json").read_text("utf-8"))
    runner = CliRunner()
    for args in (
        ["load", str(out), "--db", str(db)],
        ["scan", "--db", str(db), "--workers", "1", "--no-ner"],
        ["assess", "--db", str(db), "--as-of", AS_OF.isoformat()],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args[0], result.output)
    con = duckdb.connect(str(db), read_only=True)
    found = dict(con.execute("SELECT check_id, count(*) FROM audit_findings GROUP BY 1").fetchall())
    con.close()
    expected = {c: v["count"] for c, v in truth["violations"].items()}
    assert {c: found.get(c, 0) for c in CHECK_IDS} == expected
