"""The facts the seeds' meetings cite, each a sourced record in data/ (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest

from policy import DataError, load_knowledge_base

EAEU = ("AM", "BY", "KZ", "KG", "RU")


def test_the_courts_own_classification_sits_beside_our_model_for_every_eaeu_member(kb):
    for code in EAEU:
        court = kb.states[code].court_classification
        assert court is not None, code
        assert court.wording_by == "press_paraphrase"  # the Court's text was not read: say so
        assert court.instrument == "eaeu-court-p-7-25" and court.source in kb.sources
        assert court.wording.en and court.wording.ru and kb.states[code].health_model
    assert kb.states["RU"].court_classification.category == "budget_insurance"
    assert {kb.states[c].court_classification.category for c in EAEU if c != "RU"} == {"mixed_or_no_compulsory_insurance"}  # noqa: E501
    assert kb.states["UZ"].court_classification is None  # not a member


def test_an_eaeu_member_without_the_courts_classification_fails(data_copy):
    path = data_copy / "states" / "kz.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  court_classification:")
    end = text.index("  sources: [", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match="court_classification"):
        load_knowledge_base(data_copy)


def test_round_table_of_1_february_2024_is_an_event_linked_from_the_scenario(kb):
    event = kb.instruments["cis-roundtable-2024-02-01"]
    assert event.type == "event" and event.status == "event"
    assert event.signed == event.in_force == dt.date(2024, 2, 1)
    assert {p.state for p in event.parties} == {"AM", "BY", "KZ", "KG", "RU", "TJ", "UZ"}
    organiser = [p for p in event.parties if p.note and "Organiser" in p.note.en]
    assert [p.state for p in organiser] == ["UZ"]
    assert "Executive Committee" in event.summary.en and "Conclusions" in event.summary.en
    assert "cis-roundtable-2024-02-01" in kb.scenarios["cis-vhi-recognition"].related
    assert "cis-draft-health-insurance-agreement" in event.related


def test_the_executive_committees_statement_is_its_own_record(kb):
    statement = kb.instruments["cis-execcom-statement-2024-02-01"]
    assert statement.type == "statement" and statement.parent == "cis-roundtable-2024-02-01"
    assert "not covered by a separate international agreement" in statement.summary.en
    assert "emergency" in statement.summary.en


def test_model_agreement_on_documents_with_its_status(kb):
    draft = kb.instruments["cis-model-agreement-doc-recognition"]
    assert draft.type == "model_agreement" and draft.status == "draft" and draft.in_force is None
    assert "needs further work" in draft.summary.en
    assert [p.state for p in draft.parties if p.note and "Initiator" in p.note.en] == ["UZ"]


def test_the_other_cis_instruments_on_care_are_recorded_with_a_decision(kb):
    for iid in ("cis-1992-health-cooperation", "cis-1994-labour-migration", "cis-2008-convention",
                "kz-kg-tj-uz-1998-medical-care", "by-kz-kg-ru-1998-ambulance-care"):
        inst = kb.instruments[iid]
        assert inst.sources and inst.encoding is not None and inst.encoding.reason.ru, iid
    assert kb.instruments["cis-1992-health-cooperation"].signed == dt.date(1992, 6, 26)
