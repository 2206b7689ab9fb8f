"""A table with a plain-text search box above it and a "shown of total" count."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components.i18n import t
from policy.bundle import search


def searchable_table(frame: pd.DataFrame, columns: list[str], column_config: dict[str, Any], lang: str, key: str) -> None:
    needle = st.text_input(t("sources.filter", lang), key=f"{key}-filter", help=t("sources.filter.help", lang))
    shown = search(frame, needle)
    st.caption(t("sources.shown", lang, shown=len(shown), total=len(frame)))
    st.dataframe(shown[columns], hide_index=True, width="stretch", key=key, column_config=column_config)
