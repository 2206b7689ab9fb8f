"""The knowledge base, loaded and validated once per server process.

`load_knowledge_base()` is cached with `st.cache_resource`: every session shares the same object,
which must be treated as read-only. A `DataError` is not cached, so fixing data/ and reloading the
page retries. `knowledge_base_or_stop()` shows the validation messages as plain text and stops the
run (never a traceback).

The data folder is the repository's `data/`, or `$COVERAGE_DATA_DIR` when set (tests, previews).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from components.i18n import t
from policy import DataError, KnowledgeBase, load_knowledge_base


DATA_DIR_ENV = "COVERAGE_DATA_DIR"


def data_dir() -> Path | None:
    """The data folder to load: `$COVERAGE_DATA_DIR` if set, else None (policy's default, data/)."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value) if value else None


@st.cache_resource(show_spinner=False)
def _cached_knowledge_base(folder: str | None) -> KnowledgeBase:
    return load_knowledge_base(Path(folder) if folder else None)


def knowledge_base() -> KnowledgeBase:
    """The shared, read-only KnowledgeBase (raises DataError if the data is invalid)."""
    folder = data_dir()
    return _cached_knowledge_base(str(folder) if folder else None)


def knowledge_base_or_stop(lang: str) -> KnowledgeBase:
    """The shared KnowledgeBase; on invalid data, show the problems as plain text and stop the run."""
    try:
        return knowledge_base()
    except DataError as exc:
        errors = [str(e) for e in exc.errors]
        st.error(t("data.error.title", lang, count=len(errors)))
        # st.code renders plain, preformatted text: no Markdown, no HTML.
        st.code("\n".join(errors), language=None, wrap_lines=True)
        st.stop()
        raise  # unreachable: st.stop() ends the run
