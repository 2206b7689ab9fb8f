"""Scenarios page in the browser: build a scenario, download it, upload it back; bad files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.i18n import t
from tests.e2e.helpers import (
    APP_RUN_TIMEOUT_MS,
    app_exceptions,
    expect_grid_cells,
    goto_app,
    hover_cell,
    open_fold,
    open_popover,
    wait_for_app,
)


def _upload(page, path: Path) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    page.wait_for_timeout(300)
    wait_for_app(page)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_scenario_that_changes_nothing_is_not_created(app_server, page, page_log, lang: str) -> None:
    """Nothing toggled: refused with a plain message. In Russian the rule editor holds the levels' labels,
    and they read back as the same levels (were they not, the scenario would change every rule)."""
    goto_app(page, app_server, f"/scenarios?lang={lang}")
    open_fold(page, "scn-build-fold")
    # Plotly's code arrives after the run: a chart drawing late moves what is below it. In CI the click
    # once landed on the rule editor instead of the button, and no message came.
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                           ".every(c => c.querySelector('.main-svg'))", timeout=APP_RUN_TIMEOUT_MS)
    page.get_by_role("button", name=t("scenarios.create", lang)).click()
    wait_for_app(page)
    # the click's run may not have begun when wait_for_app looked (it then returns at once)
    expect(page.get_by_text(t("scenarios.not_created", lang))).to_be_visible(timeout=APP_RUN_TIMEOUT_MS)
    expect(page.get_by_text(t("scenarios.not_created.changes_nothing", lang))).to_be_visible()
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_hostile_and_malformed_uploads_are_refused_and_inert(app_server, page, page_log, tmp_path: Path) -> None:
    goto_app(page, app_server, "/scenarios?lang=en")
    open_fold(page, "scn-upload-fold")
    cases = {
        "broken.yaml": "id: [unclosed\n",
        "object.yaml": "!!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "html.yaml": "- id: x-y\n  name: {en: '<img src=x onerror=alert(1)>', ru: x}\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        _upload(page, path)
        expect(page.get_by_text(t("scenarios.upload.bad", "en"))).to_be_visible()
        assert page.locator("img[src='x']").count() == 0
    assert not Path("/tmp/pwned").exists()
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_uploaded_scenario_is_validated_then_offered(app_server, page, page_log, tmp_path: Path) -> None:
    from policy import load_knowledge_base
    from policy.custom_scenario import build_scenario, scenario_yaml

    kb = load_knowledge_base()
    mine = build_scenario(
        kb, "Families insured in Russia", "Семьи застрахованы", levels={"ru-paid-eaeu-family": "insured"}
    )
    path = tmp_path / "mine.yaml"
    path.write_bytes(scenario_yaml(mine))
    goto_app(page, app_server, "/scenarios?lang=en&person=spouse&care=primary&status=contract")
    open_fold(page, "scn-upload-fold")
    _upload(page, path)
    picker = page.get_by_test_id("stSelectbox").filter(has_text=t("scenarios.pick", "en")).locator("input")
    # The upload reruns the page twice (read, then st.rerun with the new scenario chosen); until the
    # second run ends the old picker stands next to the new one: wait for the new one, then for the
    # old one to go, then check that the one left is the new one.
    expect(picker.and_(page.locator("[value='Families insured in Russia ★']"))).to_have_count(1)
    expect(picker).to_have_count(1)
    expect(picker).to_have_value("Families insured in Russia ★")
    expect(page.get_by_text("Cells the scenario changes: ")).not_to_have_text("Cells the scenario changes: 0")
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_family_household_from_the_link_draws_one_row_per_member(app_server, page, page_log) -> None:
    """Family: the household in the link gives the member × care chart its rows (worker first)."""
    goto_app(
        page,
        app_server,
        "/family?lang=en&host=RU&origin=UZ&status=patent"
        "&household=spouse~temporary_permit~none,child.3~stay~host,parent~stay~none",
    )
    chart = page.get_by_test_id("stPlotlyChart").first
    expect_grid_cells(chart, 4 * 6)  # members × care types
    # nobody clicks this grid: its heatmap takes the hover (no square markers), level and basis included
    row, col = chart.locator(".js-plotly-plot").evaluate("gd => [gd.data[0].y[1], gd.data[0].x[0]]")
    hover = hover_cell(chart, row, col).split("\n")
    assert hover[:2] == [row, col] and hover[2].split(" ", 1)[-1] and "Confidence: " in hover[-1], hover
    expect(page.get_by_text("• Spouse: insured (public scheme) for")).to_be_visible()  # her own permit counts
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_impact_charts_draw_in_both_languages_and_download_their_data(app_server, page, page_log) -> None:
    """The impact section: each of the three charts draws (its marks are in the page), and the CSV
    of the bar chart's data parses back with the law in force and the scenario for each corridor."""
    import csv
    import io

    from policy import load_knowledge_base

    kb = load_knowledge_base()
    for lang in ("en", "ru"):
        goto_app(page, app_server, f"/scenarios?lang={lang}&scenario=ru-oms-eaeu-families&date=2026-11-01&care=primary")
        charts = page.get_by_test_id("stPlotlyChart")
        expect(charts).to_have_count(3)
        expect(page.locator(".st-key-imp-years input")).to_have_value("0")  # not printf's "0.00"
        views = [
            t("impact.flow.title", lang, care=kb.label("care", "primary", lang)),
            t("impact.cost.title", lang),
            t("impact.bars.title", lang),
        ]
        for name in views:
            page.get_by_test_id("stButtonGroup").get_by_role("radio", name=name, exact=True).click()
            wait_for_app(page)
            expect(charts).to_have_count(3)
            expect(charts.nth(2).locator("g.barlayer g.point path").first).to_be_attached()  # its bars
        open_popover(page, "imp-bars-downloads")
        with page.expect_download() as info:
            page.locator(".st-key-imp-bars-csv button:visible").click()  # the bars chart's own data
        rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
        assert rows and {"series", "low", "central", "high"} <= set(rows[0])
        assert {r["series"] for r in rows} == {"baseline", "scenario"}
    assert app_exceptions(page) == [] and page_log.external_requests == []
