"""Suite files: the shipped ones load and are canonical; invalid ones fail loudly."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from gdpr_audit.check.personal_data import (
    EXPECTATION_TYPE,
    ExpectColumnValuesToContainNoPersonalData,
)
from gdpr_audit.check.runner import default_suites_dir
from gdpr_audit.check.suites import load_suite, load_suites, suite_json
from gdpr_audit.core.errors import ConfigError, UsageError

SUITES_DIR = default_suites_dir()
SHIPPED = sorted(SUITES_DIR.glob("*.json"))


def test_suite_directory_is_the_repository_folder() -> None:
    assert Path(__file__).resolve().parents[2] / "expectations" == SUITES_DIR
    assert {p.stem for p in SHIPPED} >= {
        "consent",
        "consent_proof",
        "requests",
        "retention",
        "contacts",
        "special_categories",
        "no_personal_data",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_suite_loads_and_is_canonical(path: Path) -> None:
    text = path.read_text("utf-8")
    assert text == suite_json(json.loads(text)), "not sorted-keys / indent-2 JSON"
    suite = load_suite(path)
    assert suite.name == path.stem
    assert suite.expectations
    for exp in suite.expectations:
        assert exp.article, f"{exp.name} names no GDPR article"
        assert exp.description


def test_every_guarded_check_id_is_in_the_catalogue() -> None:
    catalogue = (Path(__file__).resolve().parents[2] / "docs" / "checks.md").read_text("utf-8")
    ids = {c for s in load_suites(SUITES_DIR) for e in s.expectations for c in e.check_ids}
    assert ids, "no expectation guards a check"
    for check_id in ids:
        assert f"`{check_id}`" in catalogue


def test_custom_expectation_is_registered_with_gx() -> None:
    from great_expectations.expectations.registry import get_expectation_impl

    assert get_expectation_impl(EXPECTATION_TYPE) is ExpectColumnValuesToContainNoPersonalData


def _valid() -> dict:
    return {
        "name": "mine",
        "meta": {"gdpr_audit": {"table": "contacts", "description": "d"}},
        "expectations": [
            {
                "type": "expect_column_values_to_not_be_null",
                "kwargs": {"column": "contact_id", "mostly": 0.5},
                "meta": {"name": "id_present", "article": "5", "check_ids": []},
            }
        ],
    }


def _set(path: str, value: object):
    def mutate(data: dict) -> None:
        node = data
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        last = keys[-1]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return mutate


_DELETE = object()
EXP = "expectations.0"

INVALID = [
    # (mutation, fragment of the error message)
    (_set(f"{EXP}.type", "expect_column_values_to_be_purple"), "unknown expectation type"),
    (
        _set(f"{EXP}.kwargs.mostly", 2),
        "'id_present' (expect_column_values_to_not_be_null) is invalid",
    ),
    (_set(f"{EXP}.kwargs.mostly", "most"), "is invalid"),
    (_set(f"{EXP}.kwargs", {"mostly": 1.0}), "is invalid"),
    (_set(f"{EXP}.meta.name", _DELETE), "expectation #1: meta.name missing"),
    (_set(f"{EXP}.meta.name", "Has Space"), "meta.name missing or not"),
    (_set(f"{EXP}.meta.check_ids", "consent.x"), "meta.check_ids must be a list"),
    (_set(f"{EXP}.severity", "critical"), "unknown key(s) severity"),
    (_set("name", "other"), "'name' must be the file name"),
    (_set("meta.gdpr_audit.table", _DELETE), "meta.gdpr_audit.table"),
    (_set("meta.gdpr_audit.table", "contacts; DROP TABLE x"), "is not a table name"),
    (_set("expectations", []), "non-empty list"),
    (_set("id", "x"), "unknown key(s) id"),
]


@pytest.mark.parametrize(("mutate", "message"), INVALID)
def test_invalid_suite_file_is_a_config_error(tmp_path: Path, mutate, message: str) -> None:
    data = copy.deepcopy(_valid())
    mutate(data)
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ConfigError) as err:
        load_suite(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_valid_suite_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(_valid()), "utf-8")
    suite = load_suite(path)
    assert (suite.table, suite.schema) == ("contacts", "main")
    assert suite.expectations[0].threshold == 0.5
    assert suite.columns(["contact_id", "email"]) == ["contact_id"]


def test_duplicate_expectation_name_is_rejected(tmp_path: Path) -> None:
    data = _valid()
    data["expectations"].append(copy.deepcopy(data["expectations"][0]))
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ConfigError, match="used twice"):
        load_suite(path)


def test_not_json_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text('{"name": ', "utf-8")
    with pytest.raises(ConfigError, match="not readable JSON"):
        load_suite(path)


def test_row_condition_columns_are_read_too(tmp_path: Path) -> None:
    data = _valid()
    data["expectations"][0]["kwargs"].update(
        row_condition='legal_basis == "consent"', condition_parser="pandas"
    )
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data), "utf-8")
    suite = load_suite(path)
    assert suite.columns(["contact_id", "legal_basis", "basis"]) == ["contact_id", "legal_basis"]


def test_unknown_suite_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown suite"):
        load_suites(SUITES_DIR, ["consent", "nope"])


def test_missing_suite_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not found"):
        load_suites(tmp_path / "absent")
