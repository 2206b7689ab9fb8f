"""Briefs in the browser: download the HTML and the PDF, parse both back, and open the HTML file with
no server and no network (every request that is not the file itself is aborted)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.helpers import app_exceptions, goto_app

TITLE = "Кыргызстан → Россия: медицинская помощь трудящимся-мигрантам и членам их семей"


def _download(page, key: str, target: Path) -> Path:
    with page.expect_download(timeout=60_000) as info:
        page.locator(f".st-key-{key} button").first.click()  # the second button is the help icon
    download = info.value
    path = target / download.suggested_filename
    download.save_as(path)
    return path


def test_corridor_brief_downloads_and_opens_offline(app_server, browser, page, page_log, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from policy import load_knowledge_base

    kb = load_knowledge_base()
    goto_app(page, app_server, "/briefs?lang=ru&brief=corridor&host=RU&origin=KG")
    expect(page.get_by_text(TITLE, exact=True)).to_be_visible()
    assert app_exceptions(page) == []

    html_path = _download(page, "brief-html", tmp_path)
    pdf_path = _download(page, "brief-pdf", tmp_path)
    assert re.fullmatch(r"brief-ru-RU-KG-\d{4}-\d\d-\d\d\.html", html_path.name)
    assert pdf_path.suffix == ".pdf"
    assert app_exceptions(page) == [] and page_log.external_requests == []

    text = html_path.read_text(encoding="utf-8")
    tags: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    Tags().feed(text)
    assert "script" not in tags and "svg" in tags and 'lang="ru"' in text.replace("'", '"')

    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    extracted = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Россия" in extracted and "Кыргызстан" in extracted and kb.meta.data_version in extracted

    # The file on its own: a fresh context where anything but the file itself is refused and recorded.
    context = browser.new_context()
    refused: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    offline = context.new_page()
    try:
        offline.goto(html_path.as_uri(), wait_until="load")
        expect(offline).to_have_title(TITLE)
        expect(offline.locator("h1")).to_have_text(TITLE)
        chart = offline.locator("figure svg").first
        expect(chart).to_be_visible()
        assert chart.bounding_box()["width"] > 200
        expect(offline.locator("table").nth(1)).to_contain_text("платно")
    finally:
        context.close()
    assert refused == []
