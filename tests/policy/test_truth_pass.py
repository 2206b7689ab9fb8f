"""Facts corrected by the second truth pass (issue 14, audit-2026-12.md), checked in the data."""

from __future__ import annotations

import datetime as dt

D = dt.date


def _held(kb, code: str, list_name: str, day: dt.date, **match):
    facts = getattr(kb.states[code], list_name)
    return [f for f in facts if f.holds_on(day) and all(getattr(f, k) == v for k, v in match.items())]


def test_kyrgyz_eaeu_membership_starts_on_12_august_2015(kb):
    assert "KG" not in kb.members("eaeu", D(2015, 8, 11))
    assert "KG" not in kb.members("eaeu", D(2015, 8, 6))
    assert "KG" in kb.members("eaeu", D(2015, 8, 12))
    assert kb.instruments["eaeu-accession-kg"].in_force == D(2015, 8, 12)
    for iid in ("eaeu-treaty-2014", "eaeu-annex30"):
        (kg,) = [p for p in kb.instruments[iid].parties if p.state == "KG"]
        assert kg.valid_from == D(2015, 8, 12)
    # the discrepancy stays visible with both sources
    question = kb.open_questions["oq-kg-accession-date"]
    assert {"vlast-2015-08-12-kg-eaeu-member", "tass-2015-kg-eaeu-accession"} <= set(question.sources)
    assert "6 Aug" in question.context.en and "12 Aug" in question.context.en


def test_kazakh_osms_caps_change_on_1_january_2026(kb):
    for payer, old_cap, new_cap, rate in (("employer", 10, 40, 3), ("employee", 10, 20, 2)):
        (before,) = _held(kb, "KZ", "contributions", D(2025, 12, 31), payer=payer)
        (after,) = _held(kb, "KZ", "contributions", D(2026, 1, 1), payer=payer)
        assert (before.base_cap_min_wages, after.base_cap_min_wages) == (old_cap, new_cap)
        assert before.rate == after.rate == rate  # rates unchanged
        assert before.valid_to == after.valid_from == D(2026, 1, 1)
        assert after.source in kb.sources


def test_armenia_2026_does_not_claim_eaeu_workers_are_insured(kb):
    from policy import make_case, resolve

    for origin in ("RU", "KZ", "KG", "BY"):
        for residence in ("stay", "temporary_permit", "permanent_permit"):
            case = make_case(kb, host="AM", origin=origin, person="worker", status="contract",
                             residence=residence, care="primary", date="2026-06-01")
            answer = resolve(kb, case)
            # no source says a worker from another EAEU state is insured: never above paid, never above low
            assert answer.level == "paid" and answer.confidence == "low"
            assert "oq-am-uhi-foreigners" in answer.open_questions
    law = kb.instruments["am-universal-health-insurance-2025"]
    assert "citizens earning over AMD 200,000" in law.summary.en and law.confidence == "low"
