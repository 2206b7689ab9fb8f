"""What one more of Streamlit's own elements costs a page, kind by kind (no code of ours).

Not a test: prints medians, spreads and the cost per element. bench_pages.py compares each page
with a floor of one element of each kind it draws; a page with eight select boxes is then measured
against one. This says how much of that gap the count alone makes: for each kind, moving in the tab
to a floor page with one element of that kind and to one with ``COUNT`` of them (benchmarks/
floor_app.py), interleaved, medians of ``repeats``; the cost of one more element is the difference
over ``COUNT - 1``. With ``--fresh``, opening each in a fresh tab too.

    .venv/bin/python benchmarks/bench_element_cost.py [repeats] [kind,kind,…] [--fresh]

Default kinds: those the pages draw more than one of, and two other ways to choose among a few
options (a horizontal radio, a segmented control), for comparison with the select box. "text" and
"markdown" are lines of text: bench_pages.py's floors leave a page's texts out, so this prices them.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import FLOOR2_TITLE, FLOOR_TITLE, fresh_time, in_tab, retried  # noqa: E402
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, start_app_server  # noqa: E402

COUNT = 9
DEFAULT_KINDS = ("selectbox", "radio", "button_group", "expander", "caption", "popover", "button", "plotly",
                 "download_button", "metric", "text", "markdown")


def floor_kinds() -> list[str]:
    """The kinds floor_app.py can draw (its KINDS' keys), read from its source: importing it would run
    its navigation outside a server."""
    tree = ast.parse((ROOT / "benchmarks" / "floor_app.py").read_text(encoding="utf-8"))
    table = next(node.value for node in tree.body if isinstance(node, ast.AnnAssign)
                 and isinstance(node.target, ast.Name) and node.target.id == "KINDS")
    assert isinstance(table, ast.Dict)
    return [key.value for key in table.keys if isinstance(key, ast.Constant)]


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s [{min(values):.3f}–{max(values):.3f}]"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    repeats = max(5, int(args[0]) if args and args[0].isdigit() else 5)
    named = next((a for a in args if not a.isdigit()), "")
    kinds = tuple(named.split(",")) if named else DEFAULT_KINDS
    known = floor_kinds()
    unknown = [k for k in kinds if k not in known]
    if unknown:
        sys.exit(f"unknown kind(s): {', '.join(unknown)}; the kinds are: {', '.join(known)}")
    ways = ("in tab", "fresh") if "--fresh" in sys.argv else ("in tab",)
    from playwright.sync_api import sync_playwright

    samples: dict[tuple[str, str, int], list[float]] = {}
    with start_app_server("cost-floor", script="benchmarks/floor_app.py") as floor, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        fresh_time(context, f"{floor.url}/floor?kinds={'+'.join(kinds)}", FLOOR_TITLE)  # warm
        for _ in range(repeats):
            for kind in kinds:
                for n in (1, COUNT):
                    spec = kind if n == 1 else f"{kind}*{n}"
                    what = f"{spec} in tab"
                    samples.setdefault((kind, "in tab", n), []).append(retried(
                        what, in_tab, context, f"{floor.url}/floor?kinds=&next={spec}", FLOOR_TITLE, "Next",
                        FLOOR2_TITLE))
                    if "fresh" in ways:
                        samples.setdefault((kind, "fresh", n), []).append(retried(
                            f"{spec} fresh", fresh_time, context, f"{floor.url}/floor?kinds={spec}", FLOOR_TITLE))
        browser.close()

    print(f"one more element of a kind, Streamlit's own (benchmarks/floor_app.py), medians of {repeats} "
          f"interleaved runs [min–max], 1 against {COUNT} of the kind")
    print("| Kind | Way | 1 element | " + f"{COUNT} elements | One more element |")
    print("|---|---|---|---|---|")
    for kind in kinds:
        for way in ways:
            one, many = samples[(kind, way, 1)], samples[(kind, way, COUNT)]
            each = (statistics.median(many) - statistics.median(one)) / (COUNT - 1)
            print(f"| {kind} | {way} | {_stats(one)} | {_stats(many)} | {each * 1000:+.0f} ms |")


if __name__ == "__main__":
    main()
