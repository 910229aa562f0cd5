"""``gdpr-audit demo --layout vendors``: the demo company as Salesforce + Mailchimp + German ERP.

The same generated people, consents, sends, requests and business records as the demo
layout, written the way the three systems export them (docs/demo.md, "Vendor layout"):

- ``salesforce/WE_00D5g000004NLS1_1.zip``: the weekly Data Export service ZIP, one CSV per
  object with API field names: Account, Contact (``003…``, with IndividualId), Individual
  (``0PK…``), DataUsePurpose (``0ZW…``), ContactPointTypeConsent (``0ZY…``: PartyId,
  DataUsePurposeId, PrivacyConsentStatus OptIn, CaptureDate, CaptureSource,
  EffectiveFrom/To, DoubleConsentCaptureDate), Task (``00T…``: the sends, ListEmail /
  Call) and Case (``500…``: the data-subject requests).
- ``mailchimp/newsletter_export_<id>.zip``: the audience export, subscribed and
  unsubscribed members with Mailchimp's columns (OPTIN_TIME, CONFIRM_TIME, UNSUB_TIME, …).
  The e-mail newsletter lives here, every other consent in Salesforce.
- ``erp/Belegliste.csv``: the ERP's voucher list, ``;``, Windows-1252, ``DD.MM.YYYY``.

The truth's ``violations`` give, per check, the exact count and refs of what these files
express, or ``applicable: false`` with the reason when the vendors' exports cannot carry
the check's data (no access log, no purpose on a Salesforce Task, …): never a silent 0.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gdpr_audit.demo import formats as fm
from gdpr_audit.demo.activity import UNKNOWN_TYPES as NO_POLICY_TYPES
from gdpr_audit.demo.context import DemoContext
from gdpr_audit.demo.vendor_ids import euid, sf_id
from gdpr_audit.demo.vendor_truth import Written, violations

SF_ZIP = "salesforce/WE_00D5g000004NLS1_1.zip"
MC_AUDIENCE = "8f3a2c91d0"
MC_ZIP = f"mailchimp/newsletter_export_{MC_AUDIENCE}.zip"
ERP_CSV = "erp/Belegliste.csv"

#: Where each demo purpose/channel lives: the e-mail newsletter in Mailchimp, the rest here.
SF_CONTACT_POINT = {"email": "Email", "phone": "Phone", "sms": "Phone", "post": "MailingAddress"}
SF_CAPTURE_SOURCE = {
    "web_form": "Web Form",
    "double_opt_in_log": "Double Opt-in Log",
    "phone_call": "Phone Call",
    "sms_keyword": "SMS Keyword",
    "event_badge_scan": "Event Badge Scan",
    "paper_form": "Paper Form",
}
PURPOSE_NAMES = {
    "newsletter": "Newsletter",
    "product_updates": "Product Updates",
    "events": "Events",
    "partner_offers": "Partner Offers",
    "profiling": "Profiling",
}
CASE_TYPES = {
    "access": ("Access Request", "Request for a copy of my personal data (Art. 15 GDPR)"),
    "rectification": ("Rectification Request", "Please correct my address"),
    "erasure": ("Erasure Request", "Please delete my data (Art. 17 GDPR)"),
    "portability": ("Portability Request", "Export of my data in a machine-readable format"),
    "objection": ("Objection", "I object to the use of my data for marketing"),
    "restriction": ("Restriction Request", "Please restrict the processing of my data"),
    "automated_decision_optout": (
        "Automated Decision Opt-Out",
        "I do not want automated decisions about me",
    ),
}
#: Case.Status standard picklist values; a rejected request is a closed case too.
CASE_STATUS = {"completed": "Closed", "rejected": "Closed", "open": "New",
               "in_progress": "Working"}
#: The channel each contact point type says (what the salesforce profile reads):
#: ``Phone`` holds SMS and call consents alike.
SF_CHANNEL = {"Email": "email", "Phone": "phone", "MailingAddress": "post"}
#: Channels of the demo's sends Salesforce logs as Tasks (ListEmail, Call). Texts and
#: letters go out through an SMS gateway and a lettershop whose logs are not exported:
#: a Task has no channel for them.
TASK_CHANNELS = ("email", "phone")
#: ERP document kinds (Belegart) of the demo's record types; CRM records (tickets,
#: notes) are not in the ERP. The unknown kinds have no retention policy.
BELEGART = {
    "invoice": "Rechnung",
    "voucher": "Gutschrift",
    "business_letter": "Lieferschein",
    "annual_statement": "Jahresabschluss",
    "call_recording": "Proformarechnung",
    "webinar_recording": "Kostenvoranschlag",
    "contract_draft": "Zollanmeldung",
    "chat_transcript": "Lieferavis",
}
@dataclass(frozen=True)
class VendorData:
    """The generated tables the vendor layout writes (same as the demo layout's)."""

    contacts: pd.DataFrame
    consents: pd.DataFrame
    sends: pd.DataFrame
    requests: pd.DataFrame
    records: pd.DataFrame


def write_vendor_layout(out: Path, ctx: DemoContext, data: VendorData) -> dict[str, int]:
    """Write the three systems' exports into ``out`` and ``truth.json``; rows per file."""
    ids = _Ids(data.contacts)
    consents = data.consents[data.consents["legal_basis"].eq("consent")].copy()
    in_mc = _newsletter_rows(consents)
    mc, sf_consents = consents[in_mc], consents[~in_mc]
    mc_members = _mailchimp_members(ctx, mc, data.contacts)
    sends = data.sends[data.sends["channel"].isin(TASK_CHANNELS)]
    sf_members = {
        "Account.csv": _accounts(ids, data.contacts),
        "Contact.csv": _contacts(ids, data.contacts),
        "Individual.csv": _individuals(ids, data.contacts),
        "DataUsePurpose.csv": _purposes(),
        "ContactPointTypeConsent.csv": _cptc(ids, sf_consents),
        "Task.csv": _tasks(ids, sends),
        "Case.csv": _cases(ctx, ids, data.requests),
    }
    _write_zip(out / SF_ZIP, {k: _csv_bytes(v) for k, v in sf_members.items()})
    _write_zip(out / MC_ZIP, {k: _csv_bytes(v) for k, v in mc_members.items()})
    erp = _belege(ctx, data.records, data.contacts)
    path = out / ERP_CSV
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_csv_bytes(erp, sep=";", encoding="cp1252", lineterminator="\r\n"))
    rows = {f"{SF_ZIP}!{k}": len(v) for k, v in sf_members.items()}
    rows.update({f"{MC_ZIP}!{k}": len(v) for k, v in mc_members.items()})
    rows[ERP_CSV] = len(erp)
    written = Written(
        consents=_written_consents(sf_members["ContactPointTypeConsent.csv"], sf_consents, mc),
        sends=pd.DataFrame({"ref": sf_members["Task.csv"]["Id"].to_numpy(),
                            "contact_id": sends["contact_id"].to_numpy(),
                            "channel": sends["channel"].to_numpy(),
                            "sent_at": _seconds(sends["sent_at"]).to_numpy()}),
        cases=_written_cases(sf_members["Case.csv"], data.requests),
        records=erp,
        no_policy_kinds=tuple(BELEGART[t] for t in NO_POLICY_TYPES),
    )
    truth = violations(ctx, written, data.contacts, ids.contact)
    manifest = {
        "layout": "vendors",
        "seed": ctx.seed,
        "contacts": ctx.n_contacts,
        "clean": ctx.clean,
        "as_of": ctx.as_of.isoformat(),
        "files": {p: {"rows": n} for p, n in rows.items()},
        "violations": truth,
    }
    (out / "truth.json").write_text(
        json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
        "utf-8",
    )
    return rows


class _Ids:
    """Salesforce ids of the demo's people: Contact ``003…`` and Individual ``0PK…``."""

    def __init__(self, contacts: pd.DataFrame) -> None:
        self.contact = {c: sf_id("003", i + 1) for i, c in enumerate(contacts["contact_id"])}
        self.individual = {c: sf_id("0PK", i + 1) for i, c in enumerate(contacts["contact_id"])}

    def of(self, demo_ids: pd.Series) -> np.ndarray:
        """Contact ids; a subject no longer in the export (erased) keeps a deleted id."""
        out = []
        for c in demo_ids:
            if not c:
                out.append("")
            elif c not in self.contact:
                self.contact[c] = sf_id("003", 9_000_000 + len(self.contact))
                out.append(self.contact[c])
            else:
                out.append(self.contact[c])
        return np.asarray(out, dtype=object)


def _newsletter_rows(consents: pd.DataFrame) -> np.ndarray:
    """The e-mail newsletter consent of each contact (its latest one) goes to Mailchimp."""
    news = consents[consents["purpose"].eq("newsletter") & consents["channel"].eq("email")]
    latest = news.sort_values(["contact_id", "given_at"], na_position="first").drop_duplicates(
        "contact_id", keep="last"
    )
    return consents.index.isin(latest.index)


def _sf_ts(values: pd.Series) -> np.ndarray:
    text = fm.stamp(values, fm.ISO_Z)
    return np.asarray([t[:-1] + ".000Z" if t else "" for t in text], dtype=object)


def _mc_ts(values: pd.Series) -> np.ndarray:
    """Mailchimp's ``YYYY-MM-DD HH:MM:SS`` in GMT."""
    text = fm.stamp(values, fm.ISO_Z)
    return np.asarray([t[:-1].replace("T", " ") if t else "" for t in text], dtype=object)


def _accounts(ids: _Ids, c: pd.DataFrame) -> pd.DataFrame:
    keys = c[["company", "is_customer"]].drop_duplicates().reset_index(drop=True)
    return pd.DataFrame(
        {
            "Id": [sf_id("001", i + 1) for i in range(len(keys))],
            "Name": keys["company"],
            "Type": np.where(keys["is_customer"], "Customer - Direct", "Prospect"),
            "Industry": "Technology",
            "AccountNumber": [
                f"A-{i + 1:06d}" if cust else "" for i, cust in enumerate(keys["is_customer"])
            ],
        }
    )


def _account_ids(c: pd.DataFrame) -> np.ndarray:
    keys = c[["company", "is_customer"]].drop_duplicates().reset_index(drop=True)
    index = {(k, bool(v)): sf_id("001", i + 1) for i, (k, v) in enumerate(keys.itertuples(False))}
    return np.asarray(
        [index[(k, bool(v))] for k, v in zip(c["company"], c["is_customer"], strict=True)],
        dtype=object,
    )


def _contacts(ids: _Ids, c: pd.DataFrame) -> pd.DataFrame:
    # LastModifiedDate stands in for the last activity when there was none: the check
    # falls back to the creation date, and so does this export.
    modified = c["last_activity_at"].where(c["last_activity_at"].notna(), c["created_at"])
    return pd.DataFrame(
        {
            "Id": ids.of(c["contact_id"]),
            "IndividualId": [ids.individual[x] for x in c["contact_id"]],
            "AccountId": _account_ids(c),
            "FirstName": c["first_name"],
            "LastName": c["last_name"],
            "Email": c["email"],
            "Phone": c["phone"],
            "MailingStreet": c["street"],
            "MailingPostalCode": c["postcode"],
            "MailingCity": c["city"],
            "MailingCountryCode": c["country"],
            "Birthdate": fm.stamp(c["birth_date"], fm.ISO_DATE),
            "CreatedDate": _sf_ts(c["created_at"]),
            "LastModifiedDate": _sf_ts(modified),
            "LastActivityDate": fm.stamp(c["last_activity_at"], fm.ISO_DATE, "Europe/Berlin"),
            "LeadSource": c["lead_source"],
            "Description": c["text"],
        }
    )


def _individuals(ids: _Ids, c: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Id": [ids.individual[x] for x in c["contact_id"]],
            "FirstName": c["first_name"],
            "LastName": c["last_name"],
            "HasOptedOutSolicit": "false",
            "HasOptedOutProcessing": "false",
            "HasOptedOutTracking": "false",
            "ShouldForget": "false",
            "CreatedDate": _sf_ts(c["created_at"]),
            "LastModifiedDate": _sf_ts(c["created_at"]),
        }
    )


def _purpose_id(purpose: str) -> str:
    return sf_id("0ZW", list(PURPOSE_NAMES).index(purpose) + 1)


def _purposes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Id": [_purpose_id(p) for p in PURPOSE_NAMES],
            "Name": list(PURPOSE_NAMES.values()),
            "Description": [f"{n} of Nordlicht Software" for n in PURPOSE_NAMES.values()],
            "CanDataSubjectOptOut": "true",
            "IsActive": "true",
        }
    )


def _cptc(ids: _Ids, c: pd.DataFrame) -> pd.DataFrame:
    # A consent whose capture date is missing (planted) exports without one; Salesforce
    # would demand it on entry, a migration does not.
    given = c["given_at"].where(c["given_raw"].isna())
    return pd.DataFrame(
        {
            "Id": [sf_id("0ZY", i + 1) for i in range(len(c))],
            "Name": [
                f"{PURPOSE_NAMES[p]} via {ch}"
                for p, ch in zip(c["purpose"], c["channel"], strict=True)
            ],
            "PartyId": [ids.individual[x] for x in c["contact_id"]],
            "DataUsePurposeId": [_purpose_id(p) for p in c["purpose"]],
            "ContactPointType": c["channel"].map(SF_CONTACT_POINT),
            "PrivacyConsentStatus": "OptIn",
            "CaptureDate": _sf_ts(given),
            "CaptureContactPointType": np.where(
                c["channel"].eq("email"), "Web", c["channel"].map(SF_CONTACT_POINT)
            ),
            "CaptureSource": c["proof_source"].map(SF_CAPTURE_SOURCE).fillna(""),
            "EffectiveFrom": _sf_ts(given),
            "EffectiveTo": _sf_ts(c["withdrawn_at"]),
            "DoubleConsentCaptureDate": _sf_ts(c["doi_at"]),
        }
    )


def _tasks(ids: _Ids, s: pd.DataFrame) -> pd.DataFrame:
    email = s["channel"].eq("email").to_numpy()
    call = s["channel"].eq("phone").to_numpy()
    subtype = np.where(email, "ListEmail", np.where(call, "Call", "Task"))
    prefix = np.where(email, "List Email: ", np.where(call, "Call: ", "Mailing: "))
    sent = _sf_ts(s["sent_at"])
    return pd.DataFrame(
        {
            "Id": [sf_id("00T", i + 1) for i in range(len(s))],
            "WhoId": ids.of(s["contact_id"]),
            "Subject": prefix.astype(object) + s["campaign"].to_numpy(dtype=object),
            "TaskSubtype": subtype,
            "Type": np.where(email, "Email", np.where(call, "Call", "Other")),
            "CallType": np.where(call, "Outbound", ""),
            "Status": "Completed",
            "ActivityDate": fm.stamp(s["sent_at"], fm.ISO_DATE, "Europe/Berlin"),
            "CompletedDateTime": sent,
            "CreatedDate": sent,
        }
    )


def _cases(ctx: DemoContext, ids: _Ids, r: pd.DataFrame) -> pd.DataFrame:
    # Salesforce always has a CreatedDate: a request whose receipt date is unknown shows
    # the day it was entered (its completion, else the audit's eve).
    fallback = r["completed_at"].fillna(ctx.as_of_ts - pd.Timedelta(days=1))
    created = r["received_at"].where(r["received_at"].notna(), fallback)
    kinds = [CASE_TYPES[t] for t in r["type"]]
    return pd.DataFrame(
        {
            "Id": [sf_id("500", i + 1) for i in range(len(r))],
            "CaseNumber": [f"{i + 1:08d}" for i in range(len(r))],
            "ContactId": ids.of(r["contact_id"]),
            "Subject": [k[1] for k in kinds],
            "Type": [k[0] for k in kinds],
            "Reason": "Other",
            "Origin": "Web",
            "Status": r["status"].map(CASE_STATUS),
            "IsClosed": np.where(r["status"].eq("completed"), "true", "false"),
            "CreatedDate": _sf_ts(created),
            "ClosedDate": _sf_ts(r["completed_at"]),
        }
    )


def _mailchimp_members(
    ctx: DemoContext, mc: pd.DataFrame, contacts: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    people = contacts.set_index("contact_id").loc[mc["contact_id"]]
    rng = ctx.rng("vendor:mailchimp")
    n = len(mc)
    optin, confirm = _mc_times(mc)
    ip = [f"198.51.100.{int(x)}" for x in rng.integers(1, 255, n)]
    has_optin = optin.notna().to_numpy()
    frame = pd.DataFrame(
        {
            "Email Address": people["email"].to_numpy(),
            "First Name": people["first_name"].to_numpy(),
            "Last Name": people["last_name"].to_numpy(),
            "Phone Number": "",
            "MEMBER_RATING": rng.integers(1, 6, n),
            "OPTIN_TIME": _mc_ts(optin),
            "OPTIN_IP": np.where(has_optin, ip, ""),
            "CONFIRM_TIME": _mc_ts(confirm),
            "CONFIRM_IP": np.where(has_optin, ip, ""),
            "LATITUDE": "",
            "LONGITUDE": "",
            "GMTOFF": "",
            "DSTOFF": "",
            "TIMEZONE": "",
            "CC": people["country"].to_numpy(),
            "REGION": "",
        }
    )
    withdrawn = mc["withdrawn_at"].notna().to_numpy()
    last = mc["withdrawn_at"].where(mc["withdrawn_at"].notna(), confirm)
    tail = pd.DataFrame(
        {
            "LAST_CHANGED": _mc_ts(last),
            "LEID": [str(100_001 + i) for i in range(n)],
            "EUID": [euid(ctx.seed, c) for c in mc["contact_id"]],
            "NOTES": "",
            "TAGS": "",
        }
    )
    unsub = pd.DataFrame(
        {
            "UNSUB_TIME": _mc_ts(mc["withdrawn_at"]),
            "UNSUB_CAMPAIGN_TITLE": "Newsletter",
            "UNSUB_CAMPAIGN_ID": "5f1e2d3c4b",
            "UNSUB_REASON": "",
            "UNSUB_REASON_OTHER": "",
        }
    )
    subscribed = pd.concat([frame, tail], axis=1)[~withdrawn]
    unsubscribed = pd.concat([frame, unsub, tail], axis=1)[withdrawn]
    return {
        f"subscribed_members_export_{MC_AUDIENCE}.csv": subscribed,
        f"unsubscribed_members_export_{MC_AUDIENCE}.csv": unsubscribed,
    }


def _mc_times(mc: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """OPTIN_TIME and CONFIRM_TIME of the newsletter members.

    Signed up through the double opt-in form: both. Imported without confirmation (the
    planted no-DOI case): no OPTIN_TIME, CONFIRM_TIME = when added.
    """
    doi = mc["doi_at"]
    given = mc["given_at"].where(mc["given_raw"].isna())
    optin = given.where(doi.notna(), pd.NaT).where(given.notna(), doi)
    confirm = doi.where(doi.notna(), given)
    return optin, confirm


def _seconds(values: pd.Series) -> pd.Series:
    """Timestamps as the files hold them: UTC, whole seconds."""
    return pd.to_datetime(values, utc=True).dt.floor("s")


def _written_consents(
    cptc: pd.DataFrame, sf: pd.DataFrame, mc: pd.DataFrame
) -> pd.DataFrame:
    """Every consent row of both systems as the files hold it (vendor_truth.Written)."""
    optin, confirm = _mc_times(mc)
    # A member with OPTIN_TIME was given then and confirmed at CONFIRM_TIME; one added
    # by import was given at CONFIRM_TIME, without confirmation. No time: no consent.
    mc_given = optin.where(optin.notna(), confirm)
    frames = [
        pd.DataFrame({
            "ref": cptc["Id"].to_numpy(),
            "contact_id": sf["contact_id"].to_numpy(),
            "purpose": sf["purpose"].to_numpy(),
            "channel": cptc["ContactPointType"].map(SF_CHANNEL).to_numpy(),
            "given": _seconds(sf["given_at"].where(sf["given_raw"].isna())).to_numpy(),
            "doi": _seconds(sf["doi_at"]).to_numpy(),
            "withdrawn": _seconds(sf["withdrawn_at"]).to_numpy(),
            "proof_ok": (sf["given_raw"].isna() & cptc["CaptureSource"].ne("").to_numpy())
            .to_numpy(),
            "system": "salesforce",
        }),
        pd.DataFrame({
            "ref": [f"{100_001 + i}#newsletter" for i in range(len(mc))],
            "contact_id": mc["contact_id"].to_numpy(),
            "purpose": "newsletter",
            "channel": "email",
            "given": _seconds(mc_given).to_numpy(),
            "doi": _seconds(confirm.where(optin.notna())).to_numpy(),
            "withdrawn": _seconds(mc["withdrawn_at"]).to_numpy(),
            "proof_ok": True,
            "system": "mailchimp",
        }),
    ]
    out = pd.concat(frames, ignore_index=True)
    # Mailchimp writes no consent without a time; Salesforce keeps the undated one.
    return out[out["system"].eq("salesforce") | out["given"].notna()].reset_index(drop=True)


def _written_cases(cases: pd.DataFrame, requests: pd.DataFrame) -> pd.DataFrame:
    """The Cases as the file holds them, with the demo's person and request type."""
    return pd.DataFrame({
        "ref": cases["CaseNumber"].to_numpy(),
        "contact_id": requests["contact_id"].to_numpy(),
        "type": requests["type"].to_numpy(),
        "status": requests["status"].to_numpy(),
        "received": pd.to_datetime(cases["CreatedDate"], utc=True).to_numpy(),
        "completed": pd.to_datetime(cases["ClosedDate"].replace("", None), utc=True).to_numpy(),
    })


def _belege(ctx: DemoContext, records: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    r = records[records["record_type"].isin(list(BELEGART))]
    company = dict(zip(contacts["contact_id"], contacts["company"], strict=True))
    rng = ctx.rng("vendor:erp")
    dates = fm.with_override(
        fm.stamp(r["created_at"], fm.DE_DATE, "Europe/Berlin"), r["created_raw"]
    )
    amount = rng.integers(5_000, 2_500_000, len(r)) / 100
    return pd.DataFrame(
        {
            "Belegart": r["record_type"].map(BELEGART).to_numpy(),
            "Belegnummer": r["record_id"].to_numpy(),
            "Belegdatum": dates,
            "Kundennummer": r["contact_id"].to_numpy(),
            "Kunde": [company.get(c, "") for c in r["contact_id"]],
            "Betrag brutto": fm.de_decimal(amount),
            "Sperrvermerk": np.where(r["legal_hold"].to_numpy(dtype=bool), "x", ""),
        }
    )


def _csv_bytes(
    frame: pd.DataFrame, *, sep: str = ",", encoding: str = "utf-8", lineterminator: str = "\n"
) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, sep=sep, index=False, lineterminator=lineterminator)
    return buf.getvalue().encode(encoding, errors="strict")


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    """A ZIP with fixed member timestamps, so the same seed gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 27, 2, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
