"""One person across systems: the ``subjects`` table (issue #10, part 4).

Built after the canonical model, from ``contacts``: records are linked when they share
a contact id, when a contact names another record's id as its ``individual_id``
(Salesforce Contact -> Individual, whose consents carry the Individual's id; a HubSpot
record id kept in another system), and when two contacts have the same e-mail address
(lower-cased, trimmed; Mailchimp member and CRM contact). Linking is transitive: the
connected parts of that graph are found by label propagation in SQL
(``gdpr_audit/sql/model/subjects_*.sql``), a few rounds for real data.

The assessment reads consent and sends per subject (:mod:`gdpr_audit.assess.prepare`),
so a consent recorded in one system covers a send from another for the same person,
purpose and channel. The table holds ids only, never an address.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from gdpr_audit.core.db import run_script

#: Upper bound of propagation rounds (each round is one join; real graphs need < 10).
MAX_ROUNDS = 100


@dataclass(frozen=True)
class SubjectsReport:
    """Outcome of :func:`build_subjects`: counts only."""

    records: int  # linked ids (rows of subjects)
    subjects: int  # persons with more than one id
    rounds: int


def build_subjects(con: duckdb.DuckDBPyConnection) -> SubjectsReport:
    """(Re)build ``main.subjects`` from ``contacts``.

    Returns:
        Counts: linked ids, persons they form, propagation rounds. Ids nothing links
        are not stored: each is a person of its own.
    """
    run_script(con, "model", "subjects_graph")
    rounds = 0
    try:
        while rounds < MAX_ROUNDS:
            rounds += 1
            run_script(con, "model", "subjects_step")
            row = con.execute("SELECT count_if(changed) FROM _subject_next").fetchall()[0]
            con.execute("CREATE OR REPLACE TEMP TABLE _subject_labels AS "
                        "SELECT node, is_id, label FROM _subject_next")
            if not row or not row[0]:
                break
        run_script(con, "model", "subjects")
    finally:
        for temp in ("_subject_edges", "_subject_labels", "_subject_next"):
            con.execute(f"DROP TABLE IF EXISTS {temp}")
    row = con.execute(
        "SELECT count(*), count(DISTINCT subject_key) FROM subjects"
    ).fetchall()[0]
    return SubjectsReport(records=int(row[0]), subjects=int(row[1]), rounds=rounds)
