"""Assessability per check and source (issue #10 part 7, #15 part 3).

The fixtures write model_log and column_lineage rows as the model build does, so a
source's mapped fields are known: a field absent from a source gives one
'not assessable' row, never a finding per record; a field that is mapped but empty in a
record stays a finding.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from gdpr_audit.assess import consent, registry
from gdpr_audit.assess.assessability import Need, SourceFields, judge
from gdpr_audit.assess.base import Area, AssessContext
from gdpr_audit.assess.command import findings_json, totals_line
from gdpr_audit.core.errors import ConfigError

from .conftest import AS_OF, SALT, add, ref, ts

FULL = {"legal_basis": "consent", "proof_source": "web_form", "notice_version": "v3",
        "doi_confirmed_at": ts("2024-01-02T00:00"), "purpose": "newsletter",
        "channel": "email", "given_at": ts("2024-01-01T10:00")}
CONSENT_COLUMNS = ["consent_id", "contact_id", "purpose", "channel", "legal_basis", "given_at",
                   "withdrawn_at", "proof_source", "notice_version", "doi_confirmed_at",
                   "parental_consent", "bundled_with_contract"]


def built(con, table: str, raw: str, columns: list[str], rows: int = 1,
          profile: str = "vendor") -> None:
    """Record that ``raw`` fed ``columns`` of ``table`` (as gdpr_audit.load.model does)."""
    add(con, "model_log", [{"canonical_table": table, "raw_table": raw, "profile": profile,
                            "entity": raw, "rows_in": rows, "rows_mapped": rows,
                            "rows_rejected": 0, "rows_skipped": 0}])
    add(con, "column_lineage", [{"canonical_table": table, "canonical_column": c,
                                 "raw_table": raw, "raw_column": c.title(), "profile": profile}
                                for c in columns])


def consents_from_two_sources(con) -> None:
    """crm__consents maps every field; mailchimp__members has no DOI or notice field."""
    add(con, "contacts", [{"contact_id": c, "is_customer": True} for c in ("C1", "C2", "C3")])
    built(con, "contacts", "crm__contacts", ["contact_id", "is_customer"], 3)
    add(con, "consents", [
        {**FULL, "consent_id": "K1", "contact_id": "C1", "source_table": "crm__consents"},
        # mapped but empty for this record: still a finding
        {**FULL, "consent_id": "K2", "contact_id": "C2", "doi_confirmed_at": None,
         "notice_version": " ", "source_table": "crm__consents"},
        {**FULL, "consent_id": "K3", "contact_id": "C3", "doi_confirmed_at": None,
         "notice_version": None, "source_table": "mailchimp__members"},
        # the Mailchimp source cannot show DOI or notice, but proof_source is exported
        {**FULL, "consent_id": "K4", "contact_id": "C3", "doi_confirmed_at": None,
         "notice_version": None, "proof_source": "", "source_table": "mailchimp__members"},
    ])
    built(con, "consents", "crm__consents", CONSENT_COLUMNS, 2)
    built(con, "consents", "mailchimp__members",
          [c for c in CONSENT_COLUMNS if c not in ("doi_confirmed_at", "notice_version")], 2,
          profile="mailchimp")


def test_missing_field_is_one_row_not_a_finding_per_record(con, ctx: AssessContext) -> None:
    consents_from_two_sources(con)
    result = consent.run_area(ctx)
    found = {cid: set(g["record_ref"]) for cid, g in result.findings.groupby("check_id")}
    # DOI: only the CRM consent whose mapped DOI field is empty.
    assert found["consent.no_double_opt_in"] == {ref("K2", "CS")}
    # Proof: K2 lacks notice_version (mapped, blank); K4 lacks proof_source; K3 lacks only
    # notice_version, which its source does not export: not a finding.
    assert found["consent.missing_proof"] == {ref("K2", "CS"), ref("K4", "CS")}
    details = result.findings.set_index("record_ref")["detail"]
    assert details[ref("K4", "CS")].endswith("consent lacks proof_source")
    rows = result.assessability.set_index(["check_id", "source"])
    doi = rows.loc[("consent.no_double_opt_in", "mailchimp__members")]
    assert doi["status"] == "not_assessable"
    assert list(doi["missing"]) == ["consents.doi_confirmed_at"]
    assert rows.loc[("consent.no_double_opt_in", "crm__consents"), "status"] == "assessable"
    proof = rows.loc[("consent.missing_proof", "mailchimp__members")]
    assert proof["status"] == "partial"
    assert list(proof["missing"]) == ["consents.notice_version"]
    assert (result.assessability["detail_key"] == "assessability." +
            result.assessability["status"]).all()


def test_every_source_lacking_skips_the_check(con, ctx: AssessContext) -> None:
    add(con, "contacts", [{"contact_id": "C1", "is_customer": True}])
    add(con, "consents", [{**FULL, "consent_id": "K1", "contact_id": "C1",
                           "doi_confirmed_at": None, "source_table": "mc"}])
    built(con, "contacts", "crm", ["contact_id", "is_customer"])
    built(con, "consents", "mc", [c for c in CONSENT_COLUMNS if c != "doi_confirmed_at"])
    result = consent.run_area(ctx)
    assert "consent.no_double_opt_in" not in set(result.findings["check_id"])
    assert result.timings["consent.no_double_opt_in"] >= 0


def test_a_constant_without_lineage_counts_as_mapped(con) -> None:
    """A profile constant (channel: {value: email}) leaves no lineage but fills the rows."""
    add(con, "consents", [{**FULL, "consent_id": "K1", "source_table": "mc"}])
    built(con, "consents", "mc", ["consent_id", "given_at"])
    fields = SourceFields(con)
    assert fields.fed("consents", "channel", "mc")  # value present
    assert not fields.fed("consents", "notice_version", "other")
    con.execute("UPDATE consents SET notice_version = NULL")
    assert not SourceFields(con).fed("consents", "notice_version", "mc")


def test_no_legal_basis_needs_a_customer_field(con, ctx: AssessContext) -> None:
    """A contact export without any customer field cannot tell prospects from customers."""
    add(con, "contacts", [
        {"contact_id": "N1", "source_table": "newsletter__export"},
        {"contact_id": "E1", "source_table": "erp__customers"},  # no number: a finding
        {"contact_id": "E2", "customer_number": "10001", "source_table": "erp__customers"},
    ])
    built(con, "contacts", "newsletter__export", ["contact_id", "email"], 1)
    built(con, "contacts", "erp__customers", ["contact_id", "customer_number"], 2)
    add(con, "consents", [{**FULL, "consent_id": "K9", "contact_id": "X", "source_table": "c"}])
    built(con, "consents", "c", CONSENT_COLUMNS)
    result = consent.run_area(ctx)
    flagged = set(result.findings.query("check_id == 'consent.no_legal_basis'")["record_ref"])
    assert flagged == {ref("E1")}
    rows = result.assessability.query("check_id == 'consent.no_legal_basis'").set_index("source")
    assert rows.loc["newsletter__export", "status"] == "not_assessable"
    assert list(rows.loc["newsletter__export", "missing"]) == [
        "contacts.is_customer|customer_number"]


def test_a_need_on_another_table_and_no_source(con, ctx: AssessContext) -> None:
    """Sends with no consents source at all are not assessable (not all 'without consent')."""
    add(con, "contacts", [{"contact_id": "C1", "is_customer": True}])
    built(con, "contacts", "crm", ["contact_id", "is_customer"])
    add(con, "communications", [{"communication_id": "M1", "contact_id": "C1",
                                 "purpose": "newsletter", "channel": "email",
                                 "sent_at": ts("2024-01-01T10:00"), "source_table": "sends"}])
    built(con, "communications", "sends", ["communication_id", "contact_id", "purpose",
                                            "channel", "sent_at"])
    result = consent.run_area(ctx)
    assert "consent.send_without_consent" not in set(result.findings["check_id"])
    rows = result.assessability.set_index("check_id")
    assert rows.loc["consent.send_without_consent", "status"] == "not_assessable"
    assert "consents.given_at" in list(rows.loc["consent.send_without_consent", "missing"])
    # consents has no source: checks on consents state it once, with no source
    assert rows.loc["consent.coupled_with_contract", "status"] == "no_source"
    assert pd.isna(rows.loc["consent.coupled_with_contract", "source"])


def test_rows_without_build_record_are_assessable(con, ctx: AssessContext) -> None:
    add(con, "consents", [{**FULL, "consent_id": "K1", "contact_id": "C1",
                           "doi_confirmed_at": None}])
    result = consent.run_area(ctx)
    assert ref("K1", "CS") in set(result.findings["record_ref"])
    rows = result.assessability.set_index("check_id")
    assert rows.loc["consent.no_double_opt_in", "source"] == "*"
    assert rows.loc["consent.no_double_opt_in", "status"] == "assessable"
    # communications hold no rows and no build record: nothing to assess there
    assert rows.loc["consent.send_without_consent", "status"] == "no_source"


def test_judge_and_needs_syntax() -> None:
    assert Need.parse("contacts.is_customer|customer_number") == Need(
        "contacts", ("is_customer", "customer_number"))
    assert str(Need.parse("breaches")) == "breaches"
    with pytest.raises(ConfigError):
        Need.parse("consents.")
    area = Area("x")
    with pytest.raises(ConfigError, match="needs"):
        area.check("x.a", article="5", severity="low", needs=[])
    area.check("x.b", article="5", severity="low", needs=["breaches"])(lambda ctx: None)
    with pytest.raises(ConfigError, match="twice"):
        area.check("x.b", article="5", severity="low", needs=["breaches"])


def test_judge_partial_and_absent_pairs(con) -> None:
    add(con, "breaches", [{"breach_id": "B1", "source_table": "reg"}])
    built(con, "breaches", "reg", ["breach_id", "detected_at", "risk_level"])
    verdict = judge(SourceFields(con), "breach.incomplete_record", "breaches",
                    [Need("breaches")], [Need("breaches", ("detected_at",)),
                                         Need("breaches", ("category",))])
    assert verdict.runnable and not verdict.skip
    assert verdict.absent == ["reg|category"]
    assert verdict.rows[0]["status"] == "partial"


def test_breach_register_without_affected_count(con) -> None:
    add(con, "breaches", [
        {"breach_id": "B1", "detected_at": ts("2026-01-01T10:00"), "risk_level": "low",
         "category": "confidentiality", "authority_notified_at": ts("2026-01-02T10:00"),
         "source_table": "reg"},
        {"breach_id": "B2", "detected_at": ts("2026-01-01T10:00"), "risk_level": "low",
         "authority_notified_at": ts("2026-01-02T10:00"), "source_table": "reg"},
    ])
    built(con, "breaches", "reg", ["breach_id", "detected_at", "risk_level", "category",
                                   "authority_notified_at", "subjects_notified_at"], 2)
    result = registry.run_assessment(con, AS_OF, salt=SALT, areas=["breaches"], store=False)
    found = result.findings.query("check_id == 'breach.incomplete_record'")
    assert list(found["record_ref"]) == ["B2"]
    assert list(found["detail"]) == ["breach record lacks category"]


def test_stored_in_the_database_and_json(con) -> None:
    consents_from_two_sources(con)
    result = registry.run_assessment(con, AS_OF, salt=SALT, areas=["consent"])
    stored = con.execute(
        "SELECT check_id, source, status, missing FROM audit_assessability "
        "WHERE status <> 'assessable' ORDER BY check_id, source").fetchall()
    assert ("consent.no_double_opt_in", "mailchimp__members", "not_assessable",
            ["consents.doi_confirmed_at"]) in stored
    # a re-run of the same day replaces the rows
    registry.run_assessment(con, AS_OF, salt=SALT, areas=["consent"])
    count = con.execute("SELECT count(*) FROM audit_assessability").fetchone()[0]
    assert count == len(result.assessability)
    doc = json.loads(json.dumps(findings_json(result)))
    assert doc["gaps"] == len(result.gaps) > 0
    gap = next(r for r in doc["assessability"] if r["check_id"] == "consent.no_double_opt_in"
               and r["source"] == "mailchimp__members")
    assert gap["missing"] == ["consents.doi_confirmed_at"]
    summary = pd.DataFrame(doc["summary"]).set_index("check_id")
    assert summary.loc["consent.no_double_opt_in", "gaps"] == 1
    assert "not or partly assessable" in totals_line(result)
