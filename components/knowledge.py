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
from policy.releases import VERSION_PATTERN, load_release, release_versions

DATA_DIR_ENV = "COVERAGE_DATA_DIR"


def data_dir() -> Path | None:
    """The data folder to load: `$COVERAGE_DATA_DIR` if set, else None (policy's default, data/)."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value) if value else None


@st.cache_resource(show_spinner=False)
def _cached_knowledge_base(folder: str | None) -> KnowledgeBase:
    return load_knowledge_base(Path(folder) if folder else None)


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_release(folder: str | None, version: str) -> KnowledgeBase:
    return load_release(version, Path(folder) if folder else None)


def current_knowledge_base() -> KnowledgeBase:
    """The newest data (raises DataError if it is invalid)."""
    folder = data_dir()
    return _cached_knowledge_base(str(folder) if folder else None)


def pinned_version() -> str | None:
    """The data version the link asks for (``dv=``), when it is a frozen release other than the newest."""
    value = st.query_params.get("dv")
    if not isinstance(value, str) or not VERSION_PATTERN.match(value):
        return None
    folder = data_dir()
    if value == current_knowledge_base().meta.data_version or value not in release_versions(folder):
        return None
    return value


def knowledge_base() -> KnowledgeBase:
    """The shared, read-only KnowledgeBase of the link's data version (the newest unless pinned)."""
    version = pinned_version()
    if version is None:
        return current_knowledge_base()
    folder = data_dir()
    return _cached_release(str(folder) if folder else None, version)


def data_version_notice(lang: str) -> None:
    """Say when the link is pinned to older data (and offer the newest), or asks for a version not held."""
    current = current_knowledge_base()
    asked = st.query_params.get("dv")
    version = pinned_version()
    if version is not None:
        pinned = knowledge_base()
        st.info(t("share.pinned", lang, pinned=version, pinned_as_of=pinned.sources_up_to,
                  pinned_checked=pinned.last_checked, current=current.meta.data_version,
                  current_as_of=current.sources_up_to, current_checked=current.last_checked))
        if st.button(t("share.pinned.open_current", lang), key="dv-current"):
            del st.query_params["dv"]
            st.rerun()
    elif isinstance(asked, str) and asked and asked != current.meta.data_version:
        st.warning(t("share.pin_unknown", lang, current=current.meta.data_version))
        st.text(asked[:60])  # the link's text, as plain text


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
