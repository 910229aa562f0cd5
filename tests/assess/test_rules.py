"""Vendor knowledge as data: request rules (EN + DE), send classes, canonical purposes."""

from __future__ import annotations

import pytest

from gdpr_audit.assess.rules import (
    RequestRules,
    SendRules,
    canonical_purpose,
    normalise,
    purpose_aliases,
)
from gdpr_audit.core.errors import ConfigError

REQUESTS = [  # (case type, subject line, expected request type or "" for none/None)
    (None, "Auskunft nach Art. 15", "access"),
    (None, "Auskunft nach Art. 15 DSGVO", "access"),
    (None, "Antrag auf Auskunft", "access"),
    (None, "Selbstauskunft", "access"),
    (None, "Auskunft über meine gespeicherten Daten", "access"),
    (None, "Request for a copy of my personal data", "access"),
    (None, "Subject Access Request", "access"),
    (None, "Löschung", "erasure"),
    (None, "Bitte Löschung meiner Daten", "erasure"),
    (None, "Loeschung meiner personenbezogenen Daten", "erasure"),
    (None, "Kontolöschung", "erasure"),
    (None, "Please delete my account", "erasure"),
    (None, "Right to be forgotten", "erasure"),
    (None, "Widerspruch", "objection"),
    (None, "Widerspruch gegen Werbung", "objection"),
    (None, "I object to direct marketing", "objection"),
    (None, "Berichtigung meiner Daten", "rectification"),
    (None, "Recht auf Datenübertragbarkeit", "portability"),
    (None, "Einschränkung der Verarbeitung", "restriction"),
    (None, "GDPR request", None),
    (None, "Datenschutzanfrage", None),
    ("GDPR Request", "Re: my order", None),
    ("Datenschutz-Löschung", "Frage", "erasure"),   # the type field wins
    # traps: everyday German and English
    (None, "Auskunft zum Liefertermin", ""),
    (None, "Löschung des Termins", ""),
    (None, "Widerspruch gegen die Rechnung", ""),
    (None, "Order #1234 status", ""),
    (None, "Re: invoice question", ""),
    (None, "Please delete the duplicate ticket", ""),
    (None, None, ""),
]


@pytest.mark.parametrize(("case_type", "subject", "expected"), REQUESTS)
def test_request_rules(case_type, subject, expected) -> None:
    rule = RequestRules().classify(case_type, subject)
    if expected == "":
        assert rule is None
    else:
        assert rule is not None and rule.label == expected, rule
        assert rule.rule_id.split(".")[0] in ("de", "en")


def test_request_rules_from_config_come_first() -> None:
    rules = RequestRules([{"id": "acme.dsr", "type": "access", "pattern": "^DSR-\\d+"}])
    rule = rules.classify(None, "DSR-0042 Löschung")
    assert rule is not None and rule.rule_id == "acme.dsr"
    with pytest.raises(ConfigError, match="type"):
        RequestRules([{"id": "x", "type": "complaint", "pattern": "x"}])
    with pytest.raises(ConfigError, match="pattern"):
        RequestRules([{"id": "x", "type": "access", "pattern": "("}])


SENDS = [  # (vendor, direction, kind, expected class)
    ("demo", None, None, "marketing"),
    ("mailchimp", None, "Newsletter März", "marketing"),
    (None, None, "Order confirmation", "transactional"),
    (None, None, "Rechnung 2024-17", "transactional"),
    (None, None, "Passwort zurücksetzen", "transactional"),
    (None, "Inbound", "Call", "inbound"),
    (None, "eingehend", None, "inbound"),
    (None, None, "Re: Ihre Anfrage", "service"),
    ("hubspot", None, "TRANSACTIONAL", "transactional"),
    ("mailchimp", None, "Mandrill message", "transactional"),
    ("salesforce", "outbound", "Call", "marketing"),  # an outbound sales call is advertising
]


@pytest.mark.parametrize(("vendor", "direction", "kind", "expected"), SENDS)
def test_send_classes(vendor, direction, kind, expected) -> None:
    assert SendRules().classify(vendor, direction, kind)[0] == expected


def test_send_rules_override_per_vendor() -> None:
    rules = SendRules({"vendors": {"salesforce": {"unknown": "service"}}})
    assert rules.classify("salesforce", None, "Call") == ("service", "unknown:salesforce")
    assert rules.classify("salesforce", None, "Invoice 7")[0] == "transactional"
    assert rules.classify("hubspot", None, "Call")[0] == "marketing"
    with pytest.raises(ConfigError):
        SendRules({"unknown": "spam"})


def test_canonical_purposes() -> None:
    aliases = purpose_aliases()
    assert normalise(" Marketing Information ") == "marketing_information"
    assert canonical_purpose("Marketing Information", aliases) == "newsletter"  # HubSpot
    assert canonical_purpose("Produktneuigkeiten", aliases) == "product_updates"
    assert canonical_purpose("Loyalty Club", aliases) == "loyalty_club"  # unknown: kept
    extra = purpose_aliases({"Loyalty Club": "Newsletter"})
    assert canonical_purpose("loyalty-club", extra) == "newsletter"
    with pytest.raises(ConfigError):
        purpose_aliases({"x": ""})
