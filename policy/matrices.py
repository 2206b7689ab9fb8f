"""The engine's coverage matrix kept per knowledge base, its slices, and the dates on which it can change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from policy.engine import bound_dates, date_signature, matrix, rule_set
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase

MATRIX_CACHE_SIZE = 16  # recent (date, scenario, policy, years) matrices kept per knowledge base


def cached_matrix(kb: KnowledgeBase, day: dt.date, scenario: str | None, vhi: str, years: float) -> pd.DataFrame:
    """The engine's matrix, kept for the knowledge base's lifetime: a page draws several slices of
    the same matrix in one run (heatmap, small multiples, corridor), and reruns ask again."""
    key = (day, scenario, vhi, float(years))
    return kept(kb, "matrices", key, lambda: _matrix_of_state(kb, day, scenario, vhi, years), MATRIX_CACHE_SIZE)


def _matrix_of_state(kb: KnowledgeBase, day: dt.date, scenario: str | None, vhi: str, years: float) -> pd.DataFrame:
    """The matrix on ``day``: the one of its legal state (computed once for all its days: the engine
    reads a date only through its legal state) with ``day`` in the date column."""
    anchor = rule_set(kb, scenario).anchor(day)
    if anchor == dt.date.min or anchor == day:
        return matrix(kb, day, scenario, vhi=vhi, contribution_years=years)
    key = (anchor, scenario, vhi, float(years))
    frame = kept(kb, "state_matrices", key, lambda: matrix(kb, anchor, scenario, vhi=vhi, contribution_years=years),
                 MATRIX_CACHE_SIZE)
    return frame.assign(date=day.isoformat())


def matrix_slice(kb: KnowledgeBase, day: dt.date, scenario: str | None = None, vhi: str = "none",
                 years: float = 0.0, **where: str) -> pd.DataFrame:
    """The matrix's cells whose columns equal ``where`` (e.g. person="spouse", care="primary")."""
    frame = cached_matrix(kb, day, scenario, vhi, years)
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask].reset_index(drop=True)


def change_dates(kb: KnowledgeBase, start: dt.date, end: dt.date, scenario: str | None = None) -> list[dt.date]:
    """The dates in [start, end] on which an answer can change, with both ends: every rule's and
    party's validity bound, every instrument's entry into force or end, every membership change,
    and, under a scenario, the bounds of the rules its overlay adds or replaces (its assumed
    instruments and accessions hold on every date, so they bring no dates of their own).
    The coverage page's replay slider and the API's matrix ranges step through them."""
    rules = list(kb.rules) if scenario is None else [*kb.rules, *rule_set(kb, scenario).rules]
    found = {start, end} | {d for d in bound_dates(kb, rules) if start <= d <= end}
    return sorted(found)


@dataclass(frozen=True)
class LegalState:
    """One stretch of days on which the matrix does not change: ``valid_from`` to ``valid_to``, both
    included; ``cells`` is the matrix of any of those days without its ``date`` column."""

    valid_from: dt.date
    valid_to: dt.date
    cells: pd.DataFrame


def matrix_states(
    kb: KnowledgeBase,
    start: dt.date,
    end: dt.date,
    scenario: str | None = None,
    vhi: str = "none",
    years: float = 0.0,
    where: dict[str, str] | None = None,
) -> list[LegalState]:
    """The matrix over [start, end] as each distinct legal state once, never one matrix per day.

    The engine runs once per change date (the law cannot change in between), so the cost grows with
    the law's changes in the range, not with its length; neighbouring stretches whose cells (after
    ``where``: column -> value filters) are equal are merged into one."""
    if end < start:
        raise ValueError("the range ends before it starts")
    dates = change_dates(kb, start, end, scenario)
    states: list[LegalState] = []
    previous = b""
    for index, day in enumerate(dates):
        last = dates[index + 1] - dt.timedelta(days=1) if index + 1 < len(dates) else end
        signature = date_signature(kb, day, scenario, vhi, years)
        if states and signature == previous:  # nothing the matrix reads changed on this date
            states[-1] = LegalState(states[-1].valid_from, last, states[-1].cells)
            continue
        previous = signature
        frame = matrix(kb, day, scenario, vhi=vhi, contribution_years=years)
        for column, value in (where or {}).items():
            frame = frame[frame[column] == value]
        cells = frame.drop(columns="date").reset_index(drop=True)
        if states and states[-1].cells.equals(cells):
            states[-1] = LegalState(states[-1].valid_from, last, states[-1].cells)
        else:
            states.append(LegalState(day, last, cells))
    return states
