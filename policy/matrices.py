"""The engine's coverage matrix kept per knowledge base, its slices, and the dates on which it can change."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from policy.engine import matrix
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase

MATRIX_CACHE_SIZE = 16  # recent (date, scenario, policy, years) matrices kept per knowledge base


def cached_matrix(kb: KnowledgeBase, day: dt.date, scenario: str | None, vhi: str, years: float) -> pd.DataFrame:
    """The engine's matrix, kept for the knowledge base's lifetime: a page draws several slices of
    the same matrix in one run (heatmap, small multiples, corridor), and reruns ask again."""
    key = (day, scenario, vhi, float(years))
    return kept(kb, "matrices", key, lambda: matrix(kb, day, scenario, vhi=vhi, contribution_years=years),
                MATRIX_CACHE_SIZE)


def matrix_slice(kb: KnowledgeBase, day: dt.date, scenario: str | None = None, vhi: str = "none",
                 years: float = 0.0, **where: str) -> pd.DataFrame:
    """The matrix's cells whose columns equal ``where`` (e.g. person="spouse", care="primary")."""
    frame = cached_matrix(kb, day, scenario, vhi, years)
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask].reset_index(drop=True)




def change_dates(kb: KnowledgeBase, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates in [start, end] on which an answer can change, with both ends: every rule's and
    party's validity bound, every instrument's entry into force or end, every membership change.
    The coverage page's replay slider steps through them."""
    found: set[dt.date] = {start, end}

    def add(*days: dt.date | None) -> None:
        found.update(d for d in days if d is not None and start <= d <= end)

    for rule in kb.rules:
        add(rule.valid_from, rule.valid_to)
    for inst in kb.instruments.values():
        add(inst.in_force, inst.ended)
        for party in inst.parties:
            add(party.valid_from, party.valid_to)
    for state in kb.states.values():
        for membership in state.memberships:
            add(membership.valid_from, membership.valid_to)
    return sorted(found)
