"""Interface strings (pure, in explorer.i18n) and the language chosen by the URL (`?lang=en|ru`)."""

from __future__ import annotations

from explorer.i18n import CATALOG, DEFAULT_LANG, LANGS, fmt_date, fmt_number, resolve_lang, t  # noqa: F401


def current_lang() -> str:
    """The language picked by the URL's `lang` query parameter (default 'en')."""
    import streamlit as st

    return resolve_lang(st.query_params.get("lang"))
