"""The floors for bench_pages.py: what Streamlit itself costs for the kinds of elements a page draws.

Nothing of ours is on these pages: only Streamlit's own elements with trivial content.

- /floor?kinds=a+b+…   a title and one minimal element of each kind named (the kinds bench_pages.py
                       read from a page's DOM: a Plotly chart, a data grid, each kind of widget …),
                       at a sub-path like every page but the Overview; `next=` adds a page link to
                       /floor2 with those kinds, so the benchmark can move in the same tab.
                       `a*3` draws three of kind a (the same-count floor: as many of each kind as
                       the page draws).
- /floor2?kinds=…      the same page under another path, titled "Floor 2" (the target of that link).
- /reference           the fixed reference floor: a title, a select box, a date input and one
                       10×10 Plotly heatmap, at a sub-path.
- /                    the title only.

Every page is titled "Floor" but /floor2 ("Floor 2"): the benchmark's "finished" test waits for the
title of the page it is timing, so a move in the tab is timed until the new page has drawn (when both
were "Floor", the page being left already passed the test and a move was timed too short).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

TITLE = "Floor"
TITLE2 = "Floor 2"
SMALL = pd.DataFrame({"state": list("abcdefghij"), "value": range(10)})


def _heatmap() -> go.Figure:
    z = [[(i * j) % 4 for j in range(10)] for i in range(10)]
    fig = go.Figure(go.Heatmap(z=z, x=list("abcdefghij"), y=list("abcdefghij"), showscale=False))
    fig.update_layout(height=300, margin={"l": 20, "r": 20, "t": 20, "b": 20})
    return fig


def _popover() -> None:
    with st.popover("Menu"):
        st.write("inside")


def _expander() -> None:
    with st.expander("More"):
        st.write("inside")


def _tabs() -> None:
    first, _ = st.tabs(["One", "Two"])
    first.write("inside")


# One minimal element per kind; the keys are the kinds bench_pages.py reads from a page's DOM.
KINDS: dict[str, Callable[[int], object]] = {
    "plotly": lambda i: st.plotly_chart(_heatmap(), key=f"floor-plotly-{i}"),
    "dataframe": lambda i: st.dataframe(SMALL, hide_index=True),
    "table": lambda i: st.table(SMALL.head(3)),
    "selectbox": lambda i: st.selectbox("Pick", ["a", "b"], key=f"floor-selectbox-{i}"),
    "multiselect": lambda i: st.multiselect("Pick some", ["a", "b"], default=["a"], key=f"floor-multiselect-{i}"),
    "date_input": lambda i: st.date_input("Date", dt.date(2026, 11, 1), key=f"floor-date-{i}"),
    "slider": lambda i: st.slider("Years", 0, 10, 3, key=f"floor-slider-{i}"),
    "select_slider": lambda i: st.select_slider("Step", ["a", "b", "c"], key=f"floor-select-slider-{i}"),
    "radio": lambda i: st.radio("Choose", ["a", "b"], horizontal=True, key=f"floor-radio-{i}"),
    "button_group": lambda i: st.segmented_control("View", ["a", "b"], default="a", key=f"floor-segmented-{i}"),
    "checkbox": lambda i: st.checkbox("Only differences", key=f"floor-checkbox-{i}"),
    "toggle": lambda i: st.toggle("Toggle", key=f"floor-toggle-{i}"),
    "text_input": lambda i: st.text_input("Search", key=f"floor-text-{i}"),
    "number_input": lambda i: st.number_input("Age", 0, 99, 5, key=f"floor-number-{i}"),
    "button": lambda i: st.button("Go", key=f"floor-button-{i}"),
    "download_button": lambda i: st.download_button("Download", b"x", "x.txt", key=f"floor-download-{i}"),
    "popover": lambda i: _popover(),
    "expander": lambda i: _expander(),
    "tabs": lambda i: _tabs(),
    "metric": lambda i: st.metric("Metric", "42"),
    "alert": lambda i: st.info("Note"),
    "caption": lambda i: st.caption("Caption"),
    "image": lambda i: st.image(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
                                b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
                                b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82", width=20),
    "file_uploader": lambda i: st.file_uploader("Upload", key=f"floor-upload-{i}"),
    "page_link": lambda i: st.page_link(ROOT_PAGE, label="Root"),
    "sidebar": lambda i: st.sidebar.write("Side"),
    "code": lambda i: st.code("x = 1"),
    # Not kinds bench_pages.py matches (its floors leave a page's texts out); bench_element_cost.py prices them.
    "text": lambda i: st.text("A line of plain text"),
    "markdown": lambda i: st.markdown("A line of **Markdown** text"),
}


def _kinds(param: str) -> list[tuple[str, int]]:
    """The kinds named, each with how many to draw: "plotly+selectbox" one each, "plotly*2" two."""
    out = []
    for item in st.query_params.get(param, "").replace(" ", "+").split("+"):
        kind, _, count = item.partition("*")
        if kind in KINDS:
            out.append((kind, min(40, int(count)) if count.isdigit() else 1))
    return out


def floor() -> None:
    st.title(TITLE)
    _floor_elements()


def floor2() -> None:
    st.title(TITLE2)  # its own title: the benchmark knows the move has arrived (the page it left is "Floor")
    _floor_elements()


def _floor_elements() -> None:
    for kind, count in _kinds("kinds"):
        for i in range(count):
            KINDS[kind](i)
    following = st.query_params.get("next")
    if following is not None:
        st.page_link(FLOOR2, label="Next", query_params={"kinds": following})


def reference() -> None:
    st.title(TITLE)
    st.selectbox("State", ["a", "b"], key="ref-selectbox")
    st.date_input("Date", dt.date(2026, 11, 1), key="ref-date")
    st.plotly_chart(_heatmap(), key="ref-plotly")


def title_only() -> None:
    st.title(TITLE)


FLOOR2 = st.Page(floor2, title="Floor 2", url_path="floor2")
ROOT_PAGE = st.Page(title_only, title="Root", url_path="root", default=True)
st.navigation(
    [
        ROOT_PAGE,
        st.Page(floor, title="Floor", url_path="floor"),
        FLOOR2,
        st.Page(reference, title="Reference", url_path="reference"),
    ],
    position="hidden",
).run()
