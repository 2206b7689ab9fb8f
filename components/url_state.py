"""The page's view state, read from and written back to the URL through explorer.view_state."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from explorer.view_state import Notice, ViewState, decode, encode
from policy import KnowledgeBase


def read_view_state(kb: KnowledgeBase, lang: str) -> ViewState:
    """Decode the query string; show a plain-text notice for every parameter that was ignored."""
    state, notices = decode(_every_value(), kb)
    for notice in notices:
        show_notice(notice, lang)
    return state


def _every_value() -> dict[str, list[str]]:
    """Each parameter with all its values (``to_dict`` keeps only the last: a repeat would go unsaid)."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def show_notice(notice: Notice, lang: str) -> None:
    """A link's parameter that was ignored, said in plain text (never Markdown or HTML, whatever it held)."""
    st.warning(t(notice.heading, lang))
    st.text(notice.in_words(lang))


def write_view_state(state: ViewState, kb: KnowledgeBase, keep: tuple[str, ...] = ()) -> None:
    """Put the state into the URL (only when it changed), so reloading or sharing reopens the view."""
    params = encode(state, kb, keep=keep)
    if _every_value() != {name: [value] for name, value in params.items()}:
        st.query_params.from_dict(params)
