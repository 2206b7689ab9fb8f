"""The pages bench_chart_cost.py times: what a Plotly chart costs a page, per tab and per chart.

Every page has a title and one select box; then ``n`` charts (query parameter, 0–4) of one kind:

- /plain?n=K   Plotly's own 10×10 heatmap (what benchmarks/floor_app.py draws for "a Plotly chart");
- /grid?n=K    our Coverage grid as the page draws it (explorer.charts: the framed host × origin grid of
               the default view, a heatmap under 100 square markers, their symbols as marker shapes, the
               low-confidence marks as text, the frame's text);
- /markers?n=K the same grid without the heatmap layer under the markers (what dropping it would save);
- /notext?n=K  the same grid without its symbols (what drawing them costs);
- /text?n=K    the same grid with every symbol drawn as text on its marker (as before 2026-12-06);
- /onetrace?n=K the same grid with its display states' square markers in one trace, not one per state;
- /noselect?n=K the same grid drawn without on_select (as the grids nobody clicks are drawn);
- /heatonly?n=K the same grid as the app draws a grid nobody clicks (coverage_heatmap(selectable=False):
               no square markers, the heatmap takes the hover), drawn without on_select;
- /start?to=…  the page a move in the tab starts from (one plain chart, so Plotly's code is loaded, as
               on every page of the app but Compare and Sources), with a link "Go" to the target.

The target pages are titled "Target"; /start is titled "Start".
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from explorer.charts.palette import MARKS, SYMBOLS  # noqa: E402

TITLE, START_TITLE = "Target", "Start"


def _plain() -> go.Figure:
    z = [[(i * j) % 4 for j in range(10)] for i in range(10)]
    fig = go.Figure(go.Heatmap(z=z, x=list("abcdefghij"), y=list("abcdefghij"), showscale=False))
    fig.update_layout(height=300, margin={"l": 20, "r": 20, "t": 20, "b": 20})
    return fig


@st.cache_resource
def _grid(selectable: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    """Our framed Coverage grid (English, the page's defaults) as a figure dict, and its config;
    clickable, or as the app draws a grid nobody clicks (no square markers: the heatmap takes the hover)."""
    from components.charts import plotly_config
    from explorer.charts.coverage_heatmap import coverage_heatmap
    from explorer.charts.frame import framed, licence_line, source_line
    from explorer.views.coverage import coverage_grid
    from policy.engine import rule_sources
    from policy.knowledge_base import load_knowledge_base

    kb = load_knowledge_base()
    day = kb.meta.as_of
    grid = coverage_grid(kb, day, "spouse", "auto", "stay", "primary", None)
    states = kb.state_names("en")
    chart = coverage_heatmap(grid, "host", "origin", states, states, kb, "en", row_title="Host", col_title="Origin",
                             selectable=selectable, height=440)
    chart = framed(chart, "Coverage of family members", f"Spouse · primary care · {day}",
                   source_line(kb, rule_sources(kb, grid.rules, None), "en"), licence_line(kb, "en"))
    return chart.framed_figure().to_dict(), plotly_config("coverage-explorer-grid")


def _markers_only(figure: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(figure)
    out["data"] = [trace for trace in out["data"] if trace.get("type") != "heatmap"]
    return out


def _count() -> int:
    try:
        return max(0, min(4, int(st.query_params.get("n", "1"))))
    except ValueError:
        return 1


def _page(draw) -> None:  # noqa: ANN001
    st.title(TITLE)
    st.selectbox("State", ["a", "b"], key="pick")
    for i in range(_count()):
        draw(i)


def plain() -> None:
    _page(lambda i: st.plotly_chart(_plain(), key=f"plain-{i}"))


def _without_text(figure: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(figure)
    out["data"] = [trace for trace in out["data"] if trace.get("name") not in (SYMBOLS, MARKS)]
    return out


def _symbols_as_text(figure: dict[str, Any]) -> dict[str, Any]:
    """The grid as drawn before 2026-12-06: every cell's symbol as text on its square marker."""
    out = _without_text(figure)
    for trace in out["data"]:
        if trace.get("type") == "scatter" and trace.get("customdata") is not None:
            trace["mode"] = "markers+text"
            trace["textfont"] = {"size": 13, "color": "white"}
    return out


def _one_state_trace(figure: dict[str, Any]) -> dict[str, Any]:
    """The grid with its display states' square markers in one trace (a colour and a level per point)
    instead of one trace per state."""
    from explorer.charts.coverage_heatmap import STATES

    out = copy.deepcopy(figure)
    states = [trace for trace in out["data"] if trace.get("name") in STATES]
    merged = copy.deepcopy(states[0])
    merged["name"] = "cells"
    for key in ("x", "y", "text", "customdata"):
        merged[key] = [v for trace in states for v in trace[key]]
    levels = []
    for trace in states:
        level = trace["hovertemplate"].split("<b>")[-1].split("</b>")[0].replace("%{text} ", "")
        levels += [level] * len(trace["x"])
    merged["customdata"] = [[*c, level] for c, level in zip(merged["customdata"], levels, strict=True)]
    merged["marker"] = {**merged["marker"], "color": [trace["marker"]["color"] for trace in states
                                                      for _ in trace["x"]]}
    head = merged["hovertemplate"].rsplit("<b>", 1)[0]
    merged["hovertemplate"] = head + "<b>%{text} %{customdata[3]}</b><br>%{customdata[2]}<extra></extra>"
    rest = [trace for trace in out["data"] if trace.get("name") not in STATES]
    out["data"] = [rest[0], merged, *rest[1:]]
    return out


VARIANTS = {"grid": lambda figure: figure, "markers": _markers_only, "notext": _without_text,
            "text": _symbols_as_text, "onetrace": _one_state_trace, "noselect": lambda figure: figure,
            "heatonly": lambda figure: _grid(selectable=False)[0]}


@st.cache_resource
def _variant(name: str) -> dict[str, Any]:
    """The grid as one variant draws it, made once per process (not on every run)."""
    return VARIANTS[name](_grid()[0])


def _grid_page(name: str):  # noqa: ANN202
    def page() -> None:
        figure, config = _variant(name), _grid()[1]
        clicked = name not in ("noselect", "heatonly")
        select: dict[str, Any] = {"on_select": "rerun", "selection_mode": "points"} if clicked else {}
        _page(lambda i: st.plotly_chart(go.Figure(figure, _validate=False), key=f"{name}-{i}", theme=None,
                                        width="stretch", config=config, **select))

    return page


def start() -> None:
    st.title(START_TITLE)
    st.plotly_chart(_plain(), key="start-plain")
    to, n = st.query_params.get("to", "plain"), st.query_params.get("n", "1")
    st.page_link(PAGES[to], label="Go", query_params={"n": n})


PAGES = {
    "plain": st.Page(plain, title="Plain", url_path="plain"),
    "grid": st.Page(_grid_page("grid"), title="Grid", url_path="grid"),
    "markers": st.Page(_grid_page("markers"), title="Markers", url_path="markers"),
    "notext": st.Page(_grid_page("notext"), title="No text", url_path="notext"),
    "text": st.Page(_grid_page("text"), title="Text", url_path="text"),
    "onetrace": st.Page(_grid_page("onetrace"), title="One trace", url_path="onetrace"),
    "noselect": st.Page(_grid_page("noselect"), title="No selection", url_path="noselect"),
    "heatonly": st.Page(_grid_page("heatonly"), title="Heatmap hover", url_path="heatonly"),
}


def root() -> None:
    st.title("Root")


# The default page is served at "/" only: /start must be a page of its own.
st.navigation(
    [st.Page(root, title="Root", url_path="root", default=True), st.Page(start, title="Start", url_path="start"),
     *PAGES.values()],
    position="hidden",
).run()
