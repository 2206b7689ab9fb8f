"""The page's view state, read from and written back to the URL through explorer.view_state."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from explorer.view_state import Notice, ViewState, decode, encode
from policy import KnowledgeBase


def read_view_state(kb: KnowledgeBase, lang: str) -> ViewState:
    """Decode the query string; show a plain-text notice for every parameter that was ignored."""
    state, notices = decode(st.query_params.to_dict(), kb)
    for notice in notices:
        show_notice(notice, lang)
    return state


def show_notice(notice: Notice, lang: str) -> None:
    """A link's parameter that was ignored, said in plain text (never Markdown or HTML, whatever it held)."""
    st.warning(t("url.notice", lang))
    st.text(notice.in_words(lang))


def write_view_state(state: ViewState, kb: KnowledgeBase, keep: tuple[str, ...] = ()) -> None:
    """Put the state into the URL (only when it changed), so reloading or sharing reopens the view."""
    params = encode(state, kb, keep=keep)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
