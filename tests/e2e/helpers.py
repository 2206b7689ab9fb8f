"""Helpers for the real-browser tests (server, browser checks, waits); fixtures are in conftest.py."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PUBLIC_URL = "https://coverage.example.org"
# Every page's url_path, in menu order (the overview is also "/"): the browser tests cover them all.
PAGES = [
    "overview",
    "compare",
    "instruments",
    "coverage",
    "family",
    "scenarios",
    "briefs",
    "sources",
]  # what shared links and QR codes point at in the tests
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no calls to Google hosts (refused on this network)
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SERVER_START_TIMEOUT = 60.0
APP_RUN_TIMEOUT_MS = 30_000

# Console noise that is not an app error: on a deep link (/compare) the frontend first probes
# /compare/_stcore/health and /compare/_stcore/host-config, which 404 before it finds the base path.
BENIGN_404_URL = re.compile(r"/_stcore/(health|host-config)$")


# --- the Streamlit server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


@contextmanager
def start_app_server(
    name: str = "app", env: dict[str, str] | None = None, script: str = "app.py"
) -> Iterator[AppServer]:
    """Run `streamlit run <script>` (default app.py) on a free loopback port until the block exits.

    `env` adds environment variables (e.g. COVERAGE_DATA_DIR for a broken data set)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # Under pytest-xdist each worker runs its own servers: one log each (PYTEST_XDIST_WORKER is gw0, gw1, …).
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    log_path = ARTIFACTS / (f"streamlit-{name}-{worker}.log" if worker else f"streamlit-{name}.log")
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / script),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    server = AppServer(port, process, log_path)
    try:
        _wait_for_health(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_for_health(server: AppServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {server.process.returncode} before it was healthy:\n{server.log_tail()}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"streamlit was not healthy within {SERVER_START_TIMEOUT:.0f}s:\n{server.log_tail()}", pytrace=False)


def require_chromium() -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(`apt-get install chromium fonts-dejavu-core`, which scripts/test does). "
            "Playwright's own browser download does not work here; never run `playwright install`.",
            pytrace=False,
        )


@dataclass
class PageLog:
    external_requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str, str]] = field(default_factory=list)  # (type, text, source url)
    page_errors: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


# --- helpers ------------------------------------------------------------------------------------


def wait_for_app(page, timeout_ms: int = APP_RUN_TIMEOUT_MS) -> None:
    """Wait until the websocket is connected and the script run has finished rendering.

    Same signals as Streamlit's own `wait_for_app_run`: stApp's connection state CONNECTED, script
    state notRunning (it is "initial" before the first run), no skeletons, no status widget.
    """
    from playwright.sync_api import expect

    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", state="attached", timeout=timeout_ms
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", state="attached", timeout=timeout_ms
    )
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stMain']", state="attached", timeout=timeout_ms)
    # A run can follow the first at once (the page writes its view state into the URL): on a cold
    # server "notRunning" was seen between the two and the test read a blank page. Wait until the
    # state stays notRunning for 300 ms.
    done = "[data-testid='stApp'][data-test-script-state='notRunning']"
    for _ in range(max(1, timeout_ms // 300)):
        page.wait_for_timeout(300)
        if page.locator(done).count():
            break
        page.wait_for_selector(done, state="attached", timeout=timeout_ms)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)
    page.wait_for_timeout(100)  # let the last deltas paint


def goto_app(page, server: AppServer, path: str = "/") -> None:
    page.goto(server.url + path, wait_until="domcontentloaded")
    wait_for_app(page)


def open_share_dialog(page):
    """Click the page's Share button once and wait for the run it starts (the dialog builds the view's
    bundle: on a loaded machine that run outlasts an assertion's 5 s); return the dialog's locator."""
    page.locator(".st-key-share-open button").first.click()
    wait_for_app(page)
    return page.get_by_test_id("stDialog")


def app_exceptions(page) -> list[str]:
    """Texts of the exceptions Streamlit shows in the page (`stException` elements)."""
    return [e.inner_text() for e in page.get_by_test_id("stException").all()]


def console_errors(log: PageLog) -> list[str]:
    """Console errors and uncaught page errors, without the known-benign ones."""
    errors = [
        f"{text} ({url})" if url else text
        for kind, text, url in log.console
        if kind == "error" and not (" 404 " in text and BENIGN_404_URL.search(url.split("?")[0]))
    ]
    return errors + [f"pageerror: {e}" for e in log.page_errors]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.=-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


def open_popover(page, key: str):
    """Open the popover with Streamlit key ``key`` (e.g. a chart's "<chart>-downloads") and return its
    body: the browser draws a popover's content only once it is opened."""
    from playwright.sync_api import expect

    body = page.get_by_test_id("stPopoverBody")
    for _ in range(3):  # a click during a rerun (a fold just opened) may be lost: CI once saw no body
        wait_for_app(page)
        page.locator(f".st-key-{key} button").first.click()
        try:
            expect(body).to_be_visible(timeout=3000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    expect(body).to_be_visible()
    return body


def close_popover(page) -> None:
    from playwright.sync_api import expect

    page.keyboard.press("Escape")
    expect(page.get_by_test_id("stPopoverBody")).to_have_count(0)


def open_all_folds(page) -> None:
    """Open every folded section (components/folded.py) in turn: each opening reruns the page with its
    content, which may hold further folds."""
    folded = page.get_by_test_id("stExpander").locator("details:not([open]) > summary")
    for _ in range(20):
        if folded.count() == 0:
            return
        folded.first.click()
        wait_for_app(page)


def open_fold(page, key: str) -> None:
    """Open the folded section with Streamlit key ``key`` and wait for the rerun that draws it."""
    page.locator(f".st-key-{key} summary").first.click()
    wait_for_app(page)


# The cells of a grid drawn in the browser: the square markers of a clickable grid's state traces (not
# the symbols drawn over them: traces "symbols" and "marks"; Plotly binds each trace group to its data),
# or, in a grid nobody clicks, the cells of the heatmap that takes the hover (drawn as one image).
GRID_CELLS_DRAWN = """gd => [...gd.querySelectorAll('g.scatterlayer g.trace')]
    .filter(g => !['symbols', 'marks'].includes(g.__data__[0].trace.name))
    .reduce((n, g) => n + g.querySelectorAll('g.points path.point').length, 0)
  + (gd.querySelector('g.heatmaplayer image') ? gd._fullData
    .filter(t => t.type === 'heatmap' && t.hoverinfo !== 'skip')
    .reduce((n, t) => n + t.z.flat().filter(v => v !== null && !Number.isNaN(v)).length, 0) : 0)"""
SYMBOLS_DRAWN = """gd => [...gd.querySelectorAll('g.scatterlayer g.trace')].map(g => [
    g.__data__[0].trace.name, g.querySelectorAll('g.points path.point').length,
    g.querySelectorAll('g.textpoint text').length])"""


def expect_grid_cells(chart, count: int, timeout_ms: int = 15_000) -> None:
    """Wait until the grid in ``chart`` (a stPlotlyChart) has drawn ``count`` cells (click targets, or
    hovering heatmap cells); fail naming how many it drew."""
    from playwright.sync_api import Error

    plot = chart.locator(".js-plotly-plot")
    try:
        chart.page.wait_for_function(f"([gd, n]) => ({GRID_CELLS_DRAWN})(gd) === n",
                                     arg=[plot.element_handle(), count], timeout=timeout_ms)
    except Error:
        raise AssertionError(f"the grid drew {plot.evaluate(GRID_CELLS_DRAWN)} cells, not {count}") from None


def cell_position(chart, row: str, col: str) -> tuple[float, float]:
    """Where Plotly itself placed the cell (row label, column label) of the grid in ``chart`` (a
    stPlotlyChart), in page coordinates, scrolled into view."""
    chart.scroll_into_view_if_needed()
    x, y = chart.locator(".js-plotly-plot").evaluate(
        """(gd, [row, col]) => {
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.d2p(col), box.top + ya._offset + ya.d2p(row)];
        }""",
        [row, col],
    )
    return x, y


def hover_cell(chart, row: str, col: str) -> str:
    """Move the mouse over the cell (row label, column label) of the grid in ``chart`` and return the
    hover label's lines."""
    chart.page.mouse.move(*cell_position(chart, row, col))
    label = chart.locator(".hoverlayer .hovertext")
    label.first.wait_for(state="visible", timeout=5_000)
    return label.first.evaluate("el => [...el.querySelectorAll('text.nums > tspan.line')].map(t => t.textContent)"
                                ".join('\\n')")
