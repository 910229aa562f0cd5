"""The generic mapping on exports of systems without a profile (tests/data/unprofiled/).

The fixtures were written from the vendors' documented export headers (Zoho CRM contacts
with its GDPR "Data Processing Basis", Pipedrive persons/activities/deals, Freshdesk
tickets, a Shopify customers + orders export, a German customer and invoice list) with
planted violations listed in each truth.yaml; they were used while the generic mapping
was built (benchmarks/bench_unprofiled.py measures all of them). Shopify was first held
back and measured once (0 of 4 found, commit 4a29725); the fixes it showed (offsets after
a blank, links by e-mail, order counts) were made since, so it is a building fixture now.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
import pytest

from gdpr_audit.load import parse
from gdpr_audit.load.generic import count_map, header_fields, legal_basis_map
from gdpr_audit.load.loader import load_paths
from gdpr_audit.load.model import build_model

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_unprofiled import audit, score  # noqa: E402

DATA = ROOT / "tests" / "data" / "unprofiled"


def _built(system: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    load_paths(con, [DATA / system])
    build_model(con)
    return con


@pytest.mark.parametrize(
    ("header", "field", "how"),
    [
        ("E-Mail-Adresse", "email", "synonym"),
        ("Person - Email - Work", "email", "synonym"),
        ("Data Processing Basis", "legal_basis", "synonym"),
        ("Rechtsgrundlage der Verarbeitung", "legal_basis", "synonym"),
        ("Person - Newsletter opt-in date", "consent_given", "pattern"),
        ("DOI bestätigt am", "consent_confirmed", "synonym"),
        ("Abmeldedatum", "consent_withdrawn", "synonym"),
        ("Kundennummer", "customer_number", "synonym"),
        ("Geburtsdatum", "birth_date", "synonym"),
        ("Total Orders", "order_count", "synonym"),
        ("Anzahl Bestellungen", "order_count", "synonym"),
        ("Accepts SMS Marketing", "consent_flag", "pattern"),
        ("Werbe-Einwilligung", "consent_flag", "pattern"),
        ("Rechnungsnummer", "document_id", "synonym"),
        ("Belegart", "document_type", "synonym"),
        ("Rechnungsdatum", "document_date", "synonym"),
    ],
)
def test_headers_find_their_field(header: str, field: str, how: str) -> None:
    assert (field, how) in header_fields(header)


@pytest.mark.parametrize("header", ["Email Opt Out", "Konfession", "Deal - Value", "IBAN",
                                    "Total Spent", "Marketing Budget",
                                    "Order Status"])
def test_headers_that_are_no_field(header: str) -> None:
    assert all(f not in ("email", "consent_given", "legal_basis", "order_count",
                         "consent_flag") for f, _ in header_fields(header))


def test_order_counts_say_customer_or_not() -> None:
    assert count_map(["0", "1", "12", "2.0", "0,00", "n/a", "-1"]) == {
        "0": "false", "1": "true", "12": "true", "2_0": "true", "0_00": "false"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Shopify / Rails / Ruby Time#to_s: a blank before the numeric offset
        ("2016-03-02 10:00:00 +0100", dt.datetime(2016, 3, 2, 9, 0, tzinfo=dt.UTC)),
        ("2016-03-02 10:00 -05:00", dt.datetime(2016, 3, 2, 15, 0, tzinfo=dt.UTC)),
        ("2016-03-02T10:00:00 +01", dt.datetime(2016, 3, 2, 9, 0, tzinfo=dt.UTC)),
        ("2016-03-02 10:00:00.250 Z", dt.datetime(2016, 3, 2, 10, 0, 0, 250000, tzinfo=dt.UTC)),
        ("2016-03-02 10:00:00+0100", dt.datetime(2016, 3, 2, 9, 0, tzinfo=dt.UTC)),
        # naive: wall-clock time in the profile's zone (CET in March)
        ("2016-03-02 10:00:00", dt.datetime(2016, 3, 2, 9, 0, tzinfo=dt.UTC)),
        # traps: no time before the offset, text after it
        ("2016-03-02 +0100", None),
        ("2016-03-02 10:00:00 +0100 CET", None),
    ],
)
def test_offsets_after_a_blank_parse(raw: str, expected: dt.datetime | None) -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    expr = parse.timestamp_sql("v", "Europe/Berlin")
    row = con.execute(f"SELECT {expr} FROM (SELECT ?::VARCHAR AS v)", [raw]).fetchone()
    assert row is not None
    assert row[0] == expected


def test_legal_basis_values() -> None:
    mapped = legal_basis_map(
        [
            "Contract",
            "Legitimate Interests",
            "Consent - Obtained",
            "Consent - Pending",
            "Not Applicable",
            "Berechtigtes Interesse",
        ]
    )
    assert mapped == {
        "contract": "contract",
        "legitimate_interests": "legitimate_interest",
        "consent_obtained": "consent",
        "consent_pending": "",
        "not_applicable": "",
        "berechtigtes_interesse": "legitimate_interest",
    }


def test_zoho_contacts_are_not_hubspot_and_feed_legal_bases() -> None:
    con = _built("zoho_crm")
    ((profile, decision, warning),) = con.execute(
        "SELECT profile, decision, warning FROM model_match"
    ).fetchall()
    assert (profile, decision) == ("generic", "generic")
    assert "hubspot" in warning and "only on generic headers" in warning
    # 77-customers case of issue #15 in small: contract basis, customer number, dated
    # consent and legitimate interest all count; only 3 contacts lack any basis.
    rows = dict(con.execute("SELECT contact_id, is_customer FROM contacts").fetchall())
    assert rows["5725767000001001004"] is True  # customer number, basis 'Not Applicable'
    assert rows["5725767000001001006"] is False
    bases = con.execute(
        "SELECT contact_id, legal_basis, given_at IS NOT NULL FROM consents ORDER BY 1, 2"
    ).fetchall()
    assert ("5725767000001001012", "consent", True) in bases  # dated, basis 'Not Applicable'
    assert ("5725767000001001001", "contract", False) in bases
    assert not any(c == "5725767000001001006" for c, _, _ in bases)  # 'Consent - Pending'


def test_pipedrive_links_activities_and_maps_only_marketing_sends() -> None:
    con = _built("pipedrive")
    sends = con.execute("SELECT communication_id FROM communications ORDER BY 1").fetchall()
    # calls, meetings, sales e-mails and the newsletter not yet done are no marketing sends
    assert [s for (s,) in sends] == ["5001", "5002", "5003", "5004", "5005", "5010"]
    link = con.execute(
        "SELECT raw_column, how FROM model_columns WHERE raw_table = 'activities' "
        "AND canonical_column = 'contact_id'"
    ).fetchall()
    assert link == [("Person - ID", "link")]
    deals = con.execute("SELECT decision FROM model_match WHERE raw_table = 'deals'").fetchone()
    assert deals == ("none",)


def test_rows_filled_records_what_each_source_really_fed() -> None:
    con = _built("pipedrive")
    filled = dict(
        con.execute(
            "SELECT canonical_column, rows_filled FROM model_columns WHERE raw_table = 'persons' "
            "AND canonical_table = 'contacts' AND canonical_column IS NOT NULL"
        ).fetchall()
    )
    assert filled["contact_id"] == 8 and filled["phone"] == 1
    assert "birth_date" not in filled  # no such header: not mapped at all


def test_shopify_orders_join_customers_by_email_and_counts_make_customers() -> None:
    con = _built("shopify")
    customers = dict(con.execute("SELECT contact_id, is_customer FROM contacts").fetchall())
    assert customers == {"7001001": True, "7001002": False, "7001003": True,
                         "7001004": False, "7001005": True}  # Total Orders 2, 0, 1, 0, 1
    orders = con.execute(
        "SELECT record_id, contact_id, strftime(created_at, '%Y-%m-%d %H:%M') "
        "FROM business_records ORDER BY 1").fetchall()
    assert orders[0] == ("5550001", "7001001", "2016-03-02 09:00")  # Id, not #1001
    assert [c for _, c, _ in orders] == ["7001001", "7001001", "7001003", "7001005"]
    # yes without a date: an undatable consent; "no" is no row (and no opt-out)
    consents = con.execute(
        "SELECT contact_id, legal_basis, channel, given_at, opted_out FROM consents "
        "ORDER BY 1").fetchall()
    assert consents == [("7001001", "consent", "email", None, None),
                        ("7001003", "consent", "email", None, None)]


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, "utf-8")


def test_email_link_keeps_unknown_addresses_apart(tmp_path: Path) -> None:
    _write(tmp_path, "subscribers.csv",
           "Subscriber ID,Email,Accepts SMS Marketing,Purchases\n"
           "S1,a@example.org,yes,3\nS2,b@example.org,no,0\nS3,c@example.org,no,0\n")
    _write(tmp_path, "orders.csv",
           "Order number,Order date,Customer email,Total\n"
           "O-1,2025-01-02 10:00:00 +0100,a@example.org,10\n"
           "O-2,2025-01-03 10:00:00 +0100,b@example.org,12\n"
           "O-3,2025-01-04 10:00:00 +0100,zz@example.org,9\n")
    con = duckdb.connect()
    load_paths(con, [tmp_path])
    build_model(con)
    links = dict(con.execute(
        "SELECT record_id, contact_id FROM business_records").fetchall())
    # the third address belongs to nobody here: it is kept, never matched to a person
    assert links == {"O-1": "S1", "O-2": "S2", "O-3": "zz@example.org"}
    assert con.execute("SELECT contact_id, channel FROM consents").fetchall() == [("S1", "sms")]
    assert dict(con.execute("SELECT contact_id, is_customer FROM contacts").fetchall()) == {
        "S1": True, "S2": False, "S3": False}


def test_german_invoice_list_types_and_customer_numbers() -> None:
    con = _built("rechnungen_de")
    records = dict(con.execute(
        "SELECT record_id, record_type || '/' || contact_id FROM business_records").fetchall())
    assert records["RE-2012-0007"] == "invoice/10001"
    assert records["GS-2013-0002"] == "voucher/10002"
    assert records["MA-2018-0011"] == "business_letter/10001"  # Mahnung
    assert records["AB-2019-0003"] == "business_letter/10003"  # Auftragsbestätigung
    assert records["AN-2022-0001"] == "business_letter/10005"  # Angebot
    assert con.execute("SELECT count(*), count_if(is_customer), count(customer_number) "
                       "FROM contacts").fetchone() == (5, 5, 5)


def test_invoice_list_alone_links_by_the_customer_number_header(tmp_path: Path) -> None:
    src = DATA / "rechnungen_de" / "rechnungen.csv"
    (tmp_path / "rechnungen.csv").write_bytes(src.read_bytes())
    con = duckdb.connect()
    load_paths(con, [tmp_path])
    build_model(con)
    (how, why), = con.execute(
        "SELECT how, reason FROM model_columns WHERE canonical_table = 'business_records' "
        "AND canonical_column = 'contact_id'").fetchall()
    assert how == "link" and "no people file" in why
    assert con.execute("SELECT count(*) FROM business_records").fetchone() == (8,)


@pytest.mark.parametrize("system", ["zoho_crm", "pipedrive", "freshdesk", "shopify",
                                    "rechnungen_de"])
def test_planted_violations_found_and_nothing_else(system: str) -> None:
    truth, found = audit(DATA / system)
    for check, planted, n_found, tp, _, _ in score(truth, found):
        assert (check, tp) == (check, planted), (check, found.get(check))
        assert (check, n_found) == (check, planted), (check, found.get(check))


def test_held_back_zendesk_as_measured_once() -> None:
    """Zendesk (held back, measured once at b54d791): what the generic mapping finds today.

    Not a target: the truth lists 6 planted findings, 2 are found (retention of old
    tickets); end-users in a file named "users" and the custom privacy-request drop-down
    are not read yet (see truth.yaml). Nothing outside the truth is reported.
    """
    truth, found = audit(DATA / "zendesk")
    assert found == {"retention.past_period": {"BR:101", "BR:102"}}
    assert all(found[c] <= truth[c] for c in found)
