"""Chart frame and display: every chart carries its title, subtitle, source line and as-of date in
the image, so a screenshot stands alone.

Charts are Vega-Lite specifications drawn by Streamlit's built-in renderer (SVG, no request leaving
the app). Plotly was the first choice, but its JavaScript alone made a page open in about 2× the
time of a blank Streamlit page (see benchmarks/bench_pages.py); Vega-Lite costs a fraction of that.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

FONT = "DejaVu Sans, Verdana, sans-serif"  # installed with the tests; no web fonts
TITLE_WIDTH = 34  # characters per line of a chart title (fits a 390-px phone)
TEXT_WIDTH = 52  # per line of a subtitle or source line


def wrap(text: str, width: int = TEXT_WIDTH) -> list[str]:
    """Break text into lines (Vega-Lite does not wrap titles): fits a phone, reads the same everywhere."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def framed(spec: dict[str, Any], title: str, subtitle: str, source_line: str) -> dict[str, Any]:
    """The spec with its title, subtitle and source line (data as-of, version) drawn into the chart."""
    out = dict(spec)
    out["title"] = {
        "text": wrap(title, TITLE_WIDTH),
        "subtitle": [*wrap(subtitle), " ", *wrap(source_line)],
        "anchor": "start",
        "fontSize": 15,
        "subtitleFontSize": 11,
        "subtitleColor": "#444",
        "offset": 12,
        "limit": 0,  # never cut a title line short: they are wrapped to fit already
    }
    config = dict(out.get("config", {}))
    config.update({"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12},
                   "legend": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 320}})
    out["config"] = config
    # The spec's height is the plot's own; title, subtitle, source and legend add to it (Vega-Lite's
    # default would squeeze the plot into the given height). Width follows the container.
    out["autosize"] = {"type": "fit-x" if out.get("width") == "container" else "pad", "contains": "padding"}
    return out


def show(spec: dict[str, Any], key: str, on_select: str = "ignore"):
    """Draw a framed spec at the container's width; with on_select="rerun", return the selection."""
    return st.vega_lite_chart(spec, width="stretch", theme=None, key=key, on_select=on_select)


def pick_cell(event, param: str) -> tuple[str, str] | None:
    """The (row, col) codes of the heatmap cell a click selected, or None."""
    try:
        points = event.selection[param]
    except (AttributeError, KeyError, TypeError):
        return None
    if not points:
        return None
    point = points[0]
    row, col = point.get("row"), point.get("col")
    return (row, col) if isinstance(row, str) and isinstance(col, str) else None
