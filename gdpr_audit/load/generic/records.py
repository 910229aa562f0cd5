"""Activities and sends, tickets and requests, documents: records that point at people.

Activities become ``communications`` only for marketing types (newsletter, campaign,
mailing) that are done; tickets become ``business_records`` (``ticket``) and, for request
types of the type column (access, erasure, ...), ``dsr_requests``; documents (invoices,
orders, vouchers) become ``business_records``.
"""

from __future__ import annotations

import re
from typing import Any

from gdpr_audit.load import parse
from gdpr_audit.load.generic.builder import Builder, key_template
from gdpr_audit.load.generic.links import link
from gdpr_audit.load.generic.values import snake_values, value_map
from gdpr_audit.load.match import header_words


def activity_entities(b: Builder) -> dict[str, Any]:
    """Marketing sends that are done, linked to people (nothing without a link or a date)."""
    name = b.name
    comm_id = b.record_id("activity_id")
    link_to = link(b)
    if link_to is None:
        b.t.reason += "; no column links the rows to people"
        return {}
    types = b.pick("activity_type")
    done = b.pick("done")
    cols: dict[str, Any] = {"communication_id": comm_id, "contact_id": link_to,
                            "purpose": {"value": "marketing"}}
    where: dict[str, list[str]] = {}
    if types:
        values = snake_values(b.values_of(types[0]))
        marketing = sorted(v for v in values
                           if re.search(b.spec.values["marketing_send"], v))
        if not marketing:
            b.t.reason += (f"; no value of {types[0]!r} names a marketing send "
                           "(calls, meetings and sales e-mails are not mapped)")
            return {}
        where[types[0]] = marketing
        channel_map = {v: "" for v in values} | value_map(marketing, b.spec.values["channel"])
        cols["channel"] = {"source": types[0], "map": channel_map}
    else:
        cols["channel"] = {"value": "email"}
    if done:
        states = value_map(b.values_of(done[0]),
                           {"true": b.spec.values["done_state"],
                            "false": b.spec.values["not_done_state"]})
        where[done[0]] = sorted({w for w in parse.TRUE_WORDS if w not in ("x", "-1")}
                                | {v for v, t in states.items() if t == "true"})
    campaign = b.pick("campaign")
    if campaign:
        cols["campaign"] = campaign[0]
    sent = b.pick("sent_at", many=True)
    if not sent:
        b.t.reason += "; no send date"
        return {}
    cols["sent_at"] = sent[0] if len(sent) == 1 else sent
    entity: dict[str, Any] = {"table": "communications",
                              "match": {"tables": [b.t.raw_table]}, "columns": cols}
    if where:
        entity["where"] = where
    return {name: entity}


def ticket_entities(b: Builder) -> dict[str, Any]:
    """Ticket records, their request rows (by the type column) and their descriptions."""
    name = b.name
    ticket_id = b.record_id("ticket_id")
    link_to = link(b)
    created = b.pick("ticket_created")
    closed = b.pick("ticket_closed", many=True)
    due = b.pick("ticket_due")
    status = b.pick("ticket_status")
    types = b.pick("ticket_type")
    # Only the type column says whether a ticket is a request: subjects are free
    # text (names, addresses) and never become profile values.
    record: dict[str, Any] = {"record_id": ticket_id, "record_type": {"value": "ticket"}}
    if link_to:
        record["contact_id"] = link_to
    if created:
        record["created_at"] = created[0]
    entities: dict[str, Any] = {name: {"table": "business_records",
                                       "match": {"tables": [b.t.raw_table]},
                                       "columns": record}}
    requests = value_map(b.values_of(types[0]), b.spec.values["request_type"]) if types else {}
    if requests:
        others = {v: "" for v in snake_values(b.values_of(types[0])) if v not in requests}
        req: dict[str, Any] = {"request_id": ticket_id,
                               "request_type": {"source": types[0], "map": requests | others}}
        if link_to:
            req["contact_id"] = link_to
        if created:
            req["received_at"] = created[0]
        if due:
            req["deadline_at"] = due[0]
        if closed:
            req["completed_at"] = closed[0] if len(closed) == 1 else closed
        if status:
            req["status"] = {"source": status[0], "map": value_map(
                b.values_of(status[0]), b.spec.values["ticket_status"])}
        entities[f"{name}_requests"] = {
            "table": "dsr_requests", "derive_from": name,
            "where": {types[0]: sorted(requests)}, "columns": req}
    body = b.pick("description")
    if body:
        entities[f"{name}_notes"] = {
            "table": "notes", "derive_from": name, "require": ["body"],
            "columns": {"note_id": {"template": key_template(ticket_id, "description")},
                        **({"contact_id": link_to} if link_to else {}),
                        **({"created_at": created[0]} if created else {}),
                        "body": body[0]}}
    return entities


def document_entities(b: Builder) -> dict[str, Any]:
    """Invoices, orders, vouchers and letters as business records (type from a column or
    the file name)."""
    name = b.name
    doc_id = b.record_id("document_id")
    link_to = link(b)
    doc_date = b.pick("document_date")
    doc_type = b.pick("document_type")
    words = header_words(b.t.raw_table)
    default = next((t for t, p in b.spec.values["document_type"].items()
                    if re.search(p, words.replace(" ", "_"))), "invoice")
    cols: dict[str, Any] = {"record_id": doc_id}
    if doc_type:
        mapping = value_map(b.values_of(doc_type[0]), b.spec.values["document_type"])
        cols["record_type"] = {"source": doc_type[0], "parse": "enum", "map": mapping,
                               "default": default}
    else:
        cols["record_type"] = {"value": default}
    if link_to:
        cols["contact_id"] = link_to
    if doc_date:
        cols["created_at"] = doc_date[0]
    return {name: {"table": "business_records", "match": {"tables": [b.t.raw_table]},
                   "columns": cols}}
