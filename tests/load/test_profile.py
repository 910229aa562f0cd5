"""Loading, validating and detecting vendor profiles."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gdpr_audit.core.errors import ConfigError, UsageError
from gdpr_audit.load.match import header_key
from gdpr_audit.load.profile import detect, detect_profile, list_profiles, load_profile

SHIPPED = {
    "atomic_crm", "demo", "erp_invoices_de", "hubspot", "mailchimp", "orocrm", "salesforce",
    "suitecrm_de",
}

MINIMAL = """
name: mini
entities:
  people:
    table: contacts
    match: {headers_all: [pid]}
    columns:
      contact_id: pid
"""


def _con_with(table: str, headers: list[str]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw")
    cols = ", ".join(f'"{h}" VARCHAR' for h in headers)
    con.execute(f'CREATE TABLE raw."{table}" ({cols})')
    return con


def test_shipped_profiles_all_load() -> None:
    assert set(list_profiles()) >= SHIPPED  # other vendors are added over time
    for name in SHIPPED:
        prof = load_profile(name)
        assert prof.name == name
        assert prof.entities


def test_profile_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, "utf-8")
    prof = load_profile(path)
    assert prof.name == "mini"
    assert prof.timezone == "Europe/Berlin"
    assert prof.entity("people").columns[0].sources == ("pid",)


def test_unknown_profile_lists_the_available_ones() -> None:
    with pytest.raises(UsageError) as err:
        load_profile("sap")
    for name in SHIPPED:
        assert name in str(err.value)


def test_missing_profile_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not found"):
        load_profile(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name: [unclosed", "not valid YAML"),
        ("- a list", "top level must be a mapping"),
        (MINIMAL.replace("name: mini", "name: Mini CRM"), "lower-case identifier"),
        (MINIMAL + "timezone: Mars/Olympus\n", "unknown timezone"),
        (MINIMAL.replace("table: contacts", "table: kontakte"), "not a canonical table"),
        (MINIMAL.replace("table: contacts", "table: model_log"), "not a canonical table"),
        (MINIMAL.replace("contact_id: pid", "contact_id: pid\n      shoe_size: s"), "no column"),
        (MINIMAL.replace("contact_id: pid", "email: mail"), "contact_id not mapped"),
        (MINIMAL.replace("contact_id: pid", "contact_id: {source: pid, parse: roman}"), "parse"),
        (MINIMAL.replace("contact_id: pid", "contact_id: {source: a, value: b}"), "one of"),
        (MINIMAL.replace("match: {headers_all: [pid]}", "match: {}"), "no rule"),
        (MINIMAL.replace("match: {headers_all: [pid]}", "derive_from: ghost"), "derive_from"),
        (MINIMAL.replace("contact_id: pid", "contact_id: {template: 'no fields'}"), "template"),
        (MINIMAL + "colour: blue\n", "unknown top-level keys"),
        (MINIMAL + "date_order: xyz\n", "date_order"),
        (MINIMAL + "      created_at: {source: c, formats: ['%Y-%m-%d %z']}\n", "without a zone"),
    ],
)
def test_invalid_profile_names_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as err:
        load_profile(path)
    assert str(path) in str(err.value)
    assert problem in str(err.value)


def test_detection_is_case_insensitive_and_prefers_the_most_specific() -> None:
    # Salesforce-like headers plus the demo's own columns: the demo entity reads more.
    con = _con_with(
        "crm__contacts",
        ["ID", "firstname", "LastName", "Email", "MailingStreet", "ContractEndDate", "IsCustomer"],
    )
    prof, ent = detect_profile(con, "crm__contacts")
    assert (prof.name, ent.name) == ("demo", "contacts_en")
    con = _con_with("x", ["Id", "FirstName", "LastName", "Email", "MailingStreet", "AccountId"])
    prof, ent = detect_profile(con, "x")
    assert (prof.name, ent.name) == ("salesforce", "contact")


def test_generic_headers_alone_never_claim_a_table() -> None:
    # Record ID, First Name, Last Name, Email: HubSpot's rules hold, but every one of
    # them is a generic header (a Zoho CRM contacts export has them too).
    con = _con_with("contacts", ["Record Id", "First Name", "Last Name", "Email",
                                 "Data Processing Basis", "Email Opt Out", "Mailing City"])
    found = detect(con, "contacts", [load_profile(n) for n in list_profiles()])
    assert found.profile is None
    assert found.warning is not None and "only on generic headers" in found.warning
    # the report words it from key + params (names of profiles and headers, never values)
    assert found.warning_key == "generic_only"
    assert found.warning_params is not None and found.warning_params["profile"] == "hubspot"
    assert "email" in found.warning_params["headers"].split(", ")  # header keys
    # A header only HubSpot writes makes the claim.
    con = _con_with("contacts", ["Record ID", "First Name", "Last Name", "Email",
                                 "Lifecycle Stage"])
    prof, ent = detect_profile(con, "contacts")
    assert (prof.name, ent.name) == ("hubspot", "contacts")


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [("E-Mail-Adresse", "e_mail_adresse"), ("Strasse", "Straße"), ("FirstName", "first_name"),
     ("FIRST NAME", "First Name"), ("Customer_Number__c", "Customer Number"),
     ("Geändert am", "Geaendert am")],
)
def test_header_spellings_match(spelling: str, canonical: str) -> None:
    assert header_key(spelling) == header_key(canonical)


def test_header_spellings_that_differ_stay_apart() -> None:
    assert header_key("Email") != header_key("Email Opt Out")
    assert header_key("Name") != header_key("First Name")


def test_no_fit_is_none() -> None:
    con = _con_with("misc", ["foo", "bar"])
    assert detect_profile(con, "misc") is None


def test_headers_any_needs_one_of_them() -> None:
    con = _con_with("c", ["Id", "FirstName", "LastName"])  # no address or account column
    assert detect_profile(con, "c") is None


def test_equal_fit_between_profiles_falls_back_with_a_warning(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(MINIMAL, "utf-8")
    b.write_text(MINIMAL.replace("name: mini", "name: other"), "utf-8")
    con = _con_with("people", ["pid"])
    profs = [load_profile(a), load_profile(b)]
    assert detect_profile(con, "people", profs) is None
    found = detect(con, "people", profs)
    assert found.profile is None
    assert found.warning is not None and "--profile" in found.warning
    # "pid" is read by both profiles, so it is no profile's own header: generic only
    assert found.warning_key == "generic_only" and found.warning_params is not None
    assert found.warning_params["headers"] == "pid"


def test_table_pattern_rules(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        MINIMAL.replace("match: {headers_all: [pid]}", "match: {tables: ['crm__*', 'kunden']}"),
        "utf-8",
    )
    prof = load_profile(path)
    assert detect_profile(_con_with("crm__people", ["pid"]), "crm__people", [prof]) is not None
    assert detect_profile(_con_with("Kunden", ["pid"]), "Kunden", [prof]) is not None
    assert detect_profile(_con_with("marketing__x", ["pid"]), "marketing__x", [prof]) is None
    path.write_text(
        MINIMAL.replace(
            "match: {headers_all: [pid]}", "match: {tables: ['crm__(people|leute)', 'x[']}"
        ),
        "utf-8",
    )
    prof = load_profile(path)  # a regex alternative matches; an invalid one never does
    assert detect_profile(_con_with("crm__leute", ["pid"]), "crm__leute", [prof]) is not None
    assert detect_profile(_con_with("xy", ["pid"]), "xy", [prof]) is None  # no re.error


def test_documented_example_is_a_valid_profile(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "data-model.md").read_text("utf-8")
    section = doc.split("## Vendor profiles", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, "utf-8")
    prof = load_profile(path)
    assert [e.name for e in prof.entities] == ["kontakte", "newsletter"]
    assert prof.derived("kontakte")[0].table == "consents"


@pytest.mark.parametrize(
    ("column", "constant", "ok"),
    [
        ("is_customer", "false", False),  # a string is not a boolean
        ("is_customer", False, True),
        ("created_at", "2024-01-01T00:00:00+00:00", True),
        ("created_at", "soon", False),
        ("email", "x@example.org", True),
        ("email", True, False),
    ],
)
def test_constants_must_fit_the_column(tmp_path: Path, column: str, constant, ok: bool) -> None:
    path = tmp_path / "const.yaml"
    path.write_text(
        MINIMAL
        + f"      {column}: {{value: {constant!r}}}\n".replace("'", '"')
        .replace("True", "true")
        .replace("False", "false"),
        "utf-8",
    )
    if ok:
        load_profile(path)
    else:
        with pytest.raises(ConfigError, match="is not a valid"):
            load_profile(path)


def test_equal_fit_inside_one_profile_is_a_profile_error(tmp_path: Path) -> None:
    path = tmp_path / "twins.yaml"
    twin = MINIMAL.split("entities:\n", 1)[1].replace("people:", "persons:")
    path.write_text(MINIMAL + twin, "utf-8")
    con = _con_with("people", ["pid"])
    with pytest.raises(ConfigError, match="more specific"):
        detect_profile(con, "people", [load_profile(path)])


def test_two_profiles_tied_on_their_own_headers_fall_back_with_a_keyed_warning(
        tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(MINIMAL.replace("pid", "zq_alpha_ref"), "utf-8")
    b.write_text(MINIMAL.replace("name: mini", "name: other").replace("pid", "zq_beta_ref"),
                 "utf-8")
    con = _con_with("people", ["zq_alpha_ref", "zq_beta_ref"])
    found = detect(con, "people", [load_profile(a), load_profile(b)])
    assert found.profile is None
    assert found.warning is not None and "several profiles" in found.warning
    assert found.warning_key == "profile_tie"
    assert found.warning_params == {"profiles": "mini:people, other:people"}
