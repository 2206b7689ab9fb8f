"""The region view draws all ten states offline: every non-loopback request is aborted by the fixture."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from explorer.charts.region_map import LABEL_OFFSETS
from tests.e2e.helpers import goto_app, screenshot

ROOT = Path(__file__).resolve().parents[2]


def kb_codes() -> list[str]:
    from policy.knowledge_base import load_knowledge_base

    return list(load_knowledge_base().states)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_region_view_draws_all_ten_states_offline(app_server, page, page_log, lang: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1800})
    goto_app(page, app_server, f"/?lang={lang}")
    # Plotly draws SVG: one filled shape per state (a scatter trace filled "toself"), and its code as text
    chart = page.locator("[data-testid='stPlotlyChart']").first
    shapes = chart.locator("g.scatterlayer g.trace path.js-fill")
    expect(shapes).to_have_count(10, timeout=30_000)
    for n in range(10):  # each shape really drawn: a path with an outline, not an empty one
        assert len(shapes.nth(n).get_attribute("d") or "") > 20
    # its code: as text on the state, or (small neighbours) beside it with a leader line (an annotation)
    inside = chart.locator("g.scatterlayer g.textpoint text")
    expect(inside).to_have_count(10 - len(LABEL_OFFSETS))
    codes = set(kb_codes())
    beside = [t for t in chart.locator("g.annotation text.annotation-text").all_text_contents() if t in codes]
    drawn = inside.all_text_contents() + beside
    assert sorted(drawn) == sorted(codes), drawn  # ten codes, each once
    assert chart.locator("g.annotation path").count() >= len(LABEL_OFFSETS)  # the leader lines
    assert chart.locator("g.geolayer > *").count() == 0  # no geo subplot: nothing to fetch from a CDN
    assert page_log.external_requests == []
    shot = screenshot(page, f"region-map-{lang}")
    if lang == "en" and os.environ.get("UPDATE_SCREENSHOTS"):  # refresh the checked-in picture (README)
        shutil.copyfile(shot, ROOT / "docs" / "screenshots" / "overview-offline-map.png")
