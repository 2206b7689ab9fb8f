"""A matrix range equals the per-date matrices under every scenario: the change dates must include
those a scenario's overlay brings, and merged stretches must really be equal."""

from __future__ import annotations

import datetime as dt

import pytest

from policy import load_knowledge_base
from policy.engine import matrix
from policy.matrices import change_dates, matrix_states

KB = load_knowledge_base()
START, END = dt.date(2022, 6, 1), dt.date(2027, 6, 30)


def test_change_dates_include_the_rules_a_scenario_adds() -> None:
    scenario = KB.scenarios["ru-oms-3-years"]
    added = {c.rule.valid_from for c in scenario.changes if getattr(c, "rule", None) and c.rule.valid_from}
    assert added
    dates = set(change_dates(KB, dt.date(2010, 1, 1), dt.date(2035, 12, 31), "ru-oms-3-years"))
    assert added <= dates


def test_a_scenario_rule_starting_on_a_date_of_its_own_brings_that_date() -> None:
    """A date only the scenario knows (not a baseline date) must become a change date, and the range
    must turn on it: without the scenario's dates the stretch would run past it unchanged."""
    from policy.custom_scenario import with_scenario

    day = dt.date(2024, 3, 7)
    assert day not in change_dates(KB, START, END)
    base = KB.scenarios["ru-oms-3-years"]
    changes = [c.model_copy(update={"rule": c.rule.model_copy(update={"valid_from": day})})
               if c.op in ("add", "replace") else c for c in base.changes]
    kb = with_scenario(KB, base.model_copy(update={"id": "shifted", "changes": changes}), "test")
    assert day in change_dates(kb, START, END, "shifted")
    states = matrix_states(kb, START, END, "shifted", years=4.0)
    assert day in {s.valid_from for s in states}
    for probe in (day - dt.timedelta(days=1), day):
        state = next(s for s in states if s.valid_from <= probe <= s.valid_to)
        assert matrix(kb, probe, "shifted", contribution_years=4.0).drop(columns="date").equals(state.cells)


@pytest.mark.parametrize("scenario", [None, *KB.scenarios])
def test_range_answers_equal_per_date_answers(scenario: str | None) -> None:
    states = matrix_states(KB, START, END, scenario, vhi="none", years=3.0)
    assert states[0].valid_from == START and states[-1].valid_to == END
    for before, after in zip(states, states[1:], strict=False):
        assert after.valid_from == before.valid_to + dt.timedelta(days=1)
    for state in states:
        middle = state.valid_from + (state.valid_to - state.valid_from) / 2
        for day in sorted({state.valid_from, middle, state.valid_to}):
            expected = matrix(KB, day, scenario, vhi="none", contribution_years=3.0).drop(columns="date")
            assert expected.equals(state.cells), (scenario, day)


def test_filtered_ranges_merge_what_the_filter_cannot_tell_apart() -> None:
    where = {"host": "AM", "person": "worker"}
    narrow = matrix_states(KB, START, END, None, where=where)
    full = matrix_states(KB, START, END, None)
    assert len(narrow) <= len(full)
    for state in narrow:
        day_cells = matrix(KB, state.valid_to, None)
        day_cells = day_cells[(day_cells["host"] == "AM") & (day_cells["person"] == "worker")]
        assert day_cells.drop(columns="date").reset_index(drop=True).equals(state.cells)
