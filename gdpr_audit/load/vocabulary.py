"""Closed vocabularies of the canonical model and the spellings found in exports.

docs/data-model.md fixes the values of ``channel``, ``legal_basis``,
``request_type``, ``status``, ``risk_level`` and ``action``. Keys are snake forms
(:func:`gdpr_audit.load.parse.snake`); an ``enum`` column of one of these names is
checked against its vocabulary and a value outside it counts as unparsed. A profile
adds its own spellings with ``map``.
"""

from __future__ import annotations

from types import MappingProxyType

# fmt: off
VOCABULARIES: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType({
    "channel": MappingProxyType({
        "email": "email", "e_mail": "email", "mail": "email", "emailmessage": "email",
        "newsletter": "email", "phone": "phone", "call": "phone", "telefon": "phone",
        "telephone": "phone", "phone_call": "phone", "anruf": "phone", "sms": "sms",
        "text": "sms", "text_message": "sms", "post": "post", "letter": "post",
        "brief": "post", "postal": "post", "mail_post": "post", "direct_mail": "post",
    }),
    "legal_basis": MappingProxyType({
        "consent": "consent", "einwilligung": "consent", "opt_in": "consent",
        "freely_given_consent_from_contact": "consent", "contract": "contract",
        "vertrag": "contract", "performance_of_a_contract": "contract",
        "performance_of_contract": "contract", "legal_obligation": "legal_obligation",
        "rechtliche_verpflichtung": "legal_obligation", "vital_interest": "vital_interest",
        "vital_interests": "vital_interest", "public_task": "public_task",
        "public_interest": "public_task", "legitimate_interest": "legitimate_interest",
        "berechtigtes_interesse": "legitimate_interest",
        "legitimate_interest_existing_customer": "legitimate_interest",
        "legitimate_interest_prospect_lead": "legitimate_interest",
        "legitimate_interest_other": "legitimate_interest",
    }),
    "request_type": MappingProxyType({
        "access": "access", "auskunft": "access", "rectification": "rectification",
        "berichtigung": "rectification", "erasure": "erasure", "deletion": "erasure",
        "löschung": "erasure", "right_to_be_forgotten": "erasure",
        "portability": "portability", "data_portability": "portability",
        "datenübertragbarkeit": "portability", "objection": "objection",
        "widerspruch": "objection", "restriction": "restriction",
        "einschränkung": "restriction",
        "automated_decision_optout": "automated_decision_optout",
        "automated_decision_opt_out": "automated_decision_optout",
    }),
    "status": MappingProxyType({
        "open": "open", "new": "open", "offen": "open", "neu": "open",
        "in_progress": "in_progress", "pending": "in_progress",
        "in_bearbeitung": "in_progress", "completed": "completed", "done": "completed",
        "closed": "completed", "erledigt": "completed", "abgeschlossen": "completed",
        "rejected": "rejected", "declined": "rejected", "abgelehnt": "rejected",
    }),
    "risk_level": MappingProxyType({
        "none": "none", "no_risk": "none", "kein": "none", "low": "low", "gering": "low",
        "niedrig": "low", "medium": "medium", "mittel": "medium", "high": "high",
        "hoch": "high",
    }),
    "action": MappingProxyType({
        "read": "read", "view": "read", "export": "export", "update": "update",
        "edit": "update", "delete": "delete", "login": "login",
    }),
})

#: Country names seen in exports -> ISO 3166-1 alpha-2 (two-letter codes pass as they are).
COUNTRY_NAMES: MappingProxyType[str, str] = MappingProxyType({
    "deutschland": "DE", "germany": "DE", "österreich": "AT", "oesterreich": "AT",
    "austria": "AT", "schweiz": "CH", "switzerland": "CH", "frankreich": "FR", "france": "FR",
    "niederlande": "NL", "netherlands": "NL", "the_netherlands": "NL", "belgien": "BE",
    "belgium": "BE", "luxemburg": "LU", "luxembourg": "LU", "italien": "IT", "italy": "IT",
    "spanien": "ES", "spain": "ES", "polen": "PL", "poland": "PL", "dänemark": "DK",
    "denmark": "DK", "schweden": "SE", "sweden": "SE", "tschechien": "CZ",
    "czech_republic": "CZ", "czechia": "CZ", "vereinigtes_königreich": "GB",
    "united_kingdom": "GB", "großbritannien": "GB", "uk": "GB", "usa": "US",
    "united_states": "US", "united_states_of_america": "US", "vereinigte_staaten": "US",
    "irland": "IE", "ireland": "IE", "portugal": "PT", "finnland": "FI", "finland": "FI",
    "norwegen": "NO", "norway": "NO",
})
# fmt: on
