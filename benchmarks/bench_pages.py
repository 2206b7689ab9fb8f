"""Every page against Streamlit's own floor, in real Chromium, in the same run.

Not a test: prints medians, spreads and ratios (the goal: every page ≤ 1.2× its own floor, both ways).

    .venv/bin/python benchmarks/bench_pages.py [repeats]      (default 5)

For each page the benchmark first opens it and reads from its DOM the kinds of element it draws (a
Plotly chart, a data grid, each kind of widget, the sidebar …; `KINDS_BY_TESTID`). Its **own floor**
is `benchmarks/floor_app.py`'s /floor page with one minimal element of each of those kinds and
nothing of ours; the benchmark reads the floor's DOM too and stops if the two sets differ. The
**reference floor** is fixed: a sub-path page with a title, a select box, a date input and one
10×10 Plotly heatmap. For reading only (the goal is against the own floor), a third, the
**same-count floor**, draws as many elements of each kind as the page (two Plotly charts where the
page draws two, nine select boxes where it has nine …): the page against it is what our content costs
beyond Streamlit's elements themselves, and the own floor against it is what the number of elements
costs.

Two ways, each timed until the page's title is shown, Streamlit's run has finished and every chart
has drawn:
- **fresh tab**: a new tab opens the page's link (one browser context, so the HTTP cache is warm as
  for a returning visitor; the servers are warm);
- **in the tab**: a tab showing another page (the Overview; for the Overview, Sources) follows the
  sidebar's link to the page; the floor does the same from a floor page with the other page's kinds.

All samples are interleaved (a slow moment of the machine hits every page alike); medians of
`repeats` runs with their spread (min–max).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, start_app_server, wait_for_app  # noqa: E402

PAGES = {"overview": "", "compare": "compare", "instruments": "instruments", "coverage": "coverage",
         "family": "family", "scenarios": "scenarios", "briefs": "briefs", "sources": "sources"}
TITLES = {"overview": "Overview", "compare": "Compare", "instruments": "Instruments", "coverage": "Coverage",
          "family": "Family", "scenarios": "Scenarios", "briefs": "Briefs", "sources": "Sources"}
FLOOR_TITLE = "Floor"
FLOOR2_TITLE = "Floor 2"  # the floor's target of a move in the tab (benchmarks/floor_app.py)
REFERENCE_KINDS = ("selectbox", "date_input", "plotly")  # benchmarks/floor_app.py's /reference

# Streamlit's test id of an element → the kind floor_app.py draws one of.
KINDS_BY_TESTID = {
    "stPlotlyChart": "plotly", "stDataFrame": "dataframe", "stTable": "table",
    "stSelectbox": "selectbox", "stMultiSelect": "multiselect", "stDateInput": "date_input", "stSlider": "slider",
    "stRadio": "radio", "stButtonGroup": "button_group", "stCheckbox": "checkbox", "stTextInput": "text_input",
    "stNumberInput": "number_input", "stButton": "button", "stDownloadButton": "download_button",
    "stPopover": "popover", "stExpander": "expander", "stTabs": "tabs", "stMetric": "metric", "stAlert": "alert",
    "stCaptionContainer": "caption", "stImage": "image", "stFileUploader": "file_uploader", "stCode": "code",
    "stPageLink": "page_link", "stSidebarContent": "sidebar",
}
KINDS_JS = """ids => ids.filter(i => document.querySelector(`[data-testid="${i}"]`) !== null)"""
COUNTS_JS = """ids => Object.fromEntries(ids.map(i => [i, document.querySelectorAll(`[data-testid="${i}"]`).length])
    .filter(([, n]) => n > 0))"""
FINISHED_JS = """t => [...document.querySelectorAll("[data-testid='stMain'] h1")].some(h => h.innerText.trim() === t)
    && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(el => {
        const gd = el.querySelector('.js-plotly-plot');
        return gd && gd._fullLayout && gd.querySelector('.main-svg'); })"""


def _finished(page, title: str) -> None:
    page.wait_for_function(FINISHED_JS, arg=title, timeout=60_000)
    wait_for_app(page)
    page.wait_for_function(FINISHED_JS, arg=title, timeout=60_000)


def kinds_on(page) -> frozenset[str]:
    return frozenset(KINDS_BY_TESTID[i] for i in page.evaluate(KINDS_JS, list(KINDS_BY_TESTID)))


def counts_on(page) -> dict[str, int]:
    """How many elements of each kind the page draws (the same-count floor draws as many)."""
    counts = page.evaluate(COUNTS_JS, list(KINDS_BY_TESTID))
    return {KINDS_BY_TESTID[i]: n for i, n in counts.items()}


def fresh(context, url: str, title: str) -> tuple[float, frozenset[str]]:
    """A new tab opens ``url``: seconds until finished, and the kinds of element drawn."""
    elapsed, kinds, _ = fresh_counted(context, url, title)
    return elapsed, kinds


def fresh_counted(context, url: str, title: str) -> tuple[float, frozenset[str], dict[str, int]]:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    _finished(page, title)
    elapsed = time.perf_counter() - start
    kinds, counts = kinds_on(page), counts_on(page)
    page.close()
    return elapsed, kinds, counts


def retried(what: str, take, *args):  # noqa: ANN001, ANN201
    """One sample; taken again once if it timed out (named, so a page that never finishes is found)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return take(*args)
    except PlaywrightTimeout:
        print(f"timed out, taken again: {what}", file=sys.stderr, flush=True)
        return take(*args)


def fresh_time(context, url: str, title: str) -> float:
    return fresh(context, url, title)[0]


def in_tab(context, url: str, title: str, link: str, target_title: str) -> float:
    """A tab shows ``url``; its link named ``link`` is followed: seconds until the target finished."""
    page = context.new_page()
    page.goto(url)
    _finished(page, title)
    start = time.perf_counter()
    page.get_by_test_id("stPageLink").get_by_role("link", name=link, exact=True).first.click()
    _finished(page, target_title)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def floor_url(base: str, kinds: frozenset[str] | tuple[str, ...], following: frozenset[str] | None = None) -> str:
    url = f"{base}/floor?kinds={'+'.join(sorted(kinds))}"
    return url + (f"&next={'+'.join(sorted(following))}" if following is not None else "")


def counted(counts: dict[str, int]) -> str:
    """The same-count floor's kinds parameter: "plotly*2+selectbox*9+…" (the sidebar is one)."""
    return "+".join(f"{kind}*{n}" if n > 1 and kind != "sidebar" else kind for kind, n in sorted(counts.items()))


def same_count_url(base: str, counts: dict[str, int], following: dict[str, int] | None = None) -> str:
    url = f"{base}/floor?kinds={counted(counts)}"
    return url + (f"&next={counted(following)}" if following is not None else "")


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s [{min(values):.3f}–{max(values):.3f}]"


def main() -> None:
    from playwright.sync_api import sync_playwright

    repeats = max(5, int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    samples: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    with (
        start_app_server("bench-app") as app,
        start_app_server("bench-floor", script="benchmarks/floor_app.py") as floor,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        kinds: dict[str, frozenset[str]] = {}
        counts: dict[str, dict[str, int]] = {}
        for name, path in PAGES.items():  # warm caches (the knowledge base loads once per process); read kinds
            _, kinds[name], counts[name] = fresh_counted(context, f"{app.url}/{path}?lang=en", TITLES[name])
        for name in PAGES:
            drawn = fresh(context, floor_url(floor.url, kinds[name]), FLOOR_TITLE)[1]
            if drawn != kinds[name]:
                raise SystemExit(f"the floor for {name} draws {sorted(drawn)}, the page {sorted(kinds[name])}")
            drawn_counts = fresh_counted(context, same_count_url(floor.url, counts[name]), FLOOR_TITLE)[2]
            if drawn_counts != counts[name]:
                print(f"note: the same-count floor for {name} draws {drawn_counts}, the page {counts[name]}",
                      file=sys.stderr, flush=True)
        fresh(context, f"{floor.url}/reference", FLOOR_TITLE)
        origin = {name: ("sources" if name == "overview" else "overview") for name in PAGES}
        for _ in range(repeats):
            for name, path in PAGES.items():
                came_from = origin[name]
                app_url, floor_page = f"{app.url}/{path}?lang=en", floor_url(floor.url, kinds[name])
                origin_url = f"{app.url}/{PAGES[came_from]}?lang=en"
                origin_floor = floor_url(floor.url, kinds[came_from], kinds[name])
                add(f"{name} fresh", retried(f"{name} fresh", fresh_time, context, app_url, TITLES[name]))
                add(f"{name} floor fresh", retried(f"{name} floor fresh", fresh_time, context, floor_page,
                                                   FLOOR_TITLE))
                add(f"{name} in tab", retried(f"{name} in tab", in_tab, context, origin_url, TITLES[came_from],
                                              TITLES[name], TITLES[name]))
                add(f"{name} floor in tab", retried(f"{name} floor in tab", in_tab, context, origin_floor,
                                                    FLOOR_TITLE, "Next", FLOOR2_TITLE))
                add(f"{name} same fresh", retried(f"{name} same-count floor fresh", fresh_time, context,
                                                  same_count_url(floor.url, counts[name]), FLOOR_TITLE))
                add(f"{name} same in tab", retried(
                    f"{name} same-count floor in tab", in_tab, context,
                    same_count_url(floor.url, counts[came_from], counts[name]), FLOOR_TITLE, "Next", FLOOR2_TITLE))
            add("reference fresh", retried("reference fresh", fresh_time, context, f"{floor.url}/reference",
                                           FLOOR_TITLE))
            add("reference in tab", retried("reference in tab", in_tab, context,
                                            floor_url(floor.url, frozenset(), frozenset(REFERENCE_KINDS)),
                                            FLOOR_TITLE, "Next", FLOOR2_TITLE))
        browser.close()

    median = {name: statistics.median(values) for name, values in samples.items()}
    print(f"pages against Streamlit's own floor, medians of {repeats} interleaved runs [min–max]")
    print(f"reference floor (title, select box, date input, 10×10 Plotly heatmap at a sub-path): "
          f"fresh tab {_stats(samples['reference fresh'])}, in the tab {_stats(samples['reference in tab'])}")
    for name in PAGES:
        print(f"{name}: kinds {', '.join(sorted(kinds[name]))}; counts {counted(counts[name])}")
        for way in ("fresh", "in tab"):
            own = median[f"{name} {way}"] / median[f"{name} floor {way}"]
            ref = median[f"{name} {way}"] / median[f"reference {way}"]
            same = median[f"{name} {way}"] / median[f"{name} same {way}"]
            print(f"  {way:6s}  page {_stats(samples[f'{name} {way}'])}  own floor "
                  f"{_stats(samples[f'{name} floor {way}'])}  = {own:.2f}x own floor "
                  f"{'ok' if own <= 1.2 else 'OVER 1.2x'}, {ref:.2f}x reference; same-count floor "
                  f"{_stats(samples[f'{name} same {way}'])} = {same:.2f}x")


if __name__ == "__main__":
    main()
