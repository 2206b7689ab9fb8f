"""Each predefined scenario changes exactly what it should in the full matrix, and nothing else.

For every scenario the whole host × origin × person × status × residence × care matrix is compared
with the baseline, for each kind of voluntary policy and for contribution records below, between and
above the 3- and 5-year thresholds. A change is any difference in level, applicability, basis or
winning rules; every changed cell must lie inside the scenario's scope, and the levels inside it
must move the way the scenario says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

from policy.engine import matrix

KEY = ["host", "origin", "person", "status", "residence", "care"]
COMPARED = ["level", "applicable", "basis_ids", "rules"]
DAY = dt.date(2026, 11, 1)
POLICIES = ("none", "host", "home")
YEARS = (0.0, 3.0, 4.0, 5.0)
NON_EMERGENCY = ["primary", "inpatient", "antenatal", "childbirth", "chronic"]


def changes(kb, scenario: str, day: dt.date, vhi: str, years: float) -> pd.DataFrame:
    base = matrix(kb, day, vhi=vhi, contribution_years=years)
    alt = matrix(kb, day, scenario, vhi=vhi, contribution_years=years)
    merged = base.merge(alt, on=KEY, suffixes=("_base", "_alt"), validate="one_to_one")
    assert len(merged) == len(base) == len(alt)
    differs = pd.Series(False, index=merged.index)
    for column in COMPARED:
        # no value (a national's cell has no level) on both sides is no difference
        differs |= merged[f"{column}_base"].fillna("").astype(str) != merged[f"{column}_alt"].fillna("").astype(str)
    return merged[differs]


def level_moved(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame.level_base.fillna("") != frame.level_alt.fillna("")]  # no level on both sides: no move


# scenario -> (is the cell inside the scope?, check on the level changes, combos that must change something)
Scope = Callable[[pd.DataFrame, object], pd.Series]


def _eaeu_families(frame, kb):
    return ((frame.host == "RU") & frame.origin.isin(kb.members("eaeu", DAY))
            & frame.person.isin(["spouse", "child", "parent"]) & (frame.status == "contract")
            & frame.care.isin(NON_EMERGENCY))


def _cis_vhi(frame, kb):
    cis = kb.members("cis", DAY)
    return frame.host.isin(cis) & frame.origin.isin(cis) & (frame.care == "primary")


def _oms_3_years(frame, kb):
    return ((frame.host == "RU") & (frame.person == "worker") & (frame.status == "patent")
            & (frame.residence == "stay") & frame.care.isin(NON_EMERGENCY))


def _entry_vhi(frame, kb):
    return (frame.host == "RU") & (frame.residence == "stay") & frame.care.isin(["primary", "antenatal", "childbirth"])


def _uz_joins(frame, kb):
    return (frame.host == "UZ") | (frame.origin == "UZ")


SCOPES: dict[str, Scope] = {
    "ru-oms-eaeu-families": _eaeu_families,
    "cis-vhi-recognition": _cis_vhi,
    "ru-oms-3-years": _oms_3_years,
    "ru-entry-vhi": _entry_vhi,
    "uz-joins-eaeu": _uz_joins,
}


def test_every_predefined_scenario_has_a_scope_test(kb):
    assert set(SCOPES) == set(kb.scenarios)


@pytest.mark.parametrize("scenario", sorted(SCOPES))
def test_changes_stay_inside_the_scenario_scope(kb, scenario):
    total = 0
    for vhi in POLICIES:
        for years in YEARS:
            changed = changes(kb, scenario, DAY, vhi, years)
            outside = changed[~SCOPES[scenario](changed, kb)]
            assert outside.empty, (
                f"{scenario} (vhi={vhi}, years={years}) changed cells outside its scope:\n{outside[KEY].head()}"
            )
            total += len(changed)
    assert total, f"{scenario} changes nothing"


def test_ru_oms_3_years_insures_patent_workers_with_three_or_four_years_only(kb):
    for vhi in POLICIES:
        assert changes(kb, "ru-oms-3-years", DAY, vhi, 0.0).empty  # below three years: as today
        # five years or more: insured either way, now on the restored three-year wording
        at_five = changes(kb, "ru-oms-3-years", DAY, vhi, 5.0)
        assert level_moved(at_five).empty and len(at_five)
        assert at_five.rules_alt.str.contains("ru-oms-patent-3-years-restored").all()
        for years in (3.0, 4.0):
            moved = level_moved(changes(kb, "ru-oms-3-years", DAY, vhi, years))
            assert len(moved) and (moved.level_alt == "insured").all()
            assert set(moved.care) == set(NON_EMERGENCY)
            # patent workers from every state outside the EAEU (EAEU workers need no patent)
            assert set(moved[moved.applicable_alt].origin) == set(kb.state_codes) - kb.members("eaeu", DAY)
    # before 28 Nov 2025 the 3-year rule was the law, so the scenario changes nothing then
    assert level_moved(changes(kb, "ru-oms-3-years", dt.date(2024, 6, 1), "none", 4.0)).empty


def test_ru_entry_vhi_turns_paid_into_voluntary_for_everyone_on_a_stay(kb):
    moved = level_moved(changes(kb, "ru-entry-vhi", DAY, "none", 0.0))
    assert len(moved)
    assert (moved.level_base == "paid").all() and (moved.level_alt == "voluntary").all()
    assert set(moved.person) == {"worker", "spouse", "child", "parent"}
    assert "inpatient" not in set(moved.care) and "chronic" not in set(moved.care)
    # the draft bills are assumed in force only in Russia: Kazakhstan is untouched (scope test), and
    # without the scenario the bills never apply
    base = matrix(kb, DAY)
    assert not base.basis_ids.str.contains("ru-vhi-proposals").any()


def test_ru_oms_eaeu_families_insures_the_families(kb):
    moved = level_moved(changes(kb, "ru-oms-eaeu-families", DAY, "none", 0.0))
    assert len(moved) and (moved.level_alt == "insured").all()


def test_cis_vhi_recognition_only_moves_home_policy_holders(kb):
    for vhi in ("none", "host"):
        assert level_moved(changes(kb, "cis-vhi-recognition", DAY, vhi, 0.0)).empty
    moved = level_moved(changes(kb, "cis-vhi-recognition", DAY, "home", 0.0))
    assert len(moved) and (moved.level_base == "paid").all() and (moved.level_alt == "voluntary").all()


def test_uz_joins_eaeu_moves_uzbek_workers_to_the_eaeu_regime(kb):
    changed = changes(kb, "uz-joins-eaeu", DAY, "none", 0.0)
    eaeu = kb.members("eaeu", DAY)
    # the work status flips for Uzbekistan paired with a member state, and only there
    flipped = changed[changed.applicable_base != changed.applicable_alt]
    assert len(flipped)
    pairs = set(zip(flipped.host, flipped.origin, strict=False))
    assert all(("UZ" in pair) and (set(pair) - {"UZ"}) <= eaeu for pair in pairs)
    assert set(flipped[flipped.applicable_alt].status) == {"contract"}
    assert set(flipped[~flipped.applicable_alt].status) == {"patent"}
    # an Uzbek worker under contract in Russia is insured like a Kyrgyz one
    alt = matrix(kb, DAY, "uz-joins-eaeu")
    row = alt[
        (alt.host == "RU")
        & (alt.origin == "UZ")
        & (alt.person == "worker")
        & (alt.status == "contract")
        & (alt.residence == "stay")
        & (alt.care == "inpatient")
    ].iloc[0]
    assert row.applicable and row.level == "insured" and "eaeu-treaty-2014" in row.basis_ids
    # family members' emergency care now rests on Annex 30 as well
    spouse = alt[
        (alt.host == "RU")
        & (alt.origin == "UZ")
        & (alt.person == "spouse")
        & (alt.status == "contract")
        & (alt.residence == "stay")
        & (alt.care == "emergency")
    ].iloc[0]
    assert spouse.level == "free" and "eaeu-annex30" in spouse.basis_ids
    # pairs without Uzbekistan are the baseline's
    assert not changed[(changed.host != "UZ") & (changed.origin != "UZ")].shape[0]
