"""Time to a finished render of every page in real Chromium, as a ratio to a blank Streamlit page.

Not a test: prints timings and ratios (goal ≤ 1.5× for every page). Both servers run side by side
and every page is sampled interleaved with the blank page, on this machine, in the same run:

    .venv/bin/python benchmarks/bench_pages.py [repeats]

Each sample: a fresh tab opens the page's link (one browser context, so the HTTP cache is warm as
for a returning visitor; the server is warm), timed until the page's title is shown, Streamlit's run
has finished and every chart has drawn. This includes Streamlit's frontend loading the code for
each kind of element the page uses (charts, data grids, each kind of widget) into the tab.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, start_app_server, wait_for_app  # noqa: E402

PAGES = {"overview": "", "compare": "compare", "instruments": "instruments", "coverage": "coverage", "family": "family",
         "scenarios": "scenarios", "briefs": "briefs", "sources": "sources"}
TITLES = {"overview": "Overview", "compare": "Compare", "instruments": "Instruments", "coverage": "Coverage",
          "family": "Family", "scenarios": "Scenarios", "briefs": "Briefs", "sources": "Sources"}
# benchmarks/floor_app.py: Streamlit's own cost of a sub-path, one chart, two pickers (no content of ours).
FLOOR = {"floor: title at /": "", "floor: title at a sub-path": "sub", "floor: + one chart": "chart",
         "floor: + chart, 2 pickers": "picker"}
CHARTS_DRAWN = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .every(el => el.querySelector('svg.main-svg .plot'))"""


def _finished(page, title: str) -> None:
    page.wait_for_function(
        "t => [...document.querySelectorAll(\"[data-testid='stMain'] h1\")].some(h => h.innerText.trim() === t)",
        arg=title, timeout=60_000)
    wait_for_app(page)
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)


def open_sample(context, url: str, title: str) -> float:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    _finished(page, title)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def main() -> None:
    from playwright.sync_api import sync_playwright

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    opened: dict[str, list[float]] = {name: [] for name in ["blank", *PAGES, *FLOOR]}
    with (
        start_app_server("bench-app") as app,
        start_app_server("bench-blank", script="benchmarks/blank_app.py") as blank,
        start_app_server("bench-floor", script="benchmarks/floor_app.py") as floor,
    ):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            for name, path in PAGES.items():  # warm caches: the knowledge base loads once per process
                open_sample(context, f"{app.url}/{path}?lang=en", TITLES[name])
            open_sample(context, blank.url + "/", "Blank")
            for path in FLOOR.values():
                open_sample(context, f"{floor.url}/{path}", "Blank")
            for _ in range(repeats):  # interleaved: a slow moment of the machine hits every page alike
                opened["blank"].append(open_sample(context, blank.url + "/", "Blank"))
                for name, path in PAGES.items():
                    opened[name].append(open_sample(context, f"{app.url}/{path}?lang=en", TITLES[name]))
                for name, path in FLOOR.items():
                    opened[name].append(open_sample(context, f"{floor.url}/{path}", "Blank"))
            browser.close()
    base = statistics.median(opened["blank"])
    print(f"blank Streamlit page: {base:.3f} s (median of {repeats})")
    for name in PAGES:
        value = statistics.median(opened[name])
        ratio = value / base
        print(f"  {name:12s} {value:.3f} s = {ratio:.2f}x blank  {'ok' if ratio <= 1.5 else 'OVER 1.5x'}")
    print("Streamlit's own floor (benchmarks/floor_app.py, nothing of ours):")
    for name in FLOOR:
        value = statistics.median(opened[name])
        print(f"  {name:28s} {value:.3f} s = {value / base:.2f}x blank")


if __name__ == "__main__":
    main()
