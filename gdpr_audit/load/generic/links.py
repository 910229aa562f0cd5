"""Which column links an activities, tickets or documents file to the people of the export.

A person-like header (``Person - ID``, ``Contact ID``, ``Email``, ``Kundennummer``) whose
values overlap one of the keys of a people file already mapped: its id, its e-mail or its
customer number. A link by e-mail or customer number is a profile ``lookup`` that
replaces the value by the person's id, so orders linked by e-mail join their customer.
"""

from __future__ import annotations

import re
from typing import Any

from gdpr_audit.load.generic.builder import Builder
from gdpr_audit.load.generic.values import overlap, sample
from gdpr_audit.load.match import header_words

_LINK = re.compile(
    r"(^| )(person|contact|kontakt|customer|kunde|kunden|requester|anfragender|subscriber|"
    r"abonnent|recipient|empfaenger|member|client|debitor|who)( |$)|^(person|contact|customer)"
)
_KEY_FIELDS = ("email", "person_id", "customer_number")
#: Share of a column's distinct values that must be keys of the people file.
LINK_OVERLAP = 0.5


def link(b: Builder) -> str | dict[str, Any] | None:
    """The ``contact_id`` spec of a non-people table, or None when nothing links it."""
    named = [c for c in b.cols if c.header not in b.taken
             and (_LINK.search(header_words(c.header))
                  or any(f in _KEY_FIELDS for f, _ in c.fields))]
    best: tuple[float, str, str, str] = (0.0, "", "", "")  # share, header, people, key
    for c in named:
        values = c.values or sample(b.con, b.t.raw_table, c.header)
        for raw, people in b.people.items():
            for what, col in people.keys.items():
                share = overlap(b.con, values, raw, col) if values else 0.0
                if share > best[0]:
                    best = (share, c.header, raw, what)
    share, header, raw, what = best
    if header and share >= LINK_OVERLAP:
        people = b.people[raw]
        why = f"{share:.0%} of its values are {what} values of raw.{raw}"
        if what == "id":
            b.take(header, "contact_id", "link", why)
            return header
        b.take(header, "contact_id", "link", f"{why}, looked up to its id "
                                             f"{people.keys['id']!r}")
        b.extra_entities[people.name] = people.entity
        b.t.warnings.append(
            f"raw.{b.t.raw_table}: linked to people by {header!r} ({what}); rows whose value "
            f"no person of raw.{raw} has keep it as contact id")
        return {"source": header, "lookup": {"entity": people.name, "match": people.keys[what],
                                             "take": people.keys["id"]}}
    if b.people:
        return None
    for c in named:
        if any(f == "person_id" for f, _ in c.fields) or re.search(
                r"(id|nr|nummer|number)$", header_words(c.header)):
            b.take(c.header, "contact_id", "link", "named like a person id (no people file "
                                                   "in this export to compare values with)")
            return c.header
    return None


def people_keys(contact_id: dict[str, Any], email: list[str], number: list[str]) -> dict[str, str]:
    """What other files may link to in a people file: id, e-mail, customer number headers."""
    ref = contact_id.get("source")
    if not ref:
        return {}
    keys = {"id": ref}
    if email and email[0] != ref:
        keys["email"] = email[0]
    if number and number[0] != ref:
        keys["customer_number"] = number[0]
    return keys

