"""Drawing a chart: the framed Plotly figure (explorer.charts.frame) with st.plotly_chart, and under it
its Download menu: PNG and SVG with the title, subtitle, source line, as-of date and licence drawn in
(rendered on this machine by kaleido driving its own Chromium, offline), the CSV of exactly the data
drawn and the figure as Plotly JSON. The chart toolbar's own PNG (the camera) works offline too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import fields, replace
from typing import Any, cast

import plotly.graph_objects as go
import streamlit as st

from components.download_menu import download_menu
from components.i18n import current_lang, t
from components.knowledge import knowledge_base
from components.view_bundle import register
from explorer.charts.frame import Chart, framed, licence_line, wrap  # noqa: F401
from explorer.export import chart_csv, chart_json, chart_png, chart_svg, chromium_available, safe_name
from policy.kept import kept, kept_for
from policy.knowledge_base import KnowledgeBase

KEPT_CHARTS = 256  # bare charts kept per knowledge base (a few kB to a few hundred kB each)
KEPT_FRAMES = 128  # framed figures kept per knowledge base (22–185 kB each in memory)

# The toolbar keeps what a reader needs: the image download and full screen (Streamlit's own);
# zoom, pan and box selection mean nothing on these charts.
REMOVED_BUTTONS = ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                   "resetScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"]


def plotly_config(stem: str) -> dict[str, Any]:
    return {
        "displaylogo": False,
        "displayModeBar": True,  # always shown (a phone has no hover): its camera saves a PNG, offline
        "modeBarButtonsToRemove": REMOVED_BUTTONS,
        "toImageButtonOptions": {"format": "png", "filename": stem, "scale": 2},
        "scrollZoom": False,
        "responsive": True,
    }


def kept_chart(kb: KnowledgeBase, key: Hashable, build: Callable[[], Chart]) -> Chart:
    """The chart ``build`` makes, built once per knowledge base and ``key`` (the chart's kind and every
    input it depends on, the language included): a rerun that changes nothing it shows draws it again
    without building it (a coverage grid's figure costs ≈ 30 ms to build). Shared by every session:
    a Chart is never changed in place (framing and exports work on copies)."""
    return kept(kb, "charts", key, build, KEPT_CHARTS)


class DrawnFigure(go.Figure):
    """A framed figure that is only drawn. ``st.plotly_chart`` asks for the figure's dict on every run, and
    plotly.py makes it anew each time (a deep copy of the whole figure: 1–8 ms a chart); this one makes
    it once. So it must never change after its first draw: it is kept and shared (``framed_figure``),
    and nothing changes it; exports frame the chart afresh."""

    def to_dict(self) -> dict[str, Any]:
        made = self.__dict__.get("_drawn_dict")
        if made is None:
            made = super().to_dict()
            self._drawn_dict = made  # Streamlit only reads it (plotly.io.to_json drops absent trace uids)
        return made


def drawn_figure(figure: go.Figure) -> DrawnFigure:
    """The figure, just made and not yet shared, as a DrawnFigure. Its class is changed in place: a copy
    would cost another 2–20 ms, and plotly.py would give the copy its default template."""
    figure.__class__ = DrawnFigure  # DrawnFigure only adds a method: the object stays what it was
    return cast(DrawnFigure, figure)


def framed_figure(kb: KnowledgeBase, chart: Chart) -> go.Figure:
    """The chart's framed figure, made once per bare figure and frame: a rerun that shows the same chart
    draws it without framing it again (plotly.py's deep copy of the figure, the frame, the data's
    revision: 2–20 ms a chart on every run). The bare figure is known by identity (a Chart's figure is
    never changed in place; ``policy.kept.kept_for``). Shared by every session: the framed figure is
    only drawn, never changed, and its dict is made once (DrawnFigure)."""
    frame = tuple(getattr(chart, f.name) for f in fields(chart) if f.name not in ("figure", "rows", "extra"))
    return kept_for(kb, "framed", (chart.figure,), (frame, repr(chart.extra)),
                    lambda: drawn_figure(chart.framed_figure()), KEPT_FRAMES)


def chart_downloads(chart: Chart, key: str, lang: str) -> None:
    """PNG, SVG, CSV and JSON for one chart, in a "Download" popover (the browser draws a popover's
    content only when it is opened). Files are made only when clicked (callables)."""
    stem = safe_name("coverage-explorer", key)
    with download_menu(key, lang, help=t("download.chart.help", lang)):
        if chromium_available():
            st.download_button(t("download.png", lang), lambda: chart_png(chart), file_name=f"{stem}.png",
                               mime="image/png", key=f"{key}-png", on_click="ignore", type="tertiary")
            st.download_button(t("download.svg", lang), lambda: chart_svg(chart).encode("utf-8"),
                               file_name=f"{stem}.svg", mime="image/svg+xml", key=f"{key}-svg", on_click="ignore",
                               type="tertiary")
        else:
            st.caption(t("download.no_chromium", lang))
        st.download_button(t("download.csv", lang), lambda: chart_csv(chart), file_name=f"{stem}.csv", mime="text/csv",
                           key=f"{key}-csv", on_click="ignore", type="tertiary")
        st.download_button(t("download.json", lang), lambda: chart_json(chart), file_name=f"{stem}.plotly.json",
                           mime="application/json", key=f"{key}-json", on_click="ignore", type="tertiary")


def show(chart: Chart, key: str, on_select: str = "ignore", source_ids: Iterable[str] = (),
         downloads: bool = True) -> Any:
    """Draw a framed chart at the container's width, with its downloads; with on_select="rerun",
    return the selection. The chart's data joins the view's bundle."""
    lang = current_lang()
    kb = knowledge_base()
    if not chart.licence:
        chart = replace(chart, licence=licence_line(kb, lang))
    figure = framed_figure(kb, chart)
    options: dict[str, Any] = {"width": "stretch", "theme": None, "key": key,
                               "config": plotly_config(safe_name("coverage-explorer", key)), "alt": chart.label}
    if on_select == "rerun":
        event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", **options)
    else:
        event = st.plotly_chart(figure, **options)
    if downloads:
        chart_downloads(chart, key, lang)
        register(safe_name("chart", key), chart.title, lambda: chart_csv(chart), tuple(source_ids))
    return event


def pick_cell(event: Any, param: str = "cell") -> tuple[str, str] | None:
    """The (row, col) codes of the grid cell a click selected (the marker's customdata), or None."""
    try:
        points = event.selection["points"]
    except (AttributeError, KeyError, TypeError):
        return None
    for point in points or []:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, list) and len(data) >= 2 and isinstance(data[0], str) and isinstance(data[1], str):
            return data[0], data[1]
    return None
