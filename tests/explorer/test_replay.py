"""The coverage page's replay: the dates on which answers can change, and what changed on them."""

from __future__ import annotations

import datetime as dt

from explorer.views.coverage import care_small_multiples, changed_cells, coverage_grid
from policy.engine import MIN_DATE
from policy.matrices import change_dates


def _pairs(frame) -> set[tuple[str, str]]:
    return set(zip(frame["host"], frame["origin"], strict=False))


def test_change_dates_include_both_ends_and_the_known_turning_points(kb) -> None:
    dates = change_dates(kb, MIN_DATE, kb.meta.as_of)
    assert dates[0] == MIN_DATE and dates[-1] == kb.meta.as_of
    assert dates == sorted(set(dates))
    assert dt.date(2015, 1, 1) in dates  # the EAEU Treaty enters into force
    assert dt.date(2017, 1, 1) in dates  # EAEU workers in Russia insured under OMS


def test_no_answer_changes_between_two_consecutive_change_dates(kb) -> None:
    """The replay may skip the days in between: nothing changes there."""
    dates = change_dates(kb, dt.date(2016, 1, 1), dt.date(2021, 1, 1))
    for start, end in zip(dates, dates[1:], strict=False):
        middle = start + (end - start) / 2
        if middle == start:
            continue
        a = coverage_grid(kb, start, "spouse", "contract", "stay", "primary")
        b = coverage_grid(kb, middle, "spouse", "contract", "stay", "primary")
        assert changed_cells(a, b).empty, (start, middle)


def test_changed_cells_name_russia_insuring_eaeu_workers_in_2017(kb) -> None:
    before = coverage_grid(kb, dt.date(2016, 12, 31), "worker", "contract", "stay", "primary")
    after = coverage_grid(kb, dt.date(2017, 1, 1), "worker", "contract", "stay", "primary")
    changes = changed_cells(before, after)
    assert {("RU", "KG"), ("RU", "AM")} <= _pairs(changes)
    row = changes[(changes.host == "RU") & (changes.origin == "KG")].iloc[0]
    assert (row.level_before, row.level_after) == ("paid", "insured")
    assert changed_cells(after, after).empty


def test_small_multiples_hold_every_care_for_every_pair(kb) -> None:
    frame = care_small_multiples(kb, kb.meta.as_of, "child", "patent", "stay")
    n = len(kb.states)
    assert len(frame) == n * n * frame["care"].nunique()
    assert set(frame["person"]) == {"child"} and set(frame["status"]) == {"patent"}
