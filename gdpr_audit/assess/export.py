"""Export everything held about one data subject (GDPR Art. 15 access, Art. 20 portability).

Exact matching only: the subject is the contact(s) whose ``contact_id`` equals the given
id, or whose e-mail equals the given address case-insensitively. Rows of every canonical
and raw table are exported when a cell equals one of the subject's identifiers (contact
ids, e-mail addresses), and raw rows that fed an exported canonical row
(``source_table`` / ``source_row``). An address inside someone else's free text is not
matched: that row is the other subject's data.

Output: one CSV per table (``contacts.csv``, ``raw.crm__contacts.csv``), ``subject.json``
and ``manifest.json`` (source tables, row counts, sha256 of each file, generated_at).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit import __version__
from gdpr_audit.assess.subject_search import (
    SearchTable,
    hits_sql,
    load_identifiers,
    search_tables,
)
from gdpr_audit.core.db import columns_of, table_exists
from gdpr_audit.core.errors import InputError, UsageError

#: First characters that make a spreadsheet treat a cell as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_IDS_TABLE = "export_subject_ids"
_MANIFEST = "manifest.json"
_SUBJECT = "subject.json"


@dataclass(frozen=True)
class ExportFile:
    """One written file: name, the table it came from (None for subject.json), rows, hash."""

    file: str
    source_table: str | None
    rows: int
    sha256: str


@dataclass
class ExportManifest:
    """What :func:`export_subject` wrote (also saved as ``manifest.json``)."""

    out_dir: Path
    generated_at: str
    matched_by: str
    contacts: int
    files: list[ExportFile] = field(default_factory=list)

    @property
    def tables(self) -> dict[str, int]:
        """Rows per source table."""
        return {f.source_table: f.rows for f in self.files if f.source_table}

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": f"gdpr-audit {__version__}",
            "generated_at": self.generated_at,
            "matched_by": self.matched_by,
            "contacts": self.contacts,
            "files": [asdict(f) for f in self.files],
        }


def neutralise_cell(value: object) -> str:
    """A cell as text, prefixed with ``'`` when a spreadsheet would run it as a formula."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _is_export_file(path: Path) -> bool:
    return path.is_file() and (path.suffix == ".csv" or path.name in (_MANIFEST, _SUBJECT))


def _prepare_out_dir(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"output path is not a directory: {out_dir}")
    if out_dir.is_dir():
        existing = [p for p in out_dir.iterdir()]
        if existing and not force:
            raise InputError(f"output directory is not empty: {out_dir} (use --force)")
        if existing:
            # --force replaces a previous export; anything else stays and is refused, so
            # two subjects' data never mix in one folder.
            others = [p for p in existing if not _is_export_file(p)]
            if others:
                raise InputError(
                    f"output directory {out_dir} holds files other than a previous export"
                )
            for p in existing:
                p.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)


def _subject_contacts(
    con: duckdb.DuckDBPyConnection, email: str | None, contact_id: str | None
) -> pd.DataFrame:
    if not table_exists(con, "contacts"):
        raise InputError("canonical table contacts missing (run `gdpr-audit load` first)")
    if contact_id is not None:
        return con.execute(
            "SELECT contact_id, email FROM contacts WHERE contact_id = $id", {"id": contact_id}
        ).df()
    return con.execute(
        "SELECT contact_id, email FROM contacts WHERE lower(trim(email)) = lower(trim($email))",
        {"email": email},
    ).df()


def _provenance(frame: pd.DataFrame) -> dict[str, set[int]]:
    """Raw table (without schema) -> record numbers that fed the exported canonical rows."""
    out: dict[str, set[int]] = {}
    if {"source_table", "source_row"} <= set(frame.columns):
        for table, row in frame[["source_table", "source_row"]].dropna().itertuples(index=False):
            out.setdefault(str(table).removeprefix("raw."), set()).add(int(row))
    return out


def _matching_rows(
    con: duckdb.DuckDBPyConnection, table: SearchTable, extra_record_nos: set[int]
) -> pd.DataFrame:
    rids = [r[0] for r in con.execute(
        f"SELECT DISTINCT _rid FROM ({hits_sql(table, _IDS_TABLE, in_text=False)})"
    ).fetchall()]
    if table.schema == "raw" and extra_record_nos and "_record_no" in columns_of(
        con, table.table, schema="raw"
    ):
        rids += [r[0] for r in con.execute(
            f"SELECT rowid FROM {table.sql_name} "
            "WHERE list_contains($nos, TRY_CAST(_record_no AS BIGINT))",
            {"nos": sorted(extra_record_nos)},
        ).fetchall()]
    if not rids:
        return pd.DataFrame()
    return con.execute(
        f"SELECT * FROM {table.sql_name} WHERE list_contains($rids, rowid) ORDER BY rowid",
        {"rids": sorted(set(rids))},
    ).df()


def _write_csv(frame: pd.DataFrame, path: Path) -> str:
    safe = frame.map(neutralise_cell) if len(frame) else frame
    safe.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _subject_summary(frames: dict[str, pd.DataFrame], contacts: pd.DataFrame,
                     matched_by: str, generated_at: str) -> dict[str, Any]:
    """Art. 15(1) overview: the contact records, purposes and legal bases, row counts."""
    consents = frames.get("consents", pd.DataFrame())
    purposes = []
    if len(consents):
        cols = [c for c in ("purpose", "channel", "legal_basis", "given_at", "withdrawn_at")
                if c in consents.columns]
        purposes = [{k: neutralise_cell(v) or None for k, v in r.items()}
                    for r in consents[cols].to_dict("records")]
    records = frames.get("contacts", pd.DataFrame())
    return {
        "generated_at": generated_at,
        "matched_by": matched_by,
        "contact_ids": sorted(contacts["contact_id"].astype(str).unique().tolist()),
        "contacts": [{k: neutralise_cell(v) or None for k, v in r.items()}
                     for r in records.to_dict("records")],
        "processing": purposes,
        "tables": {name: len(f) for name, f in frames.items()},
    }


def export_subject(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    email: str | None = None,
    contact_id: str | None = None,
    generated_at: dt.datetime | None = None,
    force: bool = False,
) -> ExportManifest:
    """Write everything held about one subject to ``out_dir`` (Art. 15, 20).

    Args:
        con: the audit database.
        out_dir: empty (or new) directory; with ``force`` a previous export is replaced.
        email: match contacts by e-mail, case-insensitive equality.
        contact_id: match the contact with exactly this id.
        generated_at: timestamp written to the manifest (default: now, UTC).

    Raises:
        UsageError: not exactly one of ``email`` / ``contact_id``.
        InputError: no subject matches, or ``out_dir`` is not empty.
    """
    if (email is None) == (contact_id is None):
        raise UsageError("give exactly one of --email or --contact-id")
    key = (email or contact_id or "").strip()
    if not key:
        raise UsageError("the e-mail / contact id is empty")
    matched_by = "email" if email is not None else "contact_id"
    contacts = _subject_contacts(con, email.strip() if email else None, contact_id)
    idents = {key} | set(contacts["contact_id"].dropna().astype(str))
    idents |= {e for e in contacts["email"].dropna().astype(str) if e.strip()}
    load_identifiers(con, _IDS_TABLE, [("subject", i) for i in sorted(idents)])
    try:
        frames: dict[str, pd.DataFrame] = {}
        tables = search_tables(con, use_inventory=False)
        for table in (t for t in tables if t.schema == "main"):
            found = _matching_rows(con, table, set())
            if len(found):
                frames[table.label] = found
        provenance: dict[str, set[int]] = {}
        for frame in frames.values():
            for raw, nos in _provenance(frame).items():
                provenance.setdefault(raw, set()).update(nos)
        for table in (t for t in tables if t.schema == "raw"):
            found = _matching_rows(con, table, provenance.get(table.table, set()))
            if len(found):
                frames[table.label] = found
    finally:
        con.execute(f"DROP TABLE IF EXISTS {_IDS_TABLE}")
    if not frames:
        raise InputError(f"no data subject matches the given {matched_by.replace('_', ' ')}")
    stamp = (generated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat()
    _prepare_out_dir(out_dir, force)
    manifest = ExportManifest(out_dir=out_dir, generated_at=stamp, matched_by=matched_by,
                              contacts=int(contacts["contact_id"].nunique()))
    for label, frame in frames.items():
        name = f"{label}.csv"
        digest = _write_csv(frame, out_dir / name)
        manifest.files.append(ExportFile(name, label, len(frame), digest))
    summary = _subject_summary(frames, contacts, matched_by, stamp)
    subject_path = out_dir / _SUBJECT
    subject_path.write_text(json.dumps(summary, indent=2, ensure_ascii=False), "utf-8")
    manifest.files.append(ExportFile(_SUBJECT, None, len(summary["contacts"]),
                                     hashlib.sha256(subject_path.read_bytes()).hexdigest()))
    (out_dir / _MANIFEST).write_text(json.dumps(manifest.to_json(), indent=2), "utf-8")
    return manifest


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The ``manifest.json`` of an export (for verification)."""
    return json.loads((out_dir / _MANIFEST).read_text("utf-8"))


__all__: Sequence[str] = ["ExportFile", "ExportManifest", "export_subject", "neutralise_cell"]
