"""Export everything held about one data subject (GDPR Art. 15 access, Art. 20 portability).

Rows are found by identity, not by coincidence (:mod:`gdpr_audit.assess.subject_rows`):
the subject's contact records (by exact ``contact_id`` within one source system, or by
e-mail, case-insensitive, plus ``subjects`` links), the canonical rows keyed to them,
the raw rows that fed those, and raw rows whose identifier columns (per the profiles'
``column_lineage`` and the ``scan`` inventory) hold the subject's id or address. A
postcode, phone number or another record's id that equals the subject's id never
pulls a row in; an address inside someone else's free text neither.

Output: one CSV per table (``contacts.csv``, ``raw.crm__contacts.csv``), ``subject.json``
and ``manifest.json``: per file the source table, rows, sha256 and, for every row, why
it belongs to the subject; the raw columns searched and the rows withheld. Everything is
written to a folder beside ``out_dir`` and moved in when complete
(:func:`gdpr_audit.core.output.staged_output`).
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
from gdpr_audit.assess.subject_rows import SubjectRows, fetch_rows, find_subject_rows
from gdpr_audit.core.errors import InputError, UsageError
from gdpr_audit.core.output import publish, staged_output

#: First characters that make a spreadsheet treat a cell as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MANIFEST = "manifest.json"
_SUBJECT = "subject.json"


@dataclass(frozen=True)
class ExportFile:
    """One written file: name, the table it came from (None for subject.json), rows, hash,
    and per row (1-based, as in the file) the reasons it belongs to the subject."""

    file: str
    source_table: str | None
    rows: int
    sha256: str
    why: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ExportManifest:
    """What :func:`export_subject` wrote (also saved as ``manifest.json``)."""

    out_dir: Path
    generated_at: str
    matched_by: str
    contacts: int
    files: list[ExportFile] = field(default_factory=list)
    searched: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    withheld: dict[str, int] = field(default_factory=dict)
    shared_emails: int = 0

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
            "searched_raw_columns": self.searched,
            "withheld_rows": self.withheld,
            "shared_emails_not_searched": self.shared_emails,
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


def _previous_export(out_dir: Path, force: bool) -> None:
    """Check ``out_dir`` can take the export: new, empty, or (``force``) a previous export.

    ``--force`` replaces only the files the previous export's manifest lists; a folder
    holding anything else is refused untouched, so another subject's files never mix in
    and nobody's unrelated files are deleted.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"output path is not a directory: {out_dir}")
    if not out_dir.is_dir():
        return
    existing = {p.name for p in out_dir.iterdir()}
    if not existing:
        return
    if not force:
        raise InputError(f"output directory is not empty: {out_dir} (use --force)")
    try:
        listed = {f["file"] for f in read_manifest(out_dir).get("files", [])} | {_MANIFEST}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        raise InputError(f"--force: {out_dir} holds no readable manifest.json of a previous "
                         "export; nothing was deleted") from None
    others = existing - listed
    if others:
        raise InputError(f"--force: {out_dir} holds {len(others)} file(s) the previous "
                         "export's manifest does not list; nothing was deleted")


def _write_csv(frame: pd.DataFrame, path: Path) -> str:
    safe = frame.map(neutralise_cell) if len(frame) else frame.copy()
    safe.columns = [neutralise_cell(c) for c in frame.columns]  # headers are data too
    safe.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _subject_summary(frames: dict[str, pd.DataFrame], found: SubjectRows,
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
        "contact_ids": sorted({c.contact_id for c in found.contacts}),
        "contacts": [{neutralise_cell(k): neutralise_cell(v) or None for k, v in r.items()}
                     for r in records.to_dict("records")],
        "processing": purposes,
        "tables": {name: len(f) for name, f in frames.items()},
    }


def _write_export(staged: Path, frames: dict[str, pd.DataFrame],
                  why: dict[str, list[list[dict[str, Any]]]], summary: dict[str, Any],
                  manifest: ExportManifest) -> None:
    for label, frame in frames.items():
        name = f"{label}.csv"
        digest = _write_csv(frame, staged / name)
        reasons = [{"row": i + 1, "why": w} for i, w in enumerate(why[label])]
        manifest.files.append(ExportFile(name, label, len(frame), digest, reasons))
    subject_path = staged / _SUBJECT
    subject_path.write_text(json.dumps(summary, indent=2, ensure_ascii=False), "utf-8")
    manifest.files.append(ExportFile(_SUBJECT, None, len(summary["contacts"]),
                                     hashlib.sha256(subject_path.read_bytes()).hexdigest()))
    (staged / _MANIFEST).write_text(json.dumps(manifest.to_json(), indent=2,
                                               ensure_ascii=False), "utf-8")


def export_subject(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    email: str | None = None,
    contact_id: str | None = None,
    system: str | None = None,
    generated_at: dt.datetime | None = None,
    force: bool = False,
) -> ExportManifest:
    """Write everything held about one subject to ``out_dir`` (Art. 15, 20).

    Args:
        con: the audit database.
        out_dir: empty (or new) directory; with ``force`` a previous export is replaced.
        email: match contacts by e-mail, case-insensitive equality.
        contact_id: match the contact with exactly this id.
        system: the source system (profile) of ``contact_id`` when several have it.
        generated_at: timestamp written to the manifest (default: now, UTC).

    Raises:
        UsageError: not exactly one of ``email`` / ``contact_id``, or not an address.
        InputError: no subject matches, or ``out_dir`` cannot take the export.
        OutputError: the export cannot be written (disk full); ``out_dir`` is unchanged.
    """
    if (email is None) == (contact_id is None):
        raise UsageError("give exactly one of --email or --contact-id")
    key = (email or contact_id or "").strip()
    if not key:
        raise UsageError("the e-mail / contact id is empty")
    if email is not None and "@" not in key:
        raise UsageError("--email must be an e-mail address")
    matched_by = "email" if email is not None else "contact_id"
    found = find_subject_rows(con, email=email, contact_id=contact_id, system=system)
    frames: dict[str, pd.DataFrame] = {}
    why: dict[str, list[list[dict[str, Any]]]] = {}
    for label, rows in found.rows.items():
        if rows:
            frames[label] = fetch_rows(con, label, rows)
            why[label] = [rows[rid] for rid in sorted(rows)]
    if not frames:
        raise InputError(f"no data subject matches the given {matched_by.replace('_', ' ')}")
    stamp = (generated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat()
    _previous_export(out_dir, force)
    manifest = ExportManifest(out_dir=out_dir, generated_at=stamp, matched_by=matched_by,
                              contacts=len({c.rowid for c in found.contacts}),
                              searched=found.searched, withheld=found.withheld,
                              shared_emails=found.shared_emails)
    summary = _subject_summary(frames, found, matched_by, stamp)
    with staged_output(out_dir, "subject export") as staged:
        _write_export(staged, frames, why, summary, manifest)
        previous = set()
        if force and (out_dir / _MANIFEST).is_file():
            previous = {f["file"] for f in read_manifest(out_dir).get("files", [])}
        publish(staged, out_dir, last=[_MANIFEST])
        for name in previous - {f.file for f in manifest.files}:
            (out_dir / name).unlink(missing_ok=True)
    return manifest


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The ``manifest.json`` of an export (for verification)."""
    return json.loads((out_dir / _MANIFEST).read_text("utf-8"))


__all__: Sequence[str] = ["ExportFile", "ExportManifest", "export_subject", "neutralise_cell"]
