"""A table with a plain-text search box above it and a "shown of total" count."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components.data_table import data_table
from components.i18n import t
from explorer.bundle import search
from policy import KnowledgeBase


def searchable_table(frame: pd.DataFrame, columns: list[str], column_config: dict[str, Any], lang: str, key: str,
                     kb: KnowledgeBase, title: str) -> None:
    """The downloads hold the rows shown (after the search)."""
    needle = st.text_input(t("sources.filter", lang), key=f"{key}-filter", help=t("sources.filter.help", lang))
    shown = search(frame, needle)
    st.caption(t("sources.shown", lang, shown=len(shown), total=len(frame)))
    data_table(shown[columns], key, kb, lang, title, column_config=column_config)
