"""The state comparison: one row per attribute, one column per state, differences highlighted.

"No data", "not applicable" and "no entitlement" are three distinct display states (text marker and
colour), never confused with one another or with a value. Low confidence adds the "?" mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from components.data_table import markdown_table_element
from components.i18n import t
from explorer.charts.palette import LEVEL_COLOURS, LEVEL_SYMBOL, LOW_CONFIDENCE_MARK, NO_DATA, NOT_APPLICABLE
from explorer.plain_text import escape_markdown, escaped_frame, markdown_table
from policy import KnowledgeBase
from policy.kept import kept_for

KEPT_TABLES = 128  # comparison tables (their Markdown, escaped) kept per knowledge base
DIFFERS_BACKGROUND = "#FFF4CC"  # pale yellow: this row differs between the states
KIND_STYLE = {
    "no_data": f"background-color: {NO_DATA}; color: #666666",
    "not_applicable": f"background-color: {NOT_APPLICABLE}; color: #444444",
}


def unit_beside(label: str, unit: str) -> str:
    """The unit to write after ``label``: "% of GDP" after "…, share of GDP" would say GDP twice, so
    a unit "% of X" whose X the label names already is "%"."""
    words = unit.split()
    if len(words) > 1 and words[0] == "%" and words[-1] in label.replace(",", " ").split():
        return "%"
    return unit


def row_label(kb: KnowledgeBase, key: str, lang: str) -> str:
    if key.startswith("indicator:"):
        ind = kb.vocabulary.indicator[key.split(":", 1)[1]]
        label = ind.label.in_lang(lang)
        return f"{label}, {unit_beside(label, ind.unit.in_lang(lang))}"
    return t(f"compare.row.{key}", lang)


def _value(record: Mapping[str, Any], name: str) -> object:
    """The field, or None where pandas holds a missing value (None becomes NaN in mixed columns)."""
    value = record[name]
    return None if not isinstance(value, str) and pd.isna(value) else value


def cell_text(kb: KnowledgeBase, record: Mapping[str, Any], lang: str) -> str:
    if record["kind"] == "no_data":
        return t("compare.no_data", lang)
    if record["kind"] == "not_applicable":
        return t("compare.not_applicable", lang)
    text = record["text"]
    level = _value(record, "level")
    if level:
        text = f"{LEVEL_SYMBOL[level]} {text}"
    if record["kind"] == "no_entitlement":
        text = f"{text} · {t('compare.no_entitlement', lang)}"
    if record["confidence"] == "low":
        text = f"{text} {LOW_CONFIDENCE_MARK}"
    return text


def _shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + " …"


def comparison_frames(kb: KnowledgeBase, long: pd.DataFrame, states: list[str], lang: str,
                      max_chars: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(display texts, CSS per cell): rows = attributes in the given order, columns = state names.

    ``max_chars`` shortens long legal texts (ending in "…") so the table stays readable on a phone or
    a projector; the detail view below the table shows them whole."""
    names = {c: kb.states[c].name.in_lang(lang) for c in states}
    keys = list(dict.fromkeys(long["row"]))
    labels = {k: row_label(kb, k, lang) for k in keys}
    texts: dict[str, dict[str, str]] = {names[c]: {} for c in states}
    styles: dict[str, dict[str, str]] = {names[c]: {} for c in states}
    # plain records and dicts, one frame built at the end: iterrows, then .at per cell, were most of the
    # Compare page's run
    for record in long.to_dict("records"):
        r, c = labels[record["row"]], names[record["state"]]
        texts[c][r] = _shorten(cell_text(kb, record, lang), max_chars)
        style = KIND_STYLE.get(record["kind"], "")
        level = _value(record, "level")
        if not style and level:
            style = f"color: {LEVEL_COLOURS[level]}; font-weight: bold"
        if record["differs"] and record["kind"] not in KIND_STYLE:
            style = f"background-color: {DIFFERS_BACKGROUND}; " + style
        styles[c][r] = style
    index, columns = list(labels.values()), [names[c] for c in states]
    display = pd.DataFrame(texts, index=index, columns=columns, dtype=object)
    css = pd.DataFrame(styles, index=index, columns=columns).fillna("")
    return display, css


def literal(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its cells, headers and row labels Markdown-escaped: the table is Markdown, and
    these texts come from data files, so a bracket or an image link must show as written."""
    out = escaped_frame(frame)
    out.index = [escape_markdown(str(i)) for i in frame.index]
    return out


def _literal_frames(kb: KnowledgeBase, long: pd.DataFrame, states: list[str], lang: str,
                    max_chars: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The escaped texts and the styles (our own CSS: nothing to escape; only their values are read)."""
    display, css = comparison_frames(kb, long, states, lang, max_chars)
    return literal(display), css


def _markdown(kb: KnowledgeBase, long: pd.DataFrame, states: list[str], lang: str, max_chars: int | None) -> str:
    return markdown_table(*_literal_frames(kb, long, states, lang, max_chars), index=True)


def comparison_table(
    kb: KnowledgeBase, long: pd.DataFrame, states: list[str], lang: str, key: str, max_chars: int | None = 160
) -> None:
    """The comparison as a table: a row per attribute, a column per state, each cell's text shortened
    past ``max_chars`` and coloured by its kind and level. Its Markdown is made once per comparison
    frame (a kept one: ``explorer.views.compare.comparison``) and language: a rerun draws the kept
    text without making it again."""
    text = kept_for(kb, "comparison_tables", (long,), (tuple(states), lang, max_chars),
                    lambda: _markdown(kb, long, states, lang, max_chars), KEPT_TABLES)
    # A table, not st.dataframe: long legal texts wrap instead of being cut off, on a projector or a phone.
    with st.container(key=key):
        markdown_table_element(text)
