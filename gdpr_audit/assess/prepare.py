"""Per-run temp tables the checks share: subjects, canonical purposes, marketing sends,
recognised requests (issue #10 parts 4, 5, 8).

Each function builds its tables once per :class:`AssessContext` (remembered in
``ctx.cache``) and returns nothing; :func:`drop_prepared` removes them. The rules come
from :mod:`gdpr_audit.assess.rules`; they are applied to the *distinct* values of the
database (a few hundred purposes, message kinds, case subjects), so no rule runs per
row of a large table.

Tables and views (TEMP, this connection only):

- ``assess_source_system(source_table, system)`` and ``assess_subject_map(system,
  contact_id, subject_key)``: a contact id names a person only inside its source system
  (issue #11); records linked to another record of the same person, and ids several
  systems use (``subjects``, built by :func:`gdpr_audit.load.subjects.build_subjects`).
  A row's subject: ``LEFT JOIN assess_source_system y ON y.source_table = x.source_table
  LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*') AND m.contact_id
  = x.contact_id``, then ``coalesce(m.subject_key, x.contact_id)`` (not listed: its own).
- ``assess_purpose_map(raw, purpose)``: recorded purposes whose canonical name differs.
- ``assess_opt_outs(contact_id, purpose, channel, last_out)``: the latest opt-out row per
  contact, canonical purpose and channel up to the audit day.
- ``assess_send_class(source_table, direction, kind, vendor, send_class, rule, sends)``:
  every distinct (source, direction, kind) of ``communications`` with its class.
- ``assess_sends``: the outbound marketing sends with ``subject_key`` and the canonical
  ``purpose`` (communication_id, contact_id, subject_key, purpose, channel, campaign,
  sent_at, source_table).
- ``assess_dsr_requests``: ``dsr_requests`` that are data-subject requests, the
  ``request_type`` filled from the request rules where the row had none, with
  ``request_rule`` (the rule id; NULL when the type was recorded) and ``subject_key``
  (the requester, as above).
"""

from __future__ import annotations

import pandas as pd

from gdpr_audit.assess.base import AssessContext
from gdpr_audit.assess.rules import RequestRules, SendRules, canonical_purpose, purpose_aliases
from gdpr_audit.core.db import columns_of, table_exists
from gdpr_audit.load.subjects import create_source_systems

TEMP_TABLES = ("assess_subject_map", "assess_source_system", "assess_purpose_map",
               "assess_send_class", "assess_dsr_requests", "assess_request_class",
               "assess_opt_outs")
TEMP_VIEWS = ("assess_sends",)


def _once(ctx: AssessContext, name: str) -> bool:
    """True the first time ``name`` is prepared on ``ctx``."""
    done: set[str] = ctx.cache.setdefault("prepared", set())
    if name in done:
        return False
    done.add(name)
    return True


def _register(ctx: AssessContext, name: str, frame: pd.DataFrame) -> None:
    ctx.con.register("_prepare_frame", frame)
    try:
        ctx.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _prepare_frame")
    finally:
        ctx.con.unregister("_prepare_frame")


def subject_map(ctx: AssessContext) -> None:
    """``assess_subject_map`` from ``subjects`` (empty when the table was never built)."""
    if not _once(ctx, "subjects"):
        return
    create_source_systems(ctx.con, "assess_source_system")
    if table_exists(ctx.con, "subjects") and "system" in columns_of(ctx.con, "subjects"):
        ctx.execute("CREATE OR REPLACE TEMP TABLE assess_subject_map AS "
                    "SELECT DISTINCT system, contact_id, subject_key FROM subjects "
                    "WHERE contact_id <> subject_key")
    elif table_exists(ctx.con, "subjects"):  # built before systems were told apart
        ctx.execute("CREATE OR REPLACE TEMP TABLE assess_subject_map AS "
                    "SELECT DISTINCT '*' AS system, contact_id, subject_key FROM subjects "
                    "WHERE contact_id <> subject_key")
        ctx.execute("DELETE FROM assess_source_system")
    else:
        ctx.execute("CREATE OR REPLACE TEMP TABLE assess_subject_map "
                    "(system VARCHAR, contact_id VARCHAR, subject_key VARCHAR)")


def purpose_map(ctx: AssessContext) -> None:
    """``assess_purpose_map``: recorded purpose -> canonical purpose, where they differ."""
    if not _once(ctx, "purposes"):
        return
    aliases = purpose_aliases(ctx.setting("consent", "purposes"))
    raws = [r[0] for r in ctx.execute(
        "SELECT purpose FROM consents WHERE purpose IS NOT NULL "
        "UNION SELECT purpose FROM communications WHERE purpose IS NOT NULL"
    ).fetchall()]
    rows = [(raw, canonical_purpose(raw, aliases)) for raw in raws]
    changed = [(raw, canon) for raw, canon in rows if canon != raw]
    _register(ctx, "assess_purpose_map",
              pd.DataFrame(changed, columns=["raw", "purpose"], dtype="object"))


def opt_outs(ctx: AssessContext) -> None:
    """``assess_opt_outs`` (``prepare_opt_outs.sql``)."""
    if not _once(ctx, "opt_outs"):
        return
    purpose_map(ctx)
    ctx.run_file("prepare_opt_outs")


def send_classes(ctx: AssessContext) -> None:
    """``assess_send_class`` and the view ``assess_sends`` (outbound marketing only)."""
    if not _once(ctx, "sends"):
        return
    subject_map(ctx)
    purpose_map(ctx)
    rules = SendRules(ctx.setting("consent", "send_rules"))
    combos = ctx.execute(
        "WITH v AS (SELECT raw_table, min(profile) AS vendor FROM model_log "
        "           WHERE canonical_table = 'communications' GROUP BY raw_table) "
        "SELECT c.source_table, c.direction, c.kind, v.vendor, count(*) AS sends "
        "FROM communications c LEFT JOIN v ON v.raw_table = c.source_table GROUP BY ALL"
    ).fetchall()
    rows = [(src, direction, kind, vendor, *rules.classify(vendor, direction, kind), n)
            for src, direction, kind, vendor, n in combos]
    frame = pd.DataFrame(rows, columns=["source_table", "direction", "kind", "vendor",
                                        "send_class", "rule", "sends"])
    frame = frame.astype({c: "object" for c in frame.columns if c != "sends"})
    _register(ctx, "assess_send_class", frame)
    other = frame["send_class"] != "marketing"
    only_marketing = (
        "WHERE NOT EXISTS (SELECT 1 FROM assess_send_class k WHERE k.send_class <> 'marketing' "
        "AND k.source_table IS NOT DISTINCT FROM s.source_table "
        "AND k.direction IS NOT DISTINCT FROM s.direction "
        "AND k.kind IS NOT DISTINCT FROM s.kind)" if other.any() else ""
    )
    ctx.execute(
        "CREATE OR REPLACE TEMP VIEW assess_sends AS "
        "SELECT s.communication_id, s.contact_id, "
        "coalesce(m.subject_key, s.contact_id) AS subject_key, "
        "coalesce(p.purpose, s.purpose) AS purpose, s.channel, s.campaign, s.sent_at, "
        "s.source_table FROM communications s "
        "LEFT JOIN assess_purpose_map p ON p.raw = s.purpose "
        "LEFT JOIN assess_source_system y ON y.source_table = s.source_table "
        "LEFT JOIN assess_subject_map m ON m.system = coalesce(y.system, '*') "
        f"AND m.contact_id = s.contact_id {only_marketing}"
    )


def requests(ctx: AssessContext) -> None:
    """``assess_dsr_requests``: the data-subject requests, typed by rule where needed."""
    if not _once(ctx, "requests"):
        return
    subject_map(ctx)
    rules = RequestRules(ctx.setting("rights", "request_rules"))
    combos = ctx.execute(
        "SELECT DISTINCT case_type, subject_line FROM dsr_requests "
        "WHERE request_type IS NULL AND (case_type IS NOT NULL OR subject_line IS NOT NULL)"
    ).fetchall()
    rows = []
    for case_type, subject_line in combos:
        rule = rules.classify(case_type, subject_line)
        if rule is not None:
            rows.append((case_type, subject_line, rule.label, rule.rule_id))
    _register(ctx, "assess_request_class", pd.DataFrame(
        rows, columns=["case_type", "subject_line", "request_type", "request_rule"],
        dtype="object"))
    ctx.run_file("prepare_requests")


def drop_prepared(ctx: AssessContext) -> None:
    """Drop the temp tables and views of this module and forget them on ``ctx``."""
    for view in TEMP_VIEWS:
        ctx.execute(f"DROP VIEW IF EXISTS {view}")
    for table in TEMP_TABLES:
        ctx.execute(f"DROP TABLE IF EXISTS {table}")
    ctx.cache.pop("prepared", None)
