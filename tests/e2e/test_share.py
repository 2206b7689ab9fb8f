"""Share, cite, download in the browser: a link reopens the same view with the same chart data, moving
between pages keeps the shared state, every download button gives a file that parses back, hostile
parameters stay inert, and a link pinned to an older data version says so."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from components.i18n import t
from policy import load_knowledge_base
from policy.knowledge_base import DEFAULT_DATA_DIR
from tests.e2e.helpers import (
    PAGES,
    PUBLIC_URL,
    app_exceptions,
    close_popover,
    goto_app,
    open_all_folds,
    open_popover,
    open_share_dialog,
    screenshot,
    start_app_server,
    wait_for_app,
)

KB = load_knowledge_base()


def download(page, button) -> tuple[str, bytes]:
    with page.expect_download() as info:
        button.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def parse_back(name: str, data: bytes) -> None:
    """Fails unless the file is what its extension says and holds something."""
    kind = name.rsplit(".", 1)[-1]
    assert data, name
    if kind == "png":
        image = Image.open(io.BytesIO(data))
        image.verify()
        assert image.format == "PNG" and image.width > 100, name
    elif kind == "svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg") and "".join(root.itertext()).strip(), name
    elif kind == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows and rows[0] and all(rows[0]), name
    elif kind == "xlsx":
        book = load_workbook(io.BytesIO(data))
        assert "about" in book.sheetnames and book.worksheets[0].max_column >= 1, name
    elif kind == "zip":
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert archive.testzip() is None and archive.namelist(), name
    elif kind == "json":
        assert json.loads(data), name
    elif kind == "pdf":
        from pypdf import PdfReader

        assert PdfReader(io.BytesIO(data)).pages, name
    elif kind in ("yaml", "html"):
        assert data.decode("utf-8").strip(), name
    else:
        raise AssertionError(f"unexpected download {name}")


def chart_csv(page, key: str) -> bytes:
    body = open_popover(page, f"{key}-downloads")
    data = download(page, body.locator(f".st-key-{key}-csv button"))[1]
    close_popover(page)
    return data


@pytest.mark.parametrize("url_path", PAGES)
def test_every_download_button_gives_a_valid_file(app_server, page, page_log, url_path: str) -> None:
    goto_app(page, app_server, f"/{url_path}?lang=ru")
    open_all_folds(page)  # tables folded away have their downloads too
    kinds = set()
    # Buttons in the page (a button with a help tooltip is drawn twice, once hidden)
    buttons = page.get_by_test_id("stMain").get_by_test_id("stDownloadButton").locator("button:visible")
    for i in range(buttons.count()):
        name, data = download(page, buttons.nth(i))
        parse_back(name, data)
        kinds.add(name.rsplit(".", 1)[-1])
    # and in every chart's and table's "Download" popover (drawn only once opened)
    menus = page.get_by_test_id("stMain").locator("[class*='-downloads'] [data-testid='stPopoverButton']:visible")
    assert menus.count() >= 1, "every page has at least one chart or table to download"
    for i in range(menus.count()):
        menus.nth(i).click()
        body = page.get_by_test_id("stPopoverBody")
        expect(body).to_be_visible()
        inside = body.get_by_test_id("stDownloadButton").locator("button:visible")
        expect(inside.nth(1)).to_be_visible()  # CSV and XLSX, or PNG, SVG and CSV (drawn once opened)
        for j in range(inside.count()):
            name, data = download(page, inside.nth(j))
            parse_back(name, data)
            kinds.add(name.rsplit(".", 1)[-1])
        close_popover(page)
    if url_path not in ("compare", "sources"):  # these two pages show tables only
        assert {"png", "svg", "csv"} <= kinds, kinds
    assert "xlsx" in kinds
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_a_link_reopens_the_same_view_with_the_same_chart_data(app_server, browser, page, page_log) -> None:
    goto_app(page, app_server, "/coverage?lang=ru&person=child&status=patent&residence=stay&care=inpatient"
                               "&date=2025-06-01&host=KZ&origin=TJ")
    first_url = page.url
    first = chart_csv(page, "cov-heatmap"), chart_csv(page, "cov-corridor")
    assert "Ребёнок" in first[1].decode("utf-8-sig") or "child" in first[1].decode("utf-8-sig")
    # The Share dialog's link, opened elsewhere (here: the same server under its loopback address).
    dialog = open_share_dialog(page)
    link = dialog.locator("[data-testid='stCode'] code").first.inner_text().strip()
    assert link.startswith(PUBLIC_URL + "/coverage?") and "127.0.0.1" not in link
    query = parse_qs(urlsplit(link).query)
    assert query["dv"] == [KB.meta.data_version] and query["date"] == ["2025-06-01"] and query["care"] == ["inpatient"]
    other = browser.new_page()
    try:
        other.goto(link.replace(PUBLIC_URL, app_server.url))
        wait_for_app(other)
        assert (chart_csv(other, "cov-heatmap"), chart_csv(other, "cov-corridor")) == first
        assert parse_qs(urlsplit(other.url).query) | {"dv": [KB.meta.data_version]} == \
            parse_qs(urlsplit(first_url).query) | {"dv": [KB.meta.data_version]}
        assert app_exceptions(other) == []
    finally:
        other.close()
    assert page_log.external_requests == []


def test_the_share_dialog_has_link_qr_citations_and_the_view_bundle(app_server, page, page_log) -> None:
    goto_app(page, app_server, "/family?lang=en&host=RU&origin=KG")
    dialog = open_share_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("stImage").first).to_be_visible()  # the QR code
    codes = dialog.locator("[data-testid='stCode'] code")
    # the link, short and full citations in English and in Russian, then the view's JSON and CSV twins
    expect(codes).to_have_count(7)
    texts = codes.all_inner_texts()
    assert "/api/v1/family?" in texts[5] and "/api/v1/family?" in texts[6] and "format=csv" in texts[6]
    assert any("Data version" in x for x in texts) and any("Версия данных" in x for x in texts)
    assert all(KB.meta.data_version in x for x in texts[1:])
    name, data = download(page, dialog.locator(".st-key-share-bundle button:visible"))
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert name.endswith(".zip") and {"README.md", "metadata.json"} <= set(names)
    assert any(n.startswith("chart-") for n in names) and any(n.startswith("table-") for n in names)
    meta = json.loads(archive.read("metadata.json"))
    assert meta["link"].startswith(PUBLIC_URL + "/family?") and meta["data_version"] == KB.meta.data_version
    assert meta["sources"] and "CC BY" in archive.read("README.md").decode("utf-8")
    screenshot(page, "share-dialog")
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_moving_between_pages_keeps_the_shared_state(app_server, page, page_log) -> None:
    goto_app(page, app_server, "/coverage?lang=ru&date=2025-06-01&host=KZ&origin=TJ&care=inpatient")
    page.get_by_test_id("stSidebar").get_by_role("link", name=t("page.compare.title", "ru")).click()
    page.wait_for_url(re.compile(r"/compare\?"))
    wait_for_app(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query["lang"] == ["ru"] and query["date"] == ["2025-06-01"] and "care" not in query
    expect(page.get_by_test_id("stDateInput").locator("input").first).to_have_value("2025-06-01")
    page.get_by_test_id("stSidebar").get_by_role("link", name=t("page.coverage.title", "ru")).click()
    page.wait_for_url(re.compile(r"/coverage\?"))
    wait_for_app(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query["host"] == ["KZ"] and query["origin"] == ["TJ"] and query["date"] == ["2025-06-01"]
    assert app_exceptions(page) == [] and page_log.external_requests == []


HOSTILE = "<img src=x onerror=window.__pwned=1><script>window.__pwned=1</script>"


def test_hostile_parameters_are_inert(app_server, page, page_log) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    from urllib.parse import quote

    bad = quote(HOSTILE)
    goto_app(page, app_server, f"/scenarios?lang={bad}&host={bad}&date={bad}&assume={bad}~1&dv={bad}"
                               f"&household={bad}&scenario={bad}&{bad}=1&mode={bad}")
    expect(page.get_by_text(t("url.notice", "en")).first).to_be_visible()
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.locator("img[src='x']").count() == 0
    expect(page.get_by_text(HOSTILE[:40]).first).to_be_visible()  # shown, as text
    query = parse_qs(urlsplit(page.url).query)
    assert all(HOSTILE not in v for values in query.values() for v in values), "the link is cleaned"
    assert app_exceptions(page) == [] and page_log.external_requests == []


def test_a_link_pinned_to_older_data_says_newer_data_exists(page, page_log, tmp_path: Path) -> None:
    """Data 2099.1.1 with 2026.x frozen: a link pinned to the release shows it, and offers the newest."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    meta = data / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(f'data_version: "{KB.meta.data_version}"',
                                                              'data_version: "2099.1.1"'), encoding="utf-8")
    with start_app_server("pinned", env={"COVERAGE_DATA_DIR": str(data), "COVERAGE_PUBLIC_URL": PUBLIC_URL}) as server:
        goto_app(page, server, f"/coverage?lang=en&dv={KB.meta.data_version}")
        notice = page.get_by_text(re.compile(f"pinned to data version {re.escape(KB.meta.data_version)}"))
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("Newer data exists: version 2099.1.1")
        page.get_by_role("button", name=t("share.pinned.open_current", "en")).click()
        page.wait_for_url(lambda url: "dv=" not in url)
        wait_for_app(page)
        expect(page.get_by_text(re.compile("pinned to data version"))).to_have_count(0)
        goto_app(page, server, "/coverage?lang=en&dv=1999.1.1")
        expect(page.get_by_text(t("share.pin_unknown", "en", current="2099.1.1"))).to_be_visible()
        assert app_exceptions(page) == [] and page_log.external_requests == []
