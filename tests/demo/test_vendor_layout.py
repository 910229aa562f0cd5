"""`gdpr-audit demo --layout vendors`: Salesforce + Mailchimp + German ERP exports of the demo
company, read by the vendor profiles, with exact planted counts per check."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from gdpr_audit.cli import app
from gdpr_audit.core.errors import UsageError
from gdpr_audit.demo import generate_demo
from gdpr_audit.demo.context import CHECK_IDS
from gdpr_audit.demo.vendor_ids import sf_id, sf_suffix
from gdpr_audit.demo.vendor_layout import (
    ERP_CSV,
    MC_AUDIENCE,
    MC_ZIP,
    SF_ZIP,
    _cptc,
    _Ids,
    _written_consents,
)
from gdpr_audit.demo.vendor_truth import (
    NONE_POSSIBLE,
    Written,
    _members_as_persons,
    _send_checks,
    shared_addresses,
)

AS_OF = dt.date(2026, 11, 28)
#: Mailchimp audience export columns, in Mailchimp's order (docs/vendors.md).
MC_HEAD = [
    "Email Address", "First Name", "Last Name", "Phone Number", "MEMBER_RATING", "OPTIN_TIME",
    "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF",
    "TIMEZONE", "CC", "REGION",
]  # fmt: skip
MC_TAIL = ["LAST_CHANGED", "LEID", "EUID", "NOTES", "TAGS"]
UNSUB = ["UNSUB_TIME", "UNSUB_CAMPAIGN_TITLE", "UNSUB_CAMPAIGN_ID", "UNSUB_REASON",
         "UNSUB_REASON_OTHER"]  # fmt: skip


def _header(data: bytes, encoding: str = "utf-8", sep: str = ",") -> list[str]:
    return next(csv.reader(io.StringIO(data.decode(encoding)), delimiter=sep))


@pytest.fixture(scope="module")
def vendors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vendors")
    generate_demo(out, contacts=2000, seed=42, layout="vendors")
    return out


def test_salesforce_id_suffix_matches_the_documented_example() -> None:
    # Salesforce's knowledge article on 15- vs 18-character ids uses this pair.
    assert sf_suffix("001A0000006Vm9r") == "IAC"
    contact = sf_id("003", 1)
    assert len(contact) == 18 and contact.startswith("0035g")
    assert contact[-3:] == sf_suffix(contact[:15]) and sf_id("003", 2) != contact


def test_files_have_the_vendors_shapes(vendors: Path) -> None:
    with zipfile.ZipFile(vendors / SF_ZIP) as zf:
        names = zf.namelist()
        contact = _header(zf.read("Contact.csv"))
        cptc = _header(zf.read("ContactPointTypeConsent.csv"))
        task = _header(zf.read("Task.csv"))
        case = _header(zf.read("Case.csv"))
        ids = [r["Id"] for r in csv.DictReader(io.StringIO(zf.read("Contact.csv").decode()))]
        consents = list(
            csv.DictReader(io.StringIO(zf.read("ContactPointTypeConsent.csv").decode()))
        )
    assert sorted(names) == sorted(
        ["Account.csv", "Contact.csv", "Individual.csv", "DataUsePurpose.csv",
         "ContactPointTypeConsent.csv", "Task.csv", "Case.csv"]
    )  # fmt: skip
    assert contact[:3] == ["Id", "IndividualId", "AccountId"] and "MailingPostalCode" in contact
    assert {"PartyId", "DataUsePurposeId", "PrivacyConsentStatus", "CaptureDate",
            "CaptureSource", "EffectiveFrom", "DoubleConsentCaptureDate"} <= set(cptc)  # fmt: skip
    assert {"WhoId", "TaskSubtype", "CompletedDateTime"} <= set(task)
    assert {"CaseNumber", "ContactId", "Type", "Status", "ClosedDate"} <= set(case)
    assert all(re.fullmatch(r"0035g[0-9A-Za-z]{10}[A-Z0-5]{3}", i) for i in ids)
    assert {c["PartyId"][:3] for c in consents} == {"0PK"}
    assert {c["PrivacyConsentStatus"] for c in consents} == {"OptIn"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z|", c["CaptureDate"])
               for c in consents)  # fmt: skip
    with zipfile.ZipFile(vendors / MC_ZIP) as zf:
        sub = _header(zf.read(f"subscribed_members_export_{MC_AUDIENCE}.csv"))
        unsub = _header(zf.read(f"unsubscribed_members_export_{MC_AUDIENCE}.csv"))
    assert sub == MC_HEAD + MC_TAIL and unsub == MC_HEAD + UNSUB + MC_TAIL
    raw = (vendors / ERP_CSV).read_bytes()
    assert b"\r\n" in raw and "Geändert".encode("cp1252") not in raw
    head = _header(raw, "cp1252", ";")
    assert head == ["Belegart", "Belegnummer", "Belegdatum", "Kundennummer", "Kunde",
                    "Betrag brutto", "Sperrvermerk"]  # fmt: skip
    rows = list(csv.reader(io.StringIO(raw.decode("cp1252")), delimiter=";"))[1:]
    assert sum(bool(re.fullmatch(r"\d\d\.\d\d\.\d{4}", r[2])) for r in rows) >= len(rows) - 10


def test_same_seed_same_bytes(vendors: Path, tmp_path: Path) -> None:
    generate_demo(tmp_path, contacts=2000, seed=42, layout="vendors")
    for rel in (SF_ZIP, MC_ZIP, ERP_CSV, "truth.json"):
        assert (tmp_path / rel).read_bytes() == (vendors / rel).read_bytes(), rel


#: Checks whose planted records the vendor files carry unchanged. The send checks are
#: derived per Task (no purpose: any consent on the channel covers), so a plant may
#: vanish: at 2,000 contacts no Task lacks every consent of its channel.
PLANTED_AS_WRITTEN = ("consent.no_double_opt_in", "consent.minor_without_parental_consent",
                      "consent.no_legal_basis", "rights.late_response", "rights.open_overdue",
                      "rights.open_due_soon", "retention.past_period", "retention.no_policy",
                      "retention.missing_date", "retention.inactive_contact")


def test_truth_states_every_check(vendors: Path) -> None:
    truth = json.loads((vendors / "truth.json").read_text("utf-8"))
    assert truth["layout"] == "vendors" and list(truth["violations"]) == sorted(CHECK_IDS)
    for check, entry in truth["violations"].items():
        if entry["applicable"] is True:
            assert entry["count"] == len(entry["refs"]), check
            if check in PLANTED_AS_WRITTEN:  # the demo's plants of these are exported as they are
                assert entry["count"] >= 1, check
            if check in NONE_POSSIBLE:
                assert entry["count"] == 0 and entry["note"], check
        else:  # the exports lack the field or table: never a silent zero
            assert entry["applicable"] is False and entry["count"] is None, check
            assert entry["reason"] and entry["refs"] == [], check
    assert truth["violations"]["rights.request_missing_date"]["count"] == 0
    access = truth["violations"]["access.off_hours"]
    assert access["applicable"] is False and "access log" in access["reason"]


def test_tasks_only_for_channels_a_task_can_name(vendors: Path) -> None:
    with zipfile.ZipFile(vendors / SF_ZIP) as zf:
        tasks = list(csv.DictReader(io.StringIO(zf.read("Task.csv").decode())))
    assert {t["TaskSubtype"] for t in tasks} == {"ListEmail", "Call"}


def test_cli_layout_option(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["demo", "--out", str(tmp_path / "v"), "--contacts", "250",
                             "--layout", "vendors"])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "v" / SF_ZIP).is_file() and (tmp_path / "v" / MC_ZIP).is_file()
    bad = runner.invoke(app, ["demo", "--out", str(tmp_path / "x"), "--layout", "hubspot"])
    # main() maps UsageError to exit 2 and one "error:" line; the runner sees the exception
    assert isinstance(bad.exception, UsageError) and "--layout" in str(bad.exception)
    assert not (tmp_path / "x").exists()


def _ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def _written(consents: list[dict], sends: list[dict]) -> Written:
    frame = pd.DataFrame(consents)
    for column in ("given", "doi", "withdrawn"):  # UTC, as the files' timestamps
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return Written(consents=frame, sends=pd.DataFrame(sends), cases=pd.DataFrame(),
                   records=pd.DataFrame(), no_policy_kinds=())


NEWSLETTER = {"ref": "100001#newsletter", "contact_id": "C1", "purpose": "newsletter",
              "channel": "email", "given": _ts("2025-01-01"), "doi": _ts("2025-01-01"),
              "withdrawn": pd.NaT, "proof_ok": True, "system": "mailchimp"}
MAIL = {"ref": "00T1", "contact_id": "C1", "channel": "email", "sent_at": _ts("2025-03-01")}


@pytest.mark.parametrize("other_address, linked", [
    ("anna.schmidt@example.de", False),   # the same address: a shared mailbox, no link
    (" Anna.Schmidt@Example.de ", False),  # compared lower-cased and trimmed
    ("anna.schmidt2@example.de", True),    # another address: the member is C1
    ("", True),                            # no address is nobody's address
])
def test_truth_links_a_member_only_by_an_unshared_address(other_address: str,
                                                          linked: bool) -> None:
    """docs/checks.md 'Subjects': an address two contacts of one system share links
    nobody, so C1's Mailchimp newsletter does not cover the list e-mail to C1."""
    people = pd.DataFrame({"contact_id": ["C1", "C2"],
                           "email": ["anna.schmidt@example.de", other_address]})
    w = _written([NEWSLETTER], [MAIL])
    consents = _members_as_persons(w.consents, people)
    assert (consents["contact_id"].iloc[0] == "C1") is linked
    found = _send_checks(replace(w, consents=consents))
    assert found["consent.send_without_consent"] == ([] if linked else ["00T1"])
    assert shared_addresses(people) == (set() if linked else {"anna.schmidt@example.de"})


def test_truth_reads_the_channel_of_the_contact_point() -> None:
    """ContactPointType Phone holds SMS and call consents alike: the SMS consent is a
    phone consent and covers a call, as the salesforce profile reads it."""
    people = pd.DataFrame({"contact_id": ["C1"]})
    sms = pd.DataFrame({
        "contact_id": ["C1"], "purpose": ["events"], "channel": ["sms"],
        "given_at": [_ts("2025-01-01")], "given_raw": [None], "doi_at": [pd.NaT],
        "withdrawn_at": [pd.NaT], "proof_source": ["sms_keyword"],
    })
    cptc = _cptc(_Ids(people), sms)
    assert list(cptc["ContactPointType"]) == ["Phone"]
    written = _written_consents(cptc, sms, sms.iloc[0:0])
    assert list(written["channel"]) == ["phone"]
    call = {**MAIL, "channel": "phone"}
    assert _send_checks(_written(written.to_dict("records"), [call])) == {
        "consent.send_without_consent": [], "consent.send_after_withdrawal": []}
