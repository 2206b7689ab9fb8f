"""Every data grid on every page, every fold open, has its column headers in Russian in the Russian
view (the files keep the data's column names; the grid shows labels from `locales/`). The Scenarios
page's impact tables and the Instruments page's parties table showed English column names."""

from __future__ import annotations

import json
import re

import pytest

from tests.app.conftest import PAGES, run_app

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED = {"USD", "URL"}  # written so in Russian too
VIEWS = {"coverage": ("one_care", "all_cares"), "instruments": ("timeline", "parties", "table")}


def _headers(grid) -> list[str]:
    config = json.loads(grid.proto.columns or "{}")  # the column_config, as Streamlit sends it
    return [str((config.get(str(c)) or {}).get("label") or c) for c in grid.value.columns]


@pytest.mark.parametrize("page,view", [(p, v) for p in PAGES for v in VIEWS.get(p, (None,))])
def test_every_grid_header_is_in_russian(page, view):
    at = run_app(PAGES[page], lang="ru", **({"view": view} if view else {}))
    for fold in at.expander:
        if fold.key:
            at.session_state[fold.key] = True
    at.run()
    assert not at.exception
    english = [(header, grid.key) for grid in at.dataframe for header in _headers(grid)
               if LATIN_WORD.search(header) and header not in ALLOWED]
    assert english == []
