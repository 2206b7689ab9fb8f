"""AppTest helpers: run app.py (the st.navigation entry point) and switch to a page file."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
# url_path -> page file; every file in pages/ must be registered in app.py.
PAGES = {
    "overview": "pages/overview.py",
    "compare": "pages/compare.py",
    "instruments": "pages/instruments.py",
    "coverage": "pages/coverage.py",
    "family": "pages/family.py",
    "scenarios": "pages/scenarios.py",
    "briefs": "pages/briefs.py",
    "sources": "pages/sources.py",
}
TIMEOUT = 60  # seconds per run: the first run loads and validates the whole knowledge base


def run_app(page: str | None = None, **query: str) -> AppTest:
    """Run app.py with `query` as URL parameters, then switch to `page` (a pages/*.py path)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def open_folds(at: AppTest, *keys: str) -> AppTest:
    """Open folded sections (components/folded.py: drawn only once opened) as a reader would, and rerun."""
    for key in keys:
        at.session_state[key] = True
    return at.run()


@pytest.fixture()
def app_runner():
    return run_app


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_COLOURED = re.compile(r"^:color\[(.*)\]\{[^{}]*\}$", re.DOTALL)


def _cell_text(markup: str) -> str:
    """A Markdown table cell's text without its bold and colour wrappers (still escaped)."""
    text = markup.strip()
    if text.startswith("**") and text.endswith("**") and len(text) >= 4:
        text = text[2:-2]
    coloured = _COLOURED.match(text)
    return coloured.group(1) if coloured else text


def markdown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table the run drew as Markdown (explorer.plain_text.markdown_table) as a frame of its
    cells' texts, escaped as the page sends them; a table with row labels (an empty first header)
    has them as its index."""
    frames = []
    for element in at.markdown:
        lines = element.value.split("\n")
        if len(lines) < 2 or not lines[0].startswith("|") or not lines[1].startswith("|---"):
            continue
        rows = [[_cell_text(c) for c in _UNESCAPED_PIPE.split(line.strip())[1:-1]] for line in lines]
        if rows[0][0] == "":
            frames.append(pd.DataFrame([r[1:] for r in rows[2:]], index=[r[0] for r in rows[2:]], columns=rows[0][1:]))
        else:
            frames.append(pd.DataFrame(rows[2:], columns=rows[0]))
    return frames


def comparison_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every comparison table the run drew (components/comparison_table.py): index = row labels,
    columns = states."""
    return [frame for frame in markdown_tables(at) if not isinstance(frame.index, pd.RangeIndex)]
