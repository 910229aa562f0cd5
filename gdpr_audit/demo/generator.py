"""Generate the demo CRM export and its truth manifest (docs/demo.md)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gdpr_audit.core.errors import UsageError
from gdpr_audit.demo import (
    activity,
    admin,
    breaches,
    consents,
    people,
    rights,
    truth,
    vendor_layout,
    writers,
)
from gdpr_audit.demo.context import CHECK_IDS, MIN_AS_OF, MIN_CONTACTS, DemoContext

DEFAULT_AS_OF = dt.date(2026, 11, 28)
#: ``demo``: the files of docs/demo.md; ``vendors``: Salesforce + Mailchimp + German ERP.
LAYOUTS = ("demo", "vendors")
#: Steps reported to the progress callback, in order.
STEPS = ("contacts", "requests", "consents", "sends", "access", "activity", "files", "manifest")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`generate_demo` wrote."""

    out: Path
    files: dict[str, int]
    violations: dict[str, int]
    manifest: Path

    @property
    def planted(self) -> int:
        return sum(self.violations.values())


def generate_demo(
    out: Path,
    contacts: int = 100_000,
    seed: int = 42,
    clean: bool = False,
    as_of: dt.date = DEFAULT_AS_OF,
    progress: Progress | None = None,
    layout: str = "demo",
) -> DemoSummary:
    """Write the demo export of ``contacts`` subjects into ``out`` plus ``truth.json``.

    Deterministic: the same arguments give byte-identical files. ``clean`` writes the
    same shape without planted violations. ``layout`` ``vendors`` writes the same
    company as Salesforce, Mailchimp and ERP exports (``gdpr_audit.demo.vendor_layout``).

    Raises:
        UsageError: ``contacts`` is below the minimum the planted cases need, or an
            unknown ``layout``.
    """
    if layout not in LAYOUTS:
        raise UsageError(f"--layout must be one of {', '.join(LAYOUTS)} (got {layout})")
    if contacts < MIN_CONTACTS:
        raise UsageError(f"--contacts must be at least {MIN_CONTACTS} (got {contacts})")
    if as_of < MIN_AS_OF:
        raise UsageError(
            f"--as-of must be {MIN_AS_OF.isoformat()} or later (got {as_of.isoformat()})"
        )
    step = progress or (lambda _name: None)
    ctx = DemoContext(seed=seed, n_contacts=contacts, clean=clean, as_of=as_of)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)

    step("contacts")
    people_ = people.make_contacts(ctx)
    frame = people_.frame
    pool = people.ContactPool(frame, ctx.rng("pool"))
    step("requests")
    requests = rights.make_requests(ctx, pool, people_.erased_ids)
    people.plant_inactive(ctx, pool)
    step("consents")
    consent_rows = consents.make_consents(ctx, pool)
    step("sends")
    sends = consents.make_sends(ctx, consent_rows, frame, requests.objection_cutoffs)
    step("access")
    perms = admin.make_permissions(ctx)
    users = admin.make_users(ctx, perms)
    log = admin.make_access_log(ctx, users, perms, frame["contact_id"].to_numpy())
    step("activity")
    staff = users[users["plant"].eq("") & users["role_id"].isin(["sales", "support", "marketing"])]
    notes = activity.make_notes(ctx, frame, staff)
    records = activity.make_records(ctx, frame)
    scoring = activity.make_scoring(ctx, frame, requests)
    changes = activity.make_changes(ctx, frame, requests, staff["user_id"].to_numpy())
    breach_rows = breaches.make_breaches(ctx)

    step("files")
    if layout == "vendors":
        data = vendor_layout.VendorData(frame, consent_rows, sends, requests.frame, records)
        vendor_rows = vendor_layout.write_vendor_layout(out, ctx, data)
        writers.write_readme(out, seed, contacts, clean, as_of)
        step("manifest")
        manifest = json.loads((out / "truth.json").read_text("utf-8"))
        return DemoSummary(
            out=out,
            files=vendor_rows,
            manifest=out / "truth.json",
            violations={
                c: v["count"] for c, v in manifest["violations"].items() if v["applicable"]
            },
        )
    en = frame[frame["file"] == "en"]
    de = frame[frame["file"] == "de"]
    headers = {
        "crm/contacts.csv": writers.write_contacts_en(out, en),
        "crm/kontakte_de.csv": writers.write_contacts_de(out, de),
        "crm/notes.jsonl": writers.write_notes(out, notes),
        "crm/consents.csv": writers.write_consents(out, consent_rows),
        "marketing/sends.parquet": writers.write_sends(out, sends),
    }
    headers.update(writers.write_admin(out, admin.roles_frame(), perms, users, log))
    headers["privacy/requests.xlsx"] = writers.write_requests(out, requests.frame, as_of)
    headers["privacy/contact_changes.tsv"] = writers.write_changes(out, changes)
    headers["privacy/breaches.json"] = writers.write_breaches(out, breach_rows)
    headers["finance/records.csv"] = writers.write_records(out, records)
    headers["analytics/scoring_runs.parquet"] = writers.write_scoring(out, scoring)
    writers.write_readme(out, seed, contacts, clean, as_of)
    rows = {
        "crm/contacts.csv": len(en),
        "crm/kontakte_de.csv": len(de),
        "crm/notes.jsonl": len(notes),
        "crm/consents.csv": len(consent_rows),
        "marketing/sends.parquet": len(sends),
        "admin/roles.json": len(admin.ROLES),
        "admin/role_permissions.csv": len(perms),
        "admin/users.csv": len(users),
        "admin/access_log.jsonl": len(log),
        "privacy/requests.xlsx": len(requests.frame),
        "privacy/contact_changes.tsv": len(changes),
        "privacy/breaches.json": len(breach_rows),
        "finance/records.csv": len(records),
        "analytics/scoring_runs.parquet": len(scoring),
    }

    step("manifest")
    text_columns = {
        ("crm/notes.jsonl", "body"): {
            "bodies": list(notes["body"]),
            "truths": list(notes["truth"]),
            "langs": list(notes["lang"]),
        },
        ("crm/contacts.csv", "Description"): {
            "bodies": list(en["text"]),
            "truths": list(en["text_truth"]),
            "langs": list(en["lang"]),
        },
        ("crm/kontakte_de.csv", "Bemerkung"): {
            "bodies": list(de["text"]),
            "truths": list(de["text_truth"]),
            "langs": list(de["lang"]),
        },
    }
    columns = truth.column_truth(headers, text_columns)
    raw_columns = {truth.table_of(p): cols for p, cols in headers.items()}
    ctx.plant(
        "access.special_category_outside_allowlist",
        truth.special_access_violations(perms.itertuples(index=False), columns, raw_columns),
    )
    free_text_rows = {k: sum(1 for b in v["bodies"] if b) for k, v in text_columns.items()}
    manifest = {
        "seed": seed,
        "contacts": contacts,
        "clean": clean,
        "as_of": as_of.isoformat(),
        "files": {
            p: {"rows": n, "table": f"raw.{truth.table_of(p)}", "canonical": c, "format": fmt}
            for (p, fmt, c), n in ((f, rows[f[0]]) for f in truth.FILES)
        },
        "canonical_counts": _canonical_counts(rows, free_text_rows),
        "canonical_sources": {
            "notes": {
                "crm/notes.jsonl": rows["crm/notes.jsonl"],
                "crm/contacts.csv#Description": free_text_rows[("crm/contacts.csv", "Description")],
                "crm/kontakte_de.csv#Bemerkung": free_text_rows[
                    ("crm/kontakte_de.csv", "Bemerkung")
                ],
            }
        },
        "violations": {
            c: {"count": len(ctx.violations[c]), "refs": sorted(ctx.violations[c])}
            for c in CHECK_IDS
        },
        "columns": columns,
        "free_text": truth.free_text_truth(text_columns),
    }
    path = out / "truth.json"
    path.write_text(
        json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
        "utf-8",
    )
    return DemoSummary(
        out=out,
        files=rows,
        manifest=path,
        violations={c: len(ctx.violations[c]) for c in CHECK_IDS},
    )


def _canonical_counts(rows: dict[str, int], free_text_rows: dict) -> dict[str, int]:
    counts = {
        c: 0
        for c in (
            "contacts",
            "consents",
            "communications",
            "users",
            "roles",
            "role_permissions",
            "access_log",
            "retention_policies",
            "business_records",
            "notes",
            "dsr_requests",
            "contact_changes",
            "breaches",
            "automated_decisions",
        )
    }
    for path, _fmt, canonical in truth.FILES:
        counts[canonical] += rows[path]
    # The demo profile derives a note from every non-empty Description / Bemerkung.
    counts["notes"] += sum(
        n for (path, _col), n in free_text_rows.items() if path != "crm/notes.jsonl"
    )
    return counts
