"""Report charts: each a function ``DataFrame -> plotly Figure``.

Inputs are the documented tables of the assessment areas (``AreaResult.tables``) and
of discovery (``pii_columns``); they hold counts, categories and pseudonymous ids only,
so nothing here can put a raw value on a chart. Every label goes through
:mod:`gdpr_audit.report.i18n`; colours come from the Okabe–Ito palette.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from gdpr_audit.report.i18n import format_date, label, t
from gdpr_audit.report.style import (
    GREY,
    OKABE_ITO,
    SEQUENTIAL,
    SEVERITY_COLOURS,
    SEVERITY_ORDER,
    SPECIAL_MARK,
    base_layout,
    empty_figure,
)

BREACH_DEADLINE_HOURS = 72  # Art. 33(1)
#: The colour of what breaks a rule on every chart (never used for compliant data).
VIOLATION = OKABE_ITO["vermillion"]


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {', '.join(missing)}")


def _utc_naive(values: pd.Series) -> pd.Series:
    """Timestamps as naive wall-clock times of the zone they carry (the audit's zone when
    read through :func:`gdpr_audit.report.open_audit`); plotly draws offsets
    inconsistently. Naive input is kept as it is."""
    out = pd.to_datetime(values, errors="coerce")
    if isinstance(out.dtype, pd.DatetimeTZDtype):
        return out.dt.tz_localize(None)
    if out.dtype == object:  # mixed offsets: fall back to UTC
        out = pd.to_datetime(values, errors="coerce", utc=True).dt.tz_localize(None)
    return out


def _as_list(value: Any) -> list[str]:
    """Entity lists arrive as lists, arrays, or ``,``/``;``-separated text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _entity_label(entity: str, special: bool, lang: str) -> str:
    text = label(f"entity.{entity}", lang, entity)
    return SPECIAL_MARK + text if special else text


def pii_heatmap(pii_columns: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Personal-data inventory: tables × data types, cells = columns holding that type.

    Special categories (Art. 9) get their own colour scale and a ◆ mark.

    Args:
        pii_columns: the ``pii_columns`` table (``table_name, column_name, entity_type,
            category``).
    """
    title = t("fig.pii_heatmap.title", lang)
    _require(pii_columns, ["table_name", "column_name", "entity_type", "category"], "pii_heatmap")
    if pii_columns.empty:
        return empty_figure(title, lang)
    grouped = (
        pii_columns.groupby(["table_name", "entity_type", "category"], as_index=False)
        .agg(columns=("column_name", "nunique"),
             names=("column_name", lambda s: ", ".join(sorted(map(str, set(s))))))
    )
    is_special = grouped.groupby("entity_type")["category"].agg(lambda s: (s == "special").any())
    weight = grouped.groupby("entity_type")["columns"].sum()
    entities = sorted(weight.index, key=lambda e: (bool(is_special[e]), -weight[e], e))
    tables = sorted(grouped["table_name"].unique(), reverse=True)
    x_labels = [_entity_label(e, bool(is_special[e]), lang) for e in entities]
    fig = go.Figure()
    for special, scale in ((False, SEQUENTIAL),
                           (True, [[0.0, "#FBE3D2"], [1.0, OKABE_ITO["vermillion"]]])):
        z = np.full((len(tables), len(entities)), np.nan)
        names = np.full((len(tables), len(entities)), "", dtype=object)
        for row in grouped.itertuples(index=False):
            if bool(is_special[row.entity_type]) != special:
                continue
            i, j = tables.index(row.table_name), entities.index(row.entity_type)
            z[i, j] = (0 if np.isnan(z[i, j]) else z[i, j]) + row.columns
            names[i, j] = row.names
        if np.isnan(z).all():
            continue
        fig.add_trace(go.Heatmap(
            z=z, x=x_labels, y=tables, customdata=names, colorscale=scale, showscale=False,
            zmin=0, xgap=2, ygap=2, texttemplate="%{z}",
            name=t("fig.special" if special else "fig.pii", lang),
            hovertemplate=(f"{t('col.table_name', lang)}: %{{y}}<br>{t('col.entity_type', lang)}: "
                           f"%{{x}}<br>{t('col.columns', lang)}: %{{z}} (%{{customdata}})"
                           "<extra></extra>"),
        ))
    base_layout(fig, title, lang, height=max(320, 28 * len(tables) + 240))
    # the axis title sits under the chart: on top it ran into the (German) chart title
    fig.update_xaxes(title=t("fig.pii_heatmap.x", lang), side="bottom", tickangle=-40,
                     categoryorder="array", categoryarray=x_labels)
    fig.update_yaxes(title=t("fig.pii_heatmap.y", lang))
    return fig


def consent_coverage(coverage: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Share of contacts with valid consent as of the audit date, purpose × channel."""
    title = t("fig.consent_coverage.title", lang)
    _require(coverage, ["purpose", "channel", "contacts", "with_valid_consent", "share"],
             "consent_coverage")
    if coverage.empty:
        return empty_figure(title, lang)
    purposes = sorted(coverage["purpose"].astype(str).unique())
    channels = sorted(coverage["channel"].astype(str).unique())
    idx = {(p, c): i for i, (p, c) in enumerate(zip(coverage["purpose"].astype(str),
                                                     coverage["channel"].astype(str), strict=True))}
    z = np.full((len(purposes), len(channels)), np.nan)
    custom = np.zeros((len(purposes), len(channels), 2))
    for (p, c), i in idx.items():
        row = coverage.iloc[i]
        z[purposes.index(p), channels.index(c)] = float(row["share"])
        custom[purposes.index(p), channels.index(c)] = [row["with_valid_consent"], row["contacts"]]
    fig = go.Figure(go.Heatmap(
        z=z, customdata=custom, zmin=0, zmax=1, colorscale=SEQUENTIAL, xgap=2, ygap=2,
        x=[label(f"channel.{c}", lang, c) for c in channels],
        y=[label(f"purpose.{p}", lang, p) for p in purposes],
        texttemplate="%{z:.0%}", colorbar={"tickformat": ".0%", "title": t("col.share", lang)},
        hovertemplate=(f"%{{y}} · %{{x}}<br>{t('col.with_valid_consent', lang)}: "
                       f"%{{customdata[0]:,}} / %{{customdata[1]:,}} (%{{z:.1%}})<extra></extra>"),
    ))
    base_layout(fig, title, lang, height=max(300, 40 * len(purposes) + 160))
    fig.update_xaxes(title=t("col.channel", lang))
    fig.update_yaxes(title=t("col.purpose", lang))
    return fig


def consent_trend(by_month: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Marketing sends per month: those without a valid consent in a panel of their own
    (on their own scale, labelled with their number, so a few hundred unlawful sends next
    to a hundred thousand lawful ones stay visible), the covered sends and share below."""
    title = t("fig.consent_trend.title", lang)
    _require(by_month, ["month", "sends", "covered", "share"], "consent_trend")
    if by_month.empty:
        return empty_figure(title, lang)
    df = by_month.sort_values("month")
    month = _utc_naive(df["month"]) if not isinstance(df["month"].iloc[0], str) else df["month"]
    sends = df["sends"].astype(float)
    covered = df["covered"].astype(float)
    uncovered = (sends - covered).clip(lower=0)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.35, 0.65],
                        vertical_spacing=0.08, specs=[[{}], [{"secondary_y": True}]])
    monthly = {"xperiod": "M1", "xperiodalignment": "middle"}
    fig.add_bar(x=month, y=uncovered, name=t("fig.consent_trend.uncovered", lang),
                marker_color=VIOLATION, marker_pattern_shape="/",
                text=[f"{int(v):,}" if v else "" for v in uncovered], textposition="outside",
                cliponaxis=False, row=1, col=1, **monthly)
    fig.add_bar(x=month, y=covered, name=t("fig.consent_trend.covered", lang),
                marker_color=OKABE_ITO["blue"], row=2, col=1, **monthly)
    fig.add_scatter(x=month, y=df["share"].astype(float), name=t("col.share", lang),
                    mode="lines+markers", line={"color": OKABE_ITO["black"], "width": 2},
                    row=2, col=1, secondary_y=True, **monthly)
    base_layout(fig, title, lang, height=560)
    top = float(uncovered.max()) if len(uncovered) else 0.0
    fig.update_yaxes(title=t("fig.consent_trend.uncovered", lang), row=1, col=1,
                     range=[0, max(1.0, top) * 1.25], rangemode="tozero")
    fig.update_yaxes(title=t("fig.consent_trend.y", lang), row=2, col=1, secondary_y=False)
    fig.update_yaxes(title=t("col.share", lang), range=[0, 1.05], tickformat=".0%",
                     dtick=0.25, showgrid=False, row=2, col=1, secondary_y=True)
    fig.update_xaxes(title=t("col.month", lang), row=2, col=1)
    fig.update_xaxes(tickformat=t("format.month_axis", lang),
                     dtick="M1" if len(df) <= 12 else ("M3" if len(df) <= 36 else "M12"))
    fig.update_layout(barmode="stack")
    return fig


def violation_funnel(stages: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Funnel of records through successive compliance conditions (``stage, count``).

    ``stage`` values are translation keys under ``funnel.`` (unknown ones are shown as is).
    """
    title = t("fig.funnel.title", lang)
    _require(stages, ["stage", "count"], "violation_funnel")
    if stages.empty:
        return empty_figure(title, lang)
    colours = [OKABE_ITO["blue"]] * (len(stages) - 1) + [OKABE_ITO["bluish_green"]]
    fig = go.Figure(go.Funnel(
        y=[label(f"funnel.{s}", lang, str(s)) for s in stages["stage"]],
        x=stages["count"].astype(int), texttemplate="%{value:,}<br>%{percentInitial:.2%}",
        marker={"color": colours},
        hovertemplate="%{y}: %{x:,}<br>%{percentInitial:.1%}<extra></extra>",
    ))
    return base_layout(fig, title, lang, height=max(300, 70 * len(stages) + 120))


def _bucket_start(bucket: str) -> float:
    """``"3-6y"`` -> 3, ``"10y+"`` -> 10: age buckets sort by their lower bound."""
    match = re.match(r"\s*<?\s*(\d+(?:\.\d+)?)", bucket)
    return float(match.group(1)) if match else math.inf


def retention_ageing(ageing: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Business records per type, stacked by age bucket; buckets past the policy limit hatched.

    Args:
        ageing: ``record_type, age_bucket, count, limit_months, past_limit``; age buckets
            in ascending order of age.
    """
    title = t("fig.retention.title", lang)
    _require(ageing, ["record_type", "age_bucket", "count", "limit_months", "past_limit"],
             "retention_ageing")
    if ageing.empty:
        return empty_figure(title, lang)
    buckets = sorted(dict.fromkeys(ageing["age_bucket"].astype(str)), key=_bucket_start)
    types = sorted(ageing["record_type"].astype(str).unique(), reverse=True)
    limits = ageing.groupby(ageing["record_type"].astype(str))["limit_months"].first()

    def type_label(rt: str) -> str:
        name = label(f"record_type.{rt}", lang, rt)
        limit = limits.get(rt)
        if limit is None or pd.isna(limit):
            return f"{name} · {t('fig.retention.no_policy', lang)}"
        return f"{name} · {t('fig.retention.limit', lang, months=int(limit))}"

    y_labels = {rt: type_label(rt) for rt in types}
    colours = sample_colorscale([[0, "#CDE8F6"], [1, "#08306B"]],
                                [i / max(1, len(buckets) - 1) for i in range(len(buckets))])
    counts = pd.to_numeric(ageing["count"], errors="coerce").fillna(0).astype(int)
    if ageing["past_limit"].dtype == bool:  # a flag per bucket rather than a count
        past_all = counts.where(ageing["past_limit"], 0)
    else:
        past_all = pd.to_numeric(ageing["past_limit"], errors="coerce").fillna(0).astype(int)
    frame = pd.DataFrame({"record_type": ageing["record_type"].astype(str),
                          "bucket": ageing["age_bucket"].astype(str),
                          "within": counts - past_all, "past": past_all})
    hover = ("%{y}<br>" + t("col.age_bucket", lang) + ": {bucket}<br>%{customdata}: %{x:,}"
             "<extra></extra>")
    fig = go.Figure()
    for bucket, colour in zip(buckets, colours, strict=True):
        part = frame[frame["bucket"] == bucket]
        name = label(f"age_bucket.{bucket}", lang, bucket)
        y = [y_labels[rt] for rt in part["record_type"]]
        fig.add_bar(y=y, x=part["within"], orientation="h", name=name, legendgroup=bucket,
                    marker={"color": colour, "line": {"color": colour, "width": 1}},
                    customdata=[t("fig.retention.within", lang)] * len(part),
                    hovertemplate=hover.replace("{bucket}", bucket))
        if part["past"].any():
            fig.add_bar(y=y, x=part["past"], orientation="h", name=name, legendgroup=bucket,
                        showlegend=False,
                        marker={"color": colour, "pattern": {"shape": "x",
                                                             "fgcolor": OKABE_ITO["vermillion"]},
                                "line": {"color": OKABE_ITO["vermillion"], "width": 1.5}},
                        customdata=[t("fig.retention.past", lang)] * len(part),
                        hovertemplate=hover.replace("{bucket}", bucket))
    # The records past their limit, per type, on a scale of their own (next to tens of
    # thousands within their period a few hundred are a sliver in the stack).
    past = frame.groupby("record_type")["past"].sum()
    fig.add_bar(y=[y_labels[rt] for rt in types], x=[int(past.get(rt, 0)) for rt in types],
                orientation="h", name=t("fig.retention.past", lang), xaxis="x2",
                marker={"color": VIOLATION, "pattern": {"shape": "x", "fgcolor": "#FFFFFF"}},
                text=[f"{int(past.get(rt, 0)):,}" if past.get(rt, 0) else "" for rt in types],
                textposition="outside", cliponaxis=False,
                hovertemplate="%{y}<br>" + t("fig.retention.past", lang) + ": %{x:,}"
                "<extra></extra>")
    base_layout(fig, title, lang, height=max(300, 45 * len(types) + 180))
    top = max(1, int(past.max()) if len(past) else 0)
    fig.update_layout(barmode="stack", legend_title_text=t("col.age_bucket", lang),
                      xaxis={"domain": [0, 0.62], "title": t("fig.retention.x", lang)},
                      xaxis2={"domain": [0.7, 1.0], "anchor": "y", "range": [0, top * 1.3],
                              "title": t("fig.retention.past", lang)})
    fig.update_yaxes(categoryorder="array", categoryarray=[y_labels[rt] for rt in types])
    fig.add_annotation(text=t("fig.retention.note", lang), showarrow=False, xref="paper",
                       yref="paper", x=0, y=-0.02, yanchor="top", xanchor="left",
                       font={"size": 11})
    return fig


def access_matrix(matrix: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Roles × personal-data categories: none, read or export (the highest right wins).

    Args:
        matrix: ``role, table, column, pii_types, special_categories, can_read, can_export``;
            the type columns hold lists or comma-separated text.
    """
    title = t("fig.access.title", lang)
    _require(matrix, ["role", "pii_types", "special_categories", "can_read", "can_export"],
             "access_matrix")
    if matrix.empty:
        return empty_figure(title, lang)
    rows = []
    for rec in matrix.itertuples(index=False):
        level = 2 if bool(rec.can_export) else (1 if bool(rec.can_read) else 0)
        for entity in _as_list(rec.pii_types):
            rows.append((str(rec.role), entity, False, level))
        for entity in _as_list(rec.special_categories):
            rows.append((str(rec.role), entity, True, level))
    roles = sorted(matrix["role"].astype(str).unique(), reverse=True)
    if not rows:
        return empty_figure(title, lang)
    cells = pd.DataFrame(rows, columns=["role", "entity", "special", "level"])
    special = cells.groupby("entity")["special"].any()
    entities = sorted(special.index, key=lambda e: (bool(special[e]), e))
    agg = cells.groupby(["role", "entity"]).agg(level=("level", "max"), n=("level", "size"))
    z = np.zeros((len(roles), len(entities)))
    n = np.zeros((len(roles), len(entities)), dtype=int)
    for (role, entity), rec in agg.iterrows():
        z[roles.index(role), entities.index(entity)] = rec["level"]
        n[roles.index(role), entities.index(entity)] = rec["n"]
    words = [t("fig.access.none", lang), t("fig.access.read", lang), t("fig.access.export", lang)]
    text = np.vectorize(lambda v: ["", words[1][0], words[2][0]][int(v)])(z)
    fig = go.Figure(go.Heatmap(
        z=z, x=[_entity_label(e, bool(special[e]), lang) for e in entities],
        y=[label(f"role.{r}", lang, r) for r in roles], zmin=-0.5, zmax=2.5,
        colorscale=[[0, "#F2F2F2"], [1 / 3, "#F2F2F2"], [1 / 3, OKABE_ITO["sky_blue"]],
                    [2 / 3, OKABE_ITO["sky_blue"]], [2 / 3, OKABE_ITO["orange"]],
                    [1, OKABE_ITO["orange"]]],
        colorbar={"tickvals": [0, 1, 2], "ticktext": words, "title": t("fig.access.right", lang)},
        text=text, texttemplate="%{text}", customdata=n, xgap=2, ygap=2,
        hovertemplate=(f"{t('col.role', lang)}: %{{y}}<br>{t('col.entity_type', lang)}: %{{x}}"
                       f"<br>{t('col.columns', lang)}: %{{customdata}}<extra></extra>"),
    ))
    base_layout(fig, title, lang, height=max(320, 34 * len(roles) + 260))
    fig.update_xaxes(title=t("fig.pii_heatmap.x", lang), side="bottom", tickangle=-40)
    fig.update_yaxes(title=t("col.role", lang))
    return fig


def _request_outcome(row: Any, as_of: pd.Timestamp) -> str:
    """rejected, late, on_time (answered) or overdue, open (unanswered).

    Uses the assessment's ``days_late`` (legal deadline on the local calendar) when
    present, else compares with the deadline's end of day.
    """
    if str(row.status) == "rejected":
        return "rejected"
    days_late = getattr(row, "days_late", None)
    if days_late is not None and pd.notna(days_late):
        late = float(days_late) > 0
    else:
        end = row.completed_at if pd.notna(row.completed_at) else as_of
        late = pd.notna(row.legal_deadline) and end >= row.legal_deadline + pd.Timedelta(days=1)
    if pd.notna(row.completed_at):
        return "late" if late else "on_time"
    return "overdue" if late else "open"


OUTCOME_STYLE = {
    "on_time": (OKABE_ITO["bluish_green"], "circle"),
    "late": (OKABE_ITO["vermillion"], "x"),
    "overdue": (OKABE_ITO["reddish_purple"], "diamond"),
    "open": (OKABE_ITO["sky_blue"], "circle-open"),
    "rejected": (GREY, "square-open"),
}


def request_timeline(requests: pd.DataFrame, as_of: dt.date, lang: str = "en") -> go.Figure:
    """Data-subject requests: days taken (or open so far) per request against its deadline.

    x is the day a request arrived, y the days until it was answered (open ones: until
    ``as_of``); a grey tick marks each request's legal deadline (Art. 12(3)).
    """
    title = t("fig.requests.title", lang)
    _require(requests, ["request_ref", "request_type", "received_at", "legal_deadline",
                        "completed_at", "status"], "request_timeline")
    df = requests.copy()
    for col in ("received_at", "legal_deadline", "completed_at"):
        df[col] = _utc_naive(df[col])
    df = df[df["received_at"].notna()]
    if df.empty:
        return empty_figure(title, lang)
    cutoff = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    df["outcome"] = [_request_outcome(r, cutoff) for r in df.itertuples(index=False)]
    df["end"] = df["completed_at"].fillna(cutoff)
    df["days"] = (df["end"] - df["received_at"]).dt.total_seconds() / 86400
    df["deadline_days"] = (df["legal_deadline"] - df["received_at"]).dt.total_seconds() / 86400
    fig = go.Figure()
    fig.add_scatter(x=df["received_at"], y=df["deadline_days"], mode="markers",
                    name=t("fig.requests.deadline", lang), hoverinfo="skip",
                    marker={"symbol": "line-ew-open", "size": 14, "color": OKABE_ITO["black"],
                            "line": {"width": 2}})
    for outcome, (colour, symbol) in OUTCOME_STYLE.items():
        part = df[df["outcome"] == outcome]
        if part.empty:
            continue
        custom = np.column_stack([
            part["request_ref"].astype(str),
            [label(f"request_type.{v}", lang, str(v)) for v in part["request_type"]],
            part["legal_deadline"].dt.strftime("%Y-%m-%d").fillna("–"),
            part["completed_at"].dt.strftime("%Y-%m-%d").fillna("–"),
        ])
        fig.add_scatter(
            x=part["received_at"], y=part["days"], mode="markers", customdata=custom,
            name=t(f"fig.requests.{outcome}", lang),
            marker={"color": colour, "symbol": symbol, "size": 9, "line": {"width": 1.5,
                                                                           "color": colour}},
            hovertemplate=(f"%{{customdata[0]}} · %{{customdata[1]}}<br>"
                           f"{t('col.received_at', lang)}: %{{x|%Y-%m-%d}}<br>"
                           f"{t('col.legal_deadline', lang)}: %{{customdata[2]}}<br>"
                           f"{t('col.completed_at', lang)}: %{{customdata[3]}}<br>"
                           f"{t('fig.requests.y', lang)}: %{{y:.0f}}<extra></extra>"),
        )
    base_layout(fig, title, lang)
    # plotly.js ships English month names only: German axes use numbers
    fig.update_xaxes(title=t("col.received_at", lang), tickformat=t("format.month_axis", lang))
    fig.update_yaxes(title=t("fig.requests.y", lang), rangemode="tozero")
    return fig


def breach_timeline(timeline: pd.DataFrame, lang: str = "en",
                    as_of: dt.date | None = None) -> go.Figure:
    """Breaches by detection date and hours until the authority was notified, with the 72 h mark.

    Breaches never notified are drawn at the hours elapsed until ``as_of`` (when given).
    Marker area grows with the number of affected subjects.
    """
    title = t("fig.breaches.title", lang)
    _require(timeline, ["breach_id", "detected_at", "hours_to_notify", "risk_level",
                        "affected_count", "late"], "breach_timeline")
    df = timeline.copy()
    df["detected_at"] = _utc_naive(df["detected_at"])
    df = df[df["detected_at"].notna()]
    if df.empty:
        return empty_figure(title, lang)
    hours = pd.to_numeric(df["hours_to_notify"], errors="coerce")
    pending = hours.isna()
    if as_of is not None:
        until = pd.Timestamp(as_of) + pd.Timedelta(days=1)
        hours = hours.where(~pending, (until - df["detected_at"]).dt.total_seconds() / 3600)
    df["hours"] = hours
    df["state"] = np.where(pending, "not_notified",
                           np.where(df["late"].fillna(False).astype(bool), "late", "on_time"))
    affected = pd.to_numeric(df["affected_count"], errors="coerce").fillna(0)
    df["size"] = 10 + 30 * np.sqrt(affected / max(1.0, float(affected.max())))
    styles = {"on_time": (OKABE_ITO["bluish_green"], "circle"),
              "late": (OKABE_ITO["vermillion"], "x"),
              "not_notified": (OKABE_ITO["reddish_purple"], "diamond-open")}
    fig = go.Figure()
    for state, (colour, symbol) in styles.items():
        part = df[(df["state"] == state) & df["hours"].notna()]
        if part.empty:
            continue
        custom = np.column_stack([
            part["breach_id"].astype(str),
            [label(f"risk.{v}", lang, str(v)) for v in part["risk_level"]],
            pd.to_numeric(part["affected_count"], errors="coerce").fillna(-1).astype(int),
        ])
        fig.add_scatter(
            x=part["detected_at"], y=part["hours"], mode="markers", customdata=custom,
            name=t(f"fig.breaches.{state}", lang),
            marker={"color": colour, "symbol": symbol, "size": part["size"],
                    "line": {"width": 2, "color": colour}},
            hovertemplate=(f"%{{customdata[0]}}<br>{t('col.detected_at', lang)}: "
                           f"%{{x|%Y-%m-%d %H:%M}}<br>{t('col.hours_to_notify', lang)}: "
                           f"%{{y:.0f}}<br>{t('col.risk_level', lang)}: %{{customdata[1]}}<br>"
                           f"{t('col.affected_count', lang)}: %{{customdata[2]}}<extra></extra>"),
        )
    base_layout(fig, title, lang)
    top = float(df["hours"].max()) if df["hours"].notna().any() else BREACH_DEADLINE_HOURS
    if top > 24 * 30:  # a breach never notified for months would flatten all others
        fig.update_yaxes(type="log")
    # The 72-hour limit as a line trace: its y is in hours on a linear and a log axis
    # alike (a shape on a log axis takes the exponent and landed at 1.9 h).
    pad = pd.Timedelta(days=15)
    fig.add_scatter(x=[df["detected_at"].min() - pad, df["detected_at"].max() + pad],
                    y=[BREACH_DEADLINE_HOURS, BREACH_DEADLINE_HOURS], mode="lines+text",
                    name=t("fig.breaches.mark", lang), text=[t("fig.breaches.mark", lang), ""],
                    textposition="top right", hoverinfo="skip",
                    line={"color": OKABE_ITO["black"], "dash": "dash", "width": 2})
    fig.update_xaxes(title=t("col.detected_at", lang), tickformat=t("format.month_axis", lang))
    fig.update_yaxes(title=t("col.hours_to_notify", lang))
    return fig


def findings_by_area(counts: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Findings per assessment area, stacked by severity (``area, severity, findings``)."""
    title = t("fig.findings.title", lang)
    _require(counts, ["area", "severity", "findings"], "findings_by_area")
    if counts.empty or counts["findings"].sum() == 0:
        return empty_figure(title, lang)
    areas = sorted(counts["area"].astype(str).unique(), reverse=True)
    fig = go.Figure()
    for severity in SEVERITY_ORDER:
        part = counts[counts["severity"] == severity].set_index("area")["findings"]
        values = [int(part.get(a, 0)) for a in areas]
        fig.add_bar(y=[label(f"area.{a}", lang, a) for a in areas], x=values, orientation="h",
                    name=t(f"severity.{severity}", lang), marker_color=SEVERITY_COLOURS[severity],
                    hovertemplate="%{y}: %{x:,}<extra>" + t(f"severity.{severity}", lang)
                    + "</extra>")
    base_layout(fig, title, lang, height=max(300, 45 * len(areas) + 160))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=t("col.findings", lang))
    return fig


def findings_trend(history: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Findings per audit date, stacked by severity (``as_of, severity, findings``)."""
    title = t("fig.trend.title", lang)
    _require(history, ["as_of", "severity", "findings"], "findings_trend")
    if history.empty:
        return empty_figure(title, lang)
    dates = sorted(pd.to_datetime(history["as_of"]).dt.strftime("%Y-%m-%d").unique())
    keyed = history.assign(day=pd.to_datetime(history["as_of"]).dt.strftime("%Y-%m-%d"))
    fig = go.Figure()
    for severity in SEVERITY_ORDER:
        part = keyed[keyed["severity"] == severity].set_index("day")["findings"]
        # categories in ISO order, labelled the language's way (28.11.2026)
        fig.add_bar(x=[format_date(d, lang) for d in dates],
                    y=[int(part.get(d, 0)) for d in dates],
                    name=t(f"severity.{severity}", lang), marker_color=SEVERITY_COLOURS[severity])
    base_layout(fig, title, lang, height=360)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=t("fig.trend.x", lang), type="category")
    fig.update_yaxes(title=t("col.findings", lang))
    return fig
