"""Colours and the shared plotly layout of the report.

The palette is Okabe & Ito's (2008), readable with every common colour-vision
deficiency; status and severity never rely on colour alone (icons and words too).
"""

from __future__ import annotations

import plotly.graph_objects as go

from gdpr_audit.report.i18n import t

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
GREY = "#BBBBBB"
#: Discrete colour order for categorical series.
SEQUENCE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion",
                                   "sky_blue", "reddish_purple", "yellow", "black")]
#: One hue, darker with each step of severity (critical darkest): the order reads in
#: greyscale and with every colour-vision deficiency; words and counts name it too.
SEVERITY_COLOURS = {
    "low": "#FDBB84",
    "medium": "#F0803C",
    "high": "#C8391A",
    "critical": "#67000D",
}
SEVERITY_ORDER = ["critical", "high", "medium", "low"]
STATUS_COLOURS = {
    "red": OKABE_ITO["vermillion"],
    "amber": OKABE_ITO["orange"],
    "green": OKABE_ITO["bluish_green"],
    "grey": GREY,
}
STATUS_ICONS = {"red": "✖", "amber": "▲", "green": "✔", "grey": "–"}
#: Sequential scale for shares/counts: light to the palette's blue (monotone in lightness).
SEQUENTIAL = [[0.0, "#F7FBFF"], [0.5, OKABE_ITO["sky_blue"]], [1.0, OKABE_ITO["blue"]]]
#: Marks special categories (Art. 9) in axis labels.
SPECIAL_MARK = "◆ "


def base_layout(fig: go.Figure, title: str, lang: str, height: int = 460) -> go.Figure:
    """Apply the report's look: title, white template, palette, locale separators."""
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        template="plotly_white",
        colorway=SEQUENCE,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        # German reports use a decimal comma and a thousands dot.
        separators=t("format.separators", lang),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        hoverlabel={"namelength": -1},
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def empty_figure(title: str, lang: str) -> go.Figure:
    """A figure that says there is nothing to show (rather than an empty axis)."""
    fig = go.Figure()
    fig.add_annotation(text=t("fig.no_data", lang), showarrow=False, x=0.5, y=0.5,
                       xref="paper", yref="paper", font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, title, lang, height=220)
