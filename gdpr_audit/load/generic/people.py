"""People files: contacts, whether each is a customer, and their consents rows.

Customer evidence, strongest first: a customer flag, an order or purchase count above
zero, a customer label in a status column, a customer number. Consents come from a
legal-basis column, a consent flag or subscription state (``Accepts Email Marketing:
yes`` is a consent without a date: an undatable consent row), or consent dates.
"""

from __future__ import annotations

import re
from typing import Any

from gdpr_audit.load.generic.builder import Builder, PeopleFile, key_template
from gdpr_audit.load.generic.links import people_keys
from gdpr_audit.load.generic.values import consent_state_map, count_map, legal_basis_map, value_map
from gdpr_audit.load.match import header_words

#: Channel of a consent flag named for it (``Accepts SMS Marketing``); e-mail otherwise.
_CHANNEL_WORDS = (("sms", r"\b(sms|text message)\b"), ("phone", r"\b(phone|telefon\w*|anruf)\b"),
                  ("post", r"\b(post|brief|letter|mail order)\b"))


def people_entities(b: Builder) -> dict[str, Any]:
    """The contacts entity and the consents and notes rows that ride along."""
    name = b.name
    emails = b.pick("email", many=True)
    contact_id = b.record_id("person_id")
    number = b.pick("customer_number")
    if "source" not in contact_id and number and b.unique(number[0]):
        # An ERP or shop customer list: the customer number is the person's key.
        contact_id = {"source": number[0], "template": "{_source_file}#{_record_no}"}
        b.take(number[0], "customer_number", "synonym",
               "the list's key (no id column; every customer number once)")
    elif "source" not in contact_id and emails:
        # A subscriber list has no id of its own: the e-mail is the key (pseudonymised
        # in findings; never used for consent or record ids).
        contact_id = {"source": emails[0], "template": "{_source_file}#{_record_no}"}
        b.take(emails[0], "email", "synonym", "the list's key (no id column)")
    cols: dict[str, Any] = {"contact_id": contact_id}
    if emails:
        cols["email"] = emails[0] if len(emails) == 1 else emails
    cols |= b.columns({
        "first_name": "first_name", "last_name": "last_name", "phone": "phone",
        "street": "street", "postcode": "postcode", "city": "city", "country": "country",
        "company": "company", "birth_date": "birth_date", "created_at": "created_at",
        "last_activity_at": "last_activity_at", "contract_end_at": "contract_end_at",
    }, many=("phone",))
    if "first_name" not in cols and "last_name" not in cols:
        cols |= b.columns({"last_name": "full_name"})
    if number:
        cols["customer_number"] = number[0]
    customer = _customer(b, number)
    if customer:
        cols["is_customer"] = customer
    entity = {"table": "contacts", "match": {"tables": [b.t.raw_table]}, "columns": cols}
    entities: dict[str, Any] = {name: entity}
    consent = _consent(b, name, contact_id)
    if consent:
        entities[f"{name}_consent"] = consent
        dated = _dated_consent(b, name, consent)
        if dated:
            entities[f"{name}_dated_consent"] = dated
    notes = b.pick("description")
    if notes:
        entities[f"{name}_notes"] = {
            "table": "notes", "derive_from": name, "require": ["body"],
            "columns": {"note_id": {"template": key_template(contact_id, "note")},
                        "contact_id": contact_id, "body": notes[0]},
        }
    keys = people_keys(contact_id, emails, number)
    if keys:
        b.people[b.t.raw_table] = PeopleFile(b.t.raw_table, name, entity, keys)
    return entities


def _customer(b: Builder, number: list[str]) -> dict[str, Any] | None:
    """``is_customer``: a flag, an order count, a customer label, else a customer number."""
    flag = b.pick("customer_flag")
    if flag:
        return {"source": flag[0], "parse": "bool"}
    count = b.pick("order_count")
    if count:
        mapping = count_map(b.values_of(count[0]))
        above = sum(v == "true" for v in mapping.values())
        b.take(count[0], "order_count", "synonym",
               f"{above} of its {len(mapping)} distinct counts are above 0 (a customer)")
        return {"source": count[0], "parse": "enum", "map": mapping, "values": ["true", "false"]}
    for c in b.cols:
        if c.header in b.taken or "customer_status" not in dict(c.fields):
            continue
        mapping = value_map(c.values, {"true": b.spec.values["customer"],
                                       "false": b.spec.values["not_customer"]})
        if "true" in mapping.values():
            b.take(c.header, "customer_status", "synonym",
                   f"{sum(v == 'true' for v in mapping.values())} of its values name customers")
            return {"source": c.header, "parse": "enum", "map": mapping,
                    "values": ["true", "false"]}
    if number:
        return {"source": number[0], "parse": "present"}
    return None


def _channel(header: str) -> str:
    words = header_words(header)
    return next((ch for ch, pat in _CHANNEL_WORDS if re.search(pat, words)), "email")


def _consent(b: Builder, name: str, contact_id: dict[str, Any]) -> dict[str, Any] | None:
    """One consents row per person from a legal-basis column, a consent flag or dates."""
    basis = b.pick("legal_basis")
    flag = [] if basis else b.pick("consent_flag")
    given = b.pick("consent_given")
    confirmed = b.pick("consent_confirmed")
    withdrawn = b.pick("consent_withdrawn")
    source = b.pick("consent_source")
    ip = b.pick("consent_ip")
    if not (basis or flag or given):
        return None
    cols: dict[str, Any] = {
        "consent_id": {"template": key_template(contact_id, "consent")},
        "contact_id": contact_id,
        "purpose": {"value": "marketing"},
        "channel": {"value": _channel(flag[0]) if flag else "email"},
    }
    if basis:
        cols["legal_basis"] = {"source": basis[0],
                               "map": legal_basis_map(b.values_of(basis[0]), b.spec)}
    elif flag:
        # yes / subscribed without a date is still a consent statement: a row with no
        # given_at (undatable), so the legal basis can be judged; "no" gives no row.
        cols["legal_basis"] = {"source": flag[0],
                               "map": consent_state_map(b.values_of(flag[0]), b.spec)}
    else:
        cols["legal_basis"] = {"value": "consent"}
    for canonical, headers in (("given_at", given), ("doi_confirmed_at", confirmed),
                               ("withdrawn_at", withdrawn)):
        if headers:
            cols[canonical] = headers[0]
    if source:
        cols["proof_source"] = {"source": source[0], "parse": "enum"}
    elif ip:
        cols["proof_source"] = {"template": f"web_form_ip:{{{ip[0]}}}"}
    return {"table": "consents", "derive_from": name,
            "require": ["legal_basis"] if (basis or flag) else ["given_at"],
            "columns": cols}


def _dated_consent(b: Builder, name: str, main: dict[str, Any]) -> dict[str, Any] | None:
    """A dated consent where the legal-basis column names no consent ('Not applicable').

    A contact with a consent date has consented, whatever the basis column says.
    """
    cols = main["columns"]
    basis = cols["legal_basis"]
    if "source" not in basis or "given_at" not in cols or basis["source"] not in (
            b.chosen.get("legal_basis") or []):
        return None
    refused = b.spec.values["no_consent_state"] + "|refus|withdraw|widerruf|abgelehnt|" \
                                                  "verweigert|stop_processing|remove"
    other = sorted(v for v, t in basis["map"].items()
                   if t != "consent" and not re.search(refused, v))
    if not other:
        return None
    dated = {k: v for k, v in cols.items() if k != "legal_basis"}
    dated["consent_id"] = {"template": cols["consent_id"]["template"].replace(
        "#consent", "#dated_consent")}
    dated["legal_basis"] = {"value": "consent"}
    return {"table": "consents", "derive_from": name, "require": ["given_at"],
            "where": {basis["source"]: other}, "columns": dated}
