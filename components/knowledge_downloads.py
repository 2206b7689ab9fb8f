"""Download buttons for the whole knowledge base (CSV zip, XLSX, JSON), built once per data version."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from policy import KnowledgeBase
from policy import bundle


@st.cache_data(show_spinner=False, max_entries=4)
def _files(version: str, _kb: KnowledgeBase) -> dict[str, bytes]:
    # keyed on the data version: the (unhashable) knowledge base is the same for a version
    return {"zip": bundle.to_csv_zip(_kb), "xlsx": bundle.to_xlsx(_kb), "json": bundle.to_json(_kb)}


MIME = {"zip": "application/zip", "json": "application/json",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def knowledge_downloads(kb: KnowledgeBase, lang: str, key_prefix: str) -> None:
    files = _files(kb.meta.data_version, kb)
    columns = st.columns(3)
    for column, kind in zip(columns, ("zip", "xlsx", "json")):
        column.download_button(
            t(f"downloads.{kind}", lang), files[kind], file_name=f"coverage-explorer-{kb.meta.data_version}.{kind}",
            mime=MIME[kind], key=f"{key_prefix}-{kind}", help=t(f"downloads.{kind}.help", lang), width="stretch",
        )
