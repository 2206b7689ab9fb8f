"""A date's context (what the rules read from a date) is shared by every day of one legal state: the
engine keys it by the last of ``bound_dates`` on or before the day. These tests hold the shared context
to one computed for the day itself, at every bound, the days around it and a spread of other days,
under the law in force and every scenario."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from policy.engine import MAX_DATE, MIN_DATE, _DateContext, bound_dates, rule_set
from policy.knowledge_base import KnowledgeBase
from policy.matrices import change_dates


def _days(kb: KnowledgeBase, scenario: str | None) -> list[dt.date]:
    bounds = bound_dates(kb, rule_set(kb, scenario).rules)
    near = {b + dt.timedelta(days=k) for b in bounds for k in (-1, 0, 1)}
    spread = {MIN_DATE + dt.timedelta(days=k) for k in range(0, (MAX_DATE - MIN_DATE).days + 1, 97)}
    return sorted(d for d in near | spread | {MIN_DATE, MAX_DATE} if MIN_DATE <= d <= MAX_DATE)


@pytest.mark.parametrize("scenario", [None, "ru-oms-eaeu-families", "cis-vhi-recognition", "ru-oms-3-years",
                                      "ru-entry-vhi", "uz-joins-eaeu"])
def test_a_shared_context_reads_the_law_as_the_days_own(kb: KnowledgeBase, scenario: str | None) -> None:
    rs = rule_set(kb, scenario)
    groups = sorted({m.org for s in kb.states.values() for m in s.memberships})
    for day in _days(kb, scenario):
        shared, own = rs.context(day), _DateContext(rs, day)
        for i, rule in enumerate(rs.rules):
            assert np.array_equal(shared.rule_pair_mask(i, rule), own.rule_pair_mask(i, rule)), (day, rule.id)
        for iid in kb.instruments:
            assert np.array_equal(shared.instrument_mask(iid), own.instrument_mask(iid)), (day, iid)
            assert np.array_equal(shared._party_conf[iid], own._party_conf[iid]), (day, iid)
        for group in groups:
            assert shared.members(group) == own.members(group), (day, group)


def test_days_of_one_legal_state_share_one_context(kb: KnowledgeBase) -> None:
    rs = rule_set(kb)
    bounds = bound_dates(kb, rs.rules)
    a, b = bounds[len(bounds) // 2], bounds[len(bounds) // 2 + 1]
    assert rs.context(a) is rs.context(b - dt.timedelta(days=1))
    assert rs.context(a) is not rs.context(b)


def test_change_dates_are_the_bounds_in_range(kb: KnowledgeBase) -> None:
    start, end = dt.date(2014, 1, 1), dt.date(2026, 12, 31)
    inside = [d for d in bound_dates(kb, kb.rules) if start <= d <= end]
    assert change_dates(kb, start, end) == sorted({start, end, *inside})


@pytest.mark.parametrize("scenario", [None, "uz-joins-eaeu"])
def test_the_kept_matrix_of_a_day_is_the_engines_matrix_of_that_day(kb: KnowledgeBase, scenario: str | None) -> None:
    from pandas.testing import assert_frame_equal

    from policy.engine import matrix
    from policy.matrices import cached_matrix

    rs = rule_set(kb, scenario)
    bounds = [b for b in bound_dates(kb, rs.rules) if MIN_DATE < b < MAX_DATE]
    days = [bounds[3] + dt.timedelta(days=1), bounds[3] + dt.timedelta(days=2), bounds[-1] + dt.timedelta(days=40),
            bounds[-1]]
    for day in days:
        for vhi in ("none", "host"):
            assert_frame_equal(cached_matrix(kb, day, scenario, vhi, 3.0),
                               matrix(kb, day, scenario, vhi=vhi, contribution_years=3.0))
