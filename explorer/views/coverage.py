"""The Coverage and Scenarios pages' view model: slices of the coverage matrix and what a scenario changes."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from policy.knowledge_base import KnowledgeBase
from policy.matrices import matrix_slice
from policy.models import CARES, PERSONS


def coverage_grid(kb: KnowledgeBase, day: dt.date, person: str, status: str, residence: str, care: str,
                  scenario: str | None = None, vhi: str = "none", years: float = 0.0) -> pd.DataFrame:
    """Host × origin cells for one person/status/residence/care (long format, with basis)."""
    return matrix_slice(kb, day, scenario, vhi, years, person=person, status=status, residence=residence, care=care)


def corridor_grid(kb: KnowledgeBase, day: dt.date, host: str, origin: str, status: str, residence: str,
                  scenario: str | None = None, vhi: str = "none", years: float = 0.0) -> pd.DataFrame:
    """One corridor: person × care, in the vocabulary's order (long format, with basis)."""
    cut = matrix_slice(kb, day, scenario, vhi, years, host=host, origin=origin, status=status, residence=residence)
    order = {**{p: i for i, p in enumerate(PERSONS)}, **{c: i for i, c in enumerate(CARES)}}
    return cut.sort_values(by=["person", "care"], key=lambda s: s.map(order)).reset_index(drop=True)



def changed_cells(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Cells (same keys) whose level or applicability differs between two grids, with both levels."""
    keys = [c for c in ("host", "origin", "person", "status", "residence", "care") if c in before.columns]
    merged = before[keys + ["applicable", "level"]].merge(after[keys + ["applicable", "level"]], on=keys,
                                                           suffixes=("_before", "_after"))
    differs = (merged["level_before"] != merged["level_after"]) | (
        merged["applicable_before"] != merged["applicable_after"]
    )
    # A cell that cannot occur before or after (e.g. a patent between two EAEU members) changes nothing a person sees.
    occurs = merged["applicable_before"] | merged["applicable_after"]
    return merged[differs & occurs].reset_index(drop=True)


def care_small_multiples(
    kb: KnowledgeBase,
    day: dt.date,
    person: str,
    status: str,
    residence: str,
    scenario: str | None = None,
    vhi: str = "none",
    years: float = 0.0,
) -> pd.DataFrame:
    """Host × origin × care cells for one person/status/residence (one panel per care type)."""
    return matrix_slice(kb, day, scenario, vhi, years, person=person, status=status, residence=residence)
