"""Write the demo tables in the formats of docs/demo.md, byte-identical for a seed.

Each writer returns the header names it wrote (for the column truth). CSV/TSV go
through pandas, Parquet through pyarrow (no pandas metadata), JSON through the
standard library; the XLSX archive is rewritten with fixed timestamps so that the
same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

from gdpr_audit.demo import formats as fm

BERLIN = "Europe/Berlin"


def _path(out: Path, rel: str) -> Path:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _csv(
    out: Path,
    rel: str,
    frame: pd.DataFrame,
    *,
    sep: str = ",",
    encoding: str = "utf-8",
    lineterminator: str = "\n",
) -> list[str]:
    with _path(out, rel).open("w", encoding=encoding, newline="", errors="strict") as fh:
        frame.to_csv(fh, sep=sep, index=False, lineterminator=lineterminator)
    return list(frame.columns)


def _jsonl(out: Path, rel: str, records: list[dict]) -> None:
    with _path(out, rel).open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, allow_nan=False) + "\n")


def _parquet(out: Path, rel: str, columns: dict[str, object]) -> list[str]:
    table = pa.table({k: pa.array(v) for k, v in columns.items()})
    pq.write_table(table, _path(out, rel), compression="snappy")
    return list(columns)


def write_contacts_en(out: Path, f: pd.DataFrame) -> list[str]:
    frame = pd.DataFrame(
        {
            "Id": f["contact_id"],
            "FirstName": f["first_name"],
            "LastName": f["last_name"],
            "Email": f["email"],
            "Phone": f["phone"],
            "MailingStreet": f["street"],
            "MailingPostalCode": f["postcode"],
            "MailingCity": f["city"],
            "MailingCountry": f["country"],
            "Birthdate": fm.stamp(f["birth_date"], fm.ISO_DATE),
            "AccountName": f["company"],
            "CreatedDate": fm.stamp(f["created_at"], fm.ISO_Z),
            "LastActivityDate": fm.stamp(f["last_activity_at"], fm.ISO_Z),
            "ContractEndDate": fm.stamp(f["contract_end"], fm.ISO_DATE),
            "IsCustomer": fm.flag(f["is_customer"]),
            "LeadSource": f["lead_source"],
            "Description": f["text"],
            "LastOrderNo": f["order_no"],
            "ProductCode": f["product_code"],
            "CampaignName": f["campaign"],
            "LastModifiedDate": fm.stamp(f["modified_at"], fm.ISO_Z),
            "ExternalId": f["external_id"],
            "LastOrderAmount": [f"{v:.2f}" if v == v else "" for v in f["order_amount"]],
        }
    )
    return _csv(out, "crm/contacts.csv", frame)


def write_contacts_de(out: Path, f: pd.DataFrame) -> list[str]:
    frame = pd.DataFrame(
        {
            "Kundennummer": f["contact_id"],
            "Anrede": f["salutation"],
            "Vorname": f["first_name"],
            "Nachname": f["last_name"],
            "E-Mail": f["email"],
            "Telefon": f["phone"],
            "Straße": f["street"],
            "PLZ": f["postcode"],
            "Ort": f["city"],
            "Land": f["country"],
            "Geburtsdatum": fm.stamp(f["birth_date"], fm.DE_DATE),
            "Firma": f["company"],
            "Angelegt am": fm.stamp(f["created_at"], fm.DE_DATETIME, BERLIN),
            "Letzte Aktivität": fm.stamp(f["last_activity_at"], fm.DE_DATETIME, BERLIN),
            "Vertragsende": fm.stamp(f["contract_end"], fm.DE_DATE),
            "Kunde": fm.flag(f["is_customer"], "Ja", "Nein"),
            "Umsatz": fm.de_decimal(f["revenue"]),
            "Konfession": f["konfession"],
            "Bemerkung": f["text"],
            "IBAN": f["iban"],
            "Steuer-ID": f["tax_id"],
            "Auftragsnummer": f["order_no"],
            "Produktcode": f["product_code"],
            "Geändert am": fm.stamp(f["modified_at"], fm.DE_DATETIME, BERLIN),
            "Debitorennummer": f["debitor"],
        }
    )
    return _csv(
        out, "crm/kontakte_de.csv", frame, sep=";", encoding="cp1252", lineterminator="\r\n"
    )


def write_notes(out: Path, notes: pd.DataFrame) -> list[str]:
    created = fm.stamp(notes["created_at"], fm.ISO_Z)
    records = [
        {
            "note_id": n,
            "contact_id": c,
            "created_at": t,
            "author": {"user_id": u, "team": team},
            "channel": ch,
            "body": b,
        }
        for n, c, t, u, team, ch, b in zip(
            notes["note_id"],
            notes["contact_id"],
            created,
            notes["user_id"],
            notes["team"],
            notes["channel"],
            notes["body"],
            strict=True,
        )
    ]
    _jsonl(out, "crm/notes.jsonl", records)
    return [
        "note_id",
        "contact_id",
        "created_at",
        "author.user_id",
        "author.team",
        "channel",
        "body",
    ]


def write_consents(out: Path, c: pd.DataFrame) -> list[str]:
    frame = pd.DataFrame(
        {
            "consent_id": c["consent_id"],
            "contact_id": c["contact_id"],
            "purpose": c["purpose"],
            "channel": c["channel"],
            "legal_basis": c["legal_basis"],
            "given_at": fm.with_override(fm.stamp(c["given_at"], fm.ISO_Z), c["given_raw"]),
            "doi_confirmed_at": fm.stamp(c["doi_at"], fm.ISO_Z),
            "withdrawn_at": fm.stamp(c["withdrawn_at"], fm.ISO_Z),
            "proof_source": c["proof_source"],
            "notice_version": c["notice_version"],
            "parental_consent": fm.flag(c["parental"]),
            "bundled_with_contract": fm.flag(c["bundled"]),
        }
    )
    return _csv(out, "crm/consents.csv", frame, encoding="utf-8-sig")


def write_sends(out: Path, s: pd.DataFrame) -> list[str]:
    return _parquet(
        out,
        "marketing/sends.parquet",
        {
            "send_id": s["send_id"].to_numpy(str),
            "contact_id": s["contact_id"].to_numpy(str),
            "channel": s["channel"].to_numpy(str),
            "purpose": s["purpose"].to_numpy(str),
            "campaign": s["campaign"].to_numpy(str),
            "sent_at": fm.stamp(s["sent_at"], fm.ISO_Z).astype(str),
        },
    )


def write_admin(
    out: Path, roles: pd.DataFrame, perms: pd.DataFrame, users: pd.DataFrame, log: pd.DataFrame
) -> dict[str, list[str]]:
    role_records = [
        {"role_id": r, "name": n, "is_admin": bool(a)} for r, n, a in roles.itertuples(index=False)
    ]
    _path(out, "admin/roles.json").write_text(
        json.dumps(role_records, ensure_ascii=False, indent=2) + "\n", "utf-8"
    )
    headers = {"admin/roles.json": ["role_id", "name", "is_admin"]}
    headers["admin/role_permissions.csv"] = _csv(out, "admin/role_permissions.csv", perms)
    headers["admin/users.csv"] = _csv(
        out,
        "admin/users.csv",
        pd.DataFrame(
            {
                "user_id": users["user_id"],
                "login": users["login"],
                "role_id": users["role_id"],
                "active": fm.flag(users["active"]),
                "last_login": fm.stamp(users["last_login"], fm.ISO_Z),
                "deactivated_at": fm.stamp(users["deactivated_at"], fm.ISO_Z),
            }
        ),
    )
    ts = fm.stamp(log["ts"], fm.ISO_Z)
    _jsonl(
        out,
        "admin/access_log.jsonl",
        [
            {
                "event_id": e,
                "user_id": u,
                "ts": t,
                "action": a,
                "object": o or None,
                "records": int(r),
                "contact_id": c or None,
                "ip": ip,
            }
            for e, u, t, a, o, r, c, ip in zip(
                log["event_id"],
                log["user_id"],
                ts,
                log["action"],
                log["object"],
                log["records"],
                log["contact_id"],
                log["ip"],
                strict=True,
            )
        ],
    )
    headers["admin/access_log.jsonl"] = [
        "event_id",
        "user_id",
        "ts",
        "action",
        "object",
        "records",
        "contact_id",
        "ip",
    ]
    return headers


def _deterministic_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an XLSX archive with fixed member timestamps and document properties."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + stamp.encode() + rb"\2",
                    body,
                )
            member = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, body)
    return buf.getvalue()


def write_requests(out: Path, req: pd.DataFrame, as_of: dt.date) -> list[str]:
    """``privacy/requests.xlsx``: Received as an Excel date-time (Berlin wall clock) or ISO text."""
    headers = [
        "Request ID",
        "Contact ID",
        "Type",
        "Received",
        "Deadline",
        "Extended",
        "Extension reason",
        "Completed",
        "Status",
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "requests"
    ws.append(headers)
    received_iso = fm.stamp(req["received_at"], fm.ISO_Z)
    completed_iso = fm.stamp(req["completed_at"], fm.ISO_Z)
    for i, r in enumerate(req.itertuples(index=False)):
        if isinstance(r.received_raw, str):
            received: object = r.received_raw
        elif r.received_excel:
            received = r.received_at.tz_convert(BERLIN).tz_localize(None).to_pydatetime()
        else:
            received = received_iso[i]
        deadline = None if pd.isna(r.deadline) else r.deadline.tz_convert(BERLIN).date()
        ws.append(
            [
                r.request_id,
                r.contact_id,
                r.type,
                received or None,
                deadline,
                "yes" if r.extended else "no",
                r.extension_reason or None,
                completed_iso[i] or None,
                r.status,
            ]
        )
        row = ws.max_row
        if isinstance(received, dt.datetime):
            ws.cell(row=row, column=4).number_format = "dd.mm.yyyy hh:mm"
        if deadline is not None:
            ws.cell(row=row, column=5).number_format = "dd.mm.yyyy"
    wb.properties.creator = "gdpr-audit demo"
    when = dt.datetime.combine(as_of, dt.time(0, 0))
    wb.properties.created = when
    buf = io.BytesIO()
    wb.save(buf)
    _path(out, "privacy/requests.xlsx").write_bytes(_deterministic_zip(buf.getvalue(), when))
    return headers


def write_changes(out: Path, ch: pd.DataFrame) -> list[str]:
    frame = pd.DataFrame(
        {
            "change_id": ch["change_id"],
            "contact_id": ch["contact_id"],
            "changed_at": fm.stamp(ch["changed_at"], fm.ISO_Z),
            "field": ch["field"],
            "changed_by": ch["changed_by"],
        }
    )
    return _csv(out, "privacy/contact_changes.tsv", frame, sep="\t")


def _opt(value: object) -> object:
    """JSON null for missing values (pandas holds them as NaN, which is not JSON)."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def write_breaches(out: Path, b: pd.DataFrame) -> list[str]:
    detected = fm.stamp(b["detected_at"], fm.ISO_Z)
    authority = fm.stamp(b["authority_at"], fm.ISO_Z)
    subjects = fm.stamp(b["subjects_at"], fm.ISO_Z)
    raw = b["detected_raw"] if "detected_raw" in b else pd.Series([None] * len(b))
    detected = fm.with_override(detected, raw.where(raw.notna(), None))
    records = []
    for i, r in enumerate(b.itertuples(index=False)):
        records.append(
            {
                "breach_id": r.breach_id,
                "detected_at": detected[i] or None,
                "risk_level": _opt(r.risk_level),
                "affected": None if pd.isna(r.affected) else int(r.affected),
                "category": _opt(r.category),
                "notification": {
                    "authority_at": authority[i] or None,
                    "subjects_at": subjects[i] or None,
                    "delay_reason": _opt(r.delay_reason),
                },
            }
        )
    text = json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False)
    _path(out, "privacy/breaches.json").write_text(text + "\n", "utf-8")
    return [
        "breach_id",
        "detected_at",
        "risk_level",
        "affected",
        "category",
        "notification.authority_at",
        "notification.subjects_at",
        "notification.delay_reason",
    ]


def write_records(out: Path, r: pd.DataFrame) -> list[str]:
    frame = pd.DataFrame(
        {
            "record_id": r["record_id"],
            "record_type": r["record_type"],
            "contact_id": r["contact_id"],
            "created_at": fm.with_override(fm.stamp(r["created_at"], fm.ISO_Z), r["created_raw"]),
            "legal_hold": fm.flag(r["legal_hold"]),
        }
    )
    return _csv(out, "finance/records.csv", frame, sep="|")


def write_scoring(out: Path, s: pd.DataFrame) -> list[str]:
    return _parquet(
        out,
        "analytics/scoring_runs.parquet",
        {
            "run_id": s["run_id"].to_numpy(str),
            "contact_id": s["contact_id"].to_numpy(str),
            "run_at": fm.stamp(s["run_at"], fm.ISO_Z).astype(str),
            "kind": s["kind"].to_numpy(str),
            "model": s["model"].to_numpy(str),
        },
    )


def write_readme(out: Path, seed: int, contacts: int, clean: bool, as_of: dt.date) -> None:
    text = (
        "SYNTHETIC DATA - generated by `gdpr-audit demo`.\n\n"
        "Every person, company, address, phone number, e-mail address, IBAN and tax id in\n"
        "these files is invented (e-mail domains are the reserved example.* domains). The\n"
        "export imitates a CRM of the fictitious Nordlicht Software GmbH so that gdpr-audit\n"
        "can be tried and tested without real personal data.\n\n"
        f"seed={seed} contacts={contacts} clean={str(clean).lower()} as_of={as_of.isoformat()}\n"
        + (
            "No violations are planted in this export.\n"
            if clean
            else "Violations are planted on purpose; truth.json lists them by check id.\n"
        )
        + "truth.json is the truth manifest (docs/demo.md); the loader skips it.\n"
    )
    (out / "README.txt").write_text(text, "utf-8")
