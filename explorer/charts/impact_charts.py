"""Charts of the population and cost impact (Plotly; the page frames and draws them).

Every range is drawn as a range (an error bar from low to high over the central bar), never as a
lone point; levels keep the one colour-blind-safe palette with their symbols. Numbers follow the
language (Plotly's ``separators``: 12 345,6 in Russian)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from explorer.charts.frame import Chart, LegendItem, text_width
from explorer.charts.palette import LEVEL_COLOURS, LEVEL_SYMBOL
from explorer.i18n import fmt_number, t

AXIS_SIZE = 11
LABELS_BOTTOM = 30  # px under the plot for the numbers (the frame adds the axis title's room)
SEPARATORS = {"en": ".,", "ru": ",\u00a0"}


def _corridor_label(frame: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    return frame["origin"].map(names) + " → " + frame["host"].map(names)


def _number(value: float, lang: str) -> str:
    return fmt_number(round(float(value)), lang)


def _layout(fig: go.Figure, corridors: list[str], fmt: str, lang: str) -> int:
    # Numbers: on a phone Plotly turns them when they crowd, and the last one may then reach past the
    # figure: Plotly hides it (it measures each label to find it, ≈ 30 boxes a chart; room for it on
    # every screen would cost the plot ≈ 40 px).
    fig.update_xaxes(tickformat=fmt.replace("$", ""), automargin=False, fixedrange=True,
                     ticklabeloverflow="hide past div", tickfont={"size": AXIS_SIZE}, showgrid=True,
                     gridcolor="#eeeeee", rangemode="tozero")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=corridors, autorange="reversed", dtick=1,
                     automargin=False, fixedrange=True, tickfont={"size": AXIS_SIZE})
    fig.update_layout(separators=SEPARATORS.get(lang, SEPARATORS["en"]), dragmode=False, hovermode="closest",
                      bargap=0.25)
    return int(max((text_width(c, AXIS_SIZE) for c in corridors), default=40)) + 12


def _ranged_bars(data: pd.DataFrame, group: str, order: list[str], low: str, central: str, high: str,
                 axis_title: str, fmt: str, colours: list[str], lang: str, step: int, kind: str) -> Chart:
    """One bar per corridor and group (central value) with a black line from low to high over it."""
    totals = data.groupby("corridor")[central].sum().sort_values(ascending=False)
    corridors = list(totals.index)
    fig = go.Figure()
    rows: list[dict[str, Any]] = []
    for name, colour in zip(order, colours[: len(order)], strict=True):
        chosen = data[data[group] == name]
        present = set(chosen["corridor"])
        part = chosen.set_index("corridor").reindex([c for c in corridors if c in present]).reset_index()
        hover = [f"<b>{r['corridor']}</b><br>{name}<br>{_number(r[central], lang)} "
                 f"({_number(r[low], lang)}–{_number(r[high], lang)})" for r in part.to_dict("records")]
        fig.add_trace(go.Bar(
            y=part["corridor"], x=part[central], orientation="h", name=name, marker={"color": colour},
            error_x={"type": "data", "symmetric": False, "array": (part[high] - part[central]).tolist(),
                     "arrayminus": (part[central] - part[low]).tolist(), "color": "#000000", "thickness": 1.2,
                     "width": 3},
            text=hover, textposition="none", hovertemplate="%{text}<extra></extra>", showlegend=False,
        ))
        rows += part.to_dict("records")
    left = _layout(fig, corridors, fmt, lang)
    fig.update_layout(barmode="group")
    legend = tuple(LegendItem(c, "■", n) for n, c in zip(order, colours[: len(order)], strict=True))
    return Chart(kind, fig, rows, plot_height=max(120, step * len(order) * len(corridors) + 20), left=left,
                 bottom=LABELS_BOTTOM, x_title=axis_title, legend=legend,
                 alt=t("impact.alt.corridors", lang, count=len(corridors)))


def corridor_bars_spec(
    frame: pd.DataFrame,
    names: dict[str, str],
    series_labels: dict[str, str],
    axis_title: str,
    legend_title: str,
    fmt: str,
    lang: str = "en",
    step: int = 14,
) -> Chart:
    data = frame.assign(corridor=_corridor_label(frame, names), series_label=frame["series"].map(series_labels))
    return _ranged_bars(data, "series_label", list(series_labels.values()), "low", "central", "high", axis_title,
                        fmt, ["#999999", "#0072B2"], lang, step, "corridor_bars")


def level_flow_spec(
    frame: pd.DataFrame,
    names: dict[str, str],
    level_labels: dict[str, str],
    axis_title: str,
    legend_title: str,
    fmt: str,
    lang: str = "en",
) -> Chart:
    data = frame.assign(corridor=_corridor_label(frame, names), level_label=frame["level"].map(level_labels))
    levels = [lvl for lvl in LEVEL_COLOURS if lvl in set(frame["level"])]
    corridors = list(data.groupby("corridor")["people"].sum().sort_values(ascending=False).index)
    fig = go.Figure()
    rows: list[dict[str, Any]] = []
    for level in levels:
        part = data[data["level"] == level]
        hover = [f"<b>{r['corridor']}</b><br>{LEVEL_SYMBOL[level]} {r['level_label']}<br>"
                 f"{_number(r['people'], lang)}" for r in part.to_dict("records")]
        fig.add_trace(go.Bar(y=part["corridor"], x=part["people"], orientation="h", name=level_labels[level],
                             marker={"color": LEVEL_COLOURS[level]}, text=hover, textposition="none",
                             hovertemplate="%{text}<extra></extra>", showlegend=False))
        rows += part.to_dict("records")
    left = _layout(fig, corridors, fmt, lang)
    fig.update_layout(barmode="stack")
    legend = tuple(LegendItem(LEVEL_COLOURS[lvl], LEVEL_SYMBOL[lvl], level_labels[lvl]) for lvl in levels)
    return Chart("level_flow", fig, rows, plot_height=max(120, 22 * len(corridors) + 20), left=left,
                 bottom=LABELS_BOTTOM, x_title=axis_title, legend=legend,
                 alt=t("impact.alt.corridors", lang, count=len(corridors)))


def cost_ranges_spec(
    frame: pd.DataFrame,
    names: dict[str, str],
    what_labels: dict[str, str],
    axis_title: str,
    legend_title: str,
    fmt: str,
    lang: str = "en",
) -> Chart:
    data = frame.assign(corridor=_corridor_label(frame, names), what_label=frame["what_key"].map(what_labels))
    order = [what_labels[k] for k in what_labels if k in set(frame["what_key"])]
    return _ranged_bars(data, "what_label", order, "usd_low", "usd_central", "usd_high", axis_title, fmt,
                        ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"], lang, 14,
                        "cost_ranges")
