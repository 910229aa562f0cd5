"""One person across systems: the ``subjects`` table (issue #10 part 4, #11).

Built after the canonical model. A record is ``(system, contact_id)``: the system is the
profile that mapped the row's source table (``model_log``), so a contact id names a
person only inside its own system. Numeric ids collide between systems (HubSpot 1063,
OroCRM 1063 and an ERP customer 1063 are three people): an id that occurs in more than
one system gets the key ``system:id`` and links nothing by itself. Records of different
systems are linked only by explicit rules:

- ``individual_id``: a contact's person-level id (Salesforce Contact -> Individual, whose
  consents carry the Individual's id; a HubSpot record id kept in the ERP links to the
  one other system holding a contact with that id, never to two);
- ``email``: the same address (lower-cased, trimmed), except addresses of no single
  person: role and placeholder mailboxes (``subject_rules.yaml``: info@, office@,
  kontakt@, noreply@ ...) and an address two contacts of the same system use (a shared
  mailbox).

Linking is transitive: the connected parts of that graph are found by label propagation
in SQL (``gdpr_audit/sql/model/subjects_*.sql``), a few rounds for real data.

The assessment reads consent and sends per subject (:mod:`gdpr_audit.assess.prepare`),
so a consent recorded in one system covers a send from another for the same person,
purpose and channel, and never a send to another person with the same number. The
table holds ids only, never an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb
import yaml

from gdpr_audit.core.db import quote_ident, run_script, sql_text

#: Upper bound of propagation rounds (each round is one join; real graphs need < 10).
MAX_ROUNDS = 100
_TEMP = ("_subject_edges", "_subject_labels", "_subject_next", "_subject_nodes",
         "_subject_system", "_subject_roles")


@dataclass(frozen=True)
class SubjectsReport:
    """Outcome of :func:`build_subjects`: counts only."""

    records: int  # listed records (rows of subjects)
    subjects: int  # persons with more than one record
    rounds: int
    shared_ids: int = 0  # contact ids that occur in more than one system (kept apart)


@cache
def role_addresses() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Local parts (exact, prefixes) of addresses that identify no single person."""
    text = resources.files("gdpr_audit.load").joinpath("subject_rules.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    exact = tuple(str(v).strip().lower() for v in data.get("role_locals") or [])
    prefixes = tuple(str(v).strip().lower() for v in data.get("role_prefixes") or [])
    return exact, prefixes


def create_source_systems(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Temp table ``name(source_table, system)``: the profile that mapped each source
    table (``subjects_system.sql``); a table not listed is of system ``'*'``."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {quote_ident(name)} AS "
                + sql_text("model", "subjects_system"))


def build_subjects(con: duckdb.DuckDBPyConnection) -> SubjectsReport:
    """(Re)build ``main.subjects`` from the canonical model.

    Returns:
        Counts: listed records, persons they form, propagation rounds, ids shared by
        several systems. Ids nothing links and no other system uses are not stored:
        each is a person of its own.
    """
    exact, prefixes = role_addresses()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _subject_roles AS "
        "SELECT unnest(CAST($exact AS VARCHAR[])) AS local_part, false AS prefix "
        "UNION ALL SELECT unnest(CAST($prefixes AS VARCHAR[])), true",
        {"exact": list(exact), "prefixes": list(prefixes)},
    )
    rounds = 0
    try:
        create_source_systems(con, "_subject_system")
        run_script(con, "model", "subjects_graph")
        while rounds < MAX_ROUNDS:
            rounds += 1
            run_script(con, "model", "subjects_step")
            row = con.execute("SELECT count_if(changed) FROM _subject_next").fetchall()[0]
            con.execute("CREATE OR REPLACE TEMP TABLE _subject_labels AS "
                        "SELECT node, is_id, label FROM _subject_next")
            if not row or not row[0]:
                break
        run_script(con, "model", "subjects")
        shared = con.execute(
            "SELECT count(DISTINCT contact_id) FROM _subject_nodes WHERE shared").fetchall()[0][0]
    finally:
        for temp in _TEMP:
            con.execute(f"DROP TABLE IF EXISTS {temp}")
    row = con.execute(
        "SELECT count(*), count(DISTINCT subject_key) FILTER (WHERE records > 1) FROM subjects"
    ).fetchall()[0]
    return SubjectsReport(records=int(row[0]), subjects=int(row[1]), rounds=rounds,
                          shared_ids=int(shared))
