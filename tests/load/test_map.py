"""`gdpr-audit map`: per source the profile, the headers each canonical column came from,
headers that fed nothing, and an editable profile for exports without one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gdpr_audit.load.profile import load_profile

DATA = Path(__file__).parents[1] / "data"


def _map(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gdpr_audit.cli", "map", *args],
                          capture_output=True, text=True, check=False)


def test_map_shows_decisions_and_writes_a_profile_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "pipedrive.yaml"
    done = _map(str(DATA / "unprofiled" / "pipedrive"), "--write-profile", str(out))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "raw.persons: generic / persons" in text
    assert "contacts.email <- 'Person - Email - Work'" in text
    assert "raw.deals: not mapped" in text
    assert "fed nothing: 'Activity - Owner'" in text
    assert "@example" not in text  # header names and counts, never values
    prof = load_profile(out)
    assert {e.name for e in prof.entities} == {"persons", "persons_consent", "activities"}
    # The written profile maps the export as the generic mapping did.
    again = _map(str(DATA / "unprofiled" / "pipedrive"), "--profile", str(out))
    assert again.returncode == 0, again.stderr
    assert "persons -> contacts: 8 of 8 rows mapped" in again.stdout


def test_map_proposes_unread_headers_of_a_vendor_profile(tmp_path: Path) -> None:
    src = tmp_path / "hub"
    src.mkdir()
    (src / "contacts.csv").write_text(
        "Record ID,First Name,Last Name,Email,Create Date,Lifecycle Stage,Newsletter opt-in date\n"
        "1,Ann,Ex,ann@example.org,2024-01-01 09:00,customer,2024-01-02 10:00\n", "utf-8")
    done = _map(str(src))
    assert done.returncode == 0, done.stderr
    assert "hubspot / contacts" in done.stdout
    assert "proposed: 'Newsletter opt-in date' looks like given_at" in done.stdout


def test_map_without_input_is_a_usage_error() -> None:
    done = _map()
    assert done.returncode == 2
    assert "error:" in done.stderr
