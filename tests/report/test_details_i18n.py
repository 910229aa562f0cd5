"""Findings rendered from detail_key + params (issue #13 item 9), per language, with the
structured columns beside the prose; old databases (no such columns) still report."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import string
from pathlib import Path

import pytest

from gdpr_audit.assess.base import STRUCTURED_COLUMNS, json_value, structured
from gdpr_audit.assess.registry import all_checks, run_assessment
from gdpr_audit.core.db import columns_of, connect
from gdpr_audit.load.parse import timestamp_sql
from gdpr_audit.report import open_audit
from gdpr_audit.report.actions import write_findings_csv
from gdpr_audit.report.i18n import detail_templates, finding_text, finding_texts, render_detail
from gdpr_audit.report.pdf import findings_appendix
from gdpr_audit.report.results import area_result
from gdpr_audit.report.summary import findings_examples

from .conftest import AS_OF, build_audit_db

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
GERMAN_DAY = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_both_languages_have_the_same_keys_and_values() -> None:
    en, de = detail_templates("en"), detail_templates("de")
    assert set(en) == set(de)
    for key in en:
        assert _fields(en[key]["text"]) == _fields(de[key]["text"]), key
        assert set(en[key]["none"]) == set(de[key]["none"]), key
        assert en[key]["items"].keys() == de[key]["items"].keys(), key
        for name, kinds in en[key]["items"].items():
            assert set(kinds) == set(de[key]["items"][name]), (key, name)


def test_every_check_has_a_wording() -> None:
    keys = set(detail_templates("en"))
    for spec in all_checks():
        assert spec.check_id in keys, spec.check_id


def test_render_dates_numbers_vocabulary_and_nulls() -> None:
    params = {"request_type": "access", "received": "2026-03-10", "completed": "2026-04-11",
              "deadline": "2026-04-10", "days_late": 1}
    assert render_detail("rights.late_response", params, "de", subject_ref="S-1",
                         record_ref="R-1") == (
        "betroffene Person S-1: Antrag auf Auskunft (Art. 15), eingegangen 10.03.2026, "
        "erledigt 11.04.2026: 1 Tag(e) nach der gesetzlichen Frist 10.04.2026")
    assert render_detail("rights.late_response", json.dumps(params), "en",
                         subject_ref="S-1", record_ref="R-1") == (
        "subject S-1: access request received 2026-03-10, completed 2026-04-11, 1 day(s) "
        "after the legal deadline 2026-04-10")
    hours = {"hours": 80.5, "limit": 72}
    assert "80,5 h" in render_detail("breach.late_notification", hours, "de")
    assert "(Frist 72,0 h)" in render_detail("breach.late_notification", hours, "de")
    assert "80.5 h after detection (limit 72.0 h)" in render_detail(
        "breach.late_notification", hours, "en")
    # NULL -> the template's words for it; the record being the subject: no prefix
    assert render_detail("consent.no_legal_basis", {"since": None}, "de", subject_ref="S-9",
                         record_ref="S-9") == (
        "Kontakt seit unbekanntem Datum gespeichert, ohne erfasste Rechtsgrundlage und ohne "
        "Kundenbeziehung")
    places = [{"place": "contacts", "rows": 1, "kind": "row"},
              {"place": "notes.body", "rows": 2, "kind": "rows_text"}]
    assert render_detail("rights.erasure_not_effective",
                         {"completed": "2025-03-14", "n": 2, "places": places}, "de").endswith(
        "2 Tabelle(n): contacts (1 Zeile), notes.body (2 Zeilen, im Text genannt)")
    assert render_detail("no.such_key", {}, "de") is None


def test_rows_without_a_key_fall_back_to_the_prose() -> None:
    prose = ("subject S-1: newsletter via email sent 2026-02-09 after all 2 consent(s) had "
             "been withdrawn")
    assert finding_text("consent.send_after_withdrawal", prose, "en") == prose
    german = finding_text("consent.send_after_withdrawal", prose, "de")
    assert german.startswith("betroffene Person S-1: ") and "09.02.2026" in german
    # the checks still without structured columns (helper C's SQL) read in German too
    linked = ("contact held since 2020-01-02 with no recorded legal basis and no customer "
              "relationship (one person, 2 records in hubspot, orocrm)")
    assert finding_text("consent.no_legal_basis", linked, "de") == (
        "Kontakt seit 02.01.2020 gespeichert, ohne erfasste Rechtsgrundlage und ohne "
        "Kundenbeziehung (eine Person, 2 Datensätze in hubspot, orocrm)")
    # a key the templates do not know (written by a newer version): the prose, translated
    assert finding_text("consent.send_after_withdrawal", prose, "de",
                        detail_key="consent.newer_wording", params="{}") == german


def test_structured_values_are_the_same_from_either_engine() -> None:
    import pandas as pd

    # DuckDB gives Int64 / datetime64; Spark float (BIGINT with NULLs) / datetime.date
    duck = pd.DataFrame({"record_ref": ["a", "b"], "p_n": pd.array([3, None], dtype="Int64"),
                         "p_day": pd.to_datetime(["2026-01-02", None]),
                         "event_date": pd.to_datetime(["2026-01-02", None]),
                         "measured_value": [3, None]})
    spark = pd.DataFrame({"record_ref": ["a", "b"], "p_n": [3.0, float("nan")],
                          "p_day": [dt.date(2026, 1, 2), None],
                          "event_date": [dt.date(2026, 1, 2), None],
                          "measured_value": [3.0, float("nan")]})
    assert structured(duck) == structured(spark)
    got = structured(duck)
    assert set(got) == set(STRUCTURED_COLUMNS)
    assert got["params"][0] == '{"day": "2026-01-02", "n": 3}'
    assert got["params"][1] == '{"day": null, "n": null}'
    assert got["event_date"] == [dt.date(2026, 1, 2), None]
    assert got["subject_ref"] == [None, None]
    assert json_value(80.5) == 80.5 and json_value(float("nan")) is None


def test_every_stored_finding_renders_in_both_languages(audit_db: Path) -> None:
    con = connect(audit_db, read_only=True)
    found = con.execute("SELECT * FROM audit_findings WHERE as_of = ?", [AS_OF]).df()
    con.close()
    keyed = found[found["detail_key"].notna()]
    assert len(keyed) >= 10 and set(keyed["detail_key"]) <= set(detail_templates("de"))
    # English from the templates is the prose the check wrote
    assert finding_texts(keyed, "en") == list(keyed["detail"])
    for text in finding_texts(keyed, "de"):
        assert not ISO_DAY.search(text), text
    # a finding about a person names them in subject_ref; non-personal ones leave it NULL
    people = keyed[keyed["check_id"].isin(["rights.open_due_soon", "consent.no_double_opt_in",
                                           "rights.late_response"])]
    assert len(people) and people["subject_ref"].str.startswith("S-").all()
    assert keyed.loc[keyed["check_id"].str.startswith("breach."), "subject_ref"].isna().all()
    late = keyed[keyed["check_id"] == "rights.late_response"].iloc[0]
    assert (late["unit"], late["measured_value"], late["limit_value"]) == ("days", 74.0, 31.0)
    assert late["event_date"].date() == dt.date(2026, 3, 20)
    assert json.loads(late["params"])["days_late"] == 43


def test_german_date_only_input_keeps_its_day(tmp_path: Path) -> None:
    """'10.01.2023' read by the loader is 09.01. 23:00 UTC: the finding's day, its params
    and both renderings still say 10 January."""
    path = build_audit_db(tmp_path / "a.duckdb", assess=False)
    con = connect(path)
    con.execute("DELETE FROM consents")
    con.execute(
        f"INSERT INTO consents (consent_id, contact_id, purpose, channel, legal_basis, "
        f"given_at, source_table, source_row) SELECT 'K9', 'C1', 'newsletter', 'email', "
        f"'consent', {timestamp_sql('d', 'Europe/Berlin')}, 'crm__consents', 1 "
        f"FROM (SELECT '10.01.2023' AS d)")
    assert str(con.execute("SELECT given_at AT TIME ZONE 'UTC' FROM consents").fetchone()[0]
               ).startswith("2023-01-09 23:00")
    result = run_assessment(con, AS_OF, None)
    row = con.execute("SELECT event_date, params, detail, detail_key, subject_ref, record_ref "
                      "FROM audit_findings WHERE check_id = 'consent.no_double_opt_in'").fetchone()
    con.close()
    event_date, params, detail, key, subject, record = row
    assert event_date == dt.date(2023, 1, 10) and json.loads(params)["given"] == "2023-01-10"
    assert "2023-01-10" in detail
    assert "vom 10.01.2023 nie" in finding_text("consent.no_double_opt_in", detail, "de",
                                                detail_key=key, params=params,
                                                subject_ref=subject, record_ref=record)
    mine = result.findings[result.findings["check_id"] == "consent.no_double_opt_in"]
    assert list(mine["event_date"]) == [dt.date(2023, 1, 10)]


OLD_DDL_COLUMNS = ["check_id", "area", "article", "severity", "record_ref", "detail", "as_of",
                   "run_at"]


def _make_old(path: Path) -> None:
    """The audit database as the previous version left it: no structured columns."""
    con = connect(path)
    for column in STRUCTURED_COLUMNS:
        con.execute(f"ALTER TABLE audit_findings DROP COLUMN {column}")
    assert columns_of(con, "audit_findings") == OLD_DDL_COLUMNS
    con.close()


def test_old_database_still_reports(audit_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    shutil.copy(audit_db, path)
    _make_old(path)
    # CSV downloads: structured columns empty, the German text from the prose
    counts = write_findings_csv(path, AS_OF, tmp_path, "de")
    assert counts
    with open(tmp_path / "findings" / "rights.late_response.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and rows[0]["detail_key"] == "" and rows[0]["event_date"] == ""
    assert rows[0]["detail"].startswith("betroffene Person S-")
    assert GERMAN_DAY.search(rows[0]["detail"]) and not ISO_DAY.search(rows[0]["detail"])
    # the PDF appendix and the area pages' examples
    appendix = findings_appendix(path, AS_OF, "de")
    assert "Antrag auf Auskunft" in appendix and "request received" not in appendix
    audit = open_audit(path, "", "de")
    try:
        examples = findings_examples(area_result(audit, "rights"), lang="de")
    finally:
        audit.con.close()
    assert len(examples) and examples["detail"].str.contains("Antrag auf").all()
    # assessing the old database again adds the columns and keys the new rows
    con = connect(path)
    run_assessment(con, AS_OF, None, salt="test-salt")
    cols = columns_of(con, "audit_findings")
    keyed = con.execute("SELECT count(*), count(detail_key) FROM audit_findings").fetchone()
    con.close()
    assert cols == OLD_DDL_COLUMNS + STRUCTURED_COLUMNS
    assert keyed[0] == sum(counts.values()) and keyed[1] > 0


def test_csv_carries_the_structured_columns(audit_db: Path, tmp_path: Path) -> None:
    write_findings_csv(audit_db, AS_OF, tmp_path, "de")
    with open(tmp_path / "findings" / "rights.late_response.csv", encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["subject_ref"].startswith("S-") and row["event_date"] == "2026-03-20"
    assert (row["measured_value"], row["limit_value"], row["unit"]) == ("74.0", "31.0", "days")
    assert row["detail_key"] == "rights.late_response"
    assert json.loads(row["params"])["received"] == "2026-01-05"
    assert "20.03.2026" in row["detail"]


@pytest.mark.slow
def test_every_demo_detail_key_has_both_templates(tmp_path: Path) -> None:
    """The demo plants every check: each key it stores has an English and a German
    template, the English equals the stored prose and the German shows no ISO day."""
    from gdpr_audit.demo.generator import generate_demo
    from gdpr_audit.load.loader import load_paths
    from gdpr_audit.load.model import build_model

    out = tmp_path / "demo"
    generate_demo(out, contacts=2000, seed=7)
    truth = json.loads((out / "truth.json").read_text("utf-8"))
    con = connect(tmp_path / "demo.duckdb")
    load_paths(con, [out])
    build_model(con)
    result = run_assessment(con, dt.date.fromisoformat(truth["as_of"]), salt="demo-test")
    con.close()
    found = result.findings
    keys = set(found["detail_key"].dropna())
    assert keys <= set(detail_templates("en")) and keys <= set(detail_templates("de"))
    keyed = found[found["detail_key"].notna()]
    assert finding_texts(keyed, "en") == list(keyed["detail"])
    assert not [t for t in finding_texts(keyed, "de") if ISO_DAY.search(t)]
    # every check of the demo is keyed, except those whose SQL has not got them yet
    assert set(found["check_id"]) - set(keyed["check_id"]) <= {
        "consent.no_legal_basis", "consent.send_without_consent",
        "consent.send_after_withdrawal"}
