"""Download buttons for the whole knowledge base (CSV zip, XLSX, JSON).

The files are built when a button is clicked (a callable as the button's data), not on every page
run: the page stays fast and a rebuilt data folder is never served stale. A download does not
rerun the page (`on_click="ignore"`): nothing on it changes, and a rerun racing the next click
cost a download in CI."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.i18n import t
from explorer import bundle
from policy import KnowledgeBase

MIME = {"zip": "application/zip", "json": "application/json",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
BUILD: dict[str, Callable[[KnowledgeBase], bytes]] = {
    "zip": bundle.to_csv_zip,
    "xlsx": bundle.to_xlsx,
    "json": bundle.to_json,
}


def knowledge_downloads(kb: KnowledgeBase, lang: str, key_prefix: str) -> None:
    columns = st.columns(3)
    for column, kind in zip(columns, ("zip", "xlsx", "json"), strict=False):
        column.download_button(
            t(f"downloads.{kind}", lang),
            lambda kind=kind: BUILD[kind](kb),
            file_name=f"coverage-explorer-{kb.meta.data_version}.{kind}",
            mime=MIME[kind],
            key=f"{key_prefix}-{kind}",
            help=t(f"downloads.{kind}.help", lang),
            width="stretch",
            on_click="ignore",
        )
