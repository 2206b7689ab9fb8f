"""A table with its downloads: CSV (UTF-8 with BOM, opens in Excel) and XLSX (with an "about" sheet
naming its sources, as-of, data version, licence). Its data joins the view's bundle."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from components.download_menu import download_menu
from components.folded import folded
from components.i18n import t
from components.view_bundle import register
from explorer.charts.frame import source_text
from explorer.export import about, safe_name, table_csv, table_xlsx
from explorer.i18n import fmt_partial_date
from explorer.plain_text import escaped_frame, markdown_table
from explorer.views.common import GRID_DATE_FORMAT, grid_number, number_columns, partial_date_columns, reader_table
from policy import KnowledgeBase

# A table drawn as Markdown scrolls sideways inside its own frame when its columns do not fit (a phone),
# so the page never does, and keeps st.table's text size. A constant: no data text goes into it.
TABLE_CSS = """
<style>
[data-testid="stMarkdownContainer"]:has(> table) { overflow-x: auto; }
[data-testid="stMarkdownContainer"] > table { font-size: 0.875rem; margin-bottom: 0; }
</style>
"""


def markdown_table_element(text: str) -> None:
    """A table made by ``explorer.plain_text.markdown_table``: one Markdown text, escaped already."""
    st.html(TABLE_CSS)
    st.markdown(text)


def table_downloads(frame: pd.DataFrame, key: str, kb: KnowledgeBase, lang: str, title: str,
                    source_ids: Iterable[str] = ()) -> None:
    """CSV and XLSX buttons for ``frame`` in a "Download" popover (files made only when clicked);
    registers it in the bundle."""
    ids = tuple(source_ids)
    stem = safe_name("coverage-explorer", key)
    with download_menu(key, lang):
        st.download_button(t("download.csv", lang), lambda: table_csv(frame), file_name=f"{stem}.csv",
                           mime="text/csv", key=f"{key}-csv", on_click="ignore", type="tertiary")
        info = about(kb, lang, title, source_text(kb, ids, lang, limit=50))
        st.download_button(t("download.xlsx", lang), lambda: table_xlsx(frame, info), file_name=f"{stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key}-xlsx", on_click="ignore", type="tertiary")
    register(safe_name("table", key), title, lambda: table_csv(frame), ids)


def _as_the_reader_writes(frame: pd.DataFrame, lang: str, plain: Iterable[str]) -> pd.DataFrame | Any:
    """``frame`` with its quantities drawn as ``lang`` writes them (14 300, 87 430,8 in Russian) and its
    dates given to the month or year only too (11.2026, Nov 2026), or ``frame`` itself where it has
    neither. The grid draws a Styler's text over each value and still sorts by the values (numbers or
    dates turned into text would sort as text)."""
    numbers, dates = number_columns(frame, plain), partial_date_columns(frame)
    if (not (numbers or dates) or not frame.columns.is_unique or not frame.index.is_unique
            or frame.size > int(pd.get_option("styler.render.max_elements"))):
        return frame
    # na_rep: a missing text is drawn empty, not "nan" (the Styler's text stands for every cell's value)
    styler = frame.style.format(na_rep="")
    if numbers:
        styler = styler.format(partial(grid_number, lang=lang), subset=numbers)
    if dates:
        styler = styler.format(lambda v: fmt_partial_date(v, lang) if isinstance(v, str) else "", subset=dates)
    return styler


def data_table(frame: pd.DataFrame | list[dict[str, Any]], key: str, kb: KnowledgeBase, lang: str, title: str,
               source_ids: Iterable[str] = (), download: pd.DataFrame | None = None,
               plain_numbers: Iterable[str] = (), **dataframe_args: Any):
    """``st.dataframe`` of ``frame`` and its downloads; ``download`` is the table the files hold when
    it differs from the one shown (codes instead of labels, say). Numbers are written as the page's
    language writes them, except in ``plain_numbers`` (say, a year under a header in words) and the
    columns named "year"; the files keep plain numbers."""
    shown = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    # codes as labels, headers in the page's language, days as dates (sorted as dates, written as the
    # language writes them)
    readable, headers = reader_table(shown, kb, lang, dates="datetime")
    dataframe_args.setdefault("hide_index", True)
    dataframe_args.setdefault("width", "stretch")
    given = dict(dataframe_args.get("column_config") or {})
    config: dict[str, Any] = {**headers, **given}
    for column in readable.columns:
        name = str(column)
        if pd.api.types.is_datetime64_any_dtype(readable[column]) and not pd.api.types.is_datetime64_any_dtype(
                shown[column]) and (name not in given or isinstance(given[name], str)):
            # a caller's header for a column of days is the date column's label: a bare header would
            # draw the days as timestamps ("2026-12-05 00:00:00")
            label = given.get(name) or headers.get(name, name)
            config[name] = st.column_config.DateColumn(label, format=GRID_DATE_FORMAT.get(lang, "YYYY-MM-DD"))
    dataframe_args["column_config"] = config
    event = st.dataframe(_as_the_reader_writes(readable, lang, plain_numbers), key=key, **dataframe_args)
    table_downloads(shown if download is None else download, key, kb, lang, title, source_ids)
    return event


def folded_table(frame: pd.DataFrame | list[dict[str, Any]], key: str, kb: KnowledgeBase, lang: str, title: str,
                 source_ids: Iterable[str] = (), download: pd.DataFrame | None = None, label: str | None = None,
                 fold: str | None = None, caption: str | None = None, **dataframe_args: Any) -> None:
    """The table beside a chart, folded: drawn (with its downloads) once opened; its data is in the
    view's bundle either way. ``fold``: the fold's key when ``key`` changes with the selections (so an
    opened table stays open while the reader changes them); default "<key>-fold". ``caption``: a
    catalogue text drawn above the table (what it holds), never data text."""
    box, is_open = folded(label or t("common.table", lang), fold or f"{key}-fold")
    if is_open:
        with box:
            if caption:
                st.caption(caption)
            data_table(frame, key, kb, lang, title, source_ids, download, **dataframe_args)
        return
    shown = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    kept = shown if download is None else download
    register(safe_name("table", key), title, lambda: table_csv(kept), tuple(source_ids))


def static_table(frame: pd.DataFrame | list[dict[str, Any]], key: str, kb: KnowledgeBase, lang: str, title: str,
                 source_ids: Iterable[str] = ()) -> None:
    """A short table drawn as a plain table (one Markdown table: no data grid to load, prints as shown),
    with its downloads; for a handful of rows that need no sorting or scrolling."""
    shown = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    readable, headers = reader_table(shown, kb, lang)
    # escaped: data text stays literal
    markdown_table_element(markdown_table(escaped_frame(readable.rename(columns=headers))))
    table_downloads(shown, key, kb, lang, title, source_ids)
