"""Results kept for a knowledge base's lifetime: one small thread-safe helper for every such cache.

A knowledge base is immutable and shared by every session (Streamlit runs sessions in threads), so
what is computed from it can be kept on it: matrices, rule sets, impacts, download tables. Each
cache has a name and a bound; the oldest entry goes first. Two threads that miss the same key at
once may both compute it (the work is pure, so either answer is right): no lock is held while
computing, so one slow computation never blocks the others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_LOCK = threading.Lock()


def kept(kb: Any, cache: str, key: Hashable, compute: Callable[[], T], size: int | None = None) -> T:
    """``compute()``'s result for ``key`` in ``kb``'s cache named ``cache`` (at most ``size`` entries)."""
    with _LOCK:
        store: dict[Hashable, Any] = kb.__dict__.setdefault(f"_kept_{cache}", {})
        if key in store:
            return store[key]
    found = compute()
    with _LOCK:
        while size is not None and len(store) >= size:
            store.pop(next(iter(store)))  # oldest first
        store[key] = found
    return found


def kept_for(kb: Any, cache: str, objects: tuple[Any, ...], key: Hashable, compute: Callable[[], T],
             size: int | None = None) -> T:
    """``compute()``'s result for these very ``objects`` (known by identity: e.g. a kept frame or figure,
    which is never changed in place) and ``key``. The entry holds the objects, so no other object can
    take their identity while it lives; an object that is not the one held gets its own answer."""
    held, found = kept(kb, cache, (tuple(id(o) for o in objects), key), lambda: (objects, compute()), size)
    if all(a is b for a, b in zip(held, objects, strict=True)):
        return found
    return compute()  # unreachable while the entry holds them; never another object's answer


def forget(kb: Any, *caches: str) -> None:
    """Drop the named caches (benchmarks time fresh computations; tests rebuild from changed data)."""
    with _LOCK:
        for cache in caches:
            kb.__dict__.pop(f"_kept_{cache}", None)


def kept_count(kb: Any, cache: str) -> int:
    """How many entries ``kb``'s cache named ``cache`` holds now."""
    with _LOCK:
        return len(kb.__dict__.get(f"_kept_{cache}", {}))
