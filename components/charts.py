"""Drawing a chart: the framed spec (explorer.charts.frame), and under it its downloads, PNG and SVG
with the title, subtitle, source line and as-of drawn in (rendered locally by vl-convert) and the CSV
of exactly the data drawn.

Charts are Vega-Lite specifications drawn by Streamlit's built-in renderer (SVG, no request leaving
the app). Plotly was the first choice, but its JavaScript alone made a page open in about 2× the
time of a blank Streamlit page (see benchmarks/bench_pages.py); Vega-Lite costs a fraction of that.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from components.download_menu import download_menu
from components.i18n import current_lang, t
from components.view_bundle import register
from explorer.charts.frame import framed, wrap  # noqa: F401
from explorer.export import chart_csv, chart_png, chart_svg, safe_name


def _title(spec: dict[str, Any]) -> str:
    text = (spec.get("title") or {}).get("text", "") if isinstance(spec.get("title"), dict) else spec.get("title", "")
    return " ".join(text) if isinstance(text, list) else str(text)


def chart_downloads(spec: dict[str, Any], key: str, lang: str) -> None:
    """PNG, SVG and CSV buttons for one chart, in a "Download" popover (the browser draws a popover's
    content only when it is opened: three buttons per chart made every page slower to open). The
    images are made only when clicked (a callable)."""
    stem = safe_name("coverage-explorer", key)
    with download_menu(key, lang, help=t("download.chart.help", lang)):
        st.download_button(t("download.png", lang), lambda: chart_png(spec), file_name=f"{stem}.png", mime="image/png",
                           key=f"{key}-png", on_click="ignore", type="tertiary")
        st.download_button(t("download.svg", lang), lambda: chart_svg(spec).encode("utf-8"), file_name=f"{stem}.svg",
                           mime="image/svg+xml", key=f"{key}-svg", on_click="ignore", type="tertiary")
        st.download_button(t("download.csv", lang), lambda: chart_csv(spec), file_name=f"{stem}.csv", mime="text/csv",
                           key=f"{key}-csv", on_click="ignore", type="tertiary")


def show(spec: dict[str, Any], key: str, on_select: str = "ignore", source_ids: Iterable[str] = (),
         downloads: bool = True):
    """Draw a framed spec at the container's width, with its downloads; with on_select="rerun",
    return the selection. The chart's data joins the view's bundle."""
    event = st.vega_lite_chart(spec, width="stretch", theme=None, key=key, on_select=on_select)
    if downloads:
        chart_downloads(spec, key, current_lang())
        register(safe_name("chart", key), _title(spec), lambda: chart_csv(spec), tuple(source_ids))
    return event


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
