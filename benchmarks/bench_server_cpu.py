"""What a page visit costs the server, against Streamlit's own floor, in real Chromium.

Not a test: prints medians and ratios.

    .venv/bin/python benchmarks/bench_server_cpu.py [repeats] [--script PATH]   (default 5; app.py)

For every page, a fresh tab opens it and a tab showing another page follows its sidebar link (the
two ways of benchmarks/bench_pages.py); around each, the server process's CPU time (user + system,
all threads, from /proc) is read once the page has finished and Streamlit's work after the run (its
garbage collection) has had time to end. That is what a visit costs the server whatever else the
machine does: the script run, the session, serialising and sending the page, the collection after
the run. The floor is benchmarks/floor_app.py's page with one element of each kind the page draws,
visited the same ways in the same run. `--script` measures another app file (e.g. an older
checkout's app.py, for a before/after on one machine).
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
    _finished,
    floor_url,
    fresh_counted,
)
from benchmarks.load_test import cpu_seconds  # noqa: E402
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, start_app_server  # noqa: E402

AFTER_RUN_S = 0.4  # Streamlit collects garbage after the run it has reported finished: let it end


def visit_cpu(context, pid: int, open_url: str, title: str, link: str | None = None,
              target: str | None = None) -> float:
    """Server CPU seconds of one visit: a fresh tab opening ``open_url``, or, with ``link``, the move
    from that page to the one its sidebar link ``link`` opens (titled ``target``)."""
    page = context.new_page()
    if link is not None:
        page.goto(open_url)
        _finished(page, title)
        time.sleep(AFTER_RUN_S)
    before = cpu_seconds(pid)
    if link is None:
        page.goto(open_url)
        _finished(page, title)
    else:
        page.get_by_test_id("stPageLink").get_by_role("link", name=link, exact=True).first.click()
        _finished(page, target or link)
    time.sleep(AFTER_RUN_S)
    used = cpu_seconds(pid) - before
    page.close()
    return used


def main() -> None:
    from playwright.sync_api import sync_playwright

    args = sys.argv[1:]
    script = "app.py"
    if "--script" in args:
        at = args.index("--script")
        script = args[at + 1]
        del args[at: at + 2]
    repeats = max(5, int(args[0]) if args else 5)
    samples: dict[str, list[float]] = {}
    with (
        start_app_server("cpu-app", script=script) as app,
        start_app_server("cpu-floor", script="benchmarks/floor_app.py") as floor,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        kinds = {name: fresh_counted(context, f"{app.url}/{path}?lang=en", TITLES[name])[1]
                 for name, path in PAGES.items()}  # also warms the server (the knowledge base, first imports)
        for name in PAGES:
            fresh_counted(context, floor_url(floor.url, kinds[name]), FLOOR_TITLE)
        origin = {name: ("sources" if name == "overview" else "overview") for name in PAGES}
        for _ in range(repeats):
            for name, path in PAGES.items():
                came_from = origin[name]
                runs = {
                    f"{name} fresh": (app.process.pid, f"{app.url}/{path}?lang=en", TITLES[name], None, None),
                    f"{name} floor fresh": (floor.process.pid, floor_url(floor.url, kinds[name]), FLOOR_TITLE,
                                            None, None),
                    f"{name} in tab": (app.process.pid, f"{app.url}/{PAGES[came_from]}?lang=en",
                                       TITLES[came_from], TITLES[name], TITLES[name]),
                    f"{name} floor in tab": (floor.process.pid,
                                             floor_url(floor.url, kinds[came_from], kinds[name]), FLOOR_TITLE,
                                             "Next", FLOOR2_TITLE),
                }
                for key, (pid, url, title, link, target) in runs.items():
                    samples.setdefault(key, []).append(visit_cpu(context, pid, url, title, link, target))
        browser.close()

    print(f"server CPU per visit (user + system, all threads), medians of {repeats} [min–max], app {script}")
    for name in PAGES:
        for way in ("fresh", "in tab"):
            page, own = samples[f"{name} {way}"], samples[f"{name} floor {way}"]
            print(f"{name:12s} {way:6s} page {statistics.median(page):.3f} s [{min(page):.3f}–{max(page):.3f}]"
                  f"  floor {statistics.median(own):.3f} s [{min(own):.3f}–{max(own):.3f}]"
                  f"  = {statistics.median(page) / statistics.median(own):.2f}x")


if __name__ == "__main__":
    main()
