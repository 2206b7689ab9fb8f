"""The family calculator: what one household can get, member by member and care by care, on what
legal basis, in plain words (EN/RU), and what would change it.

A household is the working member (host, origin, status, years of contributions) and the people
with them: spouse, children (with ages), parents, each with their own residence status and any
voluntary policy. Every cell is the engine's answer for that person; nothing here decides coverage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from policy.engine import Case, resolve
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase
from policy.models import CARES, LEVELS, RESIDENCES, VHIS, AgeRange, Care

ADULT_AGE = 18
MAX_MEMBERS = 12  # a household larger than this is a data-entry error, not a family
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}  # 0 = best
KEPT_ANALYSES = 128  # households kept per knowledge base (each ≈ 30 rows and a few sentences)


@dataclass(frozen=True)
class Member:
    role: str  # worker | spouse | child | parent (the engine's persons)
    residence: str = "stay"
    vhi: str = "none"
    age: int | None = None  # children: shown, and an adult child is flagged

    def label(self, kb: KnowledgeBase, lang: str, index: int | None = None) -> str:
        text = kb.label("person", self.role, lang)
        if index is not None:
            text += f" {index}"
        if self.age is not None:
            text += f" ({self.age})"
        return text


@dataclass(frozen=True)
class Household:
    host: str
    origin: str
    date: dt.date
    status: str
    contribution_years: float = 0.0
    members: tuple[Member, ...] = field(default_factory=lambda: (Member("worker"),))
    scenario: str | None = None

    def validate(self, kb: KnowledgeBase) -> None:
        """Raise ValueError naming the first bad field (callers show it as plain text)."""
        if self.host not in kb.states or self.origin not in kb.states:
            raise ValueError("host and origin must be states in the data")
        if self.host == self.origin:
            raise ValueError("the host state must differ from the origin state")
        if not 0 <= self.contribution_years <= 80:
            raise ValueError("years of contributions must be between 0 and 80")
        if not 1 <= len(self.members) <= MAX_MEMBERS:
            raise ValueError(f"a household has 1 to {MAX_MEMBERS} members")
        if sum(m.role == "worker" for m in self.members) != 1:
            raise ValueError("a household has exactly one working member")
        for m in self.members:
            if m.residence not in RESIDENCES or m.vhi not in VHIS:
                raise ValueError(f"unknown residence or voluntary policy for {m.role}")
            if m.age is not None and not 0 <= m.age <= 120:
                raise ValueError("ages are between 0 and 120")
        if self.scenario is not None and self.scenario not in kb.scenarios:
            raise ValueError("unknown scenario")


def _case(household: Household, member: Member, care: str, **changes: Any) -> Case:
    case = Case(household.host, household.origin, member.role, household.status, member.residence, care,
                household.date, household.contribution_years, member.vhi, household.scenario)
    return dataclasses.replace(case, **changes) if changes else case


def member_labels(kb: KnowledgeBase, household: Household, lang: str) -> list[str]:
    """Each member's label, numbered where a role repeats (child 1, child 2)."""
    counts = {role: sum(m.role == role for m in household.members) for role in {m.role for m in household.members}}
    seen: dict[str, int] = {}
    labels = []
    for m in household.members:
        seen[m.role] = seen.get(m.role, 0) + 1
        labels.append(m.label(kb, lang, seen[m.role] if counts[m.role] > 1 else None))
    return labels


def family_grid(kb: KnowledgeBase, household: Household, lang: str) -> pd.DataFrame:
    """Member × care, one row each: level, confidence, legal basis, sources, payer, explanation."""
    household.validate(kb)
    rows = []
    for index, (member, label) in enumerate(zip(household.members, member_labels(kb, household, lang), strict=False)):
        for care in CARES:
            ages = kb.vocabulary.care[cast(Care, care)].ages
            if ages is not None and not ages.holds(member.age):  # maternity care for a child of 5: not asked
                rows.append(_not_at_age(kb, index, label, member, care, ages, lang))
                continue
            res = resolve(kb, _case(household, member, care))
            # a household's host and origin differ (validated above): every answer has a level
            assert res.level is not None and res.confidence is not None and res.payer is not None
            sources = list(
                dict.fromkeys(
                    s for r in res.rules if r in _rules(kb, household) for s in _rules(kb, household)[r].sources
                )
            )
            rows.append(
                {
                    "member": index,
                    "member_label": label,
                    "person": member.role,
                    "care": care,
                    "care_label": kb.label("care", care, lang),
                    "level": res.level,
                    "level_label": kb.label("level", res.level, lang),
                    "confidence": res.confidence,
                    "confidence_label": kb.label("confidence", res.confidence, lang),
                    "payer": res.payer,
                    "payer_label": kb.label("payer", res.payer, lang),
                    "basis": "; ".join(
                        (kb.instruments[b.instrument].short_name or kb.instruments[b.instrument].name).in_lang(lang)
                        + (f" — {b.article_in(lang)}" if b.article_in(lang) else "")
                        for b in res.basis
                    ),
                    "basis_ids": " ".join(b.instrument for b in res.basis),
                    "sources": " ".join(sources),
                    "open_questions": " ".join(res.open_questions),
                    "explanation": res.explanation[lang],
                    "fallback": res.fallback,
                    "applicable": True,
                    "not_applicable_reason": None,
                }
            )
    return pd.DataFrame(rows)


def _not_at_age(kb: KnowledgeBase, index: int, label: str, member: Member, care: str, ages: AgeRange,
                lang: str) -> dict[str, Any]:
    """A cell of a type of care the member's age puts out of question: no level, and why."""
    why = kb.message("family_care_not_at_age", lang).format(
        care=_capital(kb.label("care", care, lang)), person=label, min_age=ages.min_age, max_age=ages.max_age)
    return {"member": index, "member_label": label, "person": member.role, "care": care,
            "care_label": kb.label("care", care, lang), "level": None, "level_label": "", "confidence": None,
            "confidence_label": "", "payer": None, "payer_label": "", "basis": "", "basis_ids": "",
            "sources": ages.source, "open_questions": "", "explanation": why, "fallback": False,
            "applicable": False, "not_applicable_reason": "age"}


def _rules(kb: KnowledgeBase, household: Household) -> dict:
    from policy.engine import rule_set

    return {r.id: r for r in rule_set(kb, household.scenario).rules}


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    last = " and " if lang == "en" else " и "
    return ", ".join(items[:-1]) + last + items[-1]


def summary(kb: KnowledgeBase, household: Household, grid: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per member and level: "spouse: free for emergency care; paid out of pocket for …"."""
    lines = []
    labels = member_labels(kb, household, lang)
    for index, member in enumerate(household.members):
        cells = grid[grid["member"] == index]
        label = labels[index]
        by_level = {
            level: [kb.label("care", c, lang) for c in cells.loc[cells["level"] == level, "care"]] for level in LEVELS
        }
        present = [level for level in LEVELS if by_level[level]]
        if len(present) == 1:
            lines.append(kb.message("family_all", lang).format(person=label, level=kb.label("level", present[0], lang)))
        else:
            for level in present:
                lines.append(
                    kb.message("family_some", lang).format(
                        person=label, level=kb.label("level", level, lang), cares=_join(by_level[level], lang)
                    )
                )
        if member.role == "child" and member.age is not None and member.age >= ADULT_AGE:
            lines.append(kb.message("family_adult_child", lang).format(age=member.age))
    return [_capital(line) for line in lines]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Change:
    member: int
    kind: str  # residence | vhi | years | scenario
    option: str
    improved: tuple[tuple[str, str, str], ...]  # (care, level before, level after)
    text: str


def what_would_change(
    kb: KnowledgeBase,
    household: Household,
    grid: pd.DataFrame,
    lang: str,
    year_steps: tuple[float, ...] = (1, 3, 5, 10),
) -> list[Change]:
    """For each member: the single changes that would improve some cell (a better level), and none
    that would only worsen it. Tried: each other residence status, each voluntary policy, more
    years of the worker's contributions (the smallest step that helps), and each scenario."""
    labels = member_labels(kb, household, lang)
    out: list[Change] = []
    for index, member in enumerate(household.members):
        mine = grid[grid["member"] == index]
        current = dict(zip(mine["care"], mine["level"], strict=True))
        options: list[tuple[str, str, dict, str]] = []
        options += [
            ("residence", r, {"residence": r}, kb.label("residence", r, lang))
            for r in RESIDENCES
            if r != member.residence
        ]
        options += [("vhi", v, {"vhi": v}, kb.label("vhi", v, lang)) for v in VHIS if v not in (member.vhi, "none")]
        options += [
            ("scenario", s, {"scenario": s}, kb.scenarios[s].name.in_lang(lang))
            for s in kb.scenarios
            if s != household.scenario
        ]
        found_years = False
        for years in year_steps:
            if years > household.contribution_years and not found_years:
                options.append(("years", f"{years:g}", {"contribution_years": float(years)}, f"{years:g}"))
        for kind, option, changes, option_label in options:
            if kind == "years" and found_years:
                continue
            improved = []
            for care in CARES:
                if not isinstance(current[care], str):  # not asked at the member's age
                    continue
                after = resolve(kb, _case(household, member, care, **changes)).level
                assert after is not None  # a household's host and origin differ
                if LEVEL_RANK[after] < LEVEL_RANK[current[care]]:
                    improved.append((care, current[care], after))
            if not improved:
                continue
            if kind == "years":
                found_years = True
            grouped: dict[str, list[str]] = {}
            for care, _, after in improved:
                grouped.setdefault(after, []).append(kb.label("care", care, lang))
            changes_text = "; ".join(
                f"{kb.label('level', level, lang)} — {_join(cares, lang)}" for level, cares in grouped.items()
            )
            template = kb.message(f"family_change_{kind}", lang)
            text = template.format(option=option_label, person=labels[index], changes=changes_text, years=option)
            out.append(Change(index, kind, option, tuple(improved), text))
    return out


@dataclass(frozen=True)
class FamilyAnalysis:
    """What the Family page shows for one household: the grid, the summary and the changes.

    Kept and shared (see ``family_analysis``): nobody may change ``grid`` in place."""

    grid: pd.DataFrame
    summary: tuple[str, ...]
    changes: tuple[Change, ...]


def family_analysis(kb: KnowledgeBase, household: Household, lang: str) -> FamilyAnalysis:
    """The household's grid, summary and changes, kept per knowledge base (at most KEPT_ANALYSES, the
    oldest going first). Trying every single change takes about 250 of the engine's answers for the
    default household, and the page asked for them again on every rerun and every visit with the same
    household (its run: 0.10 s of CPU, 0.03 s with the analysis kept). Raises ValueError for a
    household that does not validate (not kept)."""

    def compute() -> FamilyAnalysis:
        grid = family_grid(kb, household, lang)
        return FamilyAnalysis(grid, tuple(summary(kb, household, grid, lang)),
                              tuple(what_would_change(kb, household, grid, lang)))

    return kept(kb, "family_analyses", (household, lang), compute, KEPT_ANALYSES)
