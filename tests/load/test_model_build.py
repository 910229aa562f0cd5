"""The model build: provenance, lineage, model_log, rebuilds, forced profiles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

import gdpr_audit.load.model as model
from gdpr_audit.core.errors import ConfigError, UsageError
from gdpr_audit.load.model import build_model

UTC = ZoneInfo("UTC")


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """Raw tables shaped like the demo export, created directly in SQL."""
    c = duckdb.connect()
    c.execute("SET TimeZone = 'UTC'")
    c.execute("CREATE SCHEMA raw")
    c.execute(
        """CREATE TABLE raw.crm__consents AS SELECT * FROM (VALUES
        ('CS1', 'C1', 'newsletter', 'E-Mail', 'consent', '2024-01-01T10:00:00Z', '', '',
         'web_form', 'v1', 'false', 'false', 'crm/consents.csv', '1'),
        ('CS2', 'C1', 'Product Updates', 'email', 'Einwilligung', 'gestern', '', '',
         '', '', 'vielleicht', '', 'crm/consents.csv', '2'),
        ('', 'C2', 'newsletter', 'fax', 'consent', '', '', '', '', '', '', '',
         'crm/consents.csv', '3')
        ) t(consent_id, contact_id, purpose, channel, legal_basis, given_at,
            doi_confirmed_at, withdrawn_at, proof_source, notice_version,
            parental_consent, bundled_with_contract, _source_file, _record_no)"""
    )
    c.execute(
        """CREATE TABLE raw.privacy__breaches AS SELECT * FROM (VALUES
        ('B1', '2024-03-01 08:00', 'Hoch', '1.234', 'confidentiality',
         '2024-03-05T09:00:00Z', '', 'weekend', 'privacy/breaches.json', '1')
        ) t(breach_id, detected_at, risk_level, affected, category,
            "notification.authority_at", "notification.subjects_at",
            "notification.delay_reason", _source_file, _record_no)"""
    )
    c.execute("CREATE TABLE raw.misc__lookup AS SELECT 'a' AS code, 'b' AS label")
    return c


def test_maps_types_vocabularies_and_provenance(con) -> None:
    report = build_model(con)
    assert report.counts["consents"] == 2
    assert report.unmatched == ["misc__lookup"]
    rows = con.execute(
        "SELECT consent_id, purpose, channel, legal_basis, given_at, parental_consent, "
        "source_table, source_row FROM consents ORDER BY source_row"
    ).fetchall()
    assert rows == [
        (
            "CS1",
            "newsletter",
            "email",
            "consent",
            dt.datetime(2024, 1, 1, 10, tzinfo=UTC),
            False,
            "crm__consents",
            1,
        ),
        ("CS2", "product_updates", "email", "consent", None, None, "crm__consents", 2),
    ]
    breach = con.execute(
        "SELECT detected_at, risk_level, affected_count, authority_notified_at, delay_reason "
        "FROM breaches"
    ).fetchone()
    # Naive local time in Berlin; German vocabulary; "1.234" with thousands dot.
    assert breach == (
        dt.datetime(2024, 3, 1, 7, tzinfo=UTC),
        "high",
        1234,
        dt.datetime(2024, 3, 5, 9, tzinfo=UTC),
        "weekend",
    )


def test_model_log_counts(con) -> None:
    build_model(con)
    row = con.execute(
        "SELECT profile, entity, rows_in, rows_mapped, rows_rejected, rows_skipped, unparsed "
        "FROM model_log WHERE raw_table = 'crm__consents'"
    ).fetchone()
    assert row[:6] == ("demo", "consents", 3, 2, 1, 0)
    # 'gestern', 'vielleicht' and 'fax' did not parse (the rejected row counts too).
    assert json.loads(row[6]) == {"channel": 1, "given_at": 1, "parental_consent": 1}


def test_messages_and_logs_hold_no_values(con) -> None:
    report = build_model(con)
    text = repr(report) + repr(con.execute("SELECT * FROM model_log").fetchall())
    for value in ("gestern", "vielleicht", "fax", "weekend"):
        assert value not in text


def test_column_lineage(con) -> None:
    build_model(con)
    rows = con.execute(
        "SELECT canonical_column, raw_column, profile FROM column_lineage "
        "WHERE canonical_table = 'breaches' ORDER BY 1"
    ).fetchall()
    assert ("authority_notified_at", "notification.authority_at", "demo") in rows
    assert ("affected_count", "affected", "demo") in rows
    assert len(rows) == 8


def test_rebuild_is_idempotent_and_follows_raw(con) -> None:
    first = build_model(con)
    snapshot = con.execute("SELECT * FROM consents ORDER BY consent_id").fetchall()
    second = build_model(con)
    assert second.counts == first.counts
    assert con.execute("SELECT * FROM consents ORDER BY consent_id").fetchall() == snapshot
    assert con.execute("SELECT count(*) FROM model_log").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM column_lineage").fetchone()[0] == len(
        con.execute("SELECT DISTINCT * FROM column_lineage").fetchall()
    )
    con.execute("DROP TABLE raw.privacy__breaches")
    assert build_model(con).counts["breaches"] == 0


def test_forced_profile_only_uses_its_entities(con, tmp_path: Path) -> None:
    report = build_model(con, "salesforce")
    assert report.profile == "salesforce"
    assert report.counts["consents"] == 0
    assert sorted(report.unmatched) == ["crm__consents", "misc__lookup", "privacy__breaches"]


def test_forced_profile_by_path_and_timezone_override(con, tmp_path: Path) -> None:
    path = tmp_path / "breaches_only.yaml"
    path.write_text(
        "name: breaches_only\ntimezone: UTC\nentities:\n  b:\n    table: breaches\n"
        "    match: {headers_all: [breach_id]}\n    columns:\n      breach_id: breach_id\n"
        "      detected_at: detected_at\n",
        "utf-8",
    )
    build_model(con, str(path))
    assert con.execute("SELECT detected_at FROM breaches").fetchone()[0] == dt.datetime(
        2024, 3, 1, 8, tzinfo=UTC
    )
    build_model(con, str(path), timezone="America/New_York")
    assert con.execute("SELECT detected_at FROM breaches").fetchone()[0] == dt.datetime(
        2024, 3, 1, 13, tzinfo=UTC
    )
    with pytest.raises(UsageError, match="timezone"):
        build_model(con, str(path), timezone="Berlin")


def test_tied_profiles_leave_the_table_to_the_generic_mapping(
    con, tmp_path: Path, monkeypatch
) -> None:
    twin = tmp_path / "twin.yaml"
    demo = (Path(model.__file__).parent / "profiles" / "demo.yaml").read_text("utf-8")
    twin.write_text(demo.replace("name: demo", "name: twin"), "utf-8")
    monkeypatch.setattr(model, "list_profiles", lambda: ["demo", str(twin)])
    report = build_model(con)  # a tie is no error: neither profile may claim the table
    assert any("equally well" in w and "--profile" in w for w in report.warnings)
    assert "demo" not in {s.profile for s in report.sources}
    assert "twin" not in {s.profile for s in report.sources}
    # Forcing one of them settles it.
    assert build_model(con, str(twin)).counts["consents"] == 2


def test_duplicate_ids_are_warned_by_count(con) -> None:
    con.execute(
        "INSERT INTO raw.crm__consents SELECT * REPLACE ('99' AS _record_no) "
        "FROM raw.crm__consents WHERE _record_no = '1'"
    )
    report = build_model(con)
    assert any("consents: 1 key value(s) occur more than once" in w for w in report.warnings)


def test_passthrough_enum_into_a_typed_column_is_unparsed_not_an_error(con, tmp_path: Path) -> None:
    path = tmp_path / "loose.yaml"
    path.write_text(
        "name: loose\nentities:\n  c:\n    table: contacts\n"
        "    match: {headers_all: [consent_id]}\n    columns:\n"
        "      contact_id: consent_id\n      is_customer: {source: purpose, parse: enum}\n",
        "utf-8",
    )
    report = build_model(con, str(path))
    assert report.counts["contacts"] == 2
    assert report.sources[0].unparsed == {"is_customer": 3}
    assert "newsletter" not in repr(report)


def test_awkward_header_names_are_quoted(tmp_path: Path) -> None:
    c = duckdb.connect()
    c.execute("CREATE SCHEMA raw")
    c.execute(
        'CREATE TABLE raw."Kunden ""Liste""" AS SELECT \' 7 \' AS "Kd.-Nr. ""alt""", '
        "'x' AS r, '1' AS _record_no"
    )
    path = tmp_path / "odd.yaml"
    path.write_text(
        "name: odd\nentities:\n  c:\n    table: contacts\n"
        "    match: {headers_all: ['Kd.-Nr. \"alt\"']}\n    columns:\n"
        "      contact_id: 'Kd.-Nr. \"alt\"'\n      last_name: r\n"
        "      note_free: {value: x}\n",
        "utf-8",
    )
    with pytest.raises(ConfigError, match="no column .note_free."):
        build_model(c, str(path))
    path.write_text(path.read_text("utf-8").replace("      note_free: {value: x}\n", ""), "utf-8")
    build_model(c, str(path))
    assert c.execute("SELECT contact_id, last_name, source_table FROM contacts").fetchall() == [
        ("7", "x", 'Kunden "Liste"')
    ]


@pytest.mark.parametrize(
    ("contact_id", "warned", "rows"),
    [
        ("pid", True, 0),  # the key header is absent: every row rejected, said once
        ("{source: pid, template: '{_source_file}#{_record_no}'}", False, 1),  # fallback
        ("{template: '{_record_no}'}", False, 1),
    ],
)
def test_key_without_input_is_warned(tmp_path: Path, contact_id: str, warned: bool, rows: int):
    c = duckdb.connect()
    c.execute("CREATE SCHEMA raw")
    c.execute(
        "CREATE TABLE raw.t AS SELECT 'Ada' AS nm, 'f.csv' AS _source_file, '1' AS _record_no"
    )
    path = tmp_path / "k.yaml"
    path.write_text(
        "name: k\nentities:\n  c:\n    table: contacts\n    match: {headers_all: [nm]}\n"
        f"    columns:\n      contact_id: {contact_id}\n      last_name: nm\n",
        "utf-8",
    )
    report = build_model(c, str(path))
    assert any("no source for key column(s) contact_id" in w for w in report.warnings) == warned
    assert report.counts["contacts"] == rows
