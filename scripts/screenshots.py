"""Take the README's screenshots of every page in real headless Chromium (offline, loopback only).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--phone] [page-path ...]

Starts `streamlit run app.py` on a free loopback port (the browser tests' fixture), aborts every
non-loopback request, and writes <name>.png for each view. Paths default to the five pages in English
and Russian; `--phone` uses a 390×844 viewport instead of 1280×900.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.helpers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    goto_app,
    is_local,
    start_app_server,
    wait_for_app,
)

# Every Plotly chart on the page has drawn its SVG (a busy machine draws them well after the run).
CHARTS_DRAWN = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(el => {
    const gd = el.querySelector('.js-plotly-plot'); return gd && gd._fullLayout && gd.querySelector('.main-svg'); })"""

DEFAULT_VIEWS = {
    "overview-en": "/?lang=en",
    "overview-ru": "/?lang=ru",
    "compare-en": "/compare?lang=en&states=RU,KZ,KG,AM&origin=UZ",
    "instruments-ru": "/instruments?lang=ru&types=treaty,protocol,agreement,court_opinion,draft_agreement",
    "coverage-en": "/coverage?lang=en&person=spouse&care=primary",
    "family-en": "/family?lang=en",
    "sources-en": "/sources?lang=en",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--full", action="store_true", help="full-page screenshots")
    parser.add_argument("--height", type=int, default=None, help="viewport height (a tall one shows the whole page)")
    parser.add_argument("views", nargs="*", help="name=path pairs, e.g. compare-ru=/compare?lang=ru")
    args = parser.parse_args()
    views = dict(v.split("=", 1) for v in args.views) if args.views else DEFAULT_VIEWS
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    viewport = {"width": 390, "height": 844} if args.phone else {"width": 1280, "height": 900}
    if args.height:
        viewport["height"] = args.height
    with start_app_server("screenshots") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
        page = context.new_page()
        for name, path in views.items():
            goto_app(page, server, path)
            page.wait_for_timeout(1200)  # charts draw after the run ends
            wait_for_app(page, timeout_ms=120_000)  # a page that writes its state back runs again: wait for that too
            page.wait_for_function(CHARTS_DRAWN, timeout=120_000)
            page.wait_for_timeout(500)
            suffix = "-phone" if args.phone else ""
            target = out / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + suffix + ".png")
            page.screenshot(path=str(target), full_page=args.full)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
