"""Coverage Explorer: entry point (`streamlit run app.py`, or `scripts/run`).

Order matters on every run:
1. page config and language (`?lang=en|ru`);
2. `st.navigation(...)` FIRST, so Streamlit never falls back to the legacy `pages/` auto-discovery
   (which would run a page file directly and skip this frame);
3. the knowledge base, loaded once per process; invalid data shows the problems and stops;
4. meeting mode (`?mode=meeting`) draws its own view instead of the frame and the page;
5. the common frame (sidebar; none when embedded, `?embed=true`), the selected page, then what needs
   the whole page drawn: the Share dialog (its bundle holds every chart and table) and the menu links
   (they carry the shared state).

The same file is also imported once, as a module, by `streamlit run app.py`: Streamlit 1.67 finds the
`st.App` assigned to `app` below and serves it with uvicorn, which adds the read-only API's routes
(`/api/v1/…`, package api/) beside the pages in the same process. Streamlit runs the page script as
`__main__`; the import is the other branch, which builds the app and draws nothing.
"""

from __future__ import annotations

import streamlit as st
from streamlit import net_util

# Offline: Streamlit looks the machine's public address up (an HTTP request to an outside name) when
# a WebSocket arrives from an origin that is neither the page's own nor localhost; its answer is
# cached here, so a loopback answer stops the look-up. (The start-up banner's look-up is stopped by
# `browser.serverAddress` in .streamlit/config.toml.) tests/deploy/test_no_egress.py checks both.
net_util._external_ip = "127.0.0.1"

if __name__ != "__main__":  # imported by `streamlit run app.py`: the ASGI app, pages + API
    from api.server import api_routes, warm
    from components.heap import enable as freeze_after_runs_that_import

    freeze_after_runs_that_import()  # the server only; components/heap.py says why
    app = st.App(__file__, routes=api_routes(), lifespan=warm)
else:  # Streamlit runs this file as the page script, on every run of every session
    from components.heap import freeze_long_lived_heap
    from components.i18n import LANGS, current_lang, t
    from components.knowledge import data_version_notice, knowledge_base_or_stop
    from components.layout import embed_frame, is_embedded, page_script
    from components.share_dialog import open_share_dialog_if_requested
    from components.view_bundle import start_view_bundle
    from components.widgets import note_language
    from explorer.view_state import shared_params

    st.set_page_config(page_title="Coverage Explorer", layout="wide")

    lang = current_lang()
    note_language(lang)  # widgets keep the view's values when the language changes

    # url_path is part of every shared link: never derive it from a translated title.
    # Streamlit serves the default page at "/" only (its own url_path is reserved but unreachable), so
    # /overview is a hidden alias of the same file, and links like /overview?lang=ru keep working.
    OVERVIEW_ALIAS = st.Page(
        "pages/overview.py", title=t("page.overview.title", lang), url_path="overview", visibility="hidden"
    )
    PAGES = [
        st.Page("pages/overview.py", title=t("page.overview.title", lang), url_path="home", default=True),
        st.Page("pages/compare.py", title=t("page.compare.title", lang), url_path="compare"),
        st.Page("pages/instruments.py", title=t("page.instruments.title", lang), url_path="instruments"),
        st.Page("pages/coverage.py", title=t("page.coverage.title", lang), url_path="coverage"),
        st.Page("pages/family.py", title=t("page.family.title", lang), url_path="family"),
        st.Page("pages/scenarios.py", title=t("page.scenarios.title", lang), url_path="scenarios"),
        st.Page("pages/briefs.py", title=t("page.briefs.title", lang), url_path="briefs"),
        st.Page("pages/sources.py", title=t("page.sources.title", lang), url_path="sources"),
    ]

    # Hidden built-in menu: it drops every query parameter on navigation. Our own links carry `lang`.
    current = st.navigation([*PAGES, OVERVIEW_ALIAS], position="hidden")

    kb = knowledge_base_or_stop(lang)

    if (st.query_params.get("mode") or "").strip() == "meeting":  # other values: the page shows a notice
        from components.meeting_view import meeting_view

        meeting_view(kb, lang)
        page_script(in_sidebar=False)  # Streamlit's own texts in Russian too, fonts (components/layout.py)
        st.stop()

    if is_embedded():  # an article's frame: the page's charts and source line only
        embed_frame()
        current.run()
        page_script(in_sidebar=False)
        st.stop()

    with st.sidebar:
        page_script()  # Streamlit's own texts ("Skip to main content", "Help for …") in Russian too; fonts
        st.markdown(f"**{t('app.title', lang)}**")
        st.caption(t("app.tagline", lang))
        st.caption(t("data.dates", lang, sources_up_to=kb.sources_up_to, last_checked=kb.last_checked,
                     version=kb.meta.data_version))
        st.subheader(t("nav.heading", lang))
        # Filled after the page ran: the links carry the state the page has just written to the URL.
        menu = st.container()
        st.subheader(t("nav.language", lang))
        # Buttons, not page_link: a page_link to the current page reruns it but leaves the browser URL
        # unchanged (streamlit 1.67), so the shared link would keep the old language.
        for code in LANGS:
            if st.button(t(f"lang.{code}", code), key=f"lang-{code}", disabled=code == lang, type="tertiary"):
                st.query_params["lang"] = code
                st.rerun()

    data_version_notice(lang)
    bundle = start_view_bundle(current.url_path)
    current.run()
    open_share_dialog_if_requested(kb, lang, current.url_path, bundle)

    # Moving to another page keeps the shared part of the view: language, date, chosen states, data version.
    shared = shared_params(st.query_params.to_dict(), kb)
    with menu:
        for page in PAGES:
            st.page_link(page, query_params={**shared, "lang": lang})

    # Last: Streamlit's collection after the run then walks only what runs created (components/heap.py).
    freeze_long_lived_heap()
