"""Consent per person across systems, opt-out rows, marketing sends only, requests
recognised in cases (issue #10 parts 4, 5, 6, 8; #15 part 3)."""

from __future__ import annotations

import pandas as pd

from gdpr_audit.assess import consent, registry, rights
from gdpr_audit.assess.base import AssessContext, make_context
from gdpr_audit.load.subjects import build_subjects

from .conftest import AS_OF, SALT, add, ref, ts

OPT_IN = {"legal_basis": "consent", "proof_source": "web_form", "notice_version": "v1",
          "doi_confirmed_at": ts("2023-01-02T00:00"), "channel": "email"}


def send(i: str, contact: str, at: str, purpose: str = "newsletter", **kw) -> dict:
    return {"communication_id": i, "contact_id": contact, "purpose": purpose,
            "channel": "email", "sent_at": ts(at), **kw}


def flagged(result, check_id: str) -> set[str]:
    return set(result.findings.query("check_id == @check_id")["record_ref"])


def test_consent_in_one_system_covers_a_send_from_another(con, ctx: AssessContext) -> None:
    add(con, "contacts", [
        # Salesforce Contact with its Individual: the consent names the Individual
        {"contact_id": "003A", "email": "anna@example.de", "individual_id": "0PKA",
         "is_customer": True},
        # the same address in Mailchimp
        {"contact_id": "mc-1", "email": "ANNA@example.de ", "is_customer": False},
        # someone else: no link, no consent
        {"contact_id": "mc-2", "email": "bert@example.de", "is_customer": False},
    ])
    add(con, "consents", [
        # HubSpot-style purpose name, mapped to the canonical 'newsletter'
        {**OPT_IN, "consent_id": "K1", "contact_id": "0PKA",
         "purpose": "Marketing Information", "given_at": ts("2023-01-01T10:00")},
    ])
    add(con, "communications", [
        send("M1", "mc-1", "2024-01-01T10:00"),   # Mailchimp send, Salesforce consent
        send("M2", "003A", "2024-01-01T10:00"),
        send("M3", "mc-2", "2024-01-01T10:00"),   # a finding
        send("M4", "mc-1", "2022-06-01T10:00"),   # before the consent: a finding
    ])
    build_subjects(con)
    result = consent.run_area(ctx)
    assert flagged(result, "consent.send_without_consent") == {ref("M3", "M"), ref("M4", "M")}
    # no_legal_basis per person: mc-1 is linked to a customer with a consent
    assert flagged(result, "consent.no_legal_basis") == {ref("mc-2")}


def test_without_the_link_the_send_is_a_finding(con) -> None:
    add(con, "contacts", [{"contact_id": "003A", "is_customer": True},
                          {"contact_id": "mc-1", "is_customer": True}])
    add(con, "consents", [{**OPT_IN, "consent_id": "K1", "contact_id": "003A",
                           "purpose": "newsletter", "given_at": ts("2023-01-01T10:00")}])
    add(con, "communications", [send("M1", "mc-1", "2024-01-01T10:00")])
    build_subjects(con)
    result = consent.run_area(make_context(con, AS_OF, None, SALT))
    assert flagged(result, "consent.send_without_consent") == {ref("M1", "M")}


def test_opt_out_rows_withdraw_earlier_consents(con, ctx: AssessContext) -> None:
    """Salesforce keeps one row per change: OptIn, later OptOut, later OptIn again."""
    add(con, "contacts", [{"contact_id": c, "is_customer": True} for c in ("C1", "C2", "C3")])
    add(con, "consents", [
        # C3: opted in, later opted out (a later row, the opt-in row left as it was)
        {**OPT_IN, "consent_id": "K5", "contact_id": "C3", "purpose": "newsletter",
         "given_at": ts("2023-01-01T10:00")},
        {"consent_id": "K6", "contact_id": "C3", "purpose": "newsletter", "channel": "email",
         "opted_out": True, "given_at": ts("2023-05-01T10:00")},
        {**OPT_IN, "consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
         "given_at": ts("2023-01-01T10:00")},
        {"consent_id": "K2", "contact_id": "C1", "purpose": "newsletter", "channel": "email",
         "opted_out": True, "given_at": ts("2023-06-01T10:00")},
        {**OPT_IN, "consent_id": "K3", "contact_id": "C1", "purpose": "newsletter",
         "given_at": ts("2024-01-01T10:00")},
        # Mailchimp: unsubscribed member, only the unsubscribe time recorded
        {"consent_id": "K4", "contact_id": "C2", "purpose": "newsletter", "channel": "email",
         "opted_out": True, "withdrawn_at": ts("2023-03-01T10:00")},
    ])
    add(con, "communications", [
        send("M1", "C1", "2023-03-01T10:00"),  # covered by K1
        send("M2", "C1", "2023-07-01T10:00"),  # after the opt-out K2: withdrawn
        send("M3", "C1", "2024-02-01T10:00"),  # K3 opted in again: covered
        send("M4", "C2", "2023-04-01T10:00"),  # after an unsubscribe: withdrawn
        send("M5", "C2", "2023-02-01T10:00"),  # before it, no opt-in: without consent
    ])
    result = consent.run_area(ctx)
    assert flagged(result, "consent.send_after_withdrawal") == {ref("M2", "M"), ref("M4", "M")}
    assert flagged(result, "consent.send_without_consent") == {ref("M5", "M")}
    # coverage on the audit day: C1 opted in again after opting out; C2 and C3 opted out
    coverage = result.tables["coverage_by_purpose_channel"].set_index(["purpose", "channel"])
    assert coverage.loc[("newsletter", "email"), "with_valid_consent"] == 1
    # opt-out rows are no consents: no proof or DOI findings for them
    assert not {ref("K2", "CS"), ref("K4", "CS")} & flagged(result, "consent.missing_proof")
    assert not {ref("K2", "CS"), ref("K4", "CS")} & flagged(result, "consent.no_double_opt_in")


def test_only_outbound_marketing_needs_consent(con, ctx: AssessContext) -> None:
    add(con, "contacts", [{"contact_id": "C1", "is_customer": True}])
    add(con, "consents", [{**OPT_IN, "consent_id": "K1", "contact_id": "C1",
                           "purpose": "events", "given_at": ts("2023-01-01T10:00")}])
    add(con, "communications", [
        send("M1", "C1", "2024-01-01T10:00", kind="Newsletter Januar", source_table="crm"),
        send("M2", "C1", "2024-01-02T10:00", kind="Order confirmation", source_table="crm"),
        send("M3", "C1", "2024-01-03T10:00", kind="Call", direction="inbound",
             source_table="crm"),
        send("M4", "C1", "2024-01-04T10:00", kind="Re: Ihre Anfrage", source_table="crm"),
        send("M5", "C1", "2024-01-05T10:00", kind="Passwort zurücksetzen", source_table="crm"),
    ])
    add(con, "dsr_requests", [{"request_id": "Q1", "contact_id": "C1",
                               "request_type": "objection",
                               "received_at": ts("2023-12-01T10:00")}])
    result = consent.run_area(ctx)
    assert flagged(result, "consent.send_without_consent") == {ref("M1", "M")}
    by_class = result.tables["sends_by_class"].groupby("send_class")["sends"].sum().to_dict()
    assert by_class == {"marketing": 1, "transactional": 2, "inbound": 1, "service": 1}
    assert result.tables["coverage_by_month"]["sends"].sum() == 1
    # an answer to the objection is no processing after it; the newsletter is
    objection = rights.run_area(ctx).findings.query(
        "check_id == 'rights.processing_after_objection'")
    assert list(objection["detail"])[0].endswith("and 1 communication(s)")


def test_requests_recognised_in_cases(con) -> None:
    add(con, "contacts", [{"contact_id": "C1", "is_customer": True}])
    case = {"contact_id": "C1", "status": "open", "source_table": "sf__case"}
    add(con, "dsr_requests", [
        {**case, "request_id": "T1", "subject_line": "Auskunft nach Art. 15",
         "received_at": ts("2024-01-01T10:00")},                      # open, overdue
        {**case, "request_id": "T2", "subject_line": "Auskunft zum Liefertermin",
         "received_at": ts("2024-01-01T10:00")},                      # no request
        {**case, "request_id": "T3", "case_type": "GDPR Request", "subject_line": "Hello",
         "received_at": ts("2024-01-01T10:00")},                      # type unstated
        {**case, "request_id": "T4", "subject_line": "Löschung", "status": "completed",
         "received_at": ts("2024-01-01T10:00"), "completed_at": ts("2024-01-10T10:00")},
        # a dedicated request register (no case fields) is taken as it is
        {"request_id": "R1", "contact_id": "C1", "request_type": "access", "status": "open",
         "received_at": ts("2024-01-01T10:00"), "source_table": "privacy__requests"},
    ])
    result = registry.run_assessment(con, AS_OF, salt=SALT, areas=["rights"], store=False)
    overdue = flagged(result, "rights.open_overdue")
    assert overdue == {ref("T1", "R"), ref("T3", "R"), ref("R1", "R")}
    requests = result.areas["rights"].tables["requests"].set_index("request_ref")
    assert requests.loc[ref("T1", "R"), "request_type"] == "access"
    assert requests.loc[ref("T1", "R"), "request_rule"] == "de.auskunft"
    assert requests.loc[ref("T4", "R"), "request_type"] == "erasure"
    assert ref("T2", "R") not in requests.index
    assert pd.isna(requests.loc[ref("R1", "R"), "request_rule"])
    # erasure T4 completed while the contact still exists
    assert flagged(result, "rights.erasure_not_effective") == {ref("T4", "R")}
    # subject lines never reach findings
    text = " ".join(result.findings["detail"])
    assert "Auskunft" not in text and "Löschung" not in text


def test_a_send_without_purpose_is_judged_on_its_channel(con, ctx: AssessContext) -> None:
    """Salesforce Tasks carry no purpose: any valid consent on the channel covers them."""
    add(con, "contacts", [{"contact_id": c, "is_customer": True} for c in ("C1", "C2", "C3")])
    add(con, "consents", [
        {**OPT_IN, "consent_id": "K1", "contact_id": "C1", "purpose": "events",
         "given_at": ts("2023-01-01T10:00")},
        {**OPT_IN, "consent_id": "K2", "contact_id": "C2", "purpose": "newsletter",
         "given_at": ts("2023-01-01T10:00")},
        {"consent_id": "K3", "contact_id": "C2", "purpose": "newsletter", "channel": "email",
         "opted_out": True, "given_at": ts("2023-06-01T10:00")},
    ])
    add(con, "communications", [
        send("T1", "C1", "2024-01-01T10:00", purpose=None),  # covered by 'events'
        send("T2", "C2", "2024-01-01T10:00", purpose=None),  # after the opt-out
        send("T3", "C3", "2024-01-01T10:00", purpose=None),  # no consent at all
        send("T4", "C1", "2022-01-01T10:00", purpose=None),  # before any consent
    ])
    result = consent.run_area(ctx)
    assert flagged(result, "consent.send_after_withdrawal") == {ref("T2", "M")}
    assert flagged(result, "consent.send_without_consent") == {ref("T3", "M"), ref("T4", "M")}
