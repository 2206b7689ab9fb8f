"""Time to a finished render of every page in real Chromium, as a ratio to a blank Streamlit page.

Not a test: prints ratios (goal ≤ 1.5× for every page). Both servers run in the same process
tree, measured in the same run, on this machine: `python benchmarks/bench_pages.py [repeats]`.
Each sample is a fresh page load (new browser page, warm server), timed from navigation until
Streamlit's run has finished and the main block has rendered.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.helpers import start_app_server, wait_for_app  # noqa: E402

PAGES = ["", "compare", "instruments", "coverage", "sources"]
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def sample(browser, url: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    wait_for_app(page)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def main() -> None:
    from playwright.sync_api import sync_playwright

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with start_app_server("bench-app") as app, start_app_server("bench-blank", script="benchmarks/blank_app.py") as blank:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
            for url in [blank.url + "/"] + [f"{app.url}/{name}?lang=en" for name in PAGES]:
                sample(browser, url)  # warm caches: the knowledge base loads once per process
            results = {}
            for name in ["blank"] + PAGES:
                url = blank.url + "/" if name == "blank" else f"{app.url}/{name}?lang=en"
                results[name] = statistics.median(sample(browser, url) for _ in range(repeats))
            browser.close()
    base = results["blank"]
    print(f"blank Streamlit page: {base:.3f} s (median of {repeats})")
    for name in PAGES:
        ratio = results[name] / base
        print(f"{(name or 'overview'):12s} {results[name]:.3f} s  = {ratio:.2f}x blank  {'ok' if ratio <= 1.5 else 'OVER 1.5x'}")


if __name__ == "__main__":
    main()
