"""What our code costs per page on the server, and what each chart sends to the browser.

Not a test: prints, per page, the CPU seconds of the script run (app.py and the page, measured in the
thread that runs it, so neither AppTest nor other processes count) in a new session (what a fresh tab
or a move to the page in the tab costs the server: one full run of app.py and the page) and of a rerun
in the same session (a widget moved), medians of ``repeats`` with min–max; and, for every Plotly
chart the page draws, the bytes of its figure JSON (what the browser receives and parses).

    .venv/bin/python benchmarks/bench_script_runs.py [repeats] [--profile PAGE]

``--profile PAGE`` prints cProfile's top functions (by cumulative time) of one new-session run of
that page, taken in the script's own thread.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit.testing.v1.app_test as app_test  # noqa: E402
import streamlit.testing.v1.local_script_runner as local_script_runner  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner  # noqa: E402

from tests.app.conftest import APP, PAGES, TIMEOUT  # noqa: E402

_cpu: list[float] = []
_profiler: list[cProfile.Profile] = []
_original = ScriptRunner._run_script


def _measured(self: ScriptRunner, rerun_data: Any) -> None:
    profiler = _profiler[0] if _profiler else None
    start = time.thread_time()
    if profiler is not None:
        profiler.enable()
    try:
        _original(self, rerun_data)
    finally:
        if profiler is not None:
            profiler.disable()
        _cpu.append(time.thread_time() - start)


ScriptRunner._run_script = _measured  # type: ignore[method-assign]

# AppTest compiles app.py and the page again for every run (a new ScriptCache for the pages and
# another for the main script, each run: about 0.05 s of a Coverage run went to parsing, Streamlit's
# "magic" rewrite and compiling). The server keeps one cache for the process and compiles each
# script once, so the runs here share one too.
_SCRIPTS = ScriptCache()
app_test.ScriptCache = local_script_runner.ScriptCache = lambda: _SCRIPTS  # type: ignore[attr-defined, assignment, misc]


def _timed(run: Any) -> float:
    _cpu.clear()
    run()
    return sum(_cpu)


def new_session(page: str) -> tuple[Any, float]:
    """A new session opening the page: the AppTest and the CPU seconds of the page's run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    if page == "overview":
        return at, _timed(at.run)
    at.run()
    return at, _timed(lambda: at.switch_page(PAGES[page]).run())


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    repeats = int(numbers[0]) if numbers else 5
    if "--profile" in sys.argv:
        page = sys.argv[sys.argv.index("--profile") + 1]
        new_session(page)  # warm
        _profiler.append(cProfile.Profile())
        new_session(page)
        out = io.StringIO()
        pstats.Stats(_profiler[0], stream=out).sort_stats("cumulative").print_stats(70)
        print(out.getvalue())
        return
    for page in PAGES:  # warm the process: the knowledge base, its caches, the imports
        new_session(page)
    runs: dict[str, list[float]] = {page: [] for page in PAGES}
    reruns: dict[str, list[float]] = {page: [] for page in PAGES}
    sizes: dict[str, list[int]] = {}
    for _ in range(repeats):
        for page in PAGES:
            at, cpu = new_session(page)
            runs[page].append(cpu)
            reruns[page].append(_timed(at.run))
            sizes[page] = [len(chart.proto.spec.encode("utf-8")) for chart in at.get("plotly_chart")]
    print(f"script runs, CPU seconds in the script's thread, medians of {repeats} [min–max]; "
          "figure JSON bytes per chart drawn")
    print(f"{'page':12s} {'new session':>22s} {'rerun':>22s}  figures")
    for page in PAGES:
        a, b = runs[page], reruns[page]
        figures = ", ".join(f"{n:,}" for n in sizes[page]) or "—"
        print(f"{page:12s} {statistics.median(a):6.3f} [{min(a):.3f}–{max(a):.3f}] "
              f"{statistics.median(b):6.3f} [{min(b):.3f}–{max(b):.3f}]  {figures} (total {sum(sizes[page]):,})")


if __name__ == "__main__":
    main()
