"""The region view draws all ten states offline: every non-loopback request is aborted by the fixture."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import goto_app, screenshot

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_region_view_draws_all_ten_states_offline(app_server, page, page_log, lang: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1800})
    goto_app(page, app_server, f"/?lang={lang}")
    # Vega draws SVG: one geoshape path per state, in the map's shape layer
    shapes = page.locator("[data-testid='stVegaLiteChart'] g.mark-shape.role-mark path")
    expect(shapes).to_have_count(10, timeout=30_000)
    labels = page.locator("[data-testid='stVegaLiteChart'] g.mark-text.role-mark text")
    expect(labels).to_have_count(10)
    assert page_log.external_requests == []
    shot = screenshot(page, f"region-map-{lang}")
    if lang == "en" and os.environ.get("UPDATE_SCREENSHOTS"):  # refresh the checked-in picture (README)
        shutil.copyfile(shot, ROOT / "docs" / "screenshots" / "overview-offline-map.png")
