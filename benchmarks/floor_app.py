"""The floor for bench_pages.py: what Streamlit itself costs before any of our content.

Pages (all titled "Blank", so the benchmark's "finished" test is the same as for the blank page):
- /            the title only (the same as blank_app.py, but served with st.navigation);
- /sub         the title only, at a sub-path like every page but the Overview (Streamlit's browser
               code first asks /sub/_stcore/health, is refused, waits 100 ms and asks /);
- /chart       /sub plus one 10×10 Plotly heatmap (the reference floor of issue 13 with /picker);
- /picker      /chart plus one select box and one date input (the least an interactive chart needs).
"""

import datetime as dt

import plotly.graph_objects as go
import streamlit as st

FIGURE = go.Figure(go.Heatmap(z=[[(i * j) % 4 for j in range(10)] for i in range(10)]))


def title_only() -> None:
    st.title("Blank")


def with_chart() -> None:
    st.title("Blank")
    st.plotly_chart(FIGURE, width="stretch")


def with_pickers() -> None:
    st.title("Blank")
    st.selectbox("State", ["a", "b"])
    st.date_input("Date", dt.date(2026, 11, 1))
    st.plotly_chart(FIGURE, width="stretch")


st.navigation(
    [
        st.Page(title_only, title="Root", url_path="root", default=True),
        st.Page(title_only, title="Sub", url_path="sub"),
        st.Page(with_chart, title="Chart", url_path="chart"),
        st.Page(with_pickers, title="Picker", url_path="picker"),
    ],
    position="hidden",
).run()
