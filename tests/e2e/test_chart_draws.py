"""Charts are drawn once: not again for Streamlit's copy of the figure, nor for a font.

Streamlit's chart draws a figure, then hands Plotly a copy of it (applying its theme, JSON in and out);
Plotly draws the chart again, whole, for anything in the copy that differs from what it drew (see
explorer.charts.frame: the figure is sent as Plotly will have drawn it). Plotly also draws a chart again
when one of the page's font faces loads while it draws: the page script loads Streamlit's faces as the
tab opens (explorer/page_script.py). No timing here: draws are counted.
"""

from __future__ import annotations

from playwright.sync_api import expect

from components.i18n import t
from tests.e2e.helpers import app_exceptions, goto_app, wait_for_app


def on_each_draw(action: str) -> str:
    """A page script that runs ``action`` (JavaScript, with ``chart`` bound to the chart's element) on
    every whole draw of a framed chart: each puts its first frame annotation (its title) in anew."""
    return """
new MutationObserver(changes => {
  for (const change of changes) for (const node of change.addedNodes) {
    if (node.nodeType !== 1 || !node.matches('g.annotation[data-index="0"]')) continue;
    const chart = node.closest('.js-plotly-plot');
    if (chart) { ACTION }
  }
}).observe(document, {childList: true, subtree: true});
""".replace("ACTION", action)


COUNT_DRAWS = "window.__draws = new Map();" + on_each_draw(
    "window.__draws.set(chart, (window.__draws.get(chart) || 0) + 1);")
DRAWS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot')]
                 .map(c => window.__draws.get(c) || 0)"""
UNLOADED_FACES = """() => [...document.fonts].filter(f => !f.family.startsWith('KaTeX') && f.status !== 'loaded')
                          .map(f => `${f.family} ${f.style}: ${f.status}`)"""


def test_streamlits_fonts_are_loaded_as_the_tab_opens(app_server, page, page_log) -> None:
    goto_app(page, app_server, "/sources?lang=en")  # a page without charts, tables or code
    page.wait_for_function(f"() => ({UNLOADED_FACES})().length === 0", timeout=15_000)
    assert page.evaluate("() => [...document.fonts].some(f => f.family.startsWith('Source Code'))")
    assert app_exceptions(page) == [] and page_log.external_requests == []


PAGES_WITH_CHARTS = ("overview", "instruments", "coverage", "family", "scenarios", "briefs")


def test_every_chart_is_drawn_once_moving_from_page_to_page(app_server, page, page_log) -> None:
    page.add_init_script(COUNT_DRAWS)
    goto_app(page, app_server, "/sources?lang=en")
    drawn = {}
    for name in PAGES_WITH_CHARTS:
        page.evaluate("window.__draws = new Map()")
        title = t(f"page.{name}.title", "en")
        page.get_by_test_id("stPageLink").get_by_role("link", name=title, exact=True).first.click()
        expect(page.locator("[data-testid='stMain'] h1").first).to_have_text(title)
        wait_for_app(page)
        page.wait_for_function(f"() => ({DRAWS})().length > 0 && ({DRAWS})().every(n => n > 0)")
        page.wait_for_timeout(1000)  # a second draw comes after the first has ended
        drawn[name] = page.evaluate(DRAWS)
    assert all(counts and all(n == 1 for n in counts) for counts in drawn.values()), drawn
    assert drawn["scenarios"] == [1, 1, 1] and drawn["coverage"] == [1, 1], drawn
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_charts_are_drawn_once_right_after_a_page_without_charts(app_server, page, page_log) -> None:
    """From a page without charts straight to Scenarios (whose data grid uses the monospace face): its
    three charts are drawn once each (a face loading while a chart draws would draw it again: 2, 2, 2
    when, tried in stop 26, the fonts were loaded only 3 s after a page opened)."""
    page.add_init_script(COUNT_DRAWS)
    goto_app(page, app_server, "/compare?lang=en")
    title = t("page.scenarios.title", "en")
    page.get_by_test_id("stPageLink").get_by_role("link", name=title, exact=True).first.click()
    expect(page.locator("[data-testid='stMain'] h1").first).to_have_text(title)
    wait_for_app(page)
    page.wait_for_function(f"() => ({DRAWS})().length === 3 && ({DRAWS})().every(n => n > 0)")
    page.wait_for_timeout(1000)  # a second draw comes after the first has ended
    assert page.evaluate(DRAWS) == [1, 1, 1]
    assert app_exceptions(page) == [] and page_log.external_requests == []


# What Streamlit's chart sets on a chart's layout when selections are on (PlotlyChart's effect), read
# from the chart as first drawn.
RECORD_MODES = """
window.__modes = new Map();
window.__modesOf = chart => {
  const l = chart.layout || {};
  return [String(l.clickmode), String(l.hovermode), String(l.dragmode)].join(' ');
};
""" + on_each_draw("if (!window.__modes.has(chart)) window.__modes.set(chart, window.__modesOf(chart));")
MODES = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot')]
                 .map(c => [window.__modes.get(c), window.__modesOf(c)])"""


def test_streamlit_changes_no_modes_of_the_clickable_grid_after_its_first_draw(app_server, page, page_log) -> None:
    """The clickable coverage grid is sent with the click, hover and drag modes Streamlit's chart gives a
    chart with selections; one it had to change would be laid out again (its toolbar, for the drag mode)."""
    page.add_init_script(RECORD_MODES)
    goto_app(page, app_server, "/coverage?lang=en")
    page.wait_for_function("() => window.__modes.size === 2")
    page.wait_for_timeout(1000)  # Streamlit's change comes after the first draw
    modes = page.evaluate(MODES)
    assert modes[0] == ["event+select closest pan", "event+select closest pan"], modes  # the clickable grid
    assert modes[1][0] == modes[1][1], modes  # the corridor grid: no selections, nothing to change
    assert app_exceptions(page) == [] and page_log.external_requests == []
