"""The one cache helper every knowledge-base cache uses: bounded, oldest first, safe across threads."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from policy.kept import forget, kept, kept_count, kept_for


def test_kept_computes_once_per_key_and_drops_the_oldest():
    owner = SimpleNamespace()
    calls: list[int] = []

    def make(n: int):
        return lambda: calls.append(n) or n * 10

    assert kept(owner, "c", 1, make(1), size=2) == 10
    assert kept(owner, "c", 1, make(1), size=2) == 10  # kept: not computed again
    kept(owner, "c", 2, make(2), size=2)
    kept(owner, "c", 3, make(3), size=2)  # the oldest (1) goes
    assert kept_count(owner, "c") == 2
    kept(owner, "c", 1, make(1), size=2)
    assert calls == [1, 2, 3, 1]


def test_caches_are_apart_and_can_be_forgotten():
    owner = SimpleNamespace()
    kept(owner, "a", "k", lambda: "A")
    kept(owner, "b", "k", lambda: "B")
    assert kept(owner, "a", "k", lambda: "other") == "A"
    forget(owner, "a")
    assert kept_count(owner, "a") == 0 and kept_count(owner, "b") == 1


def test_many_threads_share_one_cache_within_its_bound():
    owner = SimpleNamespace()
    errors: list[BaseException] = []

    def work(start: int) -> None:
        try:
            for i in range(200):
                key = (start + i) % 37
                assert kept(owner, "t", key, lambda key=key: key * 2, size=16) == key * 2
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and kept_count(owner, "t") <= 16


def test_kept_for_answers_for_the_very_objects_it_was_asked_for():
    owner = SimpleNamespace()
    first, equal = [1, 2], [1, 2]
    calls: list[int] = []

    def make(obj):
        return lambda: calls.append(1) or [sum(obj)]

    answer = kept_for(owner, "o", (first,), "k", make(first))
    assert kept_for(owner, "o", (first,), "k", make(first)) is answer  # the same object: kept
    other = kept_for(owner, "o", (equal,), "k", make(equal))
    assert other == answer and other is not answer  # an equal object is another object
    assert kept_for(owner, "o", (first,), "other key", make(first)) is not answer
    assert calls == [1, 1, 1] and kept_count(owner, "o") == 3
