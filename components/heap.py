"""Keep Streamlit's collection after every run short: freeze the heap that outlives every run.

Streamlit runs a full garbage collection after every script run (`runner.postScriptGC`, on by
default), in the script's thread, with the GIL held (no other session's Python runs meanwhile). It
starts after the run is reported finished, so a page does not appear later for it (measured), but it
is CPU every run pays. A full collection walks every object the collector tracks, and this process
keeps ≈ 180,000 of them once every page has run (the imported modules, Plotly's validators, the
knowledge base): ≈ 0.1 s a run on the benchmark machine (docs/performance.md), where Streamlit's
floor app with its own imports pays about half of that.

`gc.freeze()` moves every object alive at that moment into a permanent generation that collections
no longer walk. Done after a run that imported modules (a page's first run in this process: what it
imported stays for the life of the process), right after a collection, so only live objects are
frozen. What was alive then and becomes cyclic garbage later (e.g. that run's session, if it ends) is
never collected: bounded, because freezing happens only when the set of modules grows (a few times
per process). Only in the server (`enable()`, called where `streamlit run` imports app.py), never in
tests that run pages in-process.
"""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_state = {"enabled": False, "modules": 0}


def enable() -> None:
    """Called once per server process (app.py's import branch)."""
    _state["enabled"] = True


def freeze_long_lived_heap() -> bool:
    """At the end of a run: collect and freeze if this run imported modules; True when it froze."""
    if not _state["enabled"]:
        return False
    with _lock:
        modules = len(sys.modules)
        if modules == _state["modules"]:
            return False
        gc.collect()
        gc.freeze()
        _state["modules"] = modules
        return True


__all__ = ["enable", "freeze_long_lived_heap"]
