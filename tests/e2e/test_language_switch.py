"""Switching the language keeps the view (a delegate switches in a meeting: the date and the corridor
must stay what they were). Streamlit 1.67 dropped a select box's choice when its labels changed
language, and made a new date input when its format changed: the corridor fell back to Armenia →
Armenia and the date to 2010-01-01 (components/widgets.note_language)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

import pytest

from tests.e2e.helpers import app_exceptions, goto_app, wait_for_app

LINKS = [
    "/coverage?date=2019-03-01&host=KZ&origin=TJ&person=child&care=emergency",
    "/family?host=KZ&origin=TJ&date=2021-06-01",
    "/coverage?view=all_cares&person=parent&date=2022-01-01",
    "/briefs?brief=corridor&host=KZ&origin=TJ&date=2024-02-01",
    "/instruments?types=memorandum&party=KZ&date=2023-01-01",
    "/scenarios?scenario=ru-oms-3-years&years=2&date=2025-05-01",
    "/compare?states=RU,KZ,UZ&date=2020-01-01",
]


def _view(url: str) -> dict[str, str]:
    return {k: v for k, v in parse_qsl(urlparse(url).query) if k != "lang"}


@pytest.mark.parametrize("link", LINKS, ids=[f"{n}-{link.split('?')[0].strip('/')}" for n, link in enumerate(LINKS)])
def test_switching_language_there_and_back_keeps_the_view(app_server, page, page_log, link: str) -> None:
    goto_app(page, app_server, link + "&lang=en")
    shown = _view(page.url)
    for key, value in parse_qsl(urlparse(link).query):  # the link's own choices are the view's
        assert shown.get(key, "").replace(" ", ",") == value.replace(" ", ","), (key, shown)
    for lang in ("ru", "en"):
        page.locator(f".st-key-lang-{lang} button").click()
        wait_for_app(page)
        assert f"lang={lang}" in page.url or lang == "en"
        assert _view(page.url) == shown, f"after switching to {lang}"
        assert not app_exceptions(page)
