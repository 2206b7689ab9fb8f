"""components/heap.py: after a run that imported modules the server freezes what survived, so
Streamlit's collection after every run walks only what later runs created (no timing here: the
benchmark measures the CPU; this counts the objects the collector walks)."""

from __future__ import annotations

import gc
import sys
import types
import weakref

import pytest

from components import heap


@pytest.fixture
def fresh_heap_state(monkeypatch):
    monkeypatch.setattr(heap, "_state", {"enabled": False, "modules": 0})
    yield
    gc.unfreeze()


def test_tests_and_in_process_runs_never_freeze(fresh_heap_state) -> None:
    assert heap.freeze_long_lived_heap() is False
    assert gc.get_freeze_count() == 0


def test_the_server_freezes_after_a_run_that_imported_modules_and_only_then(fresh_heap_state, monkeypatch) -> None:
    heap.enable()
    gc.collect()  # what the tests before this one left for the collector is not the server's heap
    walked_before = len(gc.get_objects())
    assert heap.freeze_long_lived_heap() is True
    assert gc.get_freeze_count() > 0.9 * walked_before
    assert len(gc.get_objects()) < 0.05 * walked_before  # what the post-run collection still walks

    assert heap.freeze_long_lived_heap() is False  # nothing imported since
    frozen = gc.get_freeze_count()
    monkeypatch.setitem(sys.modules, "a_module_a_page_imported", types.ModuleType("a_module_a_page_imported"))
    assert heap.freeze_long_lived_heap() is True
    assert gc.get_freeze_count() >= frozen


def test_only_live_objects_are_frozen(fresh_heap_state) -> None:
    heap.enable()

    class Cycle:
        pass

    garbage = Cycle()
    garbage.me = garbage  # a cycle only the collector frees: frozen, it would never be
    still_there = weakref.ref(garbage)
    del garbage
    gc.disable()  # no automatic collection between here and the freeze
    try:
        heap.freeze_long_lived_heap()
    finally:
        gc.enable()
    assert still_there() is None, "collected before freezing"
