"""State pickers: selectboxes over coded values with their EN/RU labels, a date, a scenario."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from components.glossary import glossary_help
from components.i18n import fmt_date, t
from components.url_state import show_notice
from explorer.view_state import Notice
from policy import KnowledgeBase
from policy.engine import MAX_DATE, MIN_DATE
from policy.status import AUTO, STATUS_CHOICES


def choice(
    container, kb: KnowledgeBase, dimension: str, options: Sequence[str], value: str, lang: str, key: str
) -> str:
    labels = getattr(kb.vocabulary, dimension)
    return container.selectbox(
        t(f"dim.{dimension}", lang),
        list(options),
        index=list(options).index(value),
        format_func=lambda v: labels[v].label.in_lang(lang),
        key=key,
        # The tooltip explains the chosen value and any glossary term among the options (e.g. РВП, patent).
        help=glossary_help(
            kb,
            lang,
            *(labels[v].label.in_lang(lang) for v in options),
            extra=labels[value].help.in_lang(lang) if labels[value].help else None,
        ),
    )


def status_choice(container, kb: KnowledgeBase, value: str, lang: str, key: str) -> str:
    """The worker's status: `auto` (the status each pair of states has on the date) or one of the
    engine's statuses; `auto` is resolved before the engine (policy/status.py)."""
    labels = kb.vocabulary.status
    options = list(STATUS_CHOICES)

    def label(v: str) -> str:
        return t("status.auto", lang) if v == AUTO else labels[v].label.in_lang(lang)

    extra = t("status.auto.help", lang) if value == AUTO else labels[value].help.in_lang(lang)
    return container.selectbox(
        t("dim.status", lang),
        options,
        index=options.index(value) if value in options else 0,
        format_func=label,
        key=key,
        help=glossary_help(kb, lang, *(label(v) for v in options), extra=extra),
    )


LANG_SHOWN = "_widgets-lang"  # the language the widgets were last drawn in
LANG_CHANGED = "_widgets-lang-changed"  # this run is the first in a new language


def note_language(lang: str) -> None:
    """Called by app.py once per run, before any page draws a widget.

    A widget whose labels follow the language loses its value when the language changes (Streamlit
    1.67 keeps a select box's choice as its label text, and counts a date input's format in its
    identity): a reader who switched to English found the corridor reset to Armenia → Armenia and the
    date to 2010-01-01. On that run the helpers below hand each widget the view's value again (the
    view state, read from the link, which the previous run wrote)."""
    import streamlit as st

    st.session_state[LANG_CHANGED] = st.session_state.get(LANG_SHOWN, lang) != lang
    st.session_state[LANG_SHOWN] = lang


def _kept(key: str, value) -> bool:
    """Whether the widget ``key`` already holds state; on a language change, set it to ``value``."""
    import streamlit as st

    if key not in st.session_state:
        return False
    if st.session_state.get(LANG_CHANGED):
        st.session_state[key] = value
    return True


def _initial(key: str, value):
    """`value` for a widget's first run only: once its key holds state (the user's choice, or a
    callback's), passing a value too would make Streamlit warn on the page."""
    return {} if _kept(key, value) else {"value": value}


def initial(key: str, name: str, value) -> dict:
    """``{name: value}`` (a widget's ``default`` or ``value``) for its first run only (see _initial)."""
    return {} if _kept(key, value) else {name: value}


def initial_index(key: str, options: Sequence[str], value: str) -> dict:
    """`index` for a selectbox's first run only (see _initial)."""
    return {} if _kept(key, value) else {"index": list(options).index(value)}


def date_picker(container, value: dt.date, lang: str, key: str) -> dt.date:
    """The view's date, written as the language writes dates.

    Streamlit 1.67 counts a date input's ``format`` in its identity: when the language changes the
    format, the picker is a new widget and fell back to a default (a reader who switched to English
    saw 2010-01-01). ``_initial`` hands the view's date to the new picker (see note_language)."""
    fmt = "DD.MM.YYYY" if lang == "ru" else "YYYY-MM-DD"
    return container.date_input(
        t("common.date", lang),
        min_value=MIN_DATE,
        max_value=MAX_DATE,
        help=t("common.date.help", lang),
        key=key,
        format=fmt,
        **_initial(key, value),
    )


def replay_slider(container, dates: list[dt.date], value: dt.date, lang: str, key: str, date_key: str) -> dt.date:
    """A slider over the dates on which the law changed; moving it sets the date picker `date_key`."""
    import streamlit as st

    def follow() -> None:
        st.session_state[date_key] = st.session_state[key]

    nearest = max((d for d in dates if d <= value), default=dates[0])
    if key in st.session_state and st.session_state[key] != nearest:
        st.session_state[key] = nearest  # the date picker moved: the slider follows it
    return container.select_slider(
        t("common.replay", lang),
        options=dates,
        format_func=lambda d: fmt_date(d, lang),
        key=key,
        on_change=follow,
        help=t("common.replay.help", lang),
        **_initial(key, nearest),
    )


def scenario_picker(container, kb: KnowledgeBase, value: str | None, lang: str, key: str) -> str | None:
    options = [""] + list(kb.scenarios)
    chosen = container.selectbox(
        t("dim.scenario", lang),
        options,
        index=options.index(value or ""),
        format_func=lambda s: t("scenario.baseline", lang) if not s else kb.scenarios[s].name.in_lang(lang),
        key=key,
    )
    return chosen or None


def view_switch(container, options: Sequence[str], value: str | None, lang: str, key: str) -> str:
    """Pick one of a page's alternative views; only the chosen one is drawn (tabs would draw them all).

    A link's ``view`` that names another page's view (``view=timeline`` on Coverage) opens the first
    view, and says so."""
    if value is not None and value not in options:
        show_notice(Notice("view", value, "bad_value"), lang)
    current = value if value in options else options[0]
    chosen = container.segmented_control(
        t("common.view", lang),
        list(options),
        default=current,
        key=key,
        format_func=lambda v: t(f"view.{v}", lang),
        label_visibility="collapsed",
        required=True,
    )
    return chosen or current
