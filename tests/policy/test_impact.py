"""Population and cost impact: people from figures, coverage from the engine, money with ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from policy import load_knowledge_base
from policy.engine import CaseError
from policy.impact import BOUNDS, golden_csv, impact, parse_overrides
from policy.kept import kept_count
from tests.policy.conftest import run_cli
from tests.policy.test_impact_golden import GOLDEN_CASES

DAY = dt.date(2026, 11, 1)


def _row(result, host, origin):
    frame = result.corridors
    return frame[(frame.host == host) & (frame.origin == origin)].iloc[0]


def test_people_are_workers_times_sourced_or_assumed_ratios(kb):
    result = impact(kb, DAY)
    tj = _row(result, "RU", "TJ")
    assert tj.workers == 1_000_000 and tj.workers_figure == "workers.tj.ru"
    assert tj.child_central == pytest.approx(1_000_000 * 0.2)  # derived ratio, no range
    assert tj.spouse_central == pytest.approx(1_000_000 * 0.1)  # unsourced assumption 0.1 (0–0.5)
    assert tj.family_low == pytest.approx(200_000) and tj.family_high == pytest.approx(
        200_000 + 500_000 + 50_000
    )  # parents: 0–0.05
    for _, row in result.corridors.iterrows():
        assert row.family_low <= row.family_central <= row.family_high


def test_corridors_use_the_latest_recent_stock_and_report_the_stale_ones(kb):
    result = impact(kb, DAY)
    assert _row(result, "KZ", "UZ").workers_figure == "permits_trp.uz.kz"  # 2023 beats the 2021 workers figure
    assert _row(result, "RU", "KG").workers_figure == "present.kg.ru"
    assert {(h, o) for h, o, _ in result.stale} == {("RU", "AM"), ("RU", "BY"), ("RU", "KZ")}  # only 2015 stocks
    assert all(when.year == 2015 for _, _, when in result.stale)


def test_without_a_scenario_nothing_is_covered_by_it(kb):
    result = impact(kb, DAY)
    assert (result.corridors[[f"covered_by_scenario_{b}" for b in BOUNDS]] == 0).all().all()
    assert set(result.costs.what) == {"gap_baseline"}


def test_family_gap_cost_is_people_times_the_scheme_cost_and_converted_at_the_dated_rate(kb):
    kg = _row(impact(kb, DAY), "RU", "KG")
    assert kg.currency == "RUB" and kg.unit_cost == pytest.approx(24922.9) and kg.unit_cost_year == 2026
    for b in BOUNDS:
        assert kg[f"family_gap_cost_{b}"] == pytest.approx(kg[f"family_lacking_baseline_{b}"] * 24922.9)
        assert kg[f"family_gap_cost_usd_{b}"] == pytest.approx(kg[f"family_gap_cost_{b}"] / 83.3)
    assert kg.usd_rate_year == 2025


def test_eaeu_families_scenario_covers_the_kyrgyz_families_in_russia_only(kb):
    result = impact(kb, DAY, "ru-oms-eaeu-families")
    moved = result.corridors[result.corridors.covered_by_scenario_central > 0]
    assert list(zip(moved.host, moved.origin, strict=False)) == [("RU", "KG")]
    kg = moved.iloc[0]
    assert kg.family_lacking_scenario_central == 0
    assert kg.covered_by_scenario_central == pytest.approx(kg.family_lacking_baseline_central)
    new = result.costs[result.costs.what == "newly_covered"]
    assert set(new.payer) == {"host_insurance_fund"} and set(new.level) == {"insured"}


def test_entry_policy_scenario_is_paid_by_households_and_leaves_hospital_care_uncovered(kb):
    result = impact(kb, DAY, "ru-entry-vhi")
    new = result.costs[result.costs.what == "newly_covered"]
    assert len(new) and set(new.payer) == {"household"} and set(new.host) == {"RU"}
    assert (new.unit_cost == 4000).all() and (new.unit_cost_low == 1000).all() and (new.unit_cost_high == 7000).all()
    tj = _row(result, "RU", "TJ")
    assert tj.family_lacking_primary_scenario == 0 < tj.family_lacking_primary_baseline
    assert tj.family_lacking_inpatient_scenario == tj.family_lacking_inpatient_baseline > 0


def test_home_policy_recognition_needs_people_to_hold_a_home_policy(kb):
    none = impact(kb, DAY, "cis-vhi-recognition")
    assert (none.corridors.covered_by_scenario_central == 0).all()
    home = impact(kb, DAY, "cis-vhi-recognition", vhi="home")
    assert (home.corridors.family_lacking_primary_scenario < home.corridors.family_lacking_primary_baseline).any()


def test_an_override_moves_assumptions_only(kb):
    base = _row(impact(kb, DAY), "RU", "TJ")
    more = _row(
        impact(kb, DAY, overrides={"ratio.spouses_per_worker": 0.3, "ratio.children_per_worker": 0.9}), "RU", "TJ"
    )
    assert more.spouse_central == pytest.approx(300_000)
    assert more.child_central == base.child_central  # TJ → RU children: a derived figure, not an assumption


def test_overrides_are_checked(kb):
    assert parse_overrides(kb, ["ratio.spouses_per_worker=0.25"]) == {"ratio.spouses_per_worker": 0.25}
    for bad in (["ratio.spouses_per_worker=2"], ["ratio.spouses_per_worker=lots"], ["workers.tj.ru=5"], ["x=1"]):
        with pytest.raises(CaseError):
            parse_overrides(kb, bad)


def test_the_cli_prints_the_golden_table():
    out = run_cli("impact", "--scenario", "uz-joins-eaeu", "--date", "2026-11-01", "--csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout == golden_csv(load_knowledge_base(), **GOLDEN_CASES["uz-joins-eaeu"])
    for table in ("people", "costs", "parameters"):
        assert run_cli("impact", "--table", table).returncode == 0
    bad = run_cli("impact", "--set", "ratio.spouses_per_worker=9")
    assert bad.returncode == 2 and "outside its range" in bad.stderr and "Traceback" not in bad.stderr


def test_a_changed_figure_shifts_the_golden_table(data_copy):
    path = data_copy / "figures" / "workers.yaml"
    text = path.read_text(encoding="utf-8")
    assert "value: 1000000\n" in text
    path.write_text(text.replace("value: 1000000\n", "value: 1100000\n"), encoding="utf-8")
    changed = load_knowledge_base(data_copy)
    assert golden_csv(changed, None) != golden_csv(load_knowledge_base(), None)


def test_a_policy_already_held_is_not_a_new_premium(kb):
    # patent workers hold the policy their patent requires: the entry rule adds no premium for them
    entry = impact(kb, DAY, "ru-entry-vhi")
    tj = _row(entry, "RU", "TJ")
    new = entry.costs[(entry.costs.what == "newly_covered") & (entry.costs.origin == "TJ")]
    assert new.people_central.sum() == pytest.approx(tj.family_central)  # the family members only
    # a home-state policy recognised in the host was bought at home: no new cost in the host
    home = impact(kb, DAY, "cis-vhi-recognition", vhi="home")
    assert (home.costs.what != "newly_covered").all()


def test_an_impact_asked_again_is_kept_and_a_different_question_is_not(kb):
    from policy.impact import IMPACT_CACHE_SIZE

    day = dt.date(2026, 11, 1)
    first = impact(kb, day, "ru-oms-eaeu-families")
    assert impact(kb, day, "ru-oms-eaeu-families") is first  # a rerun of the page costs nothing
    moved = impact(kb, day, "ru-oms-eaeu-families", overrides={"ratio.spouses_per_worker": 0.2})
    assert moved is not first
    assert not moved.corridors.equals(first.corridors)  # the override is part of the question
    assert impact(kb, day, "ru-oms-eaeu-families", years=4) is not first
    for years in range(IMPACT_CACHE_SIZE + 2):  # bounded: the oldest go first
        impact(kb, day, None, years=float(years))
    assert kept_count(kb, "impacts") <= IMPACT_CACHE_SIZE


def test_no_corridor_on_the_date_gives_empty_tables_with_their_columns():
    import datetime as dt

    from policy import load_knowledge_base
    from policy.impact import PARAMETER_COLUMNS, impact

    result = impact(load_knowledge_base(), dt.date(2010, 1, 1), "ru-oms-eaeu-families")
    assert result.corridors.empty
    assert tuple(result.parameters.columns) == PARAMETER_COLUMNS and result.parameters.empty
