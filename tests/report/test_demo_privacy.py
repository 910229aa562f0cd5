"""The whole pipeline on a small demo CRM: no e-mail, phone, IBAN or full name of the demo
reaches any HTML page of the report (read from the demo's own files)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gdpr_audit.report.render import external_references

pytestmark = pytest.mark.slow

CONTACTS = 300
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def gdpr_audit(*args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "gdpr_audit.cli", *args], capture_output=True,
                         text=True, timeout=900)
    assert run.returncode in (0, 1), f"gdpr-audit {args[0]} failed: {run.stderr[-2000:]}"


def personal_values(demo: Path) -> set[str]:
    """E-mails, phones, IBANs and full names as written in the demo export files."""
    values: set[str] = set()
    with (demo / "crm" / "contacts.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            values |= {row["Email"], row["Phone"], f"{row['FirstName']} {row['LastName']}"}
    with (demo / "crm" / "kontakte_de.csv").open(encoding="cp1252") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            values |= {row["E-Mail"], row["Telefon"], row.get("IBAN") or "",
                       f"{row['Vorname']} {row['Nachname']}"}
    texts = [json.loads(line)["body"] for line in
             (demo / "crm" / "notes.jsonl").read_text("utf-8").splitlines() if line.strip()]
    for text in texts:
        values |= set(EMAIL_RE.findall(text)) | set(IBAN_RE.findall(text))
    return {v.strip() for v in values if len(v.strip()) >= 6}


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("demo")
    demo, db, out = root / "demo", root / "audit.duckdb", root / "reports"
    gdpr_audit("demo", "--out", str(demo), "--contacts", str(CONTACTS), "--seed", "11")
    as_of = json.loads((demo / "truth.json").read_text("utf-8"))["as_of"]
    gdpr_audit("load", str(demo), "--db", str(db))
    gdpr_audit("scan", "--db", str(db))
    gdpr_audit("assess", "--db", str(db), "--as-of", as_of)
    # German pages show the same data (the tiny-audit tests cover both languages)
    gdpr_audit("report", "--db", str(db), "--out", str(out / "de"), "--lang", "de")
    return demo, out


def test_demo_has_personal_values_to_look_for(demo_report: tuple[Path, Path]) -> None:
    values = personal_values(demo_report[0])
    assert sum("@" in v for v in values) > CONTACTS * 0.5
    assert any(IBAN_RE.fullmatch(v) for v in values)
    assert sum(" " in v and "@" not in v and not v[0].isdigit() and not v.startswith("+")
               for v in values) > CONTACTS * 0.5


def test_no_personal_data_in_the_report(demo_report: tuple[Path, Path]) -> None:
    demo, out = demo_report
    values = personal_values(demo)
    pages = sorted((out / "de").glob("*.html"))
    assert len(pages) == 8
    for page in pages:
        html = page.read_text("utf-8")
        leaked = sorted(v for v in values if v in html)
        assert not leaked, f"{page.name}: {len(leaked)} personal value(s) in the page"
        assert external_references(html) == [], page.name
