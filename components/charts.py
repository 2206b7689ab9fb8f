"""Chart frame and display: every chart carries its title, subtitle, source line and as-of date in
the image, so a screenshot stands alone.

Charts are Vega-Lite specifications drawn by Streamlit's built-in renderer (SVG, no request leaving
the app). Plotly was the first choice, but its JavaScript alone made a page open in about 2× the
time of a blank Streamlit page (see benchmarks/bench_pages.py); Vega-Lite costs a fraction of that.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from policy.charts.frame import framed, wrap  # noqa: F401


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
