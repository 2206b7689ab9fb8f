"""The family calculator: the grid is the engine's answers, the summary says them, the changes improve."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from policy.engine import Case, resolve
from policy.family import (
    Household,
    Member,
    family_analysis,
    family_grid,
    member_labels,
    summary,
    what_would_change,
)
from policy.kept import forget, kept_count
from policy.models import CARES

DAY = dt.date(2026, 6, 1)


def household(**changes) -> Household:
    values = dict(host="RU", origin="KG", date=DAY, status="contract", contribution_years=0.0,
                  members=(Member("worker"), Member("spouse"), Member("child", age=4), Member("parent")))
    values.update(changes)
    return Household(**values)


def test_grid_is_the_engine_answer_for_every_member_and_care(kb) -> None:
    h = household()
    grid = family_grid(kb, h, "en")
    assert len(grid) == len(h.members) * len(CARES)
    for _, row in grid.iterrows():
        member = h.members[row["member"]]
        ages = kb.vocabulary.care[row["care"]].ages
        if ages is not None and not ages.holds(member.age):  # maternity care for the child of 4: not asked
            assert pd.isna(row["level"]) and not row["applicable"] and row["not_applicable_reason"] == "age"
            assert row["sources"] == ages.source
            continue
        assert row["applicable"]
        expected = resolve(kb, Case(h.host, h.origin, member.role, h.status, member.residence, row["care"], h.date,
                                    h.contribution_years, member.vhi, h.scenario))
        assert (row["level"], row["confidence"]) == (expected.level, expected.confidence)
        assert row["basis_ids"].split() == [b.instrument for b in expected.basis]
        assert all(s in kb.sources for s in row["sources"].split())


def test_members_own_residence_and_policy_count(kb) -> None:
    plain = family_grid(kb, household(), "en")
    permit = family_grid(
        kb, household(members=(Member("worker"), Member("spouse", residence="temporary_permit"))), "en"
    )
    def spouse(g):
        return dict(zip(g.loc[g.person == "spouse", "care"], g.loc[g.person == "spouse", "level"], strict=False))
    assert spouse(plain)["primary"] == "paid" and spouse(permit)["primary"] == "insured"


def test_summary_names_each_member_and_every_care_once(kb) -> None:
    h = household()
    for lang in ("en", "ru"):
        grid = family_grid(kb, h, lang)
        lines = summary(kb, h, grid, lang)
        for label in member_labels(kb, h, lang):
            mentioned = [line for line in lines if line.lower().startswith(label.lower() + ":")]
            assert mentioned, (lang, label)
            member = h.members[member_labels(kb, h, lang).index(label)]
            for care in CARES:
                ages = kb.vocabulary.care[care].ages
                asked = ages is None or ages.holds(member.age)  # no childbirth for the child of 4
                named = sum(kb.label("care", care, lang) in line for line in mentioned)
                assert named == (1 if asked else 0), (lang, label, care)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_maternity_care_is_not_asked_for_a_member_outside_the_reproductive_ages(kb, lang) -> None:
    """A child of 5 was "free for emergency care and childbirth", and would get "antenatal care" with a
    voluntary policy. Ages 15-49 (the source says so) are asked; an age not given may be any."""
    h = household(members=(Member("worker"), Member("spouse"), Member("child", age=5), Member("child", age=16),
                           Member("parent", age=70), Member("parent")))
    grid = family_grid(kb, h, lang)
    maternity = grid[grid["care"].isin(["antenatal", "childbirth"])]
    not_asked = set(maternity.loc[~maternity["applicable"].astype(bool), "member"])
    assert not_asked == {2, 4}  # the child of 5 and the parent of 70; not the child of 16 nor an age not given
    assert grid.loc[grid["care"].isin(["emergency", "primary"]), "applicable"].all()
    why = maternity.loc[maternity["member"] == 2, "explanation"].iloc[0]
    assert "15" in why and "49" in why and "3.7.1" in why
    lines = summary(kb, h, grid, lang)
    five = member_labels(kb, h, lang)[2]
    assert not any(kb.label("care", "childbirth", lang) in line for line in lines
                   if line.lower().startswith(five.lower() + ":"))
    for change in what_would_change(kb, h, grid, lang):
        cares = {care for care, *_ in change.improved}
        assert not (change.member in (2, 4) and cares & {"antenatal", "childbirth"})


def test_adult_child_is_flagged(kb) -> None:
    h = household(members=(Member("worker"), Member("child", age=19)))
    lines = summary(kb, h, family_grid(kb, h, "en"), "en")
    assert any("aged 19" in line for line in lines)


def test_changes_only_improve_and_the_permit_is_found(kb) -> None:
    h = household()
    grid = family_grid(kb, h, "en")
    changes = what_would_change(kb, h, grid, "en")
    rank = {"free": 0, "insured": 1, "voluntary": 2, "paid": 3}
    for change in changes:
        assert change.improved and all(rank[after] < rank[before] for _, before, after in change.improved)
    spouse = [c for c in changes if h.members[c.member].role == "spouse"]
    assert any(c.kind == "residence" and c.option == "temporary_permit" for c in spouse)
    assert any(c.kind == "scenario" for c in spouse)  # Kyrgyzstan's reading of Art. 98(3)


def test_years_step_is_the_smallest_that_helps(kb) -> None:
    # a patent worker from Tajikistan: OMS only after years of contributions
    h = household(origin="TJ", status="patent", members=(Member("worker"),))
    changes = [c for c in what_would_change(kb, h, family_grid(kb, h, "en"), "en") if c.kind == "years"]
    assert len(changes) <= 1
    if changes:
        smaller = [y for y in (1, 3, 5, 10) if y < float(changes[0].option)]
        for years in smaller:
            again = family_grid(
                kb,
                household(origin="TJ", status="patent", contribution_years=float(years), members=(Member("worker"),)),
                "en",
            )
            assert (again["level"] == family_grid(kb, h, "en")["level"]).all()


@pytest.mark.parametrize(
    "bad",
    [
        dict(host="RU", origin="RU"),
        dict(contribution_years=-1),
        dict(members=()),
        dict(members=(Member("spouse"),)),
        dict(members=(Member("worker"), Member("spouse", residence="palace"))),
        dict(members=(Member("worker"), Member("child", age=300))),
        dict(scenario="no-such-scenario"),
    ],
)
def test_bad_household_is_refused_with_a_message(kb, bad) -> None:
    with pytest.raises(ValueError):
        family_grid(kb, household(**bad), "en")


def test_the_analysis_is_the_grid_summary_and_changes_kept_per_household(kb) -> None:
    forget(kb, "family_analyses")
    h = household()
    for lang in ("en", "ru"):
        analysis = family_analysis(kb, h, lang)
        grid = family_grid(kb, h, lang)
        pd.testing.assert_frame_equal(analysis.grid, grid)
        assert analysis.summary == tuple(summary(kb, h, grid, lang))
        assert analysis.changes == tuple(what_would_change(kb, h, grid, lang))
        assert family_analysis(kb, h, lang) is analysis  # kept: a rerun asks the engine nothing
    assert kept_count(kb, "family_analyses") == 2  # one per language
    patent = household(status="patent")  # another household: its own answers, not the first one's
    other = family_analysis(kb, patent, "en")
    assert other is not family_analysis(kb, h, "en")
    pd.testing.assert_frame_equal(other.grid, family_grid(kb, patent, "en"))
    assert kept_count(kb, "family_analyses") == 3
    with pytest.raises(ValueError):  # a household that does not validate is refused, and nothing is kept
        family_analysis(kb, household(host="RU", origin="RU"), "en")
    assert kept_count(kb, "family_analyses") == 3
