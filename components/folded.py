"""A folded section whose content is drawn only once the reader opens it.

Why: Streamlit draws an expander's content even while it is closed, and each kind of element costs
the browser time to load and draw (a data grid ≈ 0.2 s, measured in benchmarks/bench_pages.py). A
page's secondary material (the table beside a chart, method notes, the glossary) is folded with
this instead, so a page opens with only what it shows at first; opening a fold reruns the page
with its content, and the fold stays open on later reruns.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def folded(label: str, key: str) -> tuple[DeltaGenerator, bool]:
    """A collapsed expander and whether it is open (draw its content only if so)."""
    box = st.expander(label, key=key, on_change="rerun")
    return box, bool(box.open)
