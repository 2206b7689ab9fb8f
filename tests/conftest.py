"""Fixtures shared by every kind of test: one Playwright and one headless Chromium per session.

Only one sync Playwright may run per process (a second one finds the first one's event loop), so the
browser tests (tests/e2e/) and the deployment tests (tests/deploy/) share this one.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, require_chromium


@pytest.fixture(scope="session")
def playwright_instance():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
