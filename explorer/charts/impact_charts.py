"""Charts of the population and cost impact (Vega-Lite specs; the page frames and draws them).

Every range is drawn as a range (an error bar from low to high over the central bar), never as a
lone point; levels keep the one colour-blind-safe palette with their text labels."""

from __future__ import annotations

from typing import Any

import pandas as pd

from explorer.charts.palette import LEVEL_COLOURS


def _corridor_label(frame: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    return frame["origin"].map(names) + " → " + frame["host"].map(names)


def _ranged_bars(data: pd.DataFrame, group: str, order: list[str], low: str, central: str, high: str,
                 axis_title: str, legend_title: str, fmt: str, colours: list[str]) -> dict[str, Any]:
    """One bar per corridor and group (central value) with a black line from low to high over it."""
    return {
        "width": "container",
        "height": {"step": 14},
        "data": {"values": data.to_dict("records")},
        "encoding": {
            "y": {"field": "corridor", "type": "nominal", "title": None, "sort": "-x"},
            "yOffset": {"field": group, "sort": order},
        },
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "x": {"field": central, "type": "quantitative", "title": axis_title, "axis": {"format": fmt}},
                    "color": {
                        "field": group,
                        "type": "nominal",
                        "title": legend_title,
                        "sort": order,
                        "scale": {"domain": order, "range": colours[: len(order)]},
                        "legend": {"orient": "bottom", "columns": 1},
                    },
                    "tooltip": [
                        {"field": "corridor"},
                        {"field": group, "title": legend_title},
                        {"field": low, "format": fmt},
                        {"field": central, "format": fmt},
                        {"field": high, "format": fmt},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "color": "#000"},
                "encoding": {"x": {"field": low, "type": "quantitative"}, "x2": {"field": high}},
            },
        ],
    }


def corridor_bars_spec(
    frame: pd.DataFrame,
    names: dict[str, str],
    series_labels: dict[str, str],
    axis_title: str,
    legend_title: str,
    fmt: str,
) -> dict[str, Any]:
    data = frame.assign(corridor=_corridor_label(frame, names), series_label=frame["series"].map(series_labels))
    return _ranged_bars(
        data,
        "series_label",
        list(series_labels.values()),
        "low",
        "central",
        "high",
        axis_title,
        legend_title,
        fmt,
        ["#999999", "#0072B2"],
    )


def level_flow_spec(
    frame: pd.DataFrame,
    names: dict[str, str],
    level_labels: dict[str, str],
    axis_title: str,
    legend_title: str,
    fmt: str,
) -> dict[str, Any]:
    data = frame.assign(corridor=_corridor_label(frame, names), level_label=frame["level"].map(level_labels))
    levels = [lvl for lvl in LEVEL_COLOURS if lvl in set(frame["level"])]
    return {
        "width": "container",
        "height": {"step": 22},
        "data": {"values": data.to_dict("records")},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "corridor", "type": "nominal", "title": None, "sort": "-x"},
            "x": {
                "field": "people",
                "type": "quantitative",
                "stack": "zero",
                "title": axis_title,
                "axis": {"format": fmt},
            },
            "color": {
                "field": "level_label",
                "type": "nominal",
                "title": legend_title,
                "scale": {
                    "domain": [level_labels[lvl] for lvl in levels],
                    "range": [LEVEL_COLOURS[lvl] for lvl in levels],
                },
                "legend": {"orient": "bottom"},
            },
            "tooltip": [
                {"field": "corridor"},
                {"field": "level_label", "title": legend_title},
                {"field": "people", "format": fmt},
            ],
        },
    }


def cost_ranges_spec(
    frame: pd.DataFrame,
    names: dict[str, str],
    what_labels: dict[str, str],
    axis_title: str,
    legend_title: str,
    fmt: str,
) -> dict[str, Any]:
    data = frame.assign(corridor=_corridor_label(frame, names), what_label=frame["what_key"].map(what_labels))
    order = [what_labels[k] for k in what_labels if k in set(frame["what_key"])]
    return _ranged_bars(
        data,
        "what_label",
        order,
        "usd_low",
        "usd_central",
        "usd_high",
        axis_title,
        legend_title,
        fmt,
        ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"],
    )
