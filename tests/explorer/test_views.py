"""What the pages show (explorer/views/), tested as properties of the knowledge base, not snapshots."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from explorer.i18n import fmt_date, fmt_partial_date, t
from explorer.views.common import (
    coded,
    grid_number,
    labelled,
    language_names,
    number_columns,
    partial_date_columns,
    reader_table,
    vocabulary_labels,
)
from explorer.views.compare import COMPARE_CASES, Cell, compare_long, compare_states, differing_rows
from explorer.views.coverage import (
    care_small_multiples,
    changed_cells,
    corridor_grid,
    coverage_grid,
    kept_changes,
)
from explorer.views.instruments import filter_instruments, instrument_detail, instrument_timeline, party_matrix
from explorer.views.overview import KEY_TYPES, key_instruments, region_models
from policy.kept import forget, kept_count
from policy.matrices import matrix_slice
from policy.models import CARES, PERSONS
from policy.status import with_status

D = dt.date
ONE_DAY = dt.timedelta(days=1)
TREATY = "eaeu-treaty-2014"
COURT_OPINION = "eaeu-court-p-7-25"
PARTY_VALUES = {"bound", "bound_unverified", "not_binding", "party_not_in_force", ""}
NOT_BINDING = {"advisory", "event"}  # an advisory opinion, a round table, a statement
ENTITLEMENT_ROWS = [key for key, *_ in COMPARE_CASES]
# Dates across the data's history: before the EAEU, before Kyrgyzstan joined it, after, the as-of date.
DAYS = [D(2012, 6, 1), D(2015, 3, 1), D(2020, 1, 1), D(2026, 11, 23)]


def instrument_in_force(inst, day):
    """In force from its entry-into-force date; one in force by its sources with no such date, from its
    signing; an advisory opinion or an event never."""
    if inst.status in NOT_BINDING or (inst.ended is not None and day >= inst.ended):
        return False
    if inst.in_force is not None:
        return inst.in_force <= day
    return inst.status == "in_force" and (inst.signed is None or inst.signed <= day)


def party_bound(inst, party, day):
    """A party is bound when the instrument is in force and the day is inside the party's own period."""
    start = party.valid_from or inst.in_force
    end = party.valid_to or inst.ended
    return instrument_in_force(inst, day) and (start is None or start <= day) and (end is None or day < end)


def with_instrument(kb, inst):
    """The knowledge base with one instrument replaced (in memory; the shared fixture is untouched)."""
    return dataclasses.replace(kb, instruments={**kb.instruments, inst.id: inst})


def eaeu_status(kb, host, origin, day):
    eaeu = kb.members("eaeu", day)
    return "contract" if host in eaeu and origin in eaeu else "patent"


# --- region_models --------------------------------------------------------------------------------


@pytest.mark.parametrize("day", DAYS)
def test_region_models_one_row_per_state_with_the_model_holding_on_the_day(kb, day):
    frame = region_models(kb, day, "en")
    assert list(frame["state"]) == list(kb.states)
    for row in frame.itertuples():
        state = kb.states[row.state]
        assert row.iso3 == state.iso3 and row.name == state.name.en
        holding = [f for f in state.health_model if f.holds_on(day)]
        if not holding:
            assert pd.isna(row.model) and pd.isna(row.source_id) and pd.isna(row.as_of)
            continue
        assert len(holding) == 1  # the data's periods do not overlap
        assert row.model == holding[0].value
        assert row.source_id == holding[0].source and row.source_id in kb.sources
        assert dt.date.fromisoformat(row.as_of) <= kb.meta.as_of
        assert row.confidence == holding[0].confidence


def test_region_models_memberships_are_those_holding_on_the_day(kb):
    for day in DAYS:
        frame = region_models(kb, day, "en").set_index("state")
        for code, state in kb.states.items():
            expected = [kb.label("membership", m.org, "en") for m in state.memberships if m.holds_on(day)]
            assert frame.loc[code, "memberships"] == ", ".join(expected)
    # Kyrgyzstan joined the EAEU on 2015-08-12 (the EEC's 6 Aug was premature): listed from then, not before.
    eaeu = kb.label("membership", "eaeu", "en")
    assert eaeu not in region_models(kb, D(2015, 8, 11), "en").set_index("state").loc["KG", "memberships"]
    assert eaeu in region_models(kb, D(2015, 8, 12), "en").set_index("state").loc["KG", "memberships"]


def test_region_models_labels_are_in_the_requested_language(kb):
    en = region_models(kb, kb.meta.as_of, "en").set_index("state")
    ru = region_models(kb, kb.meta.as_of, "ru").set_index("state")
    assert list(en["model"]) == list(ru["model"])  # the codes do not depend on the language
    for code in kb.states:
        model = en.loc[code, "model"]
        assert en.loc[code, "model_label"] == kb.label("health_model", model, "en")
        assert ru.loc[code, "model_label"] == kb.label("health_model", model, "ru")
        assert en.loc[code, "model_label"] != ru.loc[code, "model_label"]
        assert ru.loc[code, "name"] == kb.states[code].name.ru != en.loc[code, "name"]


def test_region_models_before_a_states_first_model_fact_has_no_model(kb):
    late = {code: min(f.valid_from for f in s.health_model) for code, s in kb.states.items()
            if all(f.valid_from is not None for f in s.health_model)}
    assert late, "expected at least one state whose model is only known from a date on (e.g. MD)"
    for code, first in late.items():
        before = region_models(kb, first - ONE_DAY, "en").set_index("state").loc[code]
        on = region_models(kb, first, "en").set_index("state").loc[code]
        assert pd.isna(before["model"]) and pd.isna(before["model_label"]) and pd.isna(before["source_id"])
        assert on["model"] == next(f.value for f in kb.states[code].health_model if f.valid_from == first)


def test_region_models_switch_model_on_the_facts_start_date(kb):
    switches = [(code, fact) for code, s in kb.states.items() for fact in s.health_model
                if fact.valid_from is not None and any(f.valid_to == fact.valid_from for f in s.health_model)]
    assert switches, "expected a state that changed its model (AM 2026, KZ 2020, AZ 2020)"
    for code, fact in switches:
        previous = next(f for f in kb.states[code].health_model if f.valid_to == fact.valid_from)
        before = region_models(kb, fact.valid_from - ONE_DAY, "en").set_index("state").loc[code, "model"]
        on = region_models(kb, fact.valid_from, "en").set_index("state").loc[code, "model"]
        assert (before, on) == (previous.value, fact.value)


def test_region_models_takes_the_latest_starting_fact_when_several_hold(kb):
    state = kb.states["RU"]
    old = state.health_model[0].model_copy(update={"valid_from": None, "valid_to": None, "value": "mixed"})
    new = state.health_model[0].model_copy(update={"valid_from": D(2020, 1, 1), "valid_to": None,
                                                   "value": "compulsory_insurance"})
    for facts in ([old, new], [new, old]):
        changed = dataclasses.replace(kb, states={**kb.states, "RU": state.model_copy(update={"health_model": facts})})
        frame = region_models(changed, D(2021, 1, 1), "en").set_index("state")
        assert frame.loc["RU", "model"] == "compulsory_insurance"
        assert region_models(changed, D(2019, 1, 1), "en").set_index("state").loc["RU", "model"] == "mixed"


# --- instrument_timeline ----------------------------------------------------------------------------


def test_timeline_sorted_by_start_with_undated_last(kb):
    frame = instrument_timeline(kb, "en")
    assert sorted(frame["instrument_id"]) == sorted(kb.instruments)
    dated = frame[frame["start"].notna()]
    undated = frame[frame["start"].isna()]
    assert len(undated) >= 1  # the CIS draft agreement has no date
    assert list(undated.index) == list(range(len(dated), len(frame)))
    keys = list(zip(dated["start"], dated["instrument_id"], strict=False))
    assert keys == sorted(keys)


def test_timeline_dates_come_from_the_instrument(kb):
    frame = instrument_timeline(kb, "en")
    for row in frame.itertuples():
        inst = kb.instruments[row.instrument_id]
        start = inst.signed or inst.in_force
        assert row.start == start
        if inst.ended is not None:
            assert row.end == inst.ended
        elif start is not None:
            assert row.end == kb.meta.as_of  # open instruments run to the data's as-of date
        else:
            assert pd.isna(row.end)
        if start is not None:
            assert row.start <= row.end
        assert row.parties.split() == [p.state for p in inst.parties]
        assert row.sources.split() == inst.sources and all(s in kb.sources for s in inst.sources)
        assert dt.date.fromisoformat(row.as_of) <= kb.meta.as_of


def test_timeline_language(kb):
    en = instrument_timeline(kb, "en").set_index("instrument_id")
    ru = instrument_timeline(kb, "ru").set_index("instrument_id")
    for iid, inst in kb.instruments.items():
        shown = inst.short_name or inst.name
        assert (en.loc[iid, "name"], ru.loc[iid, "name"]) == (shown.en, shown.ru)
        assert en.loc[iid, "type_label"] == kb.label("instrument_type", inst.type, "en")
        assert ru.loc[iid, "status_label"] == kb.label("instrument_status", inst.status, "ru")
    assert (en["type_label"] != ru["type_label"]).all()


def test_timeline_ids_filter(kb):
    ids = [TREATY, COURT_OPINION, "cis-draft-health-insurance-agreement"]
    frame = instrument_timeline(kb, "en", ids=ids + ["no-such-instrument"])
    assert sorted(frame["instrument_id"]) == sorted(ids)
    assert list(frame["instrument_id"]) == [TREATY, COURT_OPINION, "cis-draft-health-insurance-agreement"]
    assert len(instrument_timeline(kb, "en", ids=[])) == 0



def test_timeline_is_kept_per_language_and_choice_and_is_what_building_it_gives(kb):
    from policy.kept import forget

    forget(kb, "timelines")
    ids = [TREATY, COURT_OPINION]
    first, every = instrument_timeline(kb, "en", ids=ids), instrument_timeline(kb, "en")
    assert instrument_timeline(kb, "en", ids=list(ids)) is first and instrument_timeline(kb, "en") is every
    assert instrument_timeline(kb, "ru", ids=ids) is not first and every is not first
    forget(kb, "timelines")
    again = instrument_timeline(kb, "en", ids=ids)
    assert again is not first
    pd.testing.assert_frame_equal(again, first)

# --- filter_instruments ----------------------------------------------------------------------------


def test_no_filter_returns_every_instrument(kb):
    assert filter_instruments(kb) == list(kb.instruments)


@pytest.mark.parametrize("types", [("treaty",), ("national_law", "regulation"), ("court_opinion",)])
def test_filter_by_type(kb, types):
    got = filter_instruments(kb, types=types)
    assert got and got == [i for i, inst in kb.instruments.items() if inst.type in types]


@pytest.mark.parametrize("statuses", [("in_force",), ("draft", "proposal"), ("ended",), ("advisory",)])
def test_filter_by_status(kb, statuses):
    got = filter_instruments(kb, statuses=statuses)
    assert got and got == [i for i, inst in kb.instruments.items() if inst.status in statuses]


def test_filter_by_party(kb):
    for code in kb.states:
        got = filter_instruments(kb, party=code)
        assert got == [i for i, inst in kb.instruments.items() if code in {p.state for p in inst.parties}]
    assert filter_instruments(kb, party="TM") and "ru-326fz-oms" not in filter_instruments(kb, party="TM")


def test_filter_in_force_on_boundaries(kb):
    for iid, inst in kb.instruments.items():
        if inst.status in NOT_BINDING:  # an advisory opinion, an event: never in force, whatever its date
            assert iid not in filter_instruments(kb, in_force_on=inst.in_force or inst.signed or kb.meta.as_of)
            assert iid not in filter_instruments(kb, in_force_on=kb.meta.as_of)
        elif inst.in_force is not None:
            assert iid in filter_instruments(kb, in_force_on=inst.in_force)
            assert iid not in filter_instruments(kb, in_force_on=inst.in_force - ONE_DAY)
        elif inst.status == "in_force":  # in force by its sources, from a date they do not give: from signing
            assert iid in filter_instruments(kb, in_force_on=kb.meta.as_of)
            if inst.signed is not None:
                assert iid in filter_instruments(kb, in_force_on=inst.signed)
                assert iid not in filter_instruments(kb, in_force_on=inst.signed - ONE_DAY)
        else:
            assert iid not in filter_instruments(kb, in_force_on=kb.meta.as_of)
        if inst.ended is not None and inst.in_force is not None:
            assert iid not in filter_instruments(kb, in_force_on=inst.ended)
            assert iid in filter_instruments(kb, in_force_on=inst.ended - ONE_DAY)


@pytest.mark.parametrize("day", DAYS)
def test_filter_in_force_on_matches_the_instruments_dates(kb, day):
    expected = [i for i, inst in kb.instruments.items() if instrument_in_force(inst, day)]
    assert filter_instruments(kb, in_force_on=day) == expected


def test_eaeu_treaty_in_force_for_russia(kb):
    assert TREATY in filter_instruments(kb, party="RU", in_force_on=D(2016, 1, 1))
    assert TREATY not in filter_instruments(kb, party="RU", in_force_on=D(2014, 12, 31))
    assert TREATY in filter_instruments(kb, types=("treaty",), statuses=("in_force",), party="RU")


@pytest.mark.parametrize("day", DAYS)
def test_filters_combine_as_an_intersection(kb, day):
    cases = [
        dict(types=("treaty", "protocol", "agreement"), party="RU"),
        dict(types=("national_law",), statuses=("in_force",), party="KZ"),
        dict(statuses=("in_force", "ended"), party="BY", in_force_on=day),
        dict(types=("agreement",), party="KG", in_force_on=day),
    ]
    for filters in cases:
        singles = [set(filter_instruments(kb, **{k: v})) for k, v in filters.items()]
        assert set(filter_instruments(kb, **filters)) == set.intersection(*singles), filters


# --- party_matrix ------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", DAYS)
def test_party_matrix_values_and_shape(kb, day):
    frame = party_matrix(kb, day)
    assert list(frame.columns) == ["instrument_id", *kb.states]
    assert list(frame["instrument_id"]) == list(kb.instruments)
    for row in frame.itertuples(index=False):
        inst = kb.instruments[row.instrument_id]
        parties = {p.state: p for p in inst.parties}
        for code in kb.states:
            value = getattr(row, code)
            assert value in PARTY_VALUES
            assert (value == "") == (code not in parties), (inst.id, code)
            if code in parties:
                bound = party_bound(inst, parties[code], day)
                assert (value in ("bound", "bound_unverified")) == bound, (inst.id, code, value)


def test_party_matrix_low_confidence_is_unverified(kb):
    day = kb.meta.as_of
    frame = party_matrix(kb, day).set_index("instrument_id")
    checked = set()
    for iid, inst in kb.instruments.items():
        for party in inst.parties:
            if party_bound(inst, party, day):
                low = (party.confidence or inst.confidence) == "low"
                unverified = low or inst.in_force is None  # low confidence, or no entry-into-force date
                expected = "bound_unverified" if unverified else "bound"
                assert frame.loc[iid, party.state] == expected, (iid, party.state)
                checked.add(low)
    assert checked == {True, False}
    # A party's own low confidence (CIS 1997: Armenia) and an instrument's (Armenian health-care law).
    assert frame.loc["cis-1997-medical-care", "AM"] == "bound_unverified"
    assert frame.loc["cis-1997-medical-care", "BY"] == "bound"
    assert kb.instruments["am-health-care-law"].parties[0].confidence is None
    assert frame.loc["am-health-care-law", "AM"] == "bound_unverified"


def test_party_matrix_party_dates(kb):
    # Kyrgyzstan is a party of the Treaty from its accession (2015-08-12), not from 2015-01-01.
    def kg(day):
        return party_matrix(kb, day, [TREATY]).iloc[0]["KG"]

    assert kg(D(2015, 8, 11)) == "party_not_in_force"
    assert kg(D(2015, 8, 12)) == "bound"
    assert party_matrix(kb, D(2014, 6, 1), [TREATY]).iloc[0]["RU"] == "party_not_in_force"
    assert party_matrix(kb, D(2015, 1, 1), ["eurasec-2010-legal-status-agreement"]).iloc[0]["RU"] == "party_not_in_force"  # noqa: E501


def test_an_instrument_in_force_with_no_entry_date_binds_its_parties_unverified(kb):
    """The 1992 CIS health agreement is in force by its sources, which give no entry-into-force date: its
    parties were shown "party, not in force on the date" under a status line saying "in force"."""
    iid = "cis-1992-health-cooperation"
    inst = kb.instruments[iid]
    assert inst.status == "in_force" and inst.in_force is None and inst.signed == D(1992, 6, 26)
    assert party_matrix(kb, kb.meta.as_of, [iid]).iloc[0]["AM"] == "bound_unverified"
    assert party_matrix(kb, D(1992, 6, 25), [iid]).iloc[0]["AM"] == "party_not_in_force"  # before it was signed
    assert iid in filter_instruments(kb, party="KZ", in_force_on=kb.meta.as_of)
    assert iid not in filter_instruments(kb, party="KZ", in_force_on=D(1992, 6, 25))


@pytest.mark.parametrize("iid", [COURT_OPINION, "cis-roundtable-2024-02-01", "cis-execcom-statement-2024-02-01"])
def test_an_advisory_opinion_or_an_event_binds_nobody(kb, iid):
    """The Court's advisory opinion and the 2024 round table were shown as binding five and seven states."""
    inst = kb.instruments[iid]
    when = inst.in_force or inst.signed
    after = party_matrix(kb, kb.meta.as_of, [iid]).iloc[0]
    assert {after[p.state] for p in inst.parties} == {"not_binding"}
    before = party_matrix(kb, when - ONE_DAY, [iid]).iloc[0]
    assert {before[p.state] for p in inst.parties} == {"party_not_in_force"}  # it did not exist yet
    assert iid not in filter_instruments(kb, in_force_on=kb.meta.as_of)


def test_party_matrix_ids_filter(kb):
    frame = party_matrix(kb, kb.meta.as_of, [TREATY, COURT_OPINION])
    assert sorted(frame["instrument_id"]) == sorted([TREATY, COURT_OPINION])


@pytest.mark.parametrize(
    "iid, party_dates, day",
    [
        ("ru-tj-medexam-2025", {"valid_from": D(2025, 12, 1)}, D(2026, 6, 1)),  # signed, never in force
        ("ru-326fz-oms-order-803n", {"valid_to": D(2020, 1, 1)}, D(2019, 10, 1)),  # ended 2019-05-28
    ],
)
def test_party_matrix_party_dates_do_not_outlive_the_instrument(kb, iid, party_dates, day):
    inst = kb.instruments[iid]
    code = inst.parties[0].state
    parties = [p.model_copy(update=party_dates) if p.state == code else p for p in inst.parties]
    changed = with_instrument(kb, inst.model_copy(update={"parties": parties}))
    assert iid not in filter_instruments(changed, party=code, in_force_on=day)
    assert party_matrix(changed, day, [iid]).iloc[0][code] == "party_not_in_force"


# --- instrument_detail -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_instrument_detail_for_every_instrument(kb, lang):
    day = kb.meta.as_of
    matrix = party_matrix(kb, day).set_index("instrument_id")
    for iid, inst in kb.instruments.items():
        detail = instrument_detail(kb, iid, day, lang)
        assert detail["id"] == iid
        assert detail["name"] == getattr(inst.name, lang)
        assert (detail["name_en"], detail["name_ru"]) == (inst.name.en, inst.name.ru)
        assert detail["type"] == kb.label("instrument_type", inst.type, lang)
        assert detail["status"] == kb.label("instrument_status", inst.status, lang)
        assert detail["summary"] == getattr(inst.summary, lang)
        assert detail["family_members"] == getattr(inst.family_members, lang)
        assert [p["state"] for p in detail["parties"]] == [p.state for p in inst.parties]
        for shown, party in zip(detail["parties"], inst.parties, strict=False):
            assert shown["from"] == (party.valid_from or inst.in_force)
            assert shown["to"] == (party.valid_to or inst.ended)
            assert shown["on_date"] == matrix.loc[iid, party.state]
            assert shown["confidence"] == (party.confidence or inst.confidence)
            assert shown["name"] == getattr(kb.states[party.state].name, lang)
        assert [s["id"] for s in detail["sources"]] == inst.sources
        for source in detail["sources"]:
            record = kb.sources[source["id"]]
            assert source["url"] == record.url and source["url"].startswith(("http://", "https://"))
            assert source["original_title"] == record.title
            expected_title = record.title_en if lang == "en" and record.title_en else record.title
            assert source["title"] == expected_title
        expected_questions = set(inst.open_questions) | {
            qid for qid, q in kb.open_questions.items() if iid in q.instruments
        }
        ids = [q["id"] for q in detail["open_questions"]]
        assert len(ids) == len(set(ids)) and set(ids) == expected_questions, iid
        assert ids[: len(inst.open_questions)] == inst.open_questions  # its own questions first
        for q in detail["open_questions"]:
            assert q["question"] == getattr(kb.open_questions[q["id"]].question, lang)
        assert detail["members"] == [i for i, other in kb.instruments.items() if other.parent == iid]
        assert len(detail["articles"]) == len(inst.articles)
        assert dt.date.fromisoformat(detail["as_of"]) <= kb.meta.as_of


def test_instrument_detail_of_the_treaty(kb):
    detail = instrument_detail(kb, TREATY, D(2015, 3, 1), "en")
    assert "eaeu-annex30" in detail["members"]
    on_date = {p["state"]: p["on_date"] for p in detail["parties"]}
    assert on_date["RU"] == "bound" and on_date["KG"] == "party_not_in_force"
    # Questions that list the Treaty without being listed by it are included too.
    listed_elsewhere = {q for q, oq in kb.open_questions.items() if TREATY in oq.instruments} - set(
        kb.instruments[TREATY].open_questions
    )
    assert listed_elsewhere and listed_elsewhere <= {q["id"] for q in detail["open_questions"]}
    assert detail["name_ru"] != detail["name_en"]


# --- compare_states / differing_rows / compare_long -----------------------------------------------


COMPARE_SETS = [(["RU", "KZ", "KG"], "KG"), (["BY", "TJ", "UZ", "AM"], "UZ"), (["RU", "AZ", "MD", "TM", "KG"], None)]


@pytest.mark.parametrize("states, origin", COMPARE_SETS)
@pytest.mark.parametrize("day", [D(2015, 3, 1), D(2026, 11, 23)])
def test_compare_every_state_has_a_cell_in_every_row(kb, states, origin, day):
    rows = compare_states(kb, states, day, "en", origin=origin)
    for key in [
        "health_model",
        "scheme",
        "fund",
        "contributions",
        "memberships",
        "foreigners",
        "family_members",
        "emergency",
        "instruments_in_force",
        *ENTITLEMENT_ROWS,
    ]:
        assert key in rows
    for key, cells in rows.items():
        assert list(cells) == states, key
        for cell in cells.values():
            assert isinstance(cell, Cell)
            assert cell.kind in ("value", "no_data", "not_applicable", "no_entitlement")
            if cell.kind in ("no_data", "not_applicable"):
                assert cell.text == ""
            if cell.source_id is not None:
                assert cell.source_id in kb.sources, (key, cell.source_id)
            if cell.as_of is not None:
                assert dt.date.fromisoformat(cell.as_of) <= kb.meta.as_of


@pytest.mark.parametrize("states, origin", COMPARE_SETS)
def test_compare_entitlement_rows(kb, states, origin):
    day = kb.meta.as_of
    rows = compare_states(kb, states, day, "en", origin=origin)
    origin = origin or kb.meta.default_view.origin
    grid = pd.concat(
        coverage_grid(kb, day, person, status, residence, care)
        for person, residence, care in {(p, r, c) for _, p, r, c in COMPARE_CASES}
        for status in ("contract", "patent")
    )
    grid = grid.set_index(["host", "origin", "person", "status", "residence", "care"])
    for key, person, residence, care in COMPARE_CASES:
        for code, cell in rows[key].items():
            if code == origin:
                assert cell.kind == "not_applicable" and cell.level is None
                continue
            # The same answer as the coverage matrix, for the status the pair can have.
            expected = grid.loc[(code, origin, person, eaeu_status(kb, code, origin, day), residence, care)]
            assert cell.level == expected["level"], (key, code)
            assert cell.text == kb.label("level", cell.level, "en")
            assert cell.kind == ("no_entitlement" if cell.level == "paid" else "value")
            assert cell.confidence == expected["confidence"]
            assert cell.source_id in kb.sources


def test_compare_origin_defaults_to_the_default_view(kb):
    origin = kb.meta.default_view.origin
    rows = compare_states(kb, list(kb.meta.default_view.states), kb.meta.as_of, "en")
    for key in ENTITLEMENT_ROWS:
        assert rows[key][origin].kind == "not_applicable"
        assert all(c.kind != "not_applicable" for code, c in rows[key].items() if code != origin)


def test_compare_attribute_rows_follow_the_data(kb):
    day = kb.meta.as_of
    states = list(kb.states)
    for lang in ("en", "ru"):
        rows = compare_states(kb, states, day, lang)
        for code, state in kb.states.items():
            model = next(f for f in state.health_model if f.holds_on(day))
            cell = rows["health_model"][code]
            assert cell.text == kb.label("health_model", model.value, lang)
            assert (cell.source_id, cell.as_of) == (model.source, model.as_of.isoformat())
            assert rows["foreigners"][code].text == getattr(state.foreigners, lang)
            assert rows["emergency"][code].text == getattr(state.emergency, lang)
            if not any(s.holds_on(day) for s in state.schemes):
                assert rows["scheme"][code].kind in ("no_data", "not_applicable")
            if not any(c.holds_on(day) for c in state.contributions):
                assert rows["contributions"][code].kind in ("no_data", "not_applicable")
            for ind in {i.id for i in state.indicators}:
                assert rows[f"indicator:{ind}"][code].kind == "value"
        # An indicator some compared state lacks is 'no data' for it, not left out.
        for key in (k for k in rows if k.startswith("indicator:")):
            ind = key.split(":", 1)[1]
            for code, state in kb.states.items():
                has = any(i.id == ind for i in state.indicators)
                assert (rows[key][code].kind == "value") == has


def test_compare_instruments_in_force_today(kb):
    day = kb.meta.as_of
    rows = compare_states(kb, list(kb.states), day, "en")
    matrix = party_matrix(kb, day).set_index("instrument_id")
    for code in kb.states:
        cell = rows["instruments_in_force"][code]
        ids = cell.detail.split() if cell.detail else []
        assert cell.text == str(len(ids))
        assert set(ids) == set(matrix.index[matrix[code].isin(["bound", "bound_unverified"])]), code


def test_compare_instruments_in_force_respects_the_partys_own_dates(kb):
    day = D(2015, 3, 1)
    rows = compare_states(kb, ["RU", "KG"], day, "en", origin="RU")
    matrix = party_matrix(kb, day).set_index("instrument_id")
    bound = set(matrix.index[matrix["KG"].isin(["bound", "bound_unverified"])])
    assert set(rows["instruments_in_force"]["KG"].detail.split()) == bound


def test_differing_rows_compares_kind_and_text():
    rows = {
        "same": {"A": Cell("x", "value", "s1"), "B": Cell("x", "value", "s1")},
        "text": {"A": Cell("x", "value"), "B": Cell("y", "value")},
        "kind": {"A": Cell("", "no_data"), "B": Cell("", "not_applicable")},
        "single": {"A": Cell("x", "value")},
        "three": {"A": Cell("x", "value"), "B": Cell("x", "value"), "C": Cell("paid", "no_entitlement")},
    }
    assert differing_rows(rows) == {"text", "kind", "three"}
    assert differing_rows({}) == set()


def test_differing_rows_on_real_states(kb):
    day = kb.meta.as_of
    rows = compare_states(kb, ["RU", "KZ"], day, "en")
    models = {c: next(f.value for f in kb.states[c].health_model if f.holds_on(day)) for c in ("RU", "KZ")}
    assert models["RU"] != models["KZ"]
    diff = differing_rows(rows)
    assert "health_model" in diff
    for key, cells in rows.items():
        assert (key in diff) == ((cells["RU"].kind, cells["RU"].text) != (cells["KZ"].kind, cells["KZ"].text))
    # A state compared with itself shows one column and nothing to highlight.
    assert differing_rows(compare_states(kb, ["RU", "RU"], day, "en")) == set()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_compare_long_one_row_per_row_and_state(kb, lang):
    states = ["RU", "KZ", "KG", "TJ"]
    rows = compare_states(kb, states, kb.meta.as_of, lang, origin="TJ")
    long = compare_long(kb, rows, lang)
    assert len(long) == sum(len(cells) for cells in rows.values()) == len(rows) * len(states)
    assert not long.duplicated(["row", "state"]).any()
    diff = differing_rows(rows)
    assert diff  # the four states differ somewhere
    for rec in long.itertuples():
        cell = rows[rec.row][rec.state]
        shown = tuple(None if pd.isna(v) else v for v in (rec.kind, rec.text, rec.level, rec.source_id, rec.as_of))
        assert shown == (cell.kind, cell.text, cell.level, cell.source_id, cell.as_of)
        assert rec.differs == (rec.row in diff)
        if cell.source_id is None:
            assert pd.isna(rec.url) and pd.isna(rec.source_title)
        else:
            source = kb.sources[cell.source_id]
            assert (rec.url, rec.publisher) == (source.url, source.publisher)
            assert rec.source_title == (source.title_en if lang == "en" and source.title_en else source.title)
    assert set(long.loc[long["differs"], "row"]) == diff


# --- coverage_grid / corridor_grid --------------------------------------------------------------------


@pytest.mark.parametrize(
    "person, status, residence, care",
    [
        ("spouse", "contract", "stay", "emergency"),
        ("child", "patent", "temporary_permit", "primary"),
        ("worker", "contract", "permanent_permit", "inpatient"),
    ],
)
@pytest.mark.parametrize("day", [D(2015, 3, 1), D(2026, 11, 23)])
def test_coverage_grid_one_row_per_pair(kb, person, status, residence, care, day):
    grid = coverage_grid(kb, day, person, status, residence, care)
    n = len(kb.states)
    assert len(grid) == n * n
    assert set(zip(grid["host"], grid["origin"], strict=False)) == {(h, o) for h in kb.states for o in kb.states}
    assert (grid["person"] == person).all() and (grid["status"] == status).all()
    assert (grid["residence"] == residence).all() and (grid["care"] == care).all()
    assert (grid["date"] == day.isoformat()).all() and (grid["scenario"] == "baseline").all()
    same = grid["host"] == grid["origin"]
    assert not grid.loc[same, "applicable"].any()
    assert (grid.loc[same, "not_applicable_reason"] == "host_is_origin").all()
    # The status is applicable exactly where the pair can have it on that day.
    for row in grid[~same].itertuples():
        assert row.applicable == (eaeu_status(kb, row.host, row.origin, day) == status)


def test_coverage_grid_emergency_free_for_eaeu_spouses(kb):
    # data/entitlements/treaty-emergency.yaml (and ru.yaml for Russia): Annex 30 gives emergency care free.
    for day in (D(2016, 1, 1), kb.meta.as_of):
        grid = coverage_grid(kb, day, "spouse", "contract", "stay", "emergency")
        eaeu = kb.members("eaeu", day)
        cells = grid[grid["host"].isin(eaeu) & grid["origin"].isin(eaeu) & (grid["host"] != grid["origin"])]
        assert len(cells) == len(eaeu) * (len(eaeu) - 1) == 20
        assert cells["applicable"].all()
        assert (cells["level"] == "free").all()
        assert cells["basis_ids"].str.split().map(lambda ids: "eaeu-annex30" in ids).all()


def test_coverage_grid_options_pass_through(kb):
    scenario = next(iter(kb.scenarios))
    grid = coverage_grid(kb, kb.meta.as_of, "worker", "patent", "stay", "inpatient", scenario, vhi="host", years=5)
    assert len(grid) == len(kb.states) ** 2
    assert (grid["scenario"] == scenario).all() and (grid["vhi"] == "host").all()
    assert (grid["contribution_years"] == 5.0).all()

    # Five contribution years insure a patent worker from Uzbekistan in Russia; none do not.
    def ru_uz(g):
        return g[(g.host == "RU") & (g.origin == "UZ")].iloc[0]["level"]

    assert ru_uz(coverage_grid(kb, kb.meta.as_of, "worker", "patent", "stay", "inpatient", years=5.5)) == "insured"
    assert ru_uz(coverage_grid(kb, kb.meta.as_of, "worker", "patent", "stay", "inpatient", years=0)) == "paid"


@pytest.mark.parametrize(
    "host, origin, status, residence",
    [
        ("RU", "KG", "contract", "stay"),
        ("KZ", "UZ", "patent", "temporary_permit"),
        ("RU", "RU", "patent", "stay"),
    ],
)
def test_corridor_grid_person_by_care(kb, host, origin, status, residence):
    day = kb.meta.as_of
    grid = corridor_grid(kb, day, host, origin, status, residence)
    assert list(zip(grid["person"], grid["care"], strict=False)) == [(p, c) for p in PERSONS for c in CARES]
    assert (grid["host"] == host).all() and (grid["origin"] == origin).all()
    assert (grid["status"] == status).all() and (grid["residence"] == residence).all()
    if host == origin:
        assert not grid["applicable"].any()
    # Each cell agrees with the host × origin grid for the same person and care.
    for row in grid.itertuples():
        cell = coverage_grid(kb, day, row.person, status, residence, row.care)
        cell = cell[(cell.host == host) & (cell.origin == origin)].iloc[0]
        assert (cell["level"], cell["basis"], cell["applicable"]) == (row.level, row.basis, row.applicable)


# --- key_instruments ------------------------------------------------------------------------------


def test_key_instruments_include_the_treaty_the_opinion_and_pending_drafts(kb):
    keys = key_instruments(kb)
    assert TREATY in keys and kb.instruments[TREATY].signed.year == 2014
    assert COURT_OPINION in keys and kb.instruments[COURT_OPINION].type == "court_opinion"
    drafts = [
        i
        for i, inst in kb.instruments.items()
        if inst.status == "draft" and inst.type in KEY_TYPES and inst.signed is None and inst.in_force is None
    ]
    assert drafts and set(drafts) <= set(keys)
    assert len(keys) == len(set(keys))


def test_key_instruments_match_their_definition(kb):
    since = D(2014, 1, 1)
    keys = set(key_instruments(kb))
    for iid, inst in kb.instruments.items():
        start = inst.signed or inst.in_force
        key = inst.type in KEY_TYPES and (start >= since if start is not None else inst.status == "draft")
        assert (iid in keys) == key, iid
    # Older instruments still in force are not key (they are on the Instruments page).
    assert "ru-326fz-oms" not in keys and "cis-1997-medical-care" not in keys
    # Pending kinds outside KEY_TYPES (draft laws, proposals) are not shown.
    assert not {i for i in keys if kb.instruments[i].type in ("draft_law", "proposal")}


def test_key_instruments_since(kb):
    later = key_instruments(kb, since=D(2020, 1, 1))
    assert TREATY not in later and COURT_OPINION in later
    assert set(later) < set(key_instruments(kb))
    assert "cis-draft-health-insurance-agreement" in later  # undated drafts do not depend on the date
    # ``since`` is inclusive: an instrument signed on that very day is key.
    assert TREATY in key_instruments(kb, since=kb.instruments[TREATY].signed)
    assert TREATY not in key_instruments(kb, since=kb.instruments[TREATY].signed + ONE_DAY)
    earlier = key_instruments(kb, since=D(1990, 1, 1))
    assert "cis-1997-medical-care" in earlier


def test_key_instruments_timeline_as_the_overview_draws_it(kb):
    timeline = instrument_timeline(kb, "en", ids=key_instruments(kb))
    assert set(timeline["instrument_id"]) == set(key_instruments(kb))
    undated = timeline[timeline["start"].isna()]
    assert list(undated["instrument_id"]) == ["cis-draft-health-insurance-agreement"]
    assert undated.index[0] == len(timeline) - 1
    assert (timeline["start"].dropna() >= D(2014, 1, 1)).all()


def test_tax_funded_state_has_no_scheme_row_rather_than_no_data(kb) -> None:
    from explorer.views.common import current_fact as _current

    tax_funded = [
        c
        for c, s in kb.states.items()
        if (m := _current(s.health_model, kb.meta.as_of))
        and m.value == "tax_funded_national_service"
        and _current(s.schemes, kb.meta.as_of) is None
    ]
    assert tax_funded, "the data has a tax-funded state without a scheme (Belarus)"
    rows = compare_states(kb, tax_funded, kb.meta.as_of, "en")
    assert {rows["scheme"][c].kind for c in tax_funded} == {"not_applicable"}
    assert {rows["fund"][c].kind for c in tax_funded} == {"not_applicable"}


def test_indicators_are_never_from_after_the_date(kb) -> None:
    day = dt.date(2015, 6, 1)
    rows = compare_states(kb, list(kb.states)[:5], day, "en")
    for key, cells in rows.items():
        if key.startswith("indicator:"):
            for cell in cells.values():
                if cell.kind == "value":
                    year = int(cell.text.rsplit("(", 1)[1].rstrip(")"))
                    assert year <= day.year, (key, cell.text)


def test_the_grids_are_kept_per_choice_and_are_what_the_matrix_says(kb):
    forget(kb, "view_grids", "view_changes")
    day = D(2026, 6, 1)
    grid = coverage_grid(kb, day, "spouse", "auto", "stay", "primary")
    assert coverage_grid(kb, day, "spouse", "auto", "stay", "primary") is grid  # a rerun computes nothing
    cut = matrix_slice(kb, day, None, "none", 0.0, person="spouse", residence="stay", care="primary")
    pd.testing.assert_frame_equal(grid, with_status(kb, cut, "auto", day, None))
    # every choice has its own grid: another care, status, date, scenario or policy is another answer
    others = [coverage_grid(kb, day, "spouse", "auto", "stay", "emergency"),
              coverage_grid(kb, day, "spouse", "contract", "stay", "primary"),
              coverage_grid(kb, D(2014, 6, 1), "spouse", "auto", "stay", "primary"),
              coverage_grid(kb, day, "spouse", "auto", "stay", "primary", "ru-oms-eaeu-families"),
              coverage_grid(kb, day, "spouse", "auto", "stay", "primary", vhi="home"),
              corridor_grid(kb, day, "RU", "KG", "auto", "stay"),
              care_small_multiples(kb, day, "spouse", "auto", "stay")]
    assert len({id(g) for g in [grid, *others]}) == 8 and kept_count(kb, "view_grids") == 8
    assert not grid["level"].equals(others[3]["level"])  # the scenario changes the spouse's primary care


def test_the_changes_are_kept_for_the_same_two_grids_and_are_changed_cells(kb):
    forget(kb, "view_grids", "view_changes")
    day = D(2026, 6, 1)
    base = coverage_grid(kb, day, "spouse", "contract", "stay", "primary")
    alt = coverage_grid(kb, day, "spouse", "contract", "stay", "primary", "ru-oms-eaeu-families")
    changes = kept_changes(kb, base, alt)
    assert kept_changes(kb, base, alt) is changes and len(changes) > 0
    pd.testing.assert_frame_equal(changes, changed_cells(base, alt))
    backwards = kept_changes(kb, alt, base)  # the order matters: before and after swap
    assert backwards is not changes and (backwards["level_before"] == changes["level_after"]).all()
    # equal frames that are not the kept ones get their own answer, never another pair's
    copy = base.copy()
    pd.testing.assert_frame_equal(kept_changes(kb, copy, alt), changes)
    assert kept_changes(kb, copy, alt) is not changes


# --- reader_table -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_reader_table_shows_labels_names_and_empty_cells(kb, lang):
    frame = pd.DataFrame({
        "host": ["RU", "KZ"], "level": ["free", "paid"], "status": ["contract", "Already a label"],
        "signed": [None, D(2020, 1, 2)], "workers": [1.0, None], "note": ["x", None],
    })
    shown, headers = reader_table(frame, kb, lang)
    assert list(shown["host"]) == [kb.state_names(lang)["RU"], kb.state_names(lang)["KZ"]]
    assert list(shown["level"]) == [kb.label("level", "free", lang), kb.label("level", "paid", lang)]
    assert list(shown["status"]) == ["contract", "Already a label"]  # not a whole column of codes: as it was
    # never "None"; a day as the language writes it
    assert list(shown["signed"]) == ["", fmt_date(D(2020, 1, 2), lang)] and list(shown["note"]) == ["x", ""]
    assert shown["workers"].isna().iloc[1]  # numbers stay numbers (a grid sorts them)
    assert headers == {c: t(f"col.{c}", lang) for c in ("host", "level", "status", "signed", "note")}
    assert "workers" not in headers  # no col.workers text: the grid shows the name it has
    assert list(frame["host"]) == ["RU", "KZ"] and frame["signed"].iloc[0] is None  # the files keep the codes
    twice = pd.DataFrame([["RU", "KZ"], ["KG", "AM"], ["UZ", "TJ"]], columns=["host", "host"])
    assert reader_table(twice, kb, lang)[0] is twice  # no single column to read: shown as given


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_reader_table_names_the_instruments_of_a_legal_basis(kb, lang):
    """Coverage's table showed "ru-oms-law (Art. 10)": an id a reader cannot look up."""
    iid = next(iter(kb.instruments))
    name = kb.instruments[iid].name.in_lang(lang)
    frame = pd.DataFrame({"basis": [f"{iid} (Art. 1); {iid}", f"{iid}-suffix (x)", None]})
    shown, _ = reader_table(frame, kb, lang)
    assert list(shown["basis"]) == [f"{name} (Art. 1); {name}", f"{iid}-suffix (x)", ""]  # whole ids only
    assert frame["basis"].iloc[0].startswith(iid)  # the files keep the ids


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_reader_table_writes_days_as_its_language_does_or_as_dates_for_a_grid(kb, lang):
    """Tables showed 2026-03-20 in the Russian view; a grid sorted such a text column as text."""
    frame = pd.DataFrame({"as_of": ["2026-03-20", None, "2015-01-01"], "signed": [D(2024, 1, 2), None, None],
                          "published": ["2026-11", "2026-03-20", None], "when": ["x", "y", "z"]})
    text, _ = reader_table(frame, kb, lang)
    assert list(text["as_of"]) == [fmt_date(D(2026, 3, 20), lang), "", fmt_date(D(2015, 1, 1), lang)]
    assert list(text["signed"]) == [fmt_date(D(2024, 1, 2), lang), "", ""]
    assert list(text["published"]) == [fmt_partial_date("2026-11", lang), fmt_date(D(2026, 3, 20), lang), ""]
    grid, _ = reader_table(frame, kb, lang, dates="datetime")
    assert pd.api.types.is_datetime64_any_dtype(grid["as_of"]) and grid["as_of"].isna().tolist() == [False, True, False]
    assert grid["as_of"].sort_values().dropna().dt.year.tolist() == [2015, 2026]
    assert not pd.api.types.is_datetime64_any_dtype(grid["published"])
    assert list(grid["published"]) == ["2026-11", "2026-03-20", ""]  # a grid sorts the ISO text, drawn in words
    assert list(frame["as_of"])[0] == "2026-03-20"  # the files keep ISO dates


def test_a_date_given_to_the_month_or_year_is_written_as_the_language_does():
    """The bibliography's 'Published' read 2025-05-12 and 2026-11 in both languages."""
    values = ["2025-05-12", "2026-11", "2024", "not a date"]
    assert [fmt_partial_date(v, "en") for v in values] == ["12 May 2025", "Nov 2026", "2024", "not a date"]
    assert [fmt_partial_date(v, "ru") for v in values] == ["12.05.2025", "11.2026", "2024", "not a date"]
    frame = pd.DataFrame({"published": ["2026-11", None, "", "2024-01-02"], "accessed": ["2026-03-20"] * 4,
                          "version": ["2026.12.2"] * 4, "year": [2024] * 4})
    assert partial_date_columns(frame) == ["published", "accessed"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_sources_language_is_a_word_in_the_readers_language(kb, lang):
    """The bibliography's Language column read 'ru', 'en': every language the sources are in has its
    name in both languages; the files keep the codes."""
    names = language_names(lang)
    assert {s.language for s in kb.sources.values()} <= set(names)
    assert names["ru"] == {"en": "Russian", "ru": "русский"}[lang]
    frame = pd.DataFrame({"language": ["ru", "en", None]})
    shown, headers = reader_table(frame, kb, lang)
    assert list(shown["language"]) == [names["ru"], names["en"], ""] and list(frame["language"])[:2] == ["ru", "en"]
    assert headers["language"] == t("col.language", lang)


def test_a_grid_writes_numbers_as_the_language_does_and_years_as_years():
    """The impact figures grid read 87430.8 and 0.12 in the Russian view, and its bars table 4550, 14300."""
    values = [87430.8, 0.12, 14300.0, 4550, None, float("nan")]
    assert [grid_number(v, "ru") for v in values] == ["87\u00a0430,8", "0,12", "14\u00a0300", "4\u00a0550", "", ""]
    assert [grid_number(v, "en") for v in values] == ["87,430.8", "0.12", "14,300", "4,550", "", ""]
    frame = pd.DataFrame({"value": [1.5], "workers": pd.array([65000], dtype="Int64"), "unit_cost_year": [2025],
                          "year": [2026], "Year of the rate": [2024], "overridden": [False], "figure": ["x"]})
    assert number_columns(frame, plain=["Year of the rate"]) == ["value", "workers"]


def test_compare_writes_rates_and_indicators_the_languages_way(kb):
    """Russian: a decimal comma and a space between thousands ("5,1%", "11 910 сомов"), as every other
    number in the Russian view; the digits are the data's."""
    texts = {lang: " ".join(cell.text for row in compare_states(kb, ["RU", "KG"], D(2026, 12, 5), lang).values()
                            for cell in row.values()) for lang in ("en", "ru")}
    assert "5.1%" in texts["en"] and "5,1%" in texts["ru"] and "5.1%" not in texts["ru"]
    assert "11,910 KGS" in texts["en"] and "11\u00a0910 сомов" in texts["ru"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_editors_labels_read_back_as_their_codes(kb, lang):
    """The Family and Scenarios editors hold labels (a grid's accessible table reads its values aloud);
    every label reads back as its code, and a cell with none (a new row's) as missing."""
    from explorer.view_state import HOUSEHOLD_ROLES
    from policy.models import LEVELS, RESIDENCES, VHIS

    labels = {"role": vocabulary_labels(kb, "person", HOUSEHOLD_ROLES, lang),
              "residence": vocabulary_labels(kb, "residence", RESIDENCES, lang),
              "vhi": vocabulary_labels(kb, "vhi", VHIS, lang),
              "level": vocabulary_labels(kb, "level", LEVELS, lang)}
    frame = pd.DataFrame({"role": ["spouse", "child", "parent", None], "age": [None, 5, 70, 1],
                          "residence": ["stay", "temporary_permit", "permanent_permit", "stay"],
                          "vhi": ["none", "host", "none", "home"], "level": ["free", "insured", "paid", "voluntary"]})
    frame = frame[[c for c in frame.columns if c == "age" or c in labels]]
    shown = labelled(frame, labels)
    assert shown.loc[0, "role"] == kb.label("person", "spouse", lang)
    if lang == "ru":  # no code is left to be read aloud as an English word
        assert not any(code in shown[c].tolist() for c in labels for code in labels[c])
    back = coded(shown, labels)
    pd.testing.assert_frame_equal(back.iloc[:3], frame.iloc[:3])
    assert pd.isna(back.loc[3, "role"])


def test_two_codes_with_one_label_are_refused():
    class Alike:  # a vocabulary whose two codes read alike: a label could not be read back
        def label(self, dimension: str, code: str, lang: str) -> str:
            return "same"

    with pytest.raises(ValueError, match="alike"):
        vocabulary_labels(Alike(), "vhi", ["none", "host"], "en")  # type: ignore[arg-type]
