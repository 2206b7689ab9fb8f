"""The "Download" menu under every chart and table: one popover, whose buttons the browser draws only
when it is opened (a row of three or four buttons per chart made every page slower to open).
Its Streamlit key is "<chart or table key>-downloads"; the browser tests open it by that key."""

from __future__ import annotations

import streamlit as st

from components.i18n import t


def download_menu(key: str, lang: str, help: str | None = None):
    """The menu's container: draw the download buttons inside it (``with download_menu(...):``)."""
    return st.popover(t("download.menu", lang), icon=":material/download:", type="tertiary", help=help,
                      key=f"{key}-downloads")
