"""Server memory and interaction latency with concurrent browser sessions (not a test).

    .venv/bin/python benchmarks/bench_sessions.py [sessions] [rounds]     # default 20 sessions, 5 rounds

Starts the app on a free loopback port and Debian's Chromium (headless), then:
- memory: the server's resident set size idle, with 1 session and with N sessions open on the
  Coverage page (each a separate browser context: a separate Streamlit session);
- latency: every session switches the Coverage page between "one type of care" and "all types of
  care" at the same moment, R rounds; each interaction is timed from the click to the new chart drawn
  and Streamlit's run finished. Prints p50/p95/max over all interactions, and the same for a single
  session alone as the reference ("× alone" ratios).
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from explorer.i18n import t  # noqa: E402
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, start_app_server  # noqa: E402

PATH = "/coverage?lang=en"
FINISHED = ("() => { const app = document.querySelector(\"[data-testid='stApp']\");"
            " return app && app.dataset.testScriptState === 'notRunning'"
            " && !document.querySelector(\"[data-testid='stStatusWidget']\"); }")


def rss_mb(pid: int) -> float:
    """Resident memory of the server process and its children (Streamlit runs in one process)."""
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
    return total / 1024


async def open_session(browser, url: str):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_selector(
        f"[data-testid='stPlotlyChart'][aria-label^='{t('coverage.title', 'en')}'] svg.main-svg", timeout=120_000
    )
    await page.wait_for_function(FINISHED, timeout=120_000)
    return context, page


async def toggle(page, to_all: bool) -> float:
    label = "All types of care" if to_all else "One type of care"
    title = t("coverage.cares_title" if to_all else "coverage.title", "en")
    target = f"[data-testid='stPlotlyChart'][aria-label^='{title}'] svg.main-svg"
    start = time.perf_counter()
    await page.get_by_test_id("stButtonGroup").get_by_role("radio", name=label, exact=True).click()
    await page.wait_for_selector(target, timeout=120_000)
    await page.wait_for_function(FINISHED, timeout=120_000)
    return time.perf_counter() - start


async def latencies(pages, rounds: int) -> list[float]:
    out: list[float] = []
    for n in range(rounds):
        out += await asyncio.gather(*(toggle(p, n % 2 == 0) for p in pages))
    if rounds % 2:  # leave every page on one type of care
        await asyncio.gather(*(toggle(p, False) for p in pages))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes (from /proc; gone ones count 0)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def browser_pids() -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if "chromium" in (entry / "comm").read_text():
                    out.append(int(entry.name))
            except OSError:
                pass
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main(sessions: int, rounds: int) -> None:
    with start_app_server("bench-sessions") as server:
        pid = server.process.pid
        url = server.url + PATH
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            idle = rss_mb(pid)
            first = [await open_session(browser, url)]
            one = rss_mb(pid)
            alone = await latencies([first[0][1]], max(rounds, 6))
            rest = []
            for _ in range(sessions - 1):  # opened one by one: the page load is not what is measured
                rest.append(await open_session(browser, url))
            many = rss_mb(pid)
            browsers = browser_pids()
            server_before, browser_before = cpu_seconds([pid]), cpu_seconds(browsers)
            together = await latencies([p for _, p in first + rest], rounds)
            server_cpu = cpu_seconds([pid]) - server_before
            browser_cpu = cpu_seconds(browsers) - browser_before
            await browser.close()
    cpu = os.cpu_count()
    print(f"machine: {platform.machine()}, {cpu} CPUs, Python {platform.python_version()}, {platform.platform()}")
    print(
        f"server memory (RSS): idle {idle:.0f} MB; 1 session {one:.0f} MB; {sessions} sessions {many:.0f} MB "
        f"(+{(many - one) / max(1, sessions - 1):.1f} MB per extra session)"
    )
    a50, a95 = statistics.median(alone), pct(alone, 0.95)
    t50, t95 = statistics.median(together), pct(together, 0.95)
    print(f"interaction latency, 1 session alone ({len(alone)} interactions): p50 {a50:.2f} s, p95 {a95:.2f} s")
    print(
        f"interaction latency, {sessions} sessions at once ({len(together)} interactions): p50 {t50:.2f} s "
        f"({t50 / a50:.1f}× alone), p95 {t95:.2f} s ({t95 / a95:.1f}× alone), max {max(together):.2f} s"
    )
    # Where the time goes: the server and the browser share this machine's cores during the run.
    n = len(together)
    print(
        f"CPU per interaction while {sessions} sessions interact: server {1000 * server_cpu / n:.0f} ms, "
        f"browser (all Chromium processes) {1000 * browser_cpu / n:.0f} ms"
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(args + [20, 5][len(args) :])))
