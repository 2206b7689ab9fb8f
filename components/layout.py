"""Page furniture shared by the pages: the app-frame guard, the translated title and description."""

from __future__ import annotations

import streamlit as st

from components.i18n import current_lang, t
from components.share_dialog import share_button
from explorer.page_script import script as page_script_html


def ensure_app_frame() -> None:
    """Make sure this page runs inside app.py's frame, never on its own.

    Gotcha (streamlit 1.67): because a folder named `pages/` sits next to app.py, a fresh server
    process starts in the legacy "pages directory" mode. Its first script run then executes the
    requested page file DIRECTLY (e.g. a cold deep link to /compare runs pages/compare.py), skipping
    app.py: no data check, no sidebar. The flag only flips when app.py calls st.navigation. So if
    a page finds the flag still set, it flips it and reruns: the rerun goes through app.py and its
    st.navigation resolves the same url_path (page hashes derive from url_path, and every page
    file is named after its url_path).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# Embedded (`?embed=true`, e.g. in an article): every page shows its charts (each carries its title,
# subtitle, source line and as-of date) and the source line under them (source_footer's container),
# nothing else. A constant: no URL or data text ever goes into it.
EMBED_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1rem !important; }
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:not(:has([data-testid="stPlotlyChart"])),
[data-testid="stMainBlockContainer"] [data-testid="stExpander"] { display: none !important; }
[data-testid="stMainBlockContainer"] .st-key-source-line [data-testid="stElementContainer"] {
  display: block !important;
}
</style>
"""


def is_embedded() -> bool:
    """True when the page is embedded (`?embed=true`: Streamlit then hides its own chrome)."""
    try:
        return bool(st.context.is_embedded)
    except Exception:  # noqa: BLE001 - no browser context (e.g. a bare script run)
        return False


def embed_frame() -> None:
    st.html(EMBED_CSS)


def page_header(page_id: str) -> str:
    """Guard the frame, draw the page title and its description; return the current language.

    Embedded, the page keeps its charts and source line only: no title or description."""
    ensure_app_frame()
    lang = current_lang()
    if is_embedded():
        return lang
    title, share = st.columns([5, 2], vertical_alignment="bottom")
    title.title(t(f"page.{page_id}.title", lang))
    with share:
        share_button(lang)
    st.markdown(t(f"page.{page_id}.description", lang))  # catalogue text only (trusted)
    return lang


def page_script(in_sidebar: bool = True) -> None:
    """The app's one script (explorer/page_script.py): Streamlit's own widget texts in the page's
    language, and Streamlit's fonts loaded as the tab opens (so no chart is drawn again for a font),
    drawn once per run. In the sidebar, where it takes no room, before the page; meeting mode and an
    embedded page have no sidebar, so they draw it last, under everything else."""
    if in_sidebar:
        with st.sidebar:
            st.html(page_script_html(), unsafe_allow_javascript=True)
    else:
        st.html(page_script_html(), unsafe_allow_javascript=True)


def placeholder(lang: str) -> None:
    st.info(t("placeholder", lang))
