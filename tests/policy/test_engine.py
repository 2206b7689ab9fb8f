import datetime as dt
import random

import pandas as pd
import pytest

from policy import CaseError, make_case, matrix, resolve
from policy.models import CARES, LEVELS, PERSONS, RESIDENCES, STATUSES

D = dt.date
NON_EMERGENCY = [c for c in CARES if c != "emergency"]


def ask(kb, **kw):
    base = dict(status="contract", residence="stay", date="2026-06-01")
    base.update(kw)
    return resolve(kb, make_case(kb, **base))


def cited(res):
    return [b.instrument for b in res.basis]


# --- the seed statements of the project ------------------------------------------------------------


@pytest.mark.parametrize("origin", ["KG", "KZ", "AM"])
@pytest.mark.parametrize("person", ["spouse", "child", "parent"])
@pytest.mark.parametrize("care", NON_EMERGENCY)
def test_no_automatic_oms_for_eaeu_workers_families_in_russia(kb, origin, person, care):
    res = ask(kb, host="RU", origin=origin, person=person, care=care)
    assert res.level != "insured"


@pytest.mark.parametrize("host", ["RU", "KZ", "BY", "AM", "KG"])
@pytest.mark.parametrize("person", PERSONS)
@pytest.mark.parametrize("residence", RESIDENCES)
def test_emergency_care_free_for_every_eaeu_family_member(kb, host, person, residence):
    for origin in ["RU", "KZ", "BY", "AM", "KG"]:
        if origin == host:
            continue
        res = ask(kb, host=host, origin=origin, person=person, care="emergency", residence=residence)
        assert res.level == "free", (host, origin, person, res.explanation["en"])
        assert "eaeu-annex30" in cited(res)


def test_court_opinion_cited_for_paid_family_care_only_after_it_was_given(kb):
    before = ask(kb, host="RU", origin="KG", person="spouse", care="primary", date="2026-03-03")
    after = ask(kb, host="RU", origin="KG", person="spouse", care="primary", date="2026-03-04")
    assert before.level == after.level == "paid"
    assert "eaeu-court-p-7-25" not in cited(before)
    assert "eaeu-court-p-7-25" in cited(after)


def test_health_models_as_the_court_described(kb):
    def model_on(code, day):
        return next(f.value for f in kb.states[code].health_model if f.holds_on(day))

    today = D(2026, 6, 1)
    assert model_on("RU", today) == "budget_insurance"
    others = {model_on(c, today) for c in ("KZ", "KG", "AM", "BY")}
    assert "mixed" in others
    assert others & {"no_compulsory_insurance", "tax_funded_national_service"}


# --- dates -----------------------------------------------------------------------------------------


def test_kyrgyz_accession_date_gates_annex30(kb):
    before = ask(kb, host="RU", origin="KG", person="worker", status="patent", care="emergency", date="2015-08-11")
    after = ask(kb, host="RU", origin="KG", person="worker", care="emergency", date="2015-08-12")
    assert before.level == after.level == "free"
    assert "eaeu-annex30" not in cited(before)
    assert "eaeu-annex30" in cited(after)


def test_eaeu_workers_insured_from_2017(kb):
    before = ask(kb, host="RU", origin="KZ", person="worker", care="inpatient", date="2016-12-31")
    after = ask(kb, host="RU", origin="KZ", person="worker", care="inpatient", date="2017-01-01")
    assert before.level == "paid" and after.level == "insured"


def test_patent_contribution_rule_3_then_5_years(kb):
    def level(day, years):
        return ask(kb, host="RU", origin="UZ", person="worker", status="patent", care="inpatient",
                   date=day, contribution_years=years).level

    assert level("2022-12-31", 4) == "paid"
    assert level("2023-01-01", 4) == "insured"
    assert level("2025-11-27", 4) == "insured"
    assert level("2025-11-28", 4) == "paid"
    assert level("2025-11-28", 5.5) == "insured"
    assert level("2026-06-01", 2.9) == "paid"


def test_patent_worker_holds_the_minimum_policy(kb):
    primary = ask(kb, host="RU", origin="TJ", person="worker", status="patent", care="primary")
    inpatient = ask(kb, host="RU", origin="TJ", person="worker", status="patent", care="inpatient")
    spouse = ask(kb, host="RU", origin="TJ", person="spouse", status="patent", care="primary")
    assert primary.level == "voluntary"
    assert inpatient.level == "paid"
    assert spouse.level == "paid"


def test_home_policy_not_honoured_in_baseline(kb):
    res = ask(kb, host="RU", origin="UZ", person="spouse", status="patent", care="primary", vhi="home")
    assert res.level == "paid"


def test_foreigners_rules_switch_on_2025_09_01(kb):
    old = ask(kb, host="RU", origin="TJ", person="spouse", status="patent", care="primary", date="2025-08-31")
    new = ask(kb, host="RU", origin="TJ", person="spouse", status="patent", care="primary", date="2025-09-01")
    assert "ru-foreigners-care-rules-2013" in cited(old) and "ru-foreigners-care-rules-2025" not in cited(old)
    assert "ru-foreigners-care-rules-2025" in cited(new) and "ru-foreigners-care-rules-2013" not in cited(new)


def test_date_past_as_of_says_law_as_known(kb):
    res = ask(kb, host="RU", origin="KG", person="spouse", care="primary", date="2035-12-31")
    assert kb.meta.as_of.strftime("%-d %b %Y") in res.explanation["en"]
    assert kb.meta.as_of.strftime("%d.%m.%Y") in res.explanation["ru"]


def test_implausible_status_is_answered_with_a_note(kb):
    res = ask(kb, host="RU", origin="KG", person="worker", status="contract", care="primary", date="2014-06-01")
    assert res.level in LEVELS
    assert not res.applicable and res.not_applicable_reason == "status_not_available"
    assert "could not occur" in res.explanation["en"]


# --- invariants over many cases ----------------------------------------------------------------------


def _random_cases(kb, n, seed=7):
    rng = random.Random(seed)
    codes = list(kb.states)
    for _ in range(n):
        yield dict(
            host=rng.choice(codes), origin=rng.choice(codes), person=rng.choice(PERSONS),
            status=rng.choice(STATUSES), residence=rng.choice(RESIDENCES), care=rng.choice(CARES),
            date=(D(2010, 1, 1) + dt.timedelta(days=rng.randrange(9496))).isoformat(),
            contribution_years=rng.choice([0, 1.5, 3, 4, 5, 7.25]), vhi=rng.choice(["none", "host", "home"]),
        )


def test_every_answer_has_a_level_a_basis_and_both_languages(kb):
    for values in _random_cases(kb, 600):
        res = resolve(kb, make_case(kb, **values))
        if values["host"] == values["origin"]:  # a national in their own state: not modelled, no answer
            assert (res.level, res.basis, res.confidence, res.payer, res.applicable) == (None, (), None, None, False)
            assert "not applicable" in res.explanation["en"] and "не применимо" in res.explanation["ru"]
            continue
        assert res.level in LEVELS
        assert res.basis, values
        assert res.confidence in ("high", "medium", "low")
        assert res.explanation["en"] and res.explanation["ru"]
        if res.fallback:
            assert res.confidence == "low" and res.open_questions


def test_cited_instruments_apply_on_the_date(kb):
    for values in _random_cases(kb, 300, seed=11):
        case = make_case(kb, **values)
        res = resolve(kb, case)
        if res.fallback:
            continue
        for item in res.basis:
            inst = kb.instruments[item.instrument]
            assert inst.in_force is not None and inst.in_force <= case.date, (item, case)
            assert inst.ended is None or case.date < inst.ended, (item, case)


def test_matrix_agrees_with_resolve(kb):
    day = D(2026, 6, 1)
    for vhi, years in [("none", 0), ("host", 0), ("none", 5.5)]:
        frame = matrix(kb, day, vhi=vhi, contribution_years=years)
        sample = frame.sample(400, random_state=3)
        for row in sample.itertuples():
            res = resolve(kb, make_case(kb, host=row.host, origin=row.origin, person=row.person, status=row.status,
                                        residence=row.residence, care=row.care, date=day, vhi=vhi,
                                        contribution_years=years))
            level, confidence = (None if pd.isna(v) else v for v in (row.level, row.confidence))
            assert (level, confidence, row.basis_ids, row.fallback) == (
                res.level, res.confidence, " ".join(cited(res)), res.fallback), row


def test_matrix_domain_is_explicit(kb):
    frame = matrix(kb, D(2026, 6, 1))
    assert len(frame) == 10 * 10 * 4 * 2 * 3 * 6
    same = frame[frame.host == frame.origin]
    assert (~same.applicable).all() and (same.not_applicable_reason == "host_is_origin").all()
    # a national in their own state: no level, basis, payer or rules (the host's fallback for foreigners
    # answered "paid out of pocket · low", emergency care included)
    assert same.level.isna().all() and same.confidence.isna().all() and same.payer.isna().all()
    assert (same.basis_ids == "").all() and (same.rules == "").all() and not same.fallback.any()
    eaeu_patent = frame[(frame.host == "RU") & (frame.origin == "KG") & (frame.status == "patent")]
    assert (eaeu_patent.not_applicable_reason == "status_not_available").all()
    uz_contract = frame[(frame.host == "RU") & (frame.origin == "UZ") & (frame.status == "contract")]
    assert (~uz_contract.applicable).all()
    assert frame[frame.applicable].level.isin(LEVELS).all()


def test_unknown_values_are_case_errors(kb):
    with pytest.raises(CaseError, match="unknown host"):
        make_case(
            kb, host="XX", origin="KG", person="spouse", status="contract", residence="stay", care="primary",
            date="2026-01-01",
        )
    with pytest.raises(CaseError, match="between"):
        make_case(
            kb,
            host="RU",
            origin="KG",
            person="spouse",
            status="contract",
            residence="stay",
            care="primary",
            date="2009-12-31",
        )


# --- scenarios change exactly what they should ---------------------------------------------------------


def _diff(kb, day, scenario, **kw):
    base = matrix(kb, day, **kw)
    alt = matrix(kb, day, scenario, **kw)
    key = ["host", "origin", "person", "status", "residence", "care"]
    merged = base.merge(alt, on=key, suffixes=("_base", "_alt"))
    # no level (NaN) on both sides is no change: a national in their own state has none in either
    return merged[merged.level_base.fillna("") != merged.level_alt.fillna("")]


@pytest.mark.parametrize("day", [D(2016, 3, 1), D(2026, 6, 1)])
def test_ru_oms_eaeu_families_changes_only_eaeu_families_in_russia(kb, day):
    changed = _diff(kb, day, "ru-oms-eaeu-families")
    assert len(changed)
    eaeu = kb.members("eaeu", day)
    assert (changed.host == "RU").all()
    assert changed.origin.isin(eaeu).all()
    assert changed.person.isin(["spouse", "child", "parent"]).all()
    assert (changed.status == "contract").all()
    assert (changed.care != "emergency").all()
    assert (changed.level_alt == "insured").all()
    # every such cell that was not insured before is insured now
    frame = matrix(kb, day, "ru-oms-eaeu-families")
    fam = frame[
        (frame.host == "RU")
        & frame.origin.isin(eaeu - {"RU"})
        & frame.person.isin(["spouse", "child"])
        & (frame.status == "contract")
        & (frame.care != "emergency")
    ]
    assert fam.level.isin(["insured", "free"]).all()  # free (e.g. childbirth under CIS 1997) beats insured


def test_cis_vhi_recognition_changes_only_home_policy_holders(kb):
    day = D(2026, 6, 1)
    assert _diff(kb, day, "cis-vhi-recognition", vhi="none").empty
    assert _diff(kb, day, "cis-vhi-recognition", vhi="host").empty
    changed = _diff(kb, day, "cis-vhi-recognition", vhi="home")
    assert len(changed)
    cis = kb.members("cis", day)
    assert changed.host.isin(cis).all() and changed.origin.isin(cis).all()
    assert (changed.level_alt == "voluntary").all()
    assert (changed.level_base == "paid").all()
    res = ask(
        kb,
        host="RU",
        origin="UZ",
        person="spouse",
        status="patent",
        care="primary",
        vhi="home",
        scenario="cis-vhi-recognition",
    )
    assert res.level == "voluntary"
    assert "cis-draft-health-insurance-agreement" in cited(res)
