"""Real-browser test fixtures: `streamlit run app.py` on loopback, driven by Debian's Chromium.

Modelled on Streamlit's own e2e_playwright/conftest.py, without pytest-playwright:

- `app_server` (session): starts the app on a free 127.0.0.1 port with this interpreter
  (`sys.executable -m streamlit`), waits for `/_stcore/health`, stops it afterwards. Under
  pytest-xdist (scripts/test) each worker has its own server, browser and server log.
  `start_app_server()` starts a private one (e.g. for a cold deep link).
- `browser` (session): Playwright's sync Chromium with `executable_path=/usr/bin/chromium`. If that
  file is missing the tests FAIL (never skip): run `scripts/test`, which installs it.
- `page` + `page_log`: a fresh context per test; every request to a host other than
  127.0.0.1/localhost is aborted and recorded, and the test fails if there was any. Console errors
  and uncaught page errors are recorded too.
- `wait_for_app(page)`, `app_exceptions(page)`, `console_errors(log)`, `screenshot(page, name)`.

Screenshots (and one per failing test) go to tests/e2e/artifacts/ (gitignored), with the server log.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import (
    APP_RUN_TIMEOUT_MS,
    PUBLIC_URL,
    AppServer,
    PageLog,
    is_local,
    screenshot,
    start_app_server,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """The app on a free loopback port for the whole session."""
    # The public address links and QR codes are made with (never the loopback address the tests use).
    with start_app_server("session", env={"COVERAGE_PUBLIC_URL": PUBLIC_URL}) as server:
        yield server


# --- the browser --------------------------------------------------------------------------------


# `playwright_instance` and `browser` live in tests/conftest.py (the deploy tests drive it too).


@pytest.fixture()
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture()
def page(browser, page_log: PageLog, request: pytest.FixtureRequest):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")

    def guard(route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            page_log.external_requests.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: page_log.console.append((msg.type, msg.text, (msg.location or {}).get("url", ""))),
    )
    page.on("pageerror", lambda exc: page_log.page_errors.append(str(exc)))
    page.on(
        "websocket",
        lambda ws: None if is_local(ws.url) else page_log.external_requests.append(ws.url),
    )
    page.set_default_timeout(APP_RUN_TIMEOUT_MS)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        try:
            screenshot(page, f"FAILED-{request.node.name}")
        except Exception:  # noqa: BLE001 - best effort
            pass
    context.close()
    if page_log.external_requests:
        pytest.fail(
            "the page tried to reach hosts other than 127.0.0.1/localhost:\n  "
            + "\n  ".join(sorted(set(page_log.external_requests))),
            pytrace=False,
        )


