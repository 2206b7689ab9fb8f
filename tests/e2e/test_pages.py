"""Every page, in both languages, in a real browser: renders, no exception, nothing fetched from outside."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from components.i18n import LANGS, t
from tests.e2e.helpers import (
    PAGES,
    SYMBOLS_DRAWN,
    app_exceptions,
    cell_position,
    console_errors,
    expect_grid_cells,
    goto_app,
    screenshot,
    start_app_server,
    wait_for_app,
)


def main_title(page):
    return page.locator("[data-testid='stMain'] h1").first


def assert_framed(page, lang: str) -> None:
    """app.py's frame ran (not the page file alone): its sidebar menu is there."""
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name=t("page.sources.title", lang))).to_be_visible()


def assert_clean(page, page_log) -> None:
    # An unknown url_path falls back to the default page behind a "Page not found" dialog.
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert app_exceptions(page) == []
    assert console_errors(page_log) == []
    assert page_log.external_requests == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url_path", PAGES)
def test_page_renders(app_server, page, page_log, url_path: str, lang: str) -> None:
    goto_app(page, app_server, f"/{url_path}?lang={lang}")
    expect(main_title(page)).to_have_text(t(f"page.{url_path}.title", lang))
    expect(page.get_by_text(t(f"page.{url_path}.description", lang))).to_be_visible()
    assert_framed(page, lang)
    # A metric cut short ("20.03.2…" for the date the law is known up to, Sources in Russian at 1280 px)
    # would have a room quote half a date; a button's label cut short ("Поделиться · цитировать · ска…")
    # hides what it does.
    metrics = "[data-testid='stMetricValue'], [data-testid='stMetricLabel'], [data-testid^='stBaseButton']"
    cut = page.evaluate("""(selector) => [...document.querySelectorAll(selector)].filter(e =>
        [e, ...e.querySelectorAll('*')].some(c => c.scrollWidth > c.clientWidth + 1)).map(e => e.innerText)""",
                        metrics)
    assert cut == [], cut
    screenshot(page, f"page-{url_path}-{lang}")
    assert_clean(page, page_log)


@pytest.mark.parametrize("path", ["/", "/?lang=en", "/home"])
def test_root_is_overview(app_server, page, page_log, path: str) -> None:
    goto_app(page, app_server, path)
    expect(main_title(page)).to_have_text(t("page.overview.title", "en"))
    if path != "/home":
        assert_clean(page, page_log)


def test_unknown_page_shows_not_found(app_server, page, page_log) -> None:
    goto_app(page, app_server, "/no-such-page")
    expect(page.get_by_text("Page not found")).to_be_visible()
    expect(main_title(page)).to_have_text(t("page.overview.title", "en"))


@pytest.mark.parametrize("value", ["fr", "RU ", "<script>alert(1)</script>", ""])
def test_unknown_lang_falls_back_to_english(app_server, page, page_log, value: str) -> None:
    goto_app(page, app_server, f"/compare?lang={value}")
    expect(main_title(page)).to_have_text(t("page.compare.title", "ru" if value.strip().lower() == "ru" else "en"))
    assert_clean(page, page_log)


def test_sidebar_link_keeps_language(app_server, page, page_log) -> None:
    goto_app(page, app_server, "/overview?lang=ru")
    page.get_by_test_id("stSidebar").get_by_role("link", name=t("page.sources.title", "ru")).click()
    page.wait_for_url(re.compile(r"/sources\?(.*&)?lang=ru(&|$)"))
    expect(main_title(page)).to_have_text(t("page.sources.title", "ru"))
    assert_clean(page, page_log)


def test_language_switch(app_server, page, page_log) -> None:
    goto_app(page, app_server, "/coverage?lang=en")
    page.get_by_test_id("stSidebar").get_by_role("button", name=t("lang.ru", "ru")).click()
    # The page's own selections stay in the link next to the language.
    page.wait_for_url(re.compile(r"/coverage\?(.*&)?lang=ru(&|$)"))
    expect(main_title(page)).to_have_text(t("page.coverage.title", "ru"))
    assert_clean(page, page_log)


def test_cold_deep_link(page, page_log) -> None:
    """A fresh process whose very first request is a non-default page renders that page."""
    with start_app_server("cold-deep-link") as server:
        goto_app(page, server, "/instruments?lang=ru")
        expect(main_title(page)).to_have_text(t("page.instruments.title", "ru"))
        # The page adds its own state (v, date, selections) to the link; path and language stay.
        parts = urlsplit(page.url)
        assert parts.path == "/instruments" and ("lang", "ru") in parse_qsl(parts.query)
        assert_framed(page, "ru")
        screenshot(page, "cold-deep-link")
        assert_clean(page, page_log)


def test_invalid_data_shows_errors_not_a_traceback(page, page_log, tmp_path: Path) -> None:
    (tmp_path / "meta.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with start_app_server("invalid-data", env={"COVERAGE_DATA_DIR": str(tmp_path)}) as server:
        goto_app(page, server, "/compare")
        alert = page.get_by_test_id("stAlert").first
        expect(alert).to_contain_text("did not validate")
        expect(page.get_by_test_id("stCode").first).to_contain_text("meta.yaml")
        assert "Traceback" not in page.inner_text("body")
        screenshot(page, "invalid-data")
        assert_clean(page, page_log)


def test_knowledge_base_downloads_are_valid_files(app_server, page, page_log, tmp_path: Path) -> None:
    """The Sources page's three buttons give a zip of CSVs, an XLSX and a JSON that parse back."""
    import io
    import json
    import zipfile

    from openpyxl import load_workbook

    goto_app(page, app_server, "/sources?lang=en")
    files = {}
    for kind in ("zip", "xlsx", "json"):
        with page.expect_download() as info:
            page.get_by_role("button", name=t(f"downloads.{kind}", "en")).click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        files[kind] = target.read_bytes()
    assert "sources.csv" in zipfile.ZipFile(io.BytesIO(files["zip"])).namelist()
    assert "sources" in load_workbook(io.BytesIO(files["xlsx"]), read_only=True).sheetnames
    assert json.loads(files["json"])["about"]["data_version"]
    assert_clean(page, page_log)


def test_clicking_a_heatmap_cell_shows_its_legal_basis(app_server, page, page_log) -> None:
    """Coverage: a click on the host × origin heatmap chooses that cell for the detail below."""
    from policy import load_knowledge_base

    codes = list(load_knowledge_base().states)
    goto_app(page, app_server, "/coverage?lang=en&host=RU&origin=KG")
    chart = page.get_by_test_id("stPlotlyChart").first
    # one square marker per cell (a scatter: a click on it is a selection Streamlit returns), and each
    # cell's symbol over it: a shape (trace "symbols") or, with the low-confidence mark, text ("marks")
    plot = chart.locator(".js-plotly-plot")
    expect_grid_cells(chart, len(codes) ** 2)
    shapes, marks = plot.evaluate(
        """gd => ["symbols", "marks"].map(name => (gd.data.find(t => t.name === name) || {x: []}).x.length)"""
    )
    assert shapes and marks and shapes + marks <= len(codes) ** 2 - len(codes)  # host = origin: no symbol
    drawn = {name: (points, texts) for name, points, texts in plot.evaluate(SYMBOLS_DRAWN)}
    assert drawn["symbols"] == (shapes, 0) and drawn["marks"] == (0, marks)
    # the cell of host Kazakhstan (row) × origin Uzbekistan (column), where Plotly itself placed it
    page.mouse.click(*cell_position(chart, "Kazakhstan", "Uzbekistan"))
    page.wait_for_url(re.compile(r"host=KZ"))
    wait_for_app(page)
    assert "origin=UZ" in page.url
    expect(page.get_by_test_id("stSelectbox").filter(has_text="Host state").locator("input")).to_have_value("Kazakhstan")  # noqa: E501
    expect(page.get_by_test_id("stSelectbox").filter(has_text="Origin state").locator("input")).to_have_value(
        "Uzbekistan"
    )
    expect(
        page.get_by_test_id("stText").filter(has_text=re.compile(r"^In Kazakhstan, spouse from Uzbekistan"))
    ).to_be_visible()
    assert_clean(page, page_log)
