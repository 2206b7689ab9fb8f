"""Links are opened on phones: every page at 390×844 renders, with nothing wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.i18n import t
from tests.e2e.helpers import PAGES, app_exceptions, goto_app, screenshot

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("url_path", PAGES)
def test_page_fits_a_phone(app_server, page, page_log, url_path: str) -> None:
    page.set_viewport_size(PHONE)
    goto_app(page, app_server, f"/{'' if url_path == 'overview' else url_path}?lang=ru")
    expect(page.locator("[data-testid='stMain'] h1").first).to_have_text(t(f"page.{url_path}.title", "ru"))
    page.wait_for_timeout(800)  # charts draw after the run
    # The page itself never scrolls sideways (wide tables scroll inside their own frame).
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth]")
    assert max(widths) <= PHONE["width"], widths
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stVegaLiteChart'] svg")]
                 .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1).length"""
    )
    assert overflowing == 0, "a chart is wider than the phone's screen"
    screenshot(page, f"phone-{url_path}")
    assert app_exceptions(page) == []
    assert page_log.external_requests == []
