"""An instrument's encoding decision and its links to related records (instruments and events).

A related link on the Instruments page chooses that record in the detail view (and so in the link);
elsewhere (the Scenarios page) it opens the Instruments page on it. Data text is plain text: button
labels read Markdown, so names are escaped."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.i18n import fmt_date, t
from explorer.plain_text import escape_markdown

FILTER_KEYS = {"ins-types": [], "ins-statuses": [], "ins-party": "", "ins-inforce": False}


def encoding_view(encoding: dict | None, lang: str) -> None:
    """Whether the engine applies the instrument: encoded with its rules, or not encoded and why."""
    st.markdown(f"**{t('instruments.encoding', lang)}**")
    if encoding is None:
        st.text(t("instruments.encoding.none", lang))
        return
    st.text(encoding["label"])
    for rule in encoding["rules"]:
        st.text(t("instruments.encoding.rule", lang, id=rule["id"], level=rule["level"], note=rule["note"]))
    st.text(t("instruments.encoding.why", lang, reason=encoding["reason"]))


def link_label(record: dict, lang: str) -> str:
    date = record["date"]
    when = fmt_date(date, lang) if isinstance(date, dt.date) else t("instruments.undated_short", lang)
    return t("instruments.related_link", lang, name=record["name"], type=record["type_label"], date=when)


def _open(target: str, shown: list[str]) -> None:
    """Choose ``target`` in the detail view; clear the filters first if they would hide it."""
    if target not in shown:
        for key, empty in FILTER_KEYS.items():
            st.session_state[key] = empty
    st.session_state["ins-pick"] = target


def related_links(related: list[dict], shown: list[str], lang: str) -> None:
    """One button per related record: it becomes the instrument shown (and the link's ``instrument``)."""
    if not related:
        return
    st.markdown(f"**{t('instruments.related_records', lang)}**")
    for record in related:
        st.button("→ " + str(escape_markdown(link_label(record, lang))), key=f"ins-related-{record['id']}",
                  type="tertiary", on_click=_open, args=(record["id"], list(shown)),
                  help=t("instruments.related_records.help", lang))


def related_elsewhere(related: list[dict], query: dict[str, str], lang: str) -> None:
    """Related records on another page (a scenario's round table): each with its source and as-of date,
    and a link that opens it on the Instruments page (``query``: the shared part of the view)."""
    if not related:
        return
    st.markdown(f"**{t('instruments.related_records', lang)}**")
    for record in related:
        st.page_link("pages/instruments.py", label="→ " + str(escape_markdown(link_label(record, lang))),
                     query_params={**query, "lang": lang, "instrument": record["id"]})
        for source in record["sources"]:
            st.caption(
                t("scenarios.related_source", lang, title=escape_markdown(source["title"]),
                  publisher=escape_markdown(source["publisher"]),
                  as_of=dt.date.fromisoformat(record["as_of"]))
            )
