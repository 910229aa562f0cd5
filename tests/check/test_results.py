"""Reducing GX results to counts: values, value lists and messages never survive."""

from __future__ import annotations

import pytest
from great_expectations.core import ExpectationValidationResult

from gdpr_audit.check.results import outcome_from_gx, threshold_text
from gdpr_audit.check.suites import ExpectationSpec


def _spec(type_: str = "expect_column_values_to_match_regex") -> ExpectationSpec:
    return ExpectationSpec(
        name="email_well_formed",
        type=type_,
        kwargs={"column": "email", "mostly": 0.99},
        meta={"article": "5(1)(d)", "check_ids": []},
    )


RAW = "anna.berg@example.de"

CASES = [
    # (expectation type, GX result dict, success, expected observed_count)
    (
        "expect_column_values_to_match_regex",
        {
            "element_count": 3,
            "unexpected_count": 1,
            "unexpected_percent": 33.3,
            "partial_unexpected_list": [RAW],
            "unexpected_list": [RAW],
            "missing_count": 0,
        },
        False,
        None,
    ),
    ("expect_column_max_to_be_between", {"observed_value": RAW}, False, None),
    ("expect_column_max_to_be_between", {"observed_value": 1987}, True, None),
    ("expect_table_row_count_to_be_between", {"observed_value": 42}, True, 42.0),
    ("expect_table_row_count_to_be_between", {"observed_value": True}, True, None),
]


@pytest.mark.parametrize(("type_", "result", "success", "observed"), CASES)
def test_only_counts_survive(type_: str, result: dict, success: bool, observed) -> None:
    gx_result = ExpectationValidationResult(success=success, result=result)
    outcome = outcome_from_gx("contacts", _spec(type_), gx_result)
    assert RAW not in repr(outcome)
    assert outcome.observed_count == observed
    assert outcome.status == ("passed" if success else "failed")


def test_counts_are_copied() -> None:
    gx_result = ExpectationValidationResult(success=False, result=CASES[0][1])
    outcome = outcome_from_gx("contacts", _spec(), gx_result)
    assert (outcome.element_count, outcome.unexpected_count, outcome.missing_count) == (3, 1, 0)
    assert outcome.threshold == 0.99


def test_exception_is_reduced_to_its_type() -> None:
    info = {
        "metric-id": {
            "raised_exception": True,
            "exception_message": f"could not convert string to float: '{RAW}'",
            "exception_traceback": "Traceback...\nValueError: could not convert string to "
            f"float: '{RAW}'",
        }
    }
    gx_result = ExpectationValidationResult(success=False, result={}, exception_info=info)
    outcome = outcome_from_gx("contacts", _spec(), gx_result)
    assert outcome.status == "error"
    assert outcome.error == "could not be evaluated (ValueError)"


def test_missing_result_is_an_error_not_a_pass() -> None:
    outcome = outcome_from_gx("contacts", _spec(), None)
    assert outcome.status == "error"


@pytest.mark.parametrize(
    ("mostly", "text"), [(None, "all"), (1.0, "all"), (0.995, "99.5%"), (0.5, "50.0%")]
)
def test_threshold_text(mostly, text: str) -> None:
    assert threshold_text(mostly) == text
