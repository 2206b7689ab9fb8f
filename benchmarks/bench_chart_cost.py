"""What a Plotly chart costs a page, per tab and per chart, in real Chromium (issue 13).

Not a test: prints medians with their spread and the differences between them.

    .venv/bin/python benchmarks/bench_chart_cost.py [repeats]      (default 5)

Pages of benchmarks/chart_cost_app.py: a title, a select box and ``n`` charts (0–3) of one kind —
Plotly's own 10×10 heatmap (the floor's chart), our framed Coverage grid (a heatmap under 100 square
markers with their symbols as marker shapes and the frame's text), that grid without the heatmap layer,
without its symbols, with every symbol drawn as text as before 2026-12-06, with its state markers in one
trace, drawn without on_select, and without its square markers (the heatmap taking the hover, as grids
nobody clicks draw since stop 22) (`bench_chart_cost.py [repeats] [kind …]` takes some kinds only). Two ways,
timed as bench_pages.py times them (title shown, run finished, every chart drawn):
- **fresh tab**: a new tab opens the page (the first chart of a tab also loads Plotly's code);
- **in the tab**: a page showing one plain chart (Plotly's code loaded) follows a link to it.

From the medians: Plotly's cost per tab (n = 1 against n = 0, fresh tab, less the chart itself as
measured in the tab) and each chart's cost (the slope from n = 1 to n = 3, in the tab). These say how
much of a page's time over its own floor (which draws one chart whatever the page draws) is its
further charts, and how much is what our charts carry.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import _finished, retried  # noqa: E402
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, start_app_server  # noqa: E402

KINDS = ("plain", "grid", "markers", "notext", "text", "onetrace", "noselect", "heatonly")
COUNTS = (0, 1, 2, 3)
TITLE, START_TITLE = "Target", "Start"


def fresh(context, url: str) -> float:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    _finished(page, TITLE)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def in_tab(context, url: str) -> float:
    page = context.new_page()
    page.goto(url)
    _finished(page, START_TITLE)
    start = time.perf_counter()
    page.get_by_test_id("stPageLink").get_by_role("link", name="Go", exact=True).first.click()
    _finished(page, TITLE)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s [{min(values):.3f}–{max(values):.3f}]"


def main() -> None:
    from playwright.sync_api import sync_playwright

    repeats = max(5, int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    kinds = tuple(k for k in sys.argv[2:] if k in KINDS) or KINDS  # e.g. `5 plain grid notext`
    if "plain" not in kinds:
        kinds = ("plain", *kinds)  # n = 0 is taken on the plain page
    samples: dict[tuple[str, int, str], list[float]] = {}
    with start_app_server("bench-chart-cost", script="benchmarks/chart_cost_app.py") as app, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        for kind in kinds:  # warm: the grid is built once per process
            fresh(context, f"{app.url}/{kind}?n=1")
        for _ in range(repeats):
            for n in COUNTS:
                for kind in kinds if n else kinds[:1]:  # n = 0 is the same page whatever the kind
                    url = f"{app.url}/{kind}?n={n}"
                    samples.setdefault((kind, n, "fresh"), []).append(
                        retried(f"{kind} n={n} fresh", fresh, context, url))
                    samples.setdefault((kind, n, "in tab"), []).append(
                        retried(f"{kind} n={n} in tab", in_tab, context, f"{app.url}/start?to={kind}&n={n}"))
        browser.close()

    median = {key: statistics.median(values) for key, values in samples.items()}
    print(f"a title, a select box and n charts; medians of {repeats} interleaved runs [min–max]")
    for kind in kinds:
        for n in COUNTS:
            key_kind = kind if n else kinds[0]
            print(f"{kind:8s} n={n}  fresh tab {_stats(samples[(key_kind, n, 'fresh')])}  "
                  f"in the tab {_stats(samples[(key_kind, n, 'in tab')])}")
    none_fresh, none_tab = median[("plain", 0, "fresh")], median[("plain", 0, "in tab")]
    print(f"no chart: fresh tab {none_fresh:.3f} s, in the tab {none_tab:.3f} s")
    for kind in kinds:
        per_chart = (median[(kind, 3, "in tab")] - median[(kind, 1, "in tab")]) / 2
        first_fresh = median[(kind, 1, "fresh")] - none_fresh
        first_tab = median[(kind, 1, "in tab")] - none_tab
        print(f"{kind:8s} first chart: +{first_fresh:.3f} s fresh tab ({first_fresh / none_fresh:.0%} of the page "
              f"without), +{first_tab:.3f} s in the tab; each further chart (in the tab, n 1→3): "
              f"+{per_chart:.3f} s ({per_chart / median[(kind, 1, 'in tab')]:.0%} of the one-chart page)")


if __name__ == "__main__":
    main()
