"""Accessibility: an automated WCAG 2.1 AA check (axe-core, run inside the page from a vendored copy:
nothing fetched) of every page in both languages and of the Share dialog; every chart has a label
for screen readers."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.i18n import LANGS
from tests.e2e.helpers import PAGES, app_exceptions, goto_app, open_share_dialog

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0 (LICENSE-axe-core)
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  });
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0].html.slice(0, 120)}`);
}"""


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url_path", PAGES)
def test_page_meets_wcag_21_aa(app_server, page, page_log, url_path: str, lang: str) -> None:
    goto_app(page, app_server, f"/{url_path}?lang={lang}")
    assert axe_violations(page) == []
    for chart in page.get_by_test_id("stPlotlyChart").all():
        label = chart.get_attribute("aria-label") or ""
        assert len(label) > 20, "every chart is labelled with its title, subtitle and source"
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_share_dialog_meets_wcag_21_aa(app_server, page, page_log) -> None:
    goto_app(page, app_server, "/coverage?lang=ru")
    dialog = open_share_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog.locator("img")).to_have_count(1)  # the QR code is drawn: it needs its alt text
    assert axe_violations(page) == []
    assert dialog.locator("img").get_attribute("alt")


def test_meeting_mode_meets_wcag_21_aa(page, page_log) -> None:
    from tests.e2e.helpers import PUBLIC_URL, start_app_server

    with start_app_server("meeting-a11y", env={"COVERAGE_PUBLIC_URL": PUBLIC_URL}) as server:
        goto_app(page, server, "/?mode=meeting&lang=ru&step=2")
        expect(page.locator("[data-testid='stMain'] img")).to_have_count(1)  # the QR code
        assert axe_violations(page) == []
