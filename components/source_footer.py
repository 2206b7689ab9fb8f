"""The source line under every chart and table: sources, as-of date, licence (plain text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import streamlit as st

from explorer.charts.frame import source_line, source_text  # noqa: F401 (pages import them from here)
from explorer.views.common import law_notice as law_notice_text
from policy import KnowledgeBase


def source_footer(kb: KnowledgeBase, source_ids: Iterable[str], lang: str) -> None:
    """Sources, both dates of the data, its version and the licence as plain text (st.text renders no Markdown/HTML)."""
    line = source_line(kb, source_ids, lang)
    with st.container(key="source-line"):  # embedded pages keep this container (components/layout.py)
        st.text(line)
        st.text(kb.meta.licence.in_lang(lang))


def law_notice(kb: KnowledgeBase, day: dt.date, lang: str) -> None:
    """The "law as last known" notice, when ``day`` is later than the newest source stating the law."""
    notice = law_notice_text(kb, day, lang)
    if notice:
        st.info(notice)
