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


def test_leaving_the_cis_does_not_end_the_1997_agreement_for_its_parties(data_copy):
    # Moldova's CIS exit (approved in March 2026, in effect 12 months after notification) is not a
    # denunciation of the 1997 medical-care agreement: the CIS 1997 rules follow the agreement's parties.
    from policy import load_knowledge_base, make_case, resolve

    md = data_copy / "states" / "md.yaml"
    text = md.read_text(encoding="utf-8")
    start = text.index('- org: "cis"')
    line = text.index("valid_from: 1991-12-21", start)
    md.write_text(text[:line] + "valid_to: 2027-03-20\n      " + text[line:], encoding="utf-8")
    kb = load_knowledge_base(data_copy)
    assert "MD" not in kb.members("cis", D(2027, 6, 1))
    answer = resolve(kb, make_case(kb, host="BY", origin="MD", person="spouse", status="patent",
                                   residence="stay", care="emergency", date="2027-06-01"))
    assert answer.level == "free" and "cis-1997-medical-care" in [b.instrument for b in answer.basis]


def test_moldova_cis_question_records_what_follows_for_the_agreements(kb):
    question = kb.open_questions["oq-md-cis-withdrawal"]
    assert "12 months after written notification" in question.context.en
    assert "cis-1997-medical-care" in question.instruments
    (cis,) = [m for m in kb.states["MD"].memberships if m.org == "cis"]
    assert cis.valid_to is None  # no notification date found: the membership stays open


def test_membership_citations_are_about_the_membership(kb):
    # audit 2026-12: EAEU memberships cited a source on Uzbekistan's observer status and CIS
    # memberships one on Georgia's exit. Each now cites a text that states the membership.
    for code, state in kb.states.items():
        for m in state.memberships:
            assert m.source not in {"asiaplus-2020-12-14-uz-eaeu-observer", "panarmenian-2009-georgia-cis-exit"} or (
                code == "UZ" and m.org == "eaeu_observer"
            ), (code, m.org, m.source)
    for code in ("RU", "BY", "KZ"):
        (eaeu,) = [m for m in kb.states[code].memberships if m.org == "eaeu"]
        assert eaeu.source == "belnovosti-2014-05-29-eaeu-treaty-signed"
    for code in ("RU", "BY", "KZ", "AM", "KG", "TJ", "UZ"):
        (cis,) = [m for m in kb.states[code].memberships if m.org == "cis"]
        assert kb.sources[cis.source].kind == "legal_text" and cis.valid_from == D(1991, 12, 21)


BILATERAL_NAMED_BY_THE_RESEARCH = {
    "ru-uz-orgrecruit-2017", "ru-uz-labour-2007", "ru-tj-labour-2004", "ru-tj-orgrecruit-2019",
    "ru-tj-orgrecruit-2019-protocol-2025", "ru-tj-medexam-2025", "kz-uz-labour-2019", "kz-kg-labour-2006",
    "ru-by-equal-rights-1998", "ru-by-medcare-2006", "ru-by-socsec-2006", "by-tm-medcare-memorandum-2014",
}


def test_every_bilateral_instrument_has_a_visible_decision(kb):
    assert BILATERAL_NAMED_BY_THE_RESEARCH <= set(kb.instruments)
    for iid in BILATERAL_NAMED_BY_THE_RESEARCH:
        encoding = kb.instruments[iid].encoding
        assert encoding is not None and encoding.reason.en and encoding.reason.ru, iid
    assert kb.instruments["by-tm-medcare-memorandum-2014"].encoding.decision == "encoded"
    assert kb.instruments["ru-by-medcare-2006"].encoding.decision == "encoded"


def test_a_bilateral_instrument_without_decision_fails_validation(data_copy):
    import pytest

    from policy import DataError, load_knowledge_base

    path = data_copy / "instruments" / "bilateral.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: kz-kg-labour-2006")
    enc = text.index("  encoding:\n", start)
    end = text.index("  sources:", enc)
    path.write_text(text[:enc] + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match="kz-kg-labour-2006.*encoding"):
        load_knowledge_base(data_copy)


def test_belarus_turkmenistan_memorandum_raises_emergency_care_to_free(kb):
    from policy import make_case, resolve

    for person in ("worker", "spouse", "child", "parent"):
        answer = resolve(kb, make_case(kb, host="BY", origin="TM", person=person, status="patent",
                                       residence="stay", care="emergency", date="2026-06-01"))
        assert answer.level == "free" and not answer.fallback
        assert [b.instrument for b in answer.basis] == ["by-tm-medcare-memorandum-2014"]
