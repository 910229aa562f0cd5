"""Mailchimp audience export (subscribed / unsubscribed / cleaned members): detected from
its own headers, consent states as Mailchimp records them, exact findings per check.

Fixture: tests/data/vendors/mailchimp/, written from Mailchimp's documented export
columns and report endpoints (docs/vendors.md). Planted: Ben was imported (no
OPTIN_TIME: single opt-in, no proof in Mailchimp). Sends (sent-to report, send time from
campaigns.csv): Emil got "Sommerfest Nachtrag" on 2021-06-02 12:00, one day after he
unsubscribed (send after withdrawal); Gina, archived (in no member file), got "Newsletter
November" (send without consent). Look-alikes: Dora unsubscribed the morning after her
last campaign, Emil's June newsletter went out three hours before his unsubscribe, Finn
(cleaned later) and Anna/Ben were subscribed when sent, opens/clicks/bounces are no sends.
Emil unsubscribed in 2021 and is still held, but Mailchimp records
no customer status, so retention.inactive_contact is "not assessable" for the member
files rather than a finding (as for Brevo and OroCRM). Look-alikes: Dora unsubscribed (a
withdrawal, not a violation), Finn was cleaned (bounced, consent kept), Anna signed up
with double opt-in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from vendor_fixture_audit import SALT, Audit, audit, ref

from gdpr_audit.assess.registry import run_assessment

AS_OF = dt.date(2025, 6, 30)
UTC = dt.UTC


@pytest.fixture(scope="module")
def mc() -> Audit:
    return audit("mailchimp", AS_OF)


def test_every_file_is_mapped(mc: Audit) -> None:
    assert {
        (s.raw_table, s.entity) for s in mc.model.sources if s.canonical_table == "contacts"
    } == {
        ("subscribed_members_export_3f2a9c1d7e", "subscribed"),
        ("unsubscribed_members_export_3f2a9c1d7e", "unsubscribed"),
        ("cleaned_members_export_3f2a9c1d7e", "cleaned"),
    }
    assert mc.model.unmatched == []
    assert mc.model.warnings == []
    # campaigns.csv and the activity report are read, not mapped (no person, no send)
    assert mc.logged("campaign") == (3, 0, 0, 3)
    assert mc.logged("email_activity") == (2, 0, 0, 2)
    assert mc.rows("SELECT count(*) FROM contacts") == [(5,)]


def test_sends_take_the_campaigns_send_date_and_the_members_id(mc: Audit) -> None:
    rows = mc.rows(
        "SELECT campaign, contact_id, strftime(sent_at, '%Y-%m-%d %H:%M'), channel, purpose, "
        "direction, kind FROM communications ORDER BY sent_at, contact_id"
    )
    gina = "982a277a700c8225b8020c6cb5d04676"  # email_id (MD5): she is in no member file
    common = ("email", "newsletter", "outbound", "campaign")
    assert rows == [
        ("0a9b8c7d6e", "a1b2c3d4e4", "2021-06-01 09:00", *common),
        ("6c5d4e3f2a", "a1b2c3d4e4", "2021-06-02 12:00", *common),
        ("5f1e2d3c4b", gina, "2024-11-01 09:00", *common),
        ("5f1e2d3c4b", "a1b2c3d4e1", "2024-11-01 09:00", *common),
        ("5f1e2d3c4b", "a1b2c3d4e2", "2024-11-01 09:00", *common),
        ("5f1e2d3c4b", "a1b2c3d4e3", "2024-11-01 09:00", *common),
        ("5f1e2d3c4b", "a1b2c3d4e5", "2024-11-01 09:00", *common),
    ]
    # no address ever becomes an id
    assert mc.rows("SELECT count(*) FROM communications WHERE contact_id LIKE '%@%'") == [(0,)]
    # the unsubscribe report: opt-out rows at the report's timestamp
    assert mc.rows(
        "SELECT contact_id, strftime(withdrawn_at, '%Y-%m-%d %H:%M') FROM consents "
        "WHERE opted_out ORDER BY 1"
    ) == [("a1b2c3d4e3", "2024-11-02 07:45"), ("a1b2c3d4e4", "2021-06-01 12:00")]


def test_consent_states_as_mailchimp_records_them(mc: Audit) -> None:
    rows = mc.rows(
        "SELECT consent_id, given_at, doi_confirmed_at, withdrawn_at, proof_source "
        "FROM consents WHERE opted_out IS NOT TRUE ORDER BY consent_id"
    )
    assert rows == [
        # signed up with double opt-in: OPTIN_TIME given, CONFIRM_TIME confirmed
        (
            "100001#newsletter",
            dt.datetime(2024, 3, 1, 9, tzinfo=UTC),
            dt.datetime(2024, 3, 1, 9, 5, 12, tzinfo=UTC),
            None,
            "web_form",
        ),
        # imported: CONFIRM_TIME is when it was added, no double opt-in, no proof
        ("100002#newsletter", dt.datetime(2024, 5, 10, 14, 30, tzinfo=UTC), None, None, None),
        # unsubscribed: UNSUB_TIME is the withdrawal
        (
            "100003#newsletter",
            dt.datetime(2023, 1, 20, 18, tzinfo=UTC),
            dt.datetime(2023, 1, 20, 18, 2, tzinfo=UTC),
            dt.datetime(2024, 11, 2, 7, 45, tzinfo=UTC),
            "web_form",
        ),
        (
            "100004#newsletter",
            dt.datetime(2020, 2, 2, 10, tzinfo=UTC),
            dt.datetime(2020, 2, 2, 10, 1, tzinfo=UTC),
            dt.datetime(2021, 6, 1, 12, tzinfo=UTC),
            "web_form",
        ),
        # cleaned (bounced): consent not withdrawn
        (
            "100005#newsletter",
            dt.datetime(2024, 9, 9, 9, 9, tzinfo=UTC),
            dt.datetime(2024, 9, 9, 9, 15, tzinfo=UTC),
            None,
            "web_form",
        ),
    ]
    assert mc.rows("SELECT DISTINCT purpose, channel, legal_basis FROM consents") == [
        ("newsletter", "email", "consent")
    ]
    # each member is either opted in or added: one consent row per row, the rest skipped
    assert mc.logged("subscribed_opt_in") == (2, 1, 0, 1)
    assert mc.logged("subscribed_added") == (2, 1, 0, 1)
    assert mc.logged("unsubscribed_added") == (2, 0, 0, 2)


def test_exact_findings_per_check(mc: Audit) -> None:
    ben = ref("100002#newsletter", "CS")
    assert mc.findings.pop("consent.no_double_opt_in") == {ben}
    # Ben's opt-in has no proof source (imported): a mapped field empty in his record
    assert mc.findings.pop("consent.missing_proof") == {ben}
    assert mc.details["consent.missing_proof", ben].endswith("lacks proof_source")
    # Emil's campaign one day after his unsubscribe; Gina's without any consent
    assert mc.findings.pop("consent.send_after_withdrawal") == {
        ref("6c5d4e3f2a#6e599410f0ede2b23bc5851daa064a72", "M")
    }
    assert mc.findings.pop("consent.send_without_consent") == {
        ref("5f1e2d3c4b#982a277a700c8225b8020c6cb5d04676", "M")
    }
    # no other check fires: withdrawals and bounces are no violations, and what the export
    # cannot show (notice_version, customer status) is a row below, not a finding per member
    assert mc.findings == {}


def test_what_mailchimp_cannot_tell_is_one_row_per_source(mc: Audit) -> None:
    result = run_assessment(mc.con, AS_OF, salt=SALT, store=False)
    rows = result.assessability
    status = {
        (check, source): (state, tuple(missing))
        for check, source, state, missing in zip(
            rows["check_id"], rows["source"], rows["status"], rows["missing"], strict=True
        )
    }
    members = [
        f"{kind}_members_export_3f2a9c1d7e" for kind in ("subscribed", "unsubscribed", "cleaned")
    ]
    for source in members:
        # Mailchimp keeps no version of the sign-up text: one partial row per member file,
        # not a missing_proof finding for each of the 5 consents (issue #10 part 7)
        assert status["consent.missing_proof", source] == ("partial", ("consents.notice_version",))
        # no customer status in a newsletter tool: Emil (unsubscribed 2021) is not judged
        # here; whether he is still needed depends on a customer relationship elsewhere
        assert status["retention.inactive_contact", source] == (
            "not_assessable",
            ("contacts.is_customer|customer_number",),
        )
    assert {s for c, s in status if c == "retention.inactive_contact"} == set(members)
