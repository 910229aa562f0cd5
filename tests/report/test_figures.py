"""Chart functions on tiny hand-made frames: shapes, translations, marks and traps."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from gdpr_audit.report import figures as f
from gdpr_audit.report.i18n import t
from gdpr_audit.report.style import OKABE_ITO, SPECIAL_MARK

AS_OF = dt.date(2026, 11, 28)


def ts(*values: str | None) -> pd.Series:
    return pd.to_datetime(pd.Series(values), utc=True)


PII = pd.DataFrame({
    "table_name": ["crm__contacts", "crm__contacts", "crm__notes", "crm__notes",
                   "crm__kontakte_de"],
    "column_name": ["Email", "Phone", "body", "body", "Konfession"],
    "entity_type": ["EMAIL_ADDRESS", "PHONE_NUMBER", "HEALTH", "PHONE_NUMBER", "RELIGION"],
    "category": ["pii", "pii", "special", "pii", "special"],
})
COVERAGE = pd.DataFrame({"purpose": ["newsletter", "newsletter", "profiling"],
                         "channel": ["email", "sms", "email"], "contacts": [100, 100, 100],
                         "with_valid_consent": [80, 20, 5], "share": [0.8, 0.2, 0.05]})
MONTHS = pd.DataFrame({"month": pd.to_datetime(["2026-01-01", "2026-02-01"]),
                       "sends": [100, 120], "covered": [90, 60], "share": [0.9, 0.5]})
FUNNEL = pd.DataFrame({"stage": ["sends", "with_consent_record", "not_withdrawn"],
                       "count": [100, 90, 85]})
AGEING = pd.DataFrame({"record_type": ["invoice", "invoice", "note", "mystery"],
                       "age_bucket": ["0-1y", "8-10y", "3-5y", "0-1y"],
                       "count": [10, 4, 5, 2], "limit_months": [96, 96, 36, None],
                       "past_limit": [0, 3, 5, 0]})
MATRIX = pd.DataFrame({"role": ["sales", "hr", "hr", "dpo"],
                       "table": ["contacts", "contacts", "notes", "notes"],
                       "column": ["email", "email", "body", "body"],
                       "pii_types": ["EMAIL_ADDRESS", "EMAIL_ADDRESS, PERSON", "", None],
                       "special_categories": ["", "", "HEALTH", "HEALTH,RELIGION"],
                       "can_read": [True, True, True, True],
                       "can_export": [False, True, False, False]})
REQUESTS = pd.DataFrame({
    "request_ref": ["R-1", "R-2", "R-3", "R-4", "R-5", "R-6"],
    "request_type": ["access", "erasure", "objection", "access", "erasure", "access"],
    "received_at": ts("2026-01-01", "2026-09-01", "2026-11-20", "2026-03-01", "2026-05-01", None),
    "legal_deadline": pd.to_datetime(pd.Series(["2026-02-01", "2026-10-01", "2026-12-20",
                                                "2026-04-01", "2026-06-01", None])),
    "completed_at": ts("2026-01-20", None, None, "2026-04-10", None, None),
    "status": ["completed", "open", "open", "completed", "rejected", "open"],
    "days_late": [0, 58, 0, 9, 0, None],
})
BREACHES = pd.DataFrame({
    "breach_id": ["BR-1", "BR-2", "BR-3"],
    "detected_at": ts("2026-01-01 08:00", "2026-05-01 08:00", "2026-11-01 08:00"),
    "authority_notified_at": ts("2026-01-06 08:00", "2026-05-02 08:00", None),
    "hours_to_notify": [120.0, 24.0, None], "risk_level": ["high", "low", "medium"],
    "affected_count": [1000, 3, None], "late": [True, False, True],
})


@functools.cache
def all_figures(lang: str) -> dict[str, go.Figure]:
    """Each chart once per language (read-only in the tests)."""
    return {
        "pii_heatmap": f.pii_heatmap(PII, lang),
        "consent_coverage": f.consent_coverage(COVERAGE, lang),
        "consent_trend": f.consent_trend(MONTHS, lang),
        "funnel": f.violation_funnel(FUNNEL, lang),
        "retention": f.retention_ageing(AGEING, lang),
        "access": f.access_matrix(MATRIX, lang),
        "requests": f.request_timeline(REQUESTS, AS_OF, lang),
        "breaches": f.breach_timeline(BREACHES, lang, as_of=AS_OF),
        "findings": f.findings_by_area(pd.DataFrame({"area": ["consent"], "severity": ["high"],
                                                     "findings": [3]}), lang),
        "trend": f.findings_trend(pd.DataFrame({"as_of": [AS_OF], "severity": ["low"],
                                                "findings": [2]}), lang),
    }


@pytest.mark.parametrize("name", ["pii_heatmap", "consent_coverage", "consent_trend", "funnel",
                                  "retention", "access", "requests", "breaches", "findings",
                                  "trend"])
def test_every_figure_has_a_translated_title_and_data(name: str) -> None:
    en, de = all_figures("en")[name], all_figures("de")[name]
    assert en.layout.title.text and de.layout.title.text
    assert en.layout.title.text != de.layout.title.text
    assert de.layout.separators == ",."
    assert len(en.data) >= 1
    html = en.to_html(include_plotlyjs=False, full_html=False)
    assert "cdn.plot.ly" not in html


@pytest.mark.parametrize(("func", "frame"), [
    (f.pii_heatmap, PII), (f.consent_coverage, COVERAGE), (f.consent_trend, MONTHS),
    (f.violation_funnel, FUNNEL), (f.retention_ageing, AGEING), (f.access_matrix, MATRIX),
])
def test_empty_input_says_no_data(func, frame: pd.DataFrame) -> None:
    fig = func(frame.iloc[0:0], "de")
    assert not fig.data
    assert fig.layout.annotations[0].text == t("fig.no_data", "de")


@pytest.mark.parametrize("func", [f.pii_heatmap, f.consent_coverage, f.retention_ageing])
def test_missing_columns_are_named(func) -> None:
    with pytest.raises(ValueError, match="missing column"):
        func(pd.DataFrame({"x": [1]}), "en")


def test_pii_heatmap_counts_columns_and_marks_special_categories() -> None:
    fig = f.pii_heatmap(PII, "en")
    pii_trace, special_trace = fig.data
    assert special_trace.colorscale[-1][1] == OKABE_ITO["vermillion"]
    special_labels = [x for x in special_trace.x if x.startswith(SPECIAL_MARK)]
    assert sorted(special_labels) == [SPECIAL_MARK + "Health", SPECIAL_MARK + "Religion"]
    # special categories sort after the ordinary types
    assert list(fig.layout.xaxis.categoryarray[-2:]) == sorted(special_labels)
    z = np.array(pii_trace.z, dtype=float)
    y, x = list(pii_trace.y), list(pii_trace.x)
    assert z[y.index("crm__notes"), x.index("Phone number")] == 1
    assert np.isnan(z[y.index("crm__notes"), x.index(SPECIAL_MARK + "Health")])
    assert np.nansum(z) == 3 and np.nansum(np.array(special_trace.z, dtype=float)) == 2


def test_consent_coverage_places_shares_in_the_right_cell() -> None:
    fig = f.consent_coverage(COVERAGE, "de")
    trace = fig.data[0]
    z = np.array(trace.z, dtype=float)
    assert list(trace.x) == ["E-Mail", "SMS"] and list(trace.y) == ["Newsletter", "Profilbildung"]
    assert z[0, 0] == 0.8 and z[0, 1] == 0.2 and z[1, 0] == 0.05
    assert np.isnan(z[1, 1])  # profiling × sms not measured: no cell, not 0 %


def test_consent_trend_splits_sends_into_covered_and_uncovered() -> None:
    fig = f.consent_trend(MONTHS, "en")
    uncovered, covered, share = fig.data
    assert list(covered.y) == [90, 60] and list(uncovered.y) == [10, 60]
    # the unlawful sends: own panel, violation colour, labelled, scale fitted to them
    assert uncovered.marker.color == f.VIOLATION and list(uncovered.text) == ["10", "60"]
    assert uncovered.yaxis == "y" and covered.yaxis != "y"
    assert fig.layout.yaxis.range[1] == pytest.approx(60 * 1.25)
    assert share.yaxis not in ("y", covered.yaxis)


def test_consent_trend_keeps_a_few_unlawful_sends_visible() -> None:
    months = MONTHS.assign(sends=[100_000, 100_000], covered=[99_997, 100_000],
                           share=[0.99997, 1.0])
    fig = f.consent_trend(months, "en")
    uncovered = fig.data[0]
    # 3 of 100,000 sends fill 80 % of their own axis instead of a 0.003 % sliver
    assert list(uncovered.y) == [3, 0]
    assert uncovered.y[0] / fig.layout.yaxis.range[1] == pytest.approx(0.8)


def test_funnel_translates_stage_keys_and_keeps_order() -> None:
    trace = f.violation_funnel(FUNNEL, "de").data[0]
    assert list(trace.x) == [100, 90, 85]
    assert trace.y[0] == "Werbesendungen"
    assert trace.marker.color[-1] == OKABE_ITO["bluish_green"]


def test_retention_ageing_hatches_only_records_past_the_limit() -> None:
    fig = f.retention_ageing(AGEING, "en")
    stack = [tr for tr in fig.data if tr.xaxis in (None, "x")]
    past = [tr for tr in stack if tr.marker.pattern.shape == "x"]
    within = [tr for tr in stack if tr.marker.pattern.shape != "x"]
    assert sum(sum(tr.x) for tr in past) == 3 + 5
    assert sum(sum(tr.x) for tr in within) == 10 + 1 + 0 + 2
    labels = {y for tr in fig.data for y in tr.y}
    assert "Invoice · limit 96 months" in labels
    assert "mystery · no policy" in labels


def test_retention_ageing_accepts_a_boolean_flag() -> None:
    flagged = AGEING.assign(past_limit=[False, True, True, False])
    fig = f.retention_ageing(flagged, "en")
    assert sum(sum(tr.x) for tr in fig.data
               if tr.marker.pattern.shape == "x" and tr.xaxis in (None, "x")) == 4 + 5


def test_access_matrix_keeps_the_highest_right() -> None:
    trace = f.access_matrix(MATRIX, "en").data[0]
    z = np.array(trace.z)
    roles, types = list(trace.y), list(trace.x)
    assert z[roles.index("HR"), types.index("E-mail address")] == 2  # export
    assert z[roles.index("Sales"), types.index("E-mail address")] == 1  # read
    assert z[roles.index("Sales"), types.index(SPECIAL_MARK + "Health")] == 0  # none
    assert z[roles.index("Data protection officer"), types.index(SPECIAL_MARK + "Religion")] == 1


@pytest.mark.parametrize(("ref", "outcome"), [
    ("R-1", "on_time"), ("R-2", "overdue"), ("R-3", "open"), ("R-4", "late"), ("R-5", "rejected"),
])
def test_request_outcomes(ref: str, outcome: str) -> None:
    fig = f.request_timeline(REQUESTS, AS_OF, "en")
    by_name = {tr.name: [c[0] for c in tr.customdata]
               for tr in fig.data if tr.customdata is not None}
    assert ref in by_name[t(f"fig.requests.{outcome}", "en")]


def test_request_without_receipt_date_is_not_drawn() -> None:
    fig = f.request_timeline(REQUESTS, AS_OF, "en")
    refs = [c[0] for tr in fig.data if tr.customdata is not None for c in tr.customdata]
    assert "R-6" not in refs and len(refs) == 5


def test_breach_timeline_draws_the_72_hour_mark_and_pending_breaches() -> None:
    fig = f.breach_timeline(BREACHES, "en", as_of=AS_OF)
    line = next(tr for tr in fig.data if tr.name == t("fig.breaches.mark", "en"))
    assert list(line.y) == [72, 72] and line.line.dash == "dash"
    names = {tr.name: list(tr.y) for tr in fig.data}
    assert names[t("fig.breaches.late", "en")] == [120.0]
    assert names[t("fig.breaches.on_time", "en")] == [24.0]
    # not notified: hours from detection to the end of the audit day
    assert names[t("fig.breaches.not_notified", "en")] == [pytest.approx(28 * 24 - 8)]


def test_age_buckets_sort_by_age_not_by_appearance() -> None:
    ageing = pd.DataFrame({"record_type": ["invoice"] * 4, "age_bucket": ["8-10y", "0-1y", "10y+",
                                                                          "1-2y"],
                           "count": [1, 2, 3, 4], "limit_months": [96] * 4,
                           "past_limit": [0, 0, 3, 0]})
    def names(lang: str) -> list[str]:
        return [tr.name for tr in f.retention_ageing(ageing, lang).data
                if tr.showlegend is not False and tr.xaxis in (None, "x")]

    assert names("en") == ["under 1 year", "1–2 years", "8–10 years", "over 10 years"]
    assert names("de") == ["unter 1 Jahr", "1–2 Jahre", "8–10 Jahre", "über 10 Jahre"]


def test_breach_mark_stays_at_72_hours_on_a_log_axis() -> None:
    never = BREACHES.assign(detected_at=ts("2024-01-01 08:00", "2026-05-01 08:00",
                                           "2024-11-01 08:00"))
    fig = f.breach_timeline(never, "en", as_of=AS_OF)
    assert fig.layout.yaxis.type == "log"
    # a trace's y is in data units on a log axis too (a shape took log10(72) = 1.9 h there)
    line = next(tr for tr in fig.data if tr.name == t("fig.breaches.mark", "en"))
    assert list(line.y) == [72, 72] and not fig.layout.shapes
    late = next(tr for tr in fig.data if tr.name == t("fig.breaches.late", "en"))
    assert late.marker.color == f.VIOLATION


def test_retention_ageing_shows_past_limit_records_in_their_own_panel() -> None:
    ageing = pd.DataFrame({"record_type": ["invoice", "invoice", "note"],
                           "age_bucket": ["0-1y", "10y+", "0-1y"], "count": [50_000, 7, 10],
                           "limit_months": [120, 120, 24], "past_limit": [0, 7, 0]})
    fig = f.retention_ageing(ageing, "en")
    past = next(tr for tr in fig.data if tr.name == t("fig.retention.past", "en"))
    assert past.xaxis == "x2" and past.marker.color == f.VIOLATION
    values = dict(zip(past.y, past.x, strict=True))
    assert [v for k, v in values.items() if k.startswith("Invoice")] == [7]
    assert list(past.text).count("7") == 1
    assert fig.layout.xaxis2.range[1] == pytest.approx(7 * 1.3)


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_severity_colours_darken_with_severity() -> None:
    from gdpr_audit.report.style import SEVERITY_COLOURS

    order = ["low", "medium", "high", "critical"]
    lum = [_luminance(SEVERITY_COLOURS[s]) for s in order]
    assert lum == sorted(lum, reverse=True) and len(set(lum)) == 4


@pytest.mark.parametrize("lang", ["en", "de"])
def test_heatmap_axis_title_does_not_share_the_top_with_the_chart_title(lang: str) -> None:
    fig = f.pii_heatmap(PII, lang)
    assert fig.layout.xaxis.side == "bottom" and fig.layout.title.text


@pytest.mark.parametrize("name", ["consent_trend", "requests", "breaches"])
def test_german_date_axes_avoid_english_month_names(name: str) -> None:
    assert all_figures("de")[name].layout.xaxis.tickformat == "%m/%Y"
    assert all_figures("en")[name].layout.xaxis.tickformat == "%b %Y"
