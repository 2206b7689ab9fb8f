"""Charts are not drawn more often than Streamlit's own chart needs (explorer/page_script.py).

Plotly draws a chart again, whole, when one of the page's font faces loads while it draws. Streamlit
draws each chart twice as it arrives (its first draw, then again with its theme applied); a third
draw came from a font the page used first (the Scenarios data grid's monospace face). The page
script loads Streamlit's faces as the tab opens. No timing here: draws are counted.
"""

from __future__ import annotations

from playwright.sync_api import expect

from components.i18n import t
from tests.e2e.helpers import app_exceptions, goto_app, wait_for_app

# Every whole draw of a framed chart puts its first frame annotation (its title) in anew: count them.
COUNT_DRAWS = """
window.__draws = new Map();
new MutationObserver(changes => {
  for (const change of changes) for (const node of change.addedNodes) {
    if (node.nodeType !== 1 || !node.matches('g.annotation[data-index="0"]')) continue;
    const chart = node.closest('.js-plotly-plot');
    if (chart) window.__draws.set(chart, (window.__draws.get(chart) || 0) + 1);
  }
}).observe(document, {childList: true, subtree: true});
"""
DRAWS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot')]
                 .map(c => window.__draws.get(c) || 0)"""
UNLOADED_FACES = """() => [...document.fonts].filter(f => !f.family.startsWith('KaTeX') && f.status !== 'loaded')
                          .map(f => `${f.family} ${f.style}: ${f.status}`)"""


def test_streamlits_fonts_are_loaded_as_the_tab_opens(app_server, page, page_log) -> None:
    goto_app(page, app_server, "/sources?lang=en")  # a page without charts, tables or code
    page.wait_for_function(f"() => ({UNLOADED_FACES})().length === 0", timeout=15_000)
    assert page.evaluate("() => [...document.fonts].some(f => f.family.startsWith('Source Code'))")
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_moving_to_scenarios_draws_each_chart_at_most_twice(app_server, page, page_log) -> None:
    page.add_init_script(COUNT_DRAWS)
    goto_app(page, app_server, "/?lang=en")
    title = t("page.scenarios.title", "en")
    page.get_by_test_id("stPageLink").get_by_role("link", name=title, exact=True).first.click()
    expect(page.locator("[data-testid='stMain'] h1").first).to_have_text(title)
    wait_for_app(page)
    page.wait_for_function(f"() => ({DRAWS})().length === 3 && ({DRAWS})().every(n => n > 0)")
    page.wait_for_timeout(1500)  # a draw for a font comes after the fonts have loaded
    draws = page.evaluate(DRAWS)
    assert len(draws) == 3 and all(1 <= n <= 2 for n in draws), draws
    assert app_exceptions(page) == [] and page_log.external_requests == []
