"""The truth manifest: what each file and column holds, and what was planted.

Discovery, the model build and the assessment checks are measured against it,
so everything here is derived from the generated data, never typed in twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gdpr_audit.demo.texts import TextTruth

#: Relative path, format, canonical table(s) it feeds.
FILES: tuple[tuple[str, str, str], ...] = (
    ("crm/contacts.csv", "csv", "contacts"),
    ("crm/kontakte_de.csv", "csv", "contacts"),
    ("crm/notes.jsonl", "jsonl", "notes"),
    ("crm/consents.csv", "csv", "consents"),
    ("marketing/sends.parquet", "parquet", "communications"),
    ("admin/roles.json", "json", "roles"),
    ("admin/role_permissions.csv", "csv", "role_permissions"),
    ("admin/users.csv", "csv", "users"),
    ("admin/access_log.jsonl", "jsonl", "access_log"),
    ("privacy/requests.xlsx", "xlsx", "dsr_requests"),
    ("privacy/contact_changes.tsv", "tsv", "contact_changes"),
    ("privacy/breaches.json", "json", "breaches"),
    ("finance/records.csv", "csv", "business_records"),
    ("analytics/scoring_runs.parquet", "parquet", "automated_decisions"),
)
XLSX_SHEET = "requests"

#: Columns holding personal data, by file (all other columns hold none).
PII_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "crm/contacts.csv": {
        "FirstName": ("PERSON",),
        "LastName": ("PERSON",),
        "Email": ("EMAIL_ADDRESS",),
        "Phone": ("PHONE_NUMBER",),
        "MailingStreet": ("LOCATION",),
        "MailingPostalCode": ("LOCATION",),
        "MailingCity": ("LOCATION",),
        "Birthdate": ("DATE_OF_BIRTH",),
    },
    "crm/kontakte_de.csv": {
        "Vorname": ("PERSON",),
        "Nachname": ("PERSON",),
        "E-Mail": ("EMAIL_ADDRESS",),
        "Telefon": ("PHONE_NUMBER",),
        "Straße": ("LOCATION",),
        "PLZ": ("LOCATION",),
        "Ort": ("LOCATION",),
        "Geburtsdatum": ("DATE_OF_BIRTH",),
        "IBAN": ("IBAN_CODE",),
        "Steuer-ID": ("NATIONAL_ID",),
    },
    "admin/users.csv": {"login": ("EMAIL_ADDRESS",)},
    "admin/access_log.jsonl": {"ip": ("IP_ADDRESS",)},
}
#: Structured special-category columns (Art. 9) by file.
SPECIAL_COLUMNS = {"crm/kontakte_de.csv": {"Konfession": ("RELIGION",)}}
#: Free-text columns: (file, column) -> the canonical column the demo profile maps them to.
FREE_TEXT = {
    ("crm/notes.jsonl", "body"): ("notes", "body"),
    ("crm/contacts.csv", "Description"): ("notes", "body"),
    ("crm/kontakte_de.csv", "Bemerkung"): ("notes", "body"),
}
#: Default allow-lists of docs/checks.md: roles that may read each special category.
ALLOWED_ROLES = {"HEALTH": frozenset({"dpo", "hr"})}
DEFAULT_ALLOWED = frozenset({"dpo"})


def raw_table_name(path: str, sheet: str | None = None) -> str:
    """Raw table name as the loader makes it: ``crm/Kontakte DE.csv`` -> ``crm__kontakte_de``."""
    stem = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
    parts = [re.sub(r"[^a-z0-9]+", "_", p.lower()) for p in stem.split("/")]
    name = "__".join(parts)
    return f"{name}__{re.sub(r'[^a-z0-9]+', '_', sheet.lower())}" if sheet else name


def table_of(path: str) -> str:
    return raw_table_name(path, XLSX_SHEET if path.endswith(".xlsx") else None)


def union_truth(truths: Iterable[TextTruth | None]) -> tuple[list[str], list[str]]:
    pii: set[str] = set()
    special: set[str] = set()
    for t in truths:
        if t is not None:
            pii.update(t.pii)
            special.update(t.special)
    return sorted(pii), sorted(special)


def column_truth(
    headers: dict[str, list[str]], text_columns: dict[tuple[str, str], dict]
) -> list[dict]:
    """One entry per (file, column): PII types, special categories, free text or not."""
    out = []
    for path, columns in headers.items():
        for col in columns:
            free = (path, col) in FREE_TEXT
            if free:
                pii, special = union_truth(text_columns[(path, col)]["truths"])
            else:
                pii = list(PII_COLUMNS.get(path, {}).get(col, ()))
                special = list(SPECIAL_COLUMNS.get(path, {}).get(col, ()))
            out.append(
                {"file": path, "column": col, "pii": pii, "special": special, "free_text": free}
            )
    return out


def free_text_truth(text_columns: dict[tuple[str, str], dict]) -> dict:
    """``free_text`` section: per free-text column, positives and decoys by 1-based record number.

    ``text_columns`` maps (file, column) to ``bodies``, ``truths`` and ``langs`` lists
    in file order.
    """
    out = {}
    for (path, col), data in text_columns.items():
        positives, decoys = [], []
        rows = zip(data["bodies"], data["truths"], data["langs"], strict=True)
        for row, (_body, t, lang) in enumerate(rows, start=1):
            if t is None:
                continue
            if t.decoy:
                decoys.append({"row": row, "kind": t.decoy, "lang": lang})
            elif t.pii or t.special:
                positives.append(
                    {"row": row, "pii": list(t.pii), "special": list(t.special), "lang": lang}
                )
        out[f"{path}#{col}"] = {
            "rows": len(data["bodies"]),
            "non_empty": sum(1 for b in data["bodies"] if b),
            "positives": positives,
            "decoys": decoys,
        }
    return out


def special_access_violations(
    permissions: Iterable[tuple], columns: list[dict], raw_columns: dict[str, list[str]]
) -> list[str]:
    """``role|raw.<table>|<column>`` for every role that reads a special-category column
    outside the allow-list (access.special_category_outside_allowlist).

    A canonical permission reaches the raw columns the demo profile maps to that
    canonical column (:data:`FREE_TEXT` for the special ones); ``raw.<table>`` grants
    reach the raw column directly; ``*`` expands.
    """
    special = {(table_of(c["file"]), c["column"]): c["special"] for c in columns if c["special"]}
    lineage: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for (path, col), canon in FREE_TEXT.items():
        lineage.setdefault(canon, []).append((table_of(path), col))
    refs = set()
    for role, obj, field, read, _export in permissions:
        if not int(read):
            continue
        if obj.startswith("raw."):
            table = obj[4:]
            cols = raw_columns.get(table, []) if field == "*" else [field]
            reached = [(table, c) for c in cols]
        else:
            reached = [
                rc
                for (t, c), rcs in lineage.items()
                for rc in rcs
                if obj in (t, "*") and field in (c, "*")
            ]
        for table, col in reached:
            for category in special.get((table, col), []):
                if role not in ALLOWED_ROLES.get(category, DEFAULT_ALLOWED):
                    refs.add(f"{role}|raw.{table}|{col}")
    return sorted(refs)
