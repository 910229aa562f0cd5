"""run_assessment: registry completeness, audit_findings replacement, privacy of outputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gdpr_audit.assess import registry
from gdpr_audit.core.errors import InputError, UsageError

from .conftest import AS_OF, SALT, add, ts

CATALOGUE = Path(__file__).parents[2] / "docs" / "checks.md"


def test_every_catalogued_check_is_registered_once() -> None:
    text = CATALOGUE.read_text("utf-8")
    documented = {m.group(1): (m.group(2), m.group(3))
                  for m in re.finditer(r"^\| `([a-z_]+\.[a-z_]+)` \| ([^|]+?) \| (\w+) \|", text,
                                       flags=re.M)}
    specs = registry.all_checks()
    ids = [s.check_id for s in specs]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(documented)
    for spec in specs:
        assert (spec.article, spec.severity.value) == documented[spec.check_id], spec.check_id


def seed(con) -> None:
    """One violation per area, personal values that must never reach the findings."""
    add(con, "contacts", [{"contact_id": "C1", "first_name": "Zoltan", "email": "zoltan@example.de",
                           "is_customer": False, "created_at": ts("2020-01-01T10:00")}])
    # a consents export exists (someone else's consent), else sends are not assessable
    add(con, "consents", [{"consent_id": "K9", "contact_id": "C9", "purpose": "events",
                           "channel": "email", "legal_basis": "consent",
                           "given_at": ts("2020-01-01T10:00")}])
    add(con, "communications", [{"communication_id": "M1", "contact_id": "C1",
                                 "purpose": "newsletter", "channel": "email",
                                 "sent_at": ts("2024-01-01T10:00")}])
    add(con, "dsr_requests", [{"request_id": "Q1", "contact_id": "C1", "request_type": "access",
                               "received_at": ts("2024-01-01T10:00"),
                               "completed_at": ts("2024-03-01T10:00"), "status": "completed"}])
    add(con, "business_records", [{"record_id": "B1", "record_type": "note",
                                   "created_at": ts("2020-01-01T10:00")}])
    add(con, "breaches", [{"breach_id": "BR-1", "detected_at": ts("2026-01-01T10:00"),
                           "risk_level": "low", "affected_count": 3,
                           "category": "confidentiality"}])
    add(con, "access_log", [{"event_id": "E1", "user_id": "U1", "action": "export",
                             "record_count": 5000, "accessed_at": ts("2026-01-05T10:00")}])


def test_run_assessment_stores_and_replaces_findings(con) -> None:
    seed(con)
    result = registry.run_assessment(con, AS_OF, salt=SALT)
    assert set(result.areas) == set(registry.AREAS)
    by_check = result.summary.set_index("check_id")["findings"].to_dict()
    assert by_check["consent.send_without_consent"] == 1
    assert by_check["consent.no_legal_basis"] == 1
    assert by_check["rights.late_response"] == 1
    assert by_check["retention.past_period"] == 1
    assert by_check["retention.inactive_contact"] == 1
    assert by_check["breach.not_notified"] == 1
    assert by_check["access.bulk_export"] == 1
    stored = con.execute("SELECT count(*), count(DISTINCT as_of) FROM audit_findings").fetchone()
    assert stored == (len(result.findings), 1)
    # A second run for the same day replaces, a run for another day adds.
    registry.run_assessment(con, AS_OF, salt=SALT)
    assert con.execute("SELECT count(*) FROM audit_findings").fetchone()[0] == len(result.findings)
    registry.run_assessment(con, AS_OF.replace(day=27), salt=SALT, areas=["breaches"])
    assert con.execute("SELECT count(*) FROM audit_findings").fetchone()[0] == (
        len(result.findings) + 1)
    # Re-running one area leaves the other areas' rows of that day alone.
    registry.run_assessment(con, AS_OF, salt=SALT, areas=["breaches"])
    assert con.execute("SELECT count(*) FROM audit_findings WHERE as_of = $d",
                       {"d": AS_OF}).fetchone()[0] == len(result.findings)
    text = " ".join(result.findings["record_ref"]) + " ".join(result.findings["detail"])
    for raw in ("C1", "Zoltan", "zoltan@", "M1", "Q1", "B1", "E1", "U1"):
        assert not re.search(rf"\b{re.escape(raw)}\b", text), raw
    assert result.at_or_above("critical") == 1  # breach.not_notified
    assert result.at_or_above("low") == len(result.findings)


def test_missing_tables_and_unknown_area(con) -> None:
    con.execute("DROP TABLE breaches")
    with pytest.raises(InputError, match="breaches"):
        registry.run_assessment(con, AS_OF, salt=SALT)
    registry.run_assessment(con, AS_OF, salt=SALT, areas=["consent"])  # does not need it
    with pytest.raises(UsageError):
        registry.run_assessment(con, AS_OF, salt=SALT, areas=["nope"])


def test_ropa_overview(con) -> None:
    seed(con)
    add(con, "consents", [{"consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
                           "channel": "email", "legal_basis": "consent"}])
    add(con, "role_permissions", [{"role_id": "marketing", "table_name": "contacts",
                                   "column_name": "email", "can_read": True}])
    result = registry.run_assessment(con, AS_OF, salt=SALT, areas=["ropa"], store=False)
    entries = result.areas["ropa"].tables["entries"]
    rows = entries[entries["purpose"] == "newsletter"]
    parts = {a: list(zip(g["value"], g["n"].astype(object).where(g["n"].notna(), None),
                         strict=True))
             for a, g in rows.groupby("aspect")}
    assert parts["legal_basis"] == [("consent", 1)]
    assert parts["subject_category"] == [("prospects", 1)]
    assert parts["recipient"] == [("marketing", None)]
    assert parts["retention_default"][0][0].startswith("until consent is withdrawn")
    categories = {v for v, _ in parts["data_category"]}
    assert {"email", "first_name"} <= categories


def test_ropa_data_categories_from_the_inventory(con) -> None:
    seed(con)
    add(con, "consents", [{"consent_id": "K1", "contact_id": "C1", "purpose": "newsletter",
                           "channel": "email", "legal_basis": "consent"}])
    add(con, "column_lineage", [{"canonical_table": "contacts", "canonical_column": "email",
                                 "raw_table": "crm__contacts", "raw_column": "Email",
                                 "profile": "demo"}])
    con.execute("CREATE TABLE pii_columns (table_name VARCHAR, column_name VARCHAR, "
                "entity_type VARCHAR, category VARCHAR)")
    con.execute("CREATE TABLE pii_findings (table_name VARCHAR, column_name VARCHAR, "
                "entity_type VARCHAR, category VARCHAR)")

    def categories() -> list[str]:
        result = registry.run_assessment(con, AS_OF, salt=SALT, areas=["ropa"], store=False)
        entries = result.areas["ropa"].tables["entries"]
        return sorted(set(entries[entries["aspect"] == "data_category"]["value"]))

    # An empty inventory (scan not run yet) falls back to the contact attributes.
    assert "email" in categories()
    # Every type the inventory found, also in tables no profile maps (an IBAN of an ERP
    # export, a religion column) and in free text (issue #13 part 7).
    con.execute("INSERT INTO pii_columns VALUES ('crm__contacts', 'Email', 'EMAIL_ADDRESS', "
                "'pii'), ('erp__debtors', 'iban', 'IBAN_CODE', 'pii'), "
                "('erp__debtors', 'Steuer-ID', 'de_tax_id', 'pii'), "
                "('hr__staff', 'Konfession', 'RELIGION', 'special')")
    con.execute("INSERT INTO pii_findings VALUES ('crm__notes', 'body', 'HEALTH', 'special'), "
                "('crm__notes', 'body', '', 'pii')")
    assert categories() == ["DE_TAX_ID", "EMAIL_ADDRESS", "HEALTH", "IBAN_CODE", "RELIGION"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"timezone": "Europe/Berln"}, "assess.timezone"),
        ({"consent": {"timezones": {"FR": "Paris"}}}, "assess.consent.timezones.FR"),
        ({"rights": {"due_soon_days": "soon"}}, "assess.rights.due_soon_days"),
        ({"access": {"dormant_days": -1}}, "assess.access.dormant_days"),
        ({"access": {"off_hours": {"start": "7 am"}}}, "off_hours.start"),
    ],
)
def test_bad_config_is_a_config_error(con, config, message) -> None:
    from gdpr_audit.core.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        registry.run_assessment(con, AS_OF, config, salt=SALT, store=False)


def test_unquoted_yaml_times_are_minutes() -> None:
    from gdpr_audit.assess.access import clock_time

    assert clock_time(420, "start") == "07:00"  # YAML 1.1 reads 07:00 as 420
    assert clock_time("20:00", "end") == "20:00"
