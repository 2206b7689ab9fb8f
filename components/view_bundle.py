"""What the current view shows, collected while the page is drawn: every chart and table registers
its data here, and the footer offers it all as one ZIP (explorer.export.bundle_zip)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from explorer.export import ViewBundle, ViewItem

_KEY = "_view_bundle"


def start_view_bundle(page: str) -> ViewBundle:
    """A fresh, empty bundle for this run of the page (app.py calls it before the page draws)."""
    bundle = ViewBundle(page=page)
    st.session_state[_KEY] = bundle
    return bundle


def current_view_bundle() -> ViewBundle:
    bundle = st.session_state.get(_KEY)
    if not isinstance(bundle, ViewBundle):  # a page run on its own (AppTest of one file)
        bundle = start_view_bundle("page")
    return bundle


def register(name: str, title: str, csv: bytes | Callable[[], bytes], source_ids: tuple[str, ...] = ()) -> None:
    """Add a chart's or table's data to the view's bundle (``csv``: bytes, or made on demand)."""
    current_view_bundle().add(ViewItem(name=name, title=title, csv=csv, source_ids=source_ids))
