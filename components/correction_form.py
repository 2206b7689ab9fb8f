""""Suggest a correction" under a detail view: a folded form that gives back a correction note.

The reader picks a record's field (the offers of ``explorer.correction``), proposes a value and
names its source; the note (a diff against the data version on screen and a plain-text summary) is
offered as two downloads and shown as plain text. Nothing is stored on the server beyond the
session; a bad input is one plain-text line (st.error with every Markdown character escaped)."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable

import streamlit as st

from components.folded import folded
from components.i18n import t
from components.knowledge import current_knowledge_base, data_dir
from explorer.correction import (
    MAX_TEXT,
    MAX_TITLE,
    MAX_URL,
    FieldOffer,
    Target,
    file_stem,
    make_note,
    summary_in,
)
from explorer.plain_text import escape_markdown
from policy import KnowledgeBase
from policy.correction import CorrectionError


def correction_target(kb: KnowledgeBase) -> Target:
    """The data version on screen (a pinned release, or the newest) and where its files are."""
    return Target(kb.meta.data_version, current_knowledge_base().meta.data_version, data_dir())


def correction_form(offers_of: Callable[[], list[FieldOffer]], target: Target, lang: str, key: str) -> None:
    """The fold ``<key>-fold`` with the form; the offers are asked for only once it is open."""
    box, is_open = folded(t("correction.fold", lang), f"{key}-fold")
    if not is_open:
        return
    with box:
        st.caption(t("correction.intro", lang))
        offers = offers_of()
        if not offers:
            st.text(t("correction.none", lang))
            return
        by_key = {o.key: o for o in offers}
        # the records differ from one selection to the next: a key of their own keeps the choice valid
        group = f"{zlib.crc32('|'.join(by_key).encode()):08x}"
        chosen = st.selectbox(t("correction.field", lang), list(by_key), format_func=lambda k: by_key[k].label,
                              key=f"{key}-field-{group}")
        offer = by_key[chosen]
        value_key = f"{key}-value-{zlib.crc32(chosen.encode()):08x}"
        with st.form(f"{key}-form", border=False):
            st.text_input(t("correction.what", lang), max_chars=MAX_TEXT, key=f"{key}-what")
            _value_input(offer, lang, value_key)
            st.text_input(t("correction.source_title", lang), max_chars=MAX_TITLE, key=f"{key}-title")
            st.text_input(t("correction.source_url", lang), max_chars=MAX_URL, key=f"{key}-url", placeholder="https://")
            # a callback, run before the page: the note survives a rerun of the page in the same click
            st.form_submit_button(t("correction.submit", lang), on_click=_submit,
                                  args=(key, offers, chosen, value_key, target, lang))
        problem = st.session_state.get(f"{key}-problem")
        if problem and problem[0] == chosen:
            st.error(str(escape_markdown(problem[1])))
            return
        kept = st.session_state.get(f"{key}-note")
        if not kept or kept[0] != chosen:
            return
        _, note, made_on = kept
        st.success(t("correction.ready", lang))
        summary = summary_in(note, lang)
        st.code(summary, language=None, wrap_lines=True)  # plain text, whatever the reader typed
        stem = file_stem(chosen, made_on)
        left, right = st.columns(2)
        left.download_button(t("correction.download_diff", lang), note.diff, file_name=f"{stem}.patch",
                             mime="text/x-diff", key=f"{key}-patch", on_click="ignore")
        right.download_button(t("correction.download_summary", lang), summary, file_name=f"{stem}.txt",
                              mime="text/plain", key=f"{key}-summary", on_click="ignore")


def _submit(key: str, offers: list[FieldOffer], chosen: str, value_key: str, target: Target, lang: str) -> None:
    """Make the note from the form's values (or keep the one-line reason it cannot be made)."""
    state = st.session_state
    st.session_state.pop(f"{key}-note", None)
    st.session_state.pop(f"{key}-problem", None)
    try:
        note = make_note(offers, chosen, str(state.get(value_key) or ""), str(state.get(f"{key}-title") or ""),
                         str(state.get(f"{key}-url") or ""), str(state.get(f"{key}-what") or ""), target, lang)
    except CorrectionError as problem:
        state[f"{key}-problem"] = (chosen, " ".join(str(problem).split()))
        return
    state[f"{key}-note"] = (chosen, note, dt.date.today())


def _value_input(offer: FieldOffer, lang: str, key: str) -> str:
    if offer.kind == "choice":
        labels = dict(zip(offer.choices, offer.choice_labels, strict=True))
        return str(st.selectbox(t("correction.value", lang), list(offer.choices), format_func=labels.get,
                                index=offer.choices.index(offer.current) if offer.current in offer.choices else 0,
                                key=key))
    if offer.kind == "date":
        return st.text_input(t("correction.value.date", lang), max_chars=10,
                             placeholder=t("correction.placeholder.date", lang), key=key)
    if offer.kind == "number":
        return st.text_input(t("correction.value.number", lang), max_chars=40, key=key)
    # a text starts as it is now, so the reader changes what is wrong and keeps the rest
    return st.text_area(t("correction.value", lang), value=offer.current, max_chars=MAX_TEXT, key=key)
