"""Every data grid on every page, every fold open, draws its days as dates in the reader's format
(GRID_DATE_FORMAT), in both languages: the Scenarios page's corridor and figures tables gave their date
columns a header only, which replaced the date column, and showed "2026-12-05 00:00:00"."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from explorer.views.common import GRID_DATE_FORMAT
from tests.app.conftest import PAGES, run_app

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
