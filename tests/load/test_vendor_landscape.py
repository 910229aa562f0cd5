"""One person across three systems (issue #10 part 4, #11): the same people in a HubSpot
export, a Mailchimp audience export and an OroCRM contact export, loaded together as
`gdpr-audit load` + `assess` do (profiles detected, subjects built), exact findings.

Fixture: tests/data/vendors/landscape/{hubspot,mailchimp,orocrm}/, rows written by hand
in each vendor's documented format (docs/vendors.md; the same formats as the single
vendor fixtures), not from the demo generator. Audit day 2025-06-30.

Planted (findings):
- send after withdrawal, once: Ben unsubscribed in Mailchimp on 2024-04-02 (his only
  consent; HubSpot records a legitimate interest, no consent); HubSpot e-mailed him the
  "Mai-Aktion" on 2024-05-07 (event 7a1c0000-0005).
- send without consent: HubSpot's info@kanzlei-muster.de (307) got the spring offers
  (7a1c0000-0004). The Mailchimp member with the same role address consented, but a
  role mailbox is read by several people and links nobody.
- no legal basis, one finding per person: Clara (HubSpot 303 and OroCRM 17, the same
  address in other case): one finding keyed to the person, both systems in the detail;
  HubSpot's info@ (307); Greta (HubSpot 306).
- minor: Hanna consented in Mailchimp on 2024-03-01; her birth date (2010-06-15) is in
  OroCRM only: 13 years old, one finding for the Mailchimp consent.

Look-alikes (no finding):
- Anna has no legal basis in HubSpot, but her Mailchimp consent (2024-01-15) covers
  HubSpot's send of 2024-03-05 and makes her a person with a legal basis.
- Ben's HubSpot send of 2024-03-05 and his Mailchimp newsletter of 2024-03-04 came
  before the unsubscribe.
- Colliding numbers: HubSpot 302/304/306 are Ben/Dora/Greta, OroCRM 302/304/306 are
  Carsten/Emil/Fritz. Emil (OroCRM 304) is 13, Dora (HubSpot 304) consented twice: her
  consents are an adult's. Fritz (OroCRM 306) consented in Mailchimp: that does not
  cover Greta (HubSpot 306).
- Ida and Lena are customers in HubSpot (Lena in all three systems, her address in
  three spellings); Kai and Dora consented in HubSpot; Max only in Mailchimp.
- OroCRM-only people (Carsten, Emil) and Mailchimp-only members: those exports hold no
  customer field, so consent.no_legal_basis cannot judge them (not assessable there).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import duckdb
import pandas as pd
import pytest
from vendor_audit import SALT, VENDORS

from gdpr_audit.assess.registry import AssessmentResult, run_assessment
from gdpr_audit.core.privacy import pseudonym
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import ModelReport, build_model

AS_OF = dt.date(2025, 6, 30)


def ref(value: str, prefix: str = "S") -> str:
    return pseudonym(value, SALT, prefix=prefix)


@pytest.fixture(scope="module")
def landscape() -> tuple[duckdb.DuckDBPyConnection, ModelReport, AssessmentResult]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [VENDORS / "landscape"])
    model = build_model(con)
    return con, model, run_assessment(con, AS_OF, salt=SALT)


@pytest.fixture(scope="module")
def findings(landscape) -> pd.DataFrame:
    return landscape[2].findings


def subject_key(con: duckdb.DuckDBPyConnection, system: str, contact_id: str) -> str:
    rows = con.execute("SELECT subject_key FROM subjects WHERE system = ? AND contact_id = ?",
                       [system, contact_id]).fetchall()
    return rows[0][0] if rows else contact_id


def test_each_export_is_read_by_its_vendor_profile(landscape) -> None:
    _, model, _ = landscape
    assert model.unmatched == []
    assert {(s.raw_table.split("__")[0], s.profile) for s in model.sources} == {
        ("hubspot", "hubspot"), ("mailchimp", "mailchimp"), ("orocrm", "orocrm")}
    assert sum(s.rows_rejected for s in model.sources) == 0
    # the build warns that contact ids repeat across sources: 302, 304, 306
    assert "contacts: 3 key value(s) occur more than once (contact_id)" in model.warnings


def test_people_are_linked_by_personal_address_only(landscape) -> None:
    con = landscape[0]
    key = lambda system, cid: subject_key(con, system, cid)  # noqa: E731
    # the same personal address links systems (case and spaces ignored)
    assert key("hubspot", "301") == key("mailchimp", "e5a1c00001")             # Anna
    assert key("hubspot", "302") == key("mailchimp", "e5a1c00008")             # Ben
    assert key("hubspot", "303") == key("orocrm", "17")                        # Clara
    assert key("mailchimp", "e5a1c00004") == key("orocrm", "310")              # Hanna
    assert (key("hubspot", "309") == key("mailchimp", "e5a1c00006")
            == key("orocrm", "311"))                                           # Lena
    # the role mailbox info@ in HubSpot and Mailchimp links nobody
    assert key("hubspot", "307") == "307"
    assert key("mailchimp", "e5a1c00003") == "e5a1c00003"
    # colliding numbers stay two people each
    for number in ("302", "304", "306"):
        assert key("hubspot", number) != key("orocrm", number)
    assert key("orocrm", "306") == key("mailchimp", "e5a1c00002")              # Fritz
    assert con.execute("SELECT count(DISTINCT subject_key) FROM subjects "
                       "WHERE records > 1").fetchall() == [(7,)]


def test_exact_findings_per_check(landscape, findings) -> None:
    con = landscape[0]
    clara = subject_key(con, "hubspot", "303")
    greta = subject_key(con, "hubspot", "306")
    assert greta == "hubspot:306"
    got = sorted(zip(findings["check_id"], findings["record_ref"], strict=True))
    assert got == sorted([
        ("consent.send_after_withdrawal", ref("7a1c0000-0005", "M")),
        ("consent.send_without_consent", ref("7a1c0000-0004", "M")),
        ("consent.minor_without_parental_consent", ref("200104#newsletter", "CS")),
        ("consent.no_legal_basis", ref(clara)),
        ("consent.no_legal_basis", ref("307")),
        ("consent.no_legal_basis", ref(greta)),
    ])


def test_no_duplicate_findings_per_person(landscape, findings) -> None:
    con = landscape[0]
    # no check reports the same record twice
    assert not [k for k, n in Counter(zip(findings["check_id"], findings["record_ref"],
                                          strict=True)).items() if n > 1]
    # a person in two systems without a legal basis is one finding, naming both systems
    no_basis = findings.query("check_id == 'consent.no_legal_basis'").set_index("record_ref")
    clara = ref(subject_key(con, "hubspot", "303"))
    assert no_basis.loc[clara, "detail"] == (
        "contact held since 2021-03-01 with no recorded legal basis and no customer "
        "relationship (one person, 2 records in hubspot, orocrm)")
    # keyed to the person (the smallest id of its records), not one finding per record
    assert subject_key(con, "hubspot", "303") == "17"
    assert ref("303") not in no_basis.index
    # every finding about a person's records names one person: the send findings of the
    # withdrawal and the role mailbox name different subjects
    subjects = findings["detail"].str.extract(r"^subject (S-[0-9a-f]+):")[0].dropna()
    assert subjects.is_unique


def test_assessability_of_the_no_legal_basis_check(landscape) -> None:
    con = landscape[0]
    rows = con.execute(
        "SELECT split_part(source, '__', 1), status FROM audit_assessability "
        "WHERE check_id = 'consent.no_legal_basis' ORDER BY 1, 2").fetchall()
    assert rows == [("hubspot", "assessable"), ("mailchimp", "not_assessable"),
                    ("mailchimp", "not_assessable"), ("orocrm", "not_assessable")]


def test_without_the_subjects_map_the_landscape_is_misjudged() -> None:
    """The planted look-alikes bite: without subjects (ids compared as they are),
    Anna's Mailchimp consent no longer covers HubSpot's send and Clara's two records
    are no longer one person."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [VENDORS / "landscape"])
    build_model(con)
    found = run_assessment(con, AS_OF, salt=SALT, store=False).findings
    sends = set(found.query("check_id == 'consent.send_without_consent'")["record_ref"])
    assert ref("7a1c0000-0001", "M") in sends          # Anna's covered send
    no_basis = set(found.query("check_id == 'consent.no_legal_basis'")["record_ref"])
    assert ref("301") in no_basis                       # Anna: her consent is elsewhere
