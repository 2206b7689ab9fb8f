"""Every data grid on every page, every fold open, draws its days as dates in the reader's format
(GRID_DATE_FORMAT), in both languages: the Scenarios page's corridor and figures tables gave their date
columns a header only, which replaced the date column, and showed "2026-12-05 00:00:00". And its numbers
as the reader writes them (14 300 and 87 430,8 in Russian, 14,300 and 87,430.8 in English)."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
from streamlit import dataframe_util

from explorer.i18n import t
from explorer.views.common import GRID_DATE_FORMAT
from tests.app.conftest import PAGES, open_folds, run_app

VIEWS = {"coverage": ("one_care", "all_cares"), "instruments": ("timeline", "parties", "table")}


def _all_open(page: str, lang: str, view: str | None):
    at = run_app(PAGES[page], lang=lang, **({"view": view} if view else {}))
    for fold in at.expander:
        if fold.key:
            at.session_state[fold.key] = True
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("page,view", [(p, v) for p in PAGES for v in VIEWS.get(p, (None,))])
def test_every_grid_draws_its_days_as_dates_in_the_readers_format(page, view, lang):
    at = _all_open(page, lang, view)
    wrong = []
    for grid in at.dataframe:
        config = json.loads(grid.proto.columns or "{}")  # the column_config, as Streamlit sends it
        frame = grid.value
        for column in frame.columns:
            if not pd.api.types.is_datetime64_any_dtype(frame[column]):
                continue
            drawn = (config.get(str(column)) or {}).get("type_config") or {}
            if drawn.get("type") != "date" or drawn.get("format") != GRID_DATE_FORMAT[lang]:
                wrong.append((grid.key, column, drawn))
    assert wrong == []


# A number as each language writes it in a grid, as the text tables beside it do (explorer.i18n.fmt_number).
NUMBER = {"en": re.compile(r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?"), "ru": re.compile(r"-?\d{1,3}(?:\u00a0\d{3})*(?:,\d+)?")}


def _drawn(grid) -> pd.DataFrame | None:
    """The text the grid draws over each cell (a pandas Styler's display values), or None."""
    data = grid.proto.arrow_data.styler.display_values
    return dataframe_util.convert_arrow_bytes_to_pandas_df(data) if data else None


def _number_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]


def _misdrawn_numbers(grid, lang: str, years: set[str]) -> list[tuple]:
    """Each number cell the grid does not draw as ``lang`` writes it (a year as a plain year), with the
    value the text reads back as equal to the cell's."""
    frame, drawn = grid.value, _drawn(grid)
    wrong = []
    for column in _number_columns(frame):
        if drawn is None:
            wrong.append((grid.key, column, "no text drawn"))
            continue
        for value, text in zip(frame[column], drawn[column], strict=True):
            if pd.isna(value):
                ok = text == ""
            elif column in years:
                ok = text == str(int(value))
            else:
                plain = text.replace("\u00a0", "").replace(",", ".") if lang == "ru" else text.replace(",", "")
                ok = NUMBER[lang].fullmatch(text) is not None and math.isclose(float(plain), float(value),
                                                                                rel_tol=1e-6, abs_tol=1e-6)
            if not ok:
                wrong.append((grid.key, column, value, text))
    return wrong


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("page,view", [(p, v) for p in PAGES for v in VIEWS.get(p, (None,))])
def test_every_grid_writes_its_numbers_as_the_reader_does(page, view, lang):
    """The Scenarios figures table read 87430.8 / 0.12 in Russian, the impact chart's table 4550 / 14300
    beside a summary's '14 300 (4 550–55 900)'; the grids still sort by the numbers."""
    at = _all_open(page, lang, view)
    years = {"unit_cost_year", "usd_rate_year"}
    wrong = [cell for grid in at.dataframe if grid.proto.editing_mode == 0  # not an editor: its cells are typed in
             for cell in _misdrawn_numbers(grid, lang, years)]
    assert wrong == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_impact_cost_table_writes_its_amounts_as_the_reader_does_and_its_years_as_years(lang):
    at = run_app(PAGES["scenarios"], lang=lang, scenario="ru-entry-vhi", date="2026-11-01")
    open_folds(at, "imp-table-cost-fold")
    next(w for w in at.get("button_group") if w.key == "imp-view").set_value("cost").run()
    assert not at.exception
    years = {t("impact.col.unit_cost_year", lang), t("impact.col.usd_rate_year", lang)}
    grid = next(g for g in at.dataframe if years <= set(g.value.columns))
    assert len(grid.value) and _misdrawn_numbers(grid, lang, years) == []
    assert _drawn(grid)[t("impact.col.unit_cost", lang)].str.contains("\u00a0" if lang == "ru" else ",").any()
