"""The Share dialog: the link to exactly this view (optionally pinned to the data version), its QR
code, how to cite it (short and long, English and Russian), the view's JSON and CSV twin in the API
(the same data, for pages that have one) and the view's bundle (ZIP).

The button sits in every page's header; the dialog opens at the end of the run (app.py), once the
page has drawn everything, so the bundle holds every chart and table the view shows.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from components.i18n import LANGS, t
from explorer.export import ViewBundle, bundle_zip, safe_name
from explorer.share import PUBLIC_URL_ENV, api_twin, citation, lan_address, public_base_url, qr_png, share_link
from policy import KnowledgeBase

_OPEN = "share-requested"


def share_button(lang: str) -> None:
    """The button that opens the dialog (at the end of this run)."""
    if st.button(t("share.button", lang), key="share-open"):
        st.session_state[_OPEN] = True


def base_url() -> str | None:
    try:
        request_url = st.context.url
    except Exception:  # noqa: BLE001 — no browser request (AppTest): fall back to the configured/LAN address
        request_url = None
    return public_base_url(os.environ.get(PUBLIC_URL_ENV), request_url, int(st.get_option("server.port") or 8501),
                           lan_address())


def view_title(url_path: str, lang: str) -> str:
    page = "overview" if url_path in ("", "home") else url_path
    return t(f"page.{page}.title", lang)


def open_share_dialog_if_requested(kb: KnowledgeBase, lang: str, url_path: str, bundle: ViewBundle) -> None:
    if st.session_state.pop(_OPEN, False):
        # decorated here, not at import: the dialog's title is in the page's language
        st.dialog(t("share.title", lang), width="large")(_dialog)(kb, lang, url_path, bundle)


def _dialog(kb: KnowledgeBase, lang: str, url_path: str, bundle: ViewBundle) -> None:
    base = base_url()
    today = dt.date.today()
    params = {k: v for k, v in st.query_params.to_dict().items()}
    pin = st.checkbox(t("share.pin", lang, version=kb.meta.data_version), value=True, key="share-pin",
                      help=t("share.pin.help", lang))
    link = (
        share_link(base, "" if url_path == "home" else url_path, params, kb.meta.data_version if pin else None)
        if base
        else ""
    )
    if base:
        st.caption(t("share.link", lang))
        st.code(link, language=None, wrap_lines=True)
        left, right = st.columns([1, 2])
        png = qr_png(link)
        left.image(png, caption=t("share.qr", lang), width=200, alt=t("share.qr", lang))
        left.download_button(
            t("share.qr.download", lang),
            png,
            file_name=safe_name("qr", url_path) + ".png",
            mime="image/png",
            key="share-qr",
            on_click="ignore",
            type="tertiary",
        )
        target = right
    else:
        st.warning(t("share.no_base", lang))
        target = st.container()
    with target:
        st.markdown(f"**{t('share.cite', lang)}**")
        # English: in both languages (a Russian citation for a Russian text); Russian: in Russian only,
        # so the Russian view holds no English prose (the English view offers the English ones).
        for code in (lang, *[c for c in LANGS if c != lang and lang == "en"]):
            for long in (False, True):
                label = t("share.cite.long_label" if long else "share.cite.short_label", code)
                st.caption(f"{label} ({code.upper()})")
                st.code(
                    citation(kb, view_title(url_path, code), link or "—", today, code, long=long),
                    language=None,
                    wrap_lines=True,
                )
    twin = api_twin(kb, url_path, params, kb.meta.data_version if pin else None)
    if twin is not None:  # the same data from the API: plain text to copy, never HTML
        st.markdown(f"**{t('share.api', lang)}**")
        st.caption(t("share.api.help", lang))
        for label, url in zip(("JSON", "CSV"), twin, strict=True):
            st.caption(label)
            st.code((base or "") + url, language=None, wrap_lines=True)
    cite = citation(kb, view_title(url_path, lang), link or "—", today, lang, long=True)
    st.download_button(
        t("share.bundle", lang),
        lambda: bundle_zip(bundle, kb, lang, link, cite, today),
        file_name=safe_name("coverage-explorer", url_path or "home", kb.meta.data_version) + ".zip",
        mime="application/zip",
        key="share-bundle",
        on_click="ignore",
        help=t("share.bundle.help", lang),
    )
