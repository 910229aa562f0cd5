"""Consent checks (GDPR Art. 6, 7, 8) and consent coverage.

Rules: ``docs/checks.md`` section "Consent". Config: ``assess.consent`` in
``gdpr_audit/core/defaults.yaml`` (ages of digital consent and time zones per country).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from gdpr_audit.assess import prepare
from gdpr_audit.assess.assessability import judge
from gdpr_audit.assess.base import Area, AreaResult, AssessContext, make_context, run_checks
from gdpr_audit.core.errors import ConfigError

AREA = Area("consent")
#: Fields consent.missing_proof may require (config assess.consent.proof_fields).
PROOF_FIELDS = ("given_at", "proof_source", "notice_version", "doi_confirmed_at")


def proof_fields(ctx: AssessContext) -> list[str]:
    """The consents fields that prove a consent, from ``assess.consent.proof_fields``.

    Raises:
        ConfigError: not a list of :data:`PROOF_FIELDS`.
    """
    fields = ctx.setting("consent", "proof_fields")
    if not isinstance(fields, list) or any(f not in PROOF_FIELDS for f in fields):
        raise ConfigError(
            f"assess.consent.proof_fields must be a list of {', '.join(PROOF_FIELDS)}"
        )
    return [f"consents.{f}" for f in fields]


@AREA.check("consent.send_without_consent", article="6(1)(a)", severity="high",
            needs=["communications.sent_at", "communications.contact_id",
                   "communications.channel", "consents.given_at", "consents.purpose",
                   "consents.channel"])
def send_without_consent(ctx: AssessContext) -> pd.DataFrame:
    """Sends with no consent for (contact, purpose, channel) given before the send."""
    return ctx.query("consent_send_without_consent")


@AREA.check("consent.send_after_withdrawal", article="7(3)", severity="high",
            needs=["communications.sent_at", "communications.contact_id",
                   "communications.channel", "consents.given_at",
                   "consents.withdrawn_at|opted_out"])
def send_after_withdrawal(ctx: AssessContext) -> pd.DataFrame:
    """Sends after every matching consent had been withdrawn."""
    return ctx.query("consent_send_after_withdrawal")


@AREA.check("consent.missing_proof", article="7(1)", severity="medium",
            needs=["consents.legal_basis"], evidence=proof_fields)
def missing_proof(ctx: AssessContext) -> pd.DataFrame:
    """Consents lacking a proof field (given_at, proof_source, notice_version by default)."""
    fields = [f.removeprefix("consents.") for f in proof_fields(ctx)]
    return ctx.query("consent_missing_proof", {"proof_fields": fields})


@AREA.check("consent.no_double_opt_in", article="7(1)", severity="medium",
            needs=["consents.doi_confirmed_at", "consents.given_at", "consents.channel"])
def no_double_opt_in(ctx: AssessContext) -> pd.DataFrame:
    """E-mail consents never confirmed by double opt-in."""
    return ctx.query("consent_no_double_opt_in")


@AREA.check("consent.minor_without_parental_consent", article="8(1)", severity="high",
            needs=["consents.given_at", "contacts.birth_date"])
def minor_without_parental_consent(ctx: AssessContext) -> pd.DataFrame:
    """Consents of children below their country's age of digital consent, no parental consent."""
    prepare.subject_map(ctx)
    return ctx.query("consent_minor", country_rule_params(ctx.setting("consent")))


@AREA.check("consent.coupled_with_contract", article="7(4)", severity="high",
            needs=["consents.bundled_with_contract"])
def coupled_with_contract(ctx: AssessContext) -> pd.DataFrame:
    """Consents made a condition of a contract."""
    return ctx.query("consent_coupled")


@AREA.check("consent.no_legal_basis", article="6(1)", severity="high",
            needs=["contacts.is_customer|customer_number", "consents.contact_id"])
def no_legal_basis(ctx: AssessContext) -> pd.DataFrame:
    """Persons (records linked across systems) with no recorded legal basis at all.

    One finding per person, not per record: its sources are judged here, so a person
    with a record in a source that cannot tell a customer (no customer field) is still
    found through the record of a source that can (Art. 6(1)).
    """
    prepare.subject_map(ctx)
    spec = next(s for s in AREA.checks if s.check_id == "consent.no_legal_basis")
    verdict = judge(ctx.source_fields, spec.check_id, spec.area, spec.needs,
                    spec.evidence_fields(ctx))
    return ctx.query("consent_no_legal_basis", {"skipped": sorted(verdict.skip)})




def country_rule_params(section: Mapping[str, Any]) -> dict[str, Any]:
    """SQL parameters for the per-country age of digital consent and time zone.

    ``section`` is ``assess.consent``: ``age_of_consent`` (country -> years),
    ``default_age_of_consent``, ``timezones`` (country -> IANA zone), ``default_timezone``.
    """
    ages = {str(k).upper(): int(v) for k, v in (section.get("age_of_consent") or {}).items()}
    zones = {str(k).upper(): str(v) for k, v in (section.get("timezones") or {}).items()}
    default_zone = str(section.get("default_timezone", "Europe/Berlin"))
    default_age = int(section.get("default_age_of_consent", 16))
    countries = sorted(set(ages) | set(zones))
    return {
        "countries": countries,
        "ages": [ages.get(c, default_age) for c in countries],
        "zones": [zones.get(c, default_zone) for c in countries],
        "default_age": default_age,
        "max_age": max([default_age, *ages.values()]),
        "default_zone": default_zone,
    }


def run(con: duckdb.DuckDBPyConnection, as_of: dt.date, config: Mapping[str, Any],
        *, salt: str | None = None) -> AreaResult:
    """Run the consent checks and compute the coverage tables.

    Args:
        con: audit database with the canonical tables.
        as_of: the audit date ("now").
        config: the ``assess`` section of the audit configuration.
        salt: salt of pseudonymous ids (default: ``GDPR_AUDIT_SALT``).

    Returns:
        AreaResult whose ``tables`` are

        - ``coverage_by_purpose_channel``: purpose, channel, contacts (all contacts),
          with_valid_consent (contacts with a consent valid at the end of ``as_of``),
          share (with_valid_consent / contacts, 0..1);
        - ``coverage_by_month``: month (DATE, first day of the month of sending, UTC),
          sends (outbound marketing), covered (with a valid consent at send time),
          share (0..1);
        - ``sends_by_class``: send_class (marketing, transactional, service, inbound),
          rule (the send rule that decided, ``unknown:<vendor>`` for the vendor's
          default), vendor, sends: what counted as marketing (send_rules.yaml).
    """
    ctx = make_context(con, as_of, config, salt)
    return run_area(ctx)


def run_area(ctx: AssessContext) -> AreaResult:
    """Consent checks on a prepared context (the per-send status is built first)."""
    prepare.send_classes(ctx)
    prepare.opt_outs(ctx)
    ctx.run_file("consent_send_status")
    try:
        result = run_checks(AREA, ctx)
        result.tables["coverage_by_purpose_channel"] = ctx.query(
            "consent_coverage_purpose_channel"
        )
        result.tables["coverage_by_month"] = ctx.query("consent_coverage_month")
        result.tables["sends_by_class"] = ctx.query("consent_sends_by_class")
    finally:
        ctx.execute("DROP TABLE IF EXISTS assess_send_consent")
    return result
