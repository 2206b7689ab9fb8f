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
    # Streamlit's main area is a scroller of its own: content wider than it would scroll it sideways.
    main = page.evaluate("() => { const m = document.querySelector(\"[data-testid='stMain']\");"
                         " return [m.scrollWidth, m.clientWidth]; }")
    assert main[0] <= main[1], f"the main area scrolls sideways: {main}"
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart'] svg.main-svg")]
                 .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1).length"""
    )
    assert overflowing == 0, "a chart is wider than the phone's screen"
    # every chart's frame text (title, subtitle, legend, source, licence) stays inside the chart
    cut = page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart']")]
                 .flatMap(chart => {
                     const box = chart.querySelector("svg.main-svg").getBoundingClientRect();
                     return [...chart.querySelectorAll("g.annotation text")]
                         .filter(t => { const r = t.getBoundingClientRect();
                                        return r.width && (r.left < box.left - 1 || r.right > box.right + 1); })
                         .map(t => t.textContent); })"""
    )
    assert cut == [], f"frame text wider than the chart: {cut}"
    # No axis label is drawn cut, and none naming a row or a column (category axes) is hidden: Plotly is
    # told not to hide labels that would leave the figure (finding them made it measure every label), so
    # the room the frame leaves them must hold them. A number may be hidden at an edge (impact axes).
    labels = page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart']")]
                 .flatMap(chart => {
                     const box = chart.querySelector("svg.main-svg").getBoundingClientRect();
                     const layout = chart.querySelector(".js-plotly-plot")._fullLayout;
                     return Object.keys(layout).filter(k => /^[xy]axis[0-9]*$/.test(k)).flatMap(k =>
                         [...chart.querySelectorAll(`g.${layout[k]._id}tick text`)].map(t => {
                             const r = t.getBoundingClientRect();
                             const hidden = t.style.display === "none" || !r.width;
                             return {text: t.textContent, category: layout[k].type === "category", hidden,
                                     cut: !hidden && (r.left < box.left - 1 || r.right > box.right + 1
                                                      || r.top < box.top - 1 || r.bottom > box.bottom + 1)}; }));
                 })"""
    )
    assert [label["text"] for label in labels if label["cut"]] == [], "axis labels cut"
    assert [label["text"] for label in labels if label["category"] and label["hidden"]] == [], "labels hidden"
    if url_path in ("coverage", "scenarios", "instruments"):
        assert any(label["category"] for label in labels), "the check found no axis labels"
    # the chart toolbar's download button (the camera: a PNG with the frame, made in the browser) is
    # shown without hovering and can be clicked
    camera = page.locator("[data-testid='stMain'] [data-testid='stPlotlyChart'] .modebar-btn[data-title*='png' i]")
    assert camera.count() == page.locator("[data-testid='stMain'] [data-testid='stPlotlyChart']").count()
    if camera.count():  # pages without a chart (Sources) have no toolbar
        first = camera.first
        first.scroll_into_view_if_needed()
        expect(first).to_be_visible()
        box = first.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
        with page.expect_download() as download:
            first.click()
        assert download.value.suggested_filename.endswith(".png")
        # Plotly's notices about the image are in the page's language too (locales/streamlit.yaml)
        done = t("stui.plotly.image_done", "ru").split("{")[0].strip()
        page.wait_for_function(
            "done => [...document.querySelectorAll('.notifier-note')].some(n => n.innerText.includes(done))",
            arg=done, timeout=10_000)
        notes = page.locator(".notifier-note").all_inner_texts()
        assert not [n for n in notes if "Preparing image" in n or "download succeeded" in n], notes
    screenshot(page, f"phone-{url_path}")
    assert app_exceptions(page) == []
    assert page_log.external_requests == []
