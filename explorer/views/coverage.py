"""The Coverage and Scenarios pages' view model: slices of the coverage matrix and what a scenario changes.

The grids and their differences are kept per knowledge base (``policy.kept``): a page asks for the
same ones on every rerun and every visit with the same choices, and making one took 6–12 ms (a
Coverage run asked for up to four, a Scenarios run for three). Kept frames are shared by every session:
nobody may change them in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from explorer.i18n import t
from explorer.views.common import basis_column
from policy.engine import BasisItem
from policy.kept import kept, kept_for
from policy.knowledge_base import KnowledgeBase
from policy.matrices import matrix_slice
from policy.models import CARES, PERSONS
from policy.status import AUTO, with_status

KEPT_GRIDS = 256  # per knowledge base; a grid is 10–300 rows


def _kept_grid(kb: KnowledgeBase, key: tuple, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    return kept(kb, "view_grids", key, compute, KEPT_GRIDS)


def coverage_grid(kb: KnowledgeBase, day: dt.date, person: str, status: str, residence: str, care: str,
                  scenario: str | None = None, vhi: str = "none", years: float = 0.0) -> pd.DataFrame:
    """Host × origin cells for one person/status/residence/care (long format, with basis).

    With status `auto` each cell is the pair's own status on the date (contract between EAEU
    members, patent otherwise, with the scenario's memberships): the grid mixes statuses, its
    ``status`` column says which, and every corridor (host ≠ origin) is applicable."""

    def compute() -> pd.DataFrame:
        cut = matrix_slice(kb, day, scenario, vhi, years, person=person, residence=residence, care=care)
        return with_status(kb, cut, status, day, scenario)

    return _kept_grid(kb, ("coverage", day, person, status, residence, care, scenario, vhi, float(years)), compute)


def corridor_grid(kb: KnowledgeBase, day: dt.date, host: str, origin: str, status: str, residence: str,
                  scenario: str | None = None, vhi: str = "none", years: float = 0.0) -> pd.DataFrame:
    """One corridor: person × care, in the vocabulary's order (long format, with basis)."""

    def compute() -> pd.DataFrame:
        cut = matrix_slice(kb, day, scenario, vhi, years, host=host, origin=origin, residence=residence)
        cut = with_status(kb, cut, status, day, scenario)
        order = {**{p: i for i, p in enumerate(PERSONS)}, **{c: i for i, c in enumerate(CARES)}}
        return cut.sort_values(by=["person", "care"], key=lambda s: s.map(order)).reset_index(drop=True)

    return _kept_grid(kb, ("corridor", day, host, origin, status, residence, scenario, vhi, float(years)), compute)


def status_text(kb: KnowledgeBase, status: str, applied: pd.Series | list[str], lang: str) -> str:
    """The status a chart's subtitle or a cell's detail names: the one chosen, or with `auto` the
    one applied (both, when the cells of a grid differ)."""
    if status != AUTO:
        return kb.label("status", status, lang)
    found = [s for s in kb.vocabulary.status if s in set(applied)]
    if len(found) == 1:
        return t("status.auto.applied", lang, status=kb.label("status", found[0], lang))
    return t("status.auto.mixed", lang)


def changed_cells(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Cells (same keys) whose level, applicability or status differs between two grids, with both.

    The status is compared, not matched: under `auto` a pair's status can change with the date or
    a scenario's memberships (a patent worker becomes a contract worker), and that is a change."""
    keys = [c for c in ("host", "origin", "person", "residence", "care") if c in before.columns]
    cols = keys + ["applicable", "level"] + (["status"] if "status" in before.columns else [])
    merged = before[cols].merge(after[cols], on=keys, suffixes=("_before", "_after"))
    differs = (merged["level_before"] != merged["level_after"]) | (
        merged["applicable_before"] != merged["applicable_after"]
    )
    if "status" in before.columns:
        differs |= merged["status_before"] != merged["status_after"]
    # A cell that cannot occur before or after (e.g. a patent between two EAEU members) changes nothing a person sees.
    occurs = merged["applicable_before"] | merged["applicable_after"]
    return merged[differs & occurs].reset_index(drop=True)


def kept_changes(kb: KnowledgeBase, before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """``changed_cells(before, after)`` kept per knowledge base for two kept grids (known by identity)."""
    return kept_for(kb, "view_changes", (before, after), None, lambda: changed_cells(before, after), KEPT_GRIDS)


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

    def compute() -> pd.DataFrame:
        cut = matrix_slice(kb, day, scenario, vhi, years, person=person, residence=residence)
        return with_status(kb, cut, status, day, scenario)

    return _kept_grid(kb, ("cares", day, person, status, residence, scenario, vhi, float(years)), compute)


def grid_table(grid: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """The grid's ``columns`` for a table and its download, the legal basis with its articles in
    ``lang`` (a Russian view never shows the English article notes)."""
    column = basis_column(lang)
    if "status" in columns and {"host", "origin"} <= set(grid.columns):
        # a national in their own state holds no migrant status (the engine answers such a row with nothing)
        grid = grid.assign(status=grid["status"].where(grid["host"] != grid["origin"]))
    out = grid[[c for c in columns if c != "basis"] + ([column] if "basis" in columns else [])]
    out = out.rename(columns={column: "basis"}) if column != "basis" else out
    return out[columns]


def basis_lines(kb: KnowledgeBase, basis: tuple[BasisItem, ...], lang: str) -> list[str]:
    """A cell's legal basis, one line per instrument: its name and the article cited, in ``lang``."""
    lines = []
    for item in basis:
        inst = kb.instruments.get(item.instrument)
        name = inst.name.in_lang(lang) if inst is not None else item.instrument
        article = item.article_in(lang)
        lines.append(name + (f" — {article}" if article else ""))
    return lines
