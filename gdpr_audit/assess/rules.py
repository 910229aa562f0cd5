"""Vendor knowledge the assessment applies, kept as data (YAML next to this module).

- ``purposes.yaml``: canonical purposes and the vendors' names for them (issue #10.4);
- ``send_rules.yaml``: what counts as an outbound marketing send, per vendor (#10.5);
- ``request_rules.yaml``: data-subject requests in cases/tickets, EN + DE (#10.8).

Each is overridable from the ``assess`` config (``consent.purposes``,
``consent.send_rules``, ``rights.request_rules``). The functions here are pure: values
in, labels out; :mod:`gdpr_audit.assess.prepare` applies them to the distinct values
of the audit database. Patterns are Python regular expressions, case-insensitive.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from gdpr_audit.core.config import _deep_merge
from gdpr_audit.core.errors import ConfigError

#: Classes of communications; only ``marketing`` needs marketing consent.
SEND_CLASSES = ("marketing", "transactional", "service", "inbound")
#: request_type vocabulary (docs/data-model.md); None = a request of unstated type.
REQUEST_TYPES = ("access", "rectification", "erasure", "portability", "objection",
                 "restriction", "automated_decision_optout")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@cache
def _shipped(name: str) -> Any:
    text = resources.files("gdpr_audit.assess").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


def normalise(value: str) -> str:
    """Lower-case snake words: ``"Marketing Information"`` -> ``marketing_information``."""
    return _NON_WORD.sub("_", value.strip().lower()).strip("_")


def purpose_aliases(extra: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Normalised recorded purpose -> canonical purpose (shipped aliases, then ``extra``)."""
    out: dict[str, str] = {}
    for canonical, spec in (_shipped("purposes.yaml").get("purposes") or {}).items():
        for alias in [canonical, *((spec or {}).get("aliases") or [])]:
            out[normalise(str(alias))] = str(canonical)
    for alias, canonical in (extra or {}).items():
        if not isinstance(canonical, str) or not canonical.strip():
            raise ConfigError(f"assess.consent.purposes.{alias}: canonical purpose must be text")
        out[normalise(str(alias))] = normalise(canonical)
    return out


def canonical_purpose(value: str, aliases: Mapping[str, str]) -> str:
    key = normalise(value)
    return aliases.get(key, key)


@dataclass(frozen=True)
class Rule:
    """One pattern rule: ``id``, the label it gives, its compiled pattern."""

    rule_id: str
    label: str | None
    pattern: re.Pattern[str]


def _compile(items: Sequence[Mapping[str, Any]], key: str, where: str,
             allowed: Sequence[str | None]) -> list[Rule]:
    rules = []
    for item in items:
        rule_id = str(item.get("id") or "")
        label = item.get(key)
        if not rule_id or "pattern" not in item:
            raise ConfigError(f"{where}: every rule needs id and pattern")
        if label not in allowed:
            raise ConfigError(f"{where}.{rule_id}: {key} must be one of "
                              f"{', '.join(str(a) for a in allowed)}")
        try:
            pattern = re.compile(str(item["pattern"]), re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"{where}.{rule_id}: invalid pattern ({exc.msg})") from None
        rules.append(Rule(rule_id, label, pattern))
    return rules


class SendRules:
    """Classify a communication as marketing / transactional / service / inbound."""

    def __init__(self, override: Mapping[str, Any] | None = None) -> None:
        data = _deep_merge(dict(_shipped("send_rules.yaml")), dict(override or {}))
        self._unknown = self._class(data.get("unknown", "marketing"), "send_rules.unknown")
        self._shared = _compile(data.get("rules") or [], "class", "send_rules", SEND_CLASSES)
        self._vendors: dict[str, tuple[str, list[Rule]]] = {}
        for vendor, spec in (data.get("vendors") or {}).items():
            spec = spec or {}
            where = f"send_rules.vendors.{vendor}"
            self._vendors[str(vendor)] = (
                self._class(spec.get("unknown", self._unknown), f"{where}.unknown"),
                _compile(spec.get("rules") or [], "class", where, SEND_CLASSES),
            )

    @staticmethod
    def _class(value: Any, where: str) -> str:
        if value not in SEND_CLASSES:
            raise ConfigError(f"assess.consent.{where} must be one of {', '.join(SEND_CLASSES)}")
        return str(value)

    def classify(self, vendor: str | None, direction: str | None,
                 kind: str | None) -> tuple[str, str]:
        """``(class, rule id)``; the rule id says why (``inbound``, ``unknown:<vendor>``)."""
        if direction is not None and normalise(direction) in ("inbound", "incoming", "in",
                                                             "eingehend"):
            return "inbound", "inbound"
        unknown, own = self._vendors.get(vendor or "", (self._unknown, []))
        if kind:
            for rule in [*own, *self._shared]:
                if rule.pattern.search(kind):
                    return str(rule.label), rule.rule_id
        return unknown, f"unknown:{vendor or '-'}"


class RequestRules:
    """Recognise a data-subject request (and its type) in a case's type and subject."""

    def __init__(self, extra: Sequence[Mapping[str, Any]] | None = None) -> None:
        where = "assess.rights.request_rules"
        shipped = _shipped("request_rules.yaml").get("rules") or []
        self.rules = _compile([*(extra or []), *shipped], "type", where,
                              [*REQUEST_TYPES, None])

    def classify(self, case_type: str | None, subject_line: str | None) -> Rule | None:
        """The first rule found in ``case_type``, else in ``subject_line``; None if none."""
        for text in (case_type, subject_line):
            if not text:
                continue
            for rule in self.rules:
                if rule.pattern.search(text):
                    return rule
        return None
