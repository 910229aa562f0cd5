"""The vendor layout's truth: per check, exactly what the written exports express.

Derived from the rows as :mod:`gdpr_audit.demo.vendor_layout` writes them (the values
and timestamps of the files, keyed by the demo's person), by the rules docs/checks.md
states, never from the audit's own code. A check the three exports cannot carry is
``applicable: false`` with the field or table the export lacks; the audit reports it
as not assessable (a source without the needed field) or without source (no table).

What the vendors' formats change against the demo layout:

- Tasks carry no purpose: a send is judged against the person's consents of every
  purpose on its channel (covered when any is valid at sending), Mailchimp's newsletter
  included: the member is the Salesforce contact with the same e-mail, by the linking
  rule of docs/checks.md ("Subjects"), which never links an address two contacts of one
  system share (a shared mailbox). The demo's addresses are ``first.last@domain``, unique
  within each country's people but not across them: an address two demo people hold is
  in Contact.csv twice, so its Mailchimp member is a person of its own, with no birth
  date and no consent the Salesforce contact could use.
- ContactPointTypeConsent holds the contact point, not the channel: ``Phone`` is the
  SMS and the call consent alike, so a consent covers the sends of the channel its
  contact point names (an SMS consent covers a call).
- Cases carry no deadline extension: every request is due one calendar month after its
  ``CreatedDate`` (Berlin day), which Salesforce always sets (no request lacks a date).
- Contacts carry a birth date but consents no parental-consent field: every consent a
  person gave below the age of digital consent counts, with or without a parent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from gdpr_audit.demo.consents import AGE_OF_CONSENT
from gdpr_audit.demo.context import CHECK_IDS, DemoContext

#: Local zone of a consent's date per country (docs/checks.md, consent.minor_*).
ZONES = {"DE": "Europe/Berlin", "AT": "Europe/Vienna", "FR": "Europe/Paris",
         "BE": "Europe/Brussels"}
DEFAULT_AGE, DEFAULT_ZONE = 16, "Europe/Berlin"
#: Controller's zone for request days; rights.open_due_soon's default window.
ZONE, DUE_SOON_DAYS = "Europe/Berlin", 7

#: Checks the three exports cannot express: the field or table they lack.
NOT_APPLICABLE = {
    "consent.coupled_with_contract": "ContactPointTypeConsent and Mailchimp have no "
    "bundled-with-contract field (consents.bundled_with_contract)",
    "rights.rectification_without_change": "the exports hold no change history of "
    "contacts (contact_changes)",
    "rights.automated_decision_after_optout": "no scoring or automated-decision log is "
    "exported (automated_decisions)",
    "access.special_category_outside_allowlist": "no roles or permissions are exported "
    "(role_permissions)",
    "access.dormant_privileged_user": "no users are exported (users)",
    "access.access_by_deactivated_user": "no users or access log are exported (users, access_log)",
    "access.bulk_export": "no access log is exported (access_log)",
    "access.off_hours": "no access log is exported (access_log)",
    "breach.late_notification": "no breach register is exported (breaches)",
    "breach.not_notified": "no breach register is exported (breaches)",
    "breach.subjects_not_notified": "no breach register is exported (breaches)",
    "breach.incomplete_record": "no breach register is exported (breaches)",
}
#: Applicable checks these files hold no violation of, and why (count 0, not null).
NONE_POSSIBLE = {
    "rights.processing_after_objection": "the demo's objections are followed by scoring "
    "runs, which no export carries; no send follows an objection",
    "rights.request_missing_date": "Salesforce sets Case.CreatedDate itself: a request "
    "without a receipt date cannot be exported (the demo's undated requests show the day "
    "they were entered)",
}
#: Applicable checks whose count relies on linking a Mailchimp member to the Salesforce
#: contact with the same e-mail address (one person, two systems).
NEEDS_LINKING = {
    "consent.no_legal_basis": "a contact whose only consent is the Mailchimp newsletter "
    "has a legal basis once the member is linked to the contact by e-mail (an address "
    "no other contact holds)",
    "retention.inactive_contact": "a Mailchimp member is the Salesforce contact with the "
    "same e-mail, not a second inactive person",
}


@dataclass(frozen=True)
class Written:
    """The exported rows the truth is derived from, keyed by the demo's ``contact_id``.

    ``consents``: ref, contact_id, purpose, channel, given, doi, withdrawn, proof_ok,
    system (salesforce / mailchimp); ``given`` NaT where the file has no date (then
    the loader leaves the consent without one, or, in Mailchimp, writes no consent).
    ``sends``: ref (Task Id), contact_id, channel, sent_at.
    ``cases``: ref (CaseNumber), contact_id, type, status, received, completed.
    ``records``: the ERP rows (Belegart, Belegnummer); ``no_policy_kinds`` the kinds
    (Belegart) without a retention policy.
    """

    consents: pd.DataFrame
    sends: pd.DataFrame
    cases: pd.DataFrame
    records: pd.DataFrame
    no_policy_kinds: tuple[str, ...]


def violations(ctx: DemoContext, w: Written, contacts: pd.DataFrame,
               sf_id_of: dict[str, str]) -> dict[str, dict]:
    """Per check: ``applicable``, exact ``count`` and sorted ``refs``, or the reason."""
    w = replace(w, consents=_members_as_persons(w.consents, contacts))
    refs: dict[str, list[str]] = {}
    unlinked: dict[str, list[str]] = {}
    refs.update(_send_checks(w))
    refs["consent.missing_proof"] = list(
        w.consents.loc[w.consents["system"].eq("salesforce") & ~w.consents["proof_ok"], "ref"])
    email = w.consents[w.consents["channel"].eq("email") & w.consents["given"].notna()]
    refs["consent.no_double_opt_in"] = list(email.loc[email["doi"].isna(), "ref"])
    refs["consent.minor_without_parental_consent"] = _minors(w.consents, contacts)
    # No consent in either system and no customer relationship (the non-consent legal
    # bases have no place in ContactPointTypeConsent).
    prospects = contacts[~contacts["is_customer"].astype(bool)]["contact_id"]
    by_system = {s: set(g["contact_id"]) for s, g in w.consents.groupby("system")}
    in_sf = prospects.isin(by_system.get("salesforce", set()))
    in_mc = prospects.isin(by_system.get("mailchimp", set()))
    refs["consent.no_legal_basis"] = [sf_id_of[c] for c in prospects[~in_sf & ~in_mc]]
    unlinked["consent.no_legal_basis"] = sorted(sf_id_of[c] for c in prospects[~in_sf & in_mc])
    refs.update(_rights_checks(ctx, w, contacts))
    refs["retention.inactive_contact"] = [
        sf_id_of[c] for c in ctx.violations["retention.inactive_contact"]]
    kind = dict(zip(w.records["Belegnummer"], w.records["Belegart"], strict=True))
    for check in ("retention.past_period", "retention.missing_date"):
        refs[check] = [f"{kind[r]}#{r}" for r in ctx.violations[check] if r in kind]
    # The record type the ERP profile makes of a Belegart it has no policy for.
    # A Belegart the ERP profile does not map stays as its lower-case form.
    written = set(w.records["Belegart"])
    refs["retention.no_policy"] = [k.lower() for k in w.no_policy_kinds if k in written]
    out: dict[str, dict] = {}
    for check in CHECK_IDS:
        if check in NOT_APPLICABLE:
            out[check] = {"applicable": False, "count": None, "refs": [],
                          "reason": NOT_APPLICABLE[check]}
            continue
        found = sorted(refs[check])
        out[check] = {"applicable": True, "count": len(found), "refs": found}
        if check in NONE_POSSIBLE:
            out[check]["note"] = NONE_POSSIBLE[check]
        if check in NEEDS_LINKING:
            out[check]["needs"] = NEEDS_LINKING[check]
            out[check]["unlinked_extra"] = unlinked.get(check, [])
    return out


#: Key prefix of a Mailchimp member that links to no Salesforce contact.
MEMBER = "mailchimp:"


def shared_addresses(contacts: pd.DataFrame) -> set[str]:
    """Addresses (lower-cased, trimmed) two or more of the people hold: Contact.csv has
    them twice, so by the linking rule they link nobody."""
    address = contacts["email"].fillna("").astype(str).str.strip().str.lower()
    return set(address[address.ne("") & address.duplicated(keep=False)])


def _members_as_persons(consents: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    """Mailchimp consents keyed by their own member where the address is shared: such a
    member is not the Salesforce contact (``mailchimp:<demo id>``, no birth date)."""
    shared = shared_addresses(contacts)
    address = dict(zip(contacts["contact_id"],
                       contacts["email"].fillna("").astype(str).str.strip().str.lower(),
                       strict=True))
    alone = consents["system"].eq("mailchimp") & consents["contact_id"].map(address).isin(shared)
    out = consents.copy()
    out.loc[alone, "contact_id"] = MEMBER + out.loc[alone, "contact_id"]
    return out


def _send_checks(w: Written) -> dict[str, list[str]]:
    """Each Task against the person's consents of every purpose on its channel."""
    cons = w.consents[w.consents["given"].notna()]
    spans = cons.groupby(["contact_id", "channel"])[["given", "withdrawn"]]
    index = {key: (g["given"].to_numpy(), g["withdrawn"].to_numpy()) for key, g in spans}
    none = (np.array([], dtype=object), np.array([], dtype=object))
    without, after = [], []
    for ref, contact, channel, sent in w.sends[["ref", "contact_id", "channel", "sent_at"]] \
            .itertuples(index=False):
        given, withdrawn = index.get((contact, channel), none)
        before = given <= sent
        valid = before & (pd.isna(withdrawn) | (withdrawn > sent))
        if not before.any():
            without.append(ref)
        elif not valid.any():
            after.append(ref)
    return {"consent.send_without_consent": without, "consent.send_after_withdrawal": after}


def _minors(consents: pd.DataFrame, contacts: pd.DataFrame) -> list[str]:
    """Consents given below the age of digital consent of the contact's country (Art. 8(1));
    age in completed years on the local day of giving, born 29 Feb: older on 1 Mar."""
    people = contacts.set_index("contact_id")
    out = []
    for ref, contact, given in consents[["ref", "contact_id", "given"]].itertuples(index=False):
        if pd.isna(given) or contact not in people.index:  # an unlinked member: no birth date
            continue
        birth, country = people.at[contact, "birth_date"], people.at[contact, "country"]
        if pd.isna(birth):
            continue
        born = pd.Timestamp(birth).date()
        day = pd.Timestamp(given).tz_convert(ZONES.get(country, DEFAULT_ZONE)).date()
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if age < AGE_OF_CONSENT.get(country, DEFAULT_AGE):
            out.append(ref)
    return out


def _rights_checks(ctx: DemoContext, w: Written, contacts: pd.DataFrame) -> dict[str, list[str]]:
    """Deadlines of the Cases (one month, no extension field), objections followed by a
    send, completed erasures whose person is still exported."""
    c = w.cases
    received = _days(c["received"])
    completed = _days(c["completed"])
    deadline = [None if r is None else (pd.Timestamp(r) + pd.DateOffset(months=1)).date()
                for r in received]
    as_of = ctx.as_of
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    late, overdue, due = [], [], []
    for ref, status, cd, dl in zip(c["ref"], c["status"], completed, deadline, strict=True):
        if dl is None:
            continue
        if cd is not None and cd > dl:
            late.append(ref)
        if cd is None and status != "rejected":
            if as_of > dl:
                overdue.append(ref)
            elif as_of <= dl <= soon:
                due.append(ref)
    sends = w.sends.groupby("contact_id")["sent_at"].max()
    objected = c[c["type"].eq("objection") & c["received"].notna()]
    last = objected["contact_id"].map(sends)
    after_objection = list(objected.loc[last.notna() & (last > objected["received"]), "ref"])
    still = set(contacts["contact_id"]) | set(w.sends["contact_id"]) | set(w.consents["contact_id"])
    erased = c[c["type"].eq("erasure") & c["completed"].notna()]
    return {
        "rights.late_response": late,
        "rights.open_overdue": overdue,
        "rights.open_due_soon": due,
        "rights.request_missing_date": list(c.loc[c["received"].isna(), "ref"]),
        "rights.processing_after_objection": after_objection,
        "rights.erasure_not_effective": list(erased.loc[erased["contact_id"].isin(still), "ref"]),
    }


def _days(values: pd.Series) -> list:
    """Berlin calendar days of UTC timestamps (None where missing)."""
    local = pd.to_datetime(values, utc=True).dt.tz_convert(ZONE)
    return [None if pd.isna(t) else t.date() for t in local]
