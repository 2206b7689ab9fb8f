"""The source line under every chart and table: sources, as-of date, licence (plain text)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from components.i18n import t
from explorer.charts.frame import source_text  # noqa: F401 (pages import it from here)
from policy import KnowledgeBase


def source_footer(kb: KnowledgeBase, source_ids: Iterable[str], lang: str, as_of: str | None = None) -> None:
    """Sources, data as-of and licence as plain text (st.text renders no Markdown/HTML)."""
    line = t("source.line", lang, sources=source_text(kb, source_ids, lang) or "—",
             as_of=as_of or kb.meta.as_of, version=kb.meta.data_version)
    with st.container(key="source-line"):  # embedded pages keep this container (components/layout.py)
        st.text(line)
        st.text(getattr(kb.meta.licence, lang))
