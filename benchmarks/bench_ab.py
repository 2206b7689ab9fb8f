"""Two versions of the app side by side, each page against its own floor, in the same run (an A/B).

Not a test: prints medians, spreads and ratios. For a change whose gain is smaller than what the
machine moves between runs (20–25 % between sessions), only the two versions measured together say
anything: their servers and the own floor run at once, samples are interleaved, and the order of the
two versions is swapped every round.

    git worktree add /tmp/before <commit>          (the version to compare with; shares .venv/)
    .venv/bin/python benchmarks/bench_ab.py /tmp/before [pages] [repeats]

``pages``: comma-separated (default: every page); ``repeats`` ≥ 5 (default 5). The page's kinds of
element and the own floor are those of `bench_pages.py`, read from this version's pages; both ways:
a fresh tab, and moving to the page in the tab (from the Overview; to the Overview from Sources).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import (  # noqa: E402
    FLOOR2_TITLE,
    FLOOR_TITLE,
    PAGES,
    TITLES,
    floor_url,
    fresh_counted,
    fresh_time,
    in_tab,
    retried,
)
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, start_app_server  # noqa: E402

WAYS = ("fresh", "tab")


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s [{min(values):.3f}–{max(values):.3f}]"


def main() -> None:
    if len(sys.argv) < 2 or not (Path(sys.argv[1]) / "app.py").is_file():
        sys.exit(__doc__)
    other = Path(sys.argv[1]).resolve()
    pages = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] else list(PAGES)
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        sys.exit(f"unknown page(s): {', '.join(unknown)}; the pages are: {', '.join(PAGES)}")
    repeats = max(5, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    from playwright.sync_api import sync_playwright

    samples: dict[tuple[str, str, str], list[float]] = {}
    with start_app_server("ab-before", script=str(other / "app.py")) as before, \
            start_app_server("ab-after", script=str(ROOT / "app.py")) as after, \
            start_app_server("ab-floor", script="benchmarks/floor_app.py") as floor, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        kinds = {}
        for app in (before, after):  # warm both servers; the kinds are this version's
            for name, path in PAGES.items():
                _, kinds[name], _ = fresh_counted(context, f"{app.url}/{path}?lang=en", TITLES[name])
        for name in pages:
            fresh_time(context, floor_url(floor.url, kinds[name]), FLOOR_TITLE)
        print(f"before = {other}, after = {ROOT}; warm at {time.strftime('%H:%M:%S')}", flush=True)
        for round_ in range(repeats):
            versions = (("before", before), ("after", after))
            if round_ % 2:
                versions = versions[::-1]
            for name in pages:
                came = "sources" if name == "overview" else "overview"
                for tag, app in versions:
                    samples.setdefault((name, tag, "fresh"), []).append(retried(
                        name, fresh_time, context, f"{app.url}/{PAGES[name]}?lang=en", TITLES[name]))
                samples.setdefault((name, "floor", "fresh"), []).append(retried(
                    name, fresh_time, context, floor_url(floor.url, kinds[name]), FLOOR_TITLE))
                for tag, app in versions:
                    samples.setdefault((name, tag, "tab"), []).append(retried(
                        name, in_tab, context, f"{app.url}/{PAGES[came]}?lang=en", TITLES[came], TITLES[name],
                        TITLES[name]))
                samples.setdefault((name, "floor", "tab"), []).append(retried(
                    name, in_tab, context, floor_url(floor.url, kinds[came], kinds[name]), FLOOR_TITLE, "Next",
                    FLOOR2_TITLE))
            print(f"round {round_ + 1} of {repeats} at {time.strftime('%H:%M:%S')}", flush=True)
    print("\n| Page | Way | Before | × own floor | After | × own floor | Own floor |\n|---|---|---|---|---|---|---|")
    for name in pages:
        for way in WAYS:
            b, a, f = (samples[(name, tag, way)] for tag in ("before", "after", "floor"))
            floor_median = statistics.median(f)
            ratio_b, ratio_a = statistics.median(b) / floor_median, statistics.median(a) / floor_median
            print(f"| {TITLES[name]} | {'fresh tab' if way == 'fresh' else 'in the tab'} | {_stats(b)} | "
                  f"{ratio_b:.2f}× | {_stats(a)} | {ratio_a:.2f}× | {_stats(f)} |")


if __name__ == "__main__":
    main()
