"""AppTest helpers: run app.py (the st.navigation entry point) and switch to a page file."""

from __future__ import annotations

from pathlib import Path

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
