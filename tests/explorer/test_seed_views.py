"""Issue 14's seed records in the view layer: the EAEU Court's classification beside the dashboard's
model (Overview, Compare), an instrument's encoding decision and related links, the timeline's styles
for the new instrument types, and the records and fields a detail view offers for correction."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.charts.instrument_timeline import LEGEND_SYMBOL, TYPE_STYLE, instrument_timeline_chart
from explorer.i18n import t
from explorer.views.compare import compare_long, compare_states
from explorer.views.instruments import instrument_detail, instrument_timeline, related_records
from explorer.views.overview import court_classifications
from policy.models import INSTRUMENT_TYPES

D = dt.date
EAEU = ("AM", "BY", "KZ", "KG", "RU")
ROUND_TABLE = "cis-roundtable-2024-02-01"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_court_classification_beside_the_dashboards_model(kb, lang):
    frame = court_classifications(kb, kb.meta.last_checked, lang).set_index("state")
    assert set(frame.index) == set(EAEU), "the Court classified the EAEU members, and only them"
    for code in EAEU:
        court = kb.states[code].court_classification
        row = frame.loc[code]
        # the Court's words in the chosen language, and whose words they are, in the same cell
        assert court.wording.in_lang(lang) in row["court"]
        assert t(f"court.by.{court.wording_by}", lang) in row["court"]
        assert row["wording_by"] == court.wording_by
        # its source and as-of date beside it
        assert row["source_id"] == court.source and row["url"] == kb.sources[court.source].url
        assert row["as_of"] == court.as_of.isoformat()
        model = next(f for f in kb.states[code].health_model if f.holds_on(kb.meta.last_checked))
        assert row["model_label"] == kb.label("health_model", model.value, lang)
    # today's data: every report is a press paraphrase, and the label says so rather than "the Court's"
    assert set(frame["wording_by"]) == {"press_paraphrase"}
    assert not frame["court"].str.contains(t("court.by.court", lang), regex=False).any()
    assert frame.loc["RU", "category"] == t("court.category.budget_insurance", lang)


def test_court_wording_label_follows_the_data(kb):
    import dataclasses

    state = kb.states["RU"]
    own = dataclasses.replace(kb, states={**kb.states, "RU": state.model_copy(update={
        "court_classification": state.court_classification.model_copy(update={"wording_by": "court"})})})
    frame = court_classifications(own, kb.meta.last_checked, "en").set_index("state")
    assert t("court.by.court", "en") in frame.loc["RU", "court"]
    assert t("court.by.press_paraphrase", "en") in frame.loc["KZ", "court"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_compare_has_the_courts_row_next_to_the_model(kb, lang):
    states = ["RU", "KZ", "UZ"]
    rows = compare_states(kb, states, kb.meta.last_checked, lang, origin="UZ")
    keys = list(rows)
    assert keys.index("court_classification") == keys.index("health_model") + 1
    for code in ("RU", "KZ"):
        cell = rows["court_classification"][code]
        court = kb.states[code].court_classification
        assert cell.kind == "value" and court.wording.in_lang(lang) in cell.text
        assert (cell.source_id, cell.as_of, cell.confidence) == (court.source, court.as_of.isoformat(),
                                                                 court.confidence)
        assert cell.detail == t(f"court.category.{court.category}", lang)
    assert rows["court_classification"]["UZ"].kind == "not_applicable"  # not an EAEU member
    long = compare_long(kb, rows, lang).set_index(["row", "state"])
    assert long.loc[("court_classification", "RU"), "url"] == kb.sources["avesta-2026-03-05-court-opinion"].url


# --- an instrument's encoding decision, date note and related records ------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_instrument_detail_shows_an_encoded_decision_with_its_rules(kb, lang):
    detail = instrument_detail(kb, "by-tm-medcare-memorandum-2014", kb.meta.last_checked, lang)
    decision = kb.instruments["by-tm-medcare-memorandum-2014"].encoding
    encoding = detail["encoding"]
    assert encoding["decision"] == "encoded" and encoding["label"] == t("instruments.encoding.encoded", lang)
    assert [r["id"] for r in encoding["rules"]] == decision.rules == ["by-tm-emergency"]
    rule = kb.rules_by_id["by-tm-emergency"]
    assert encoding["rules"][0]["level"] == kb.label("level", rule.level, lang)
    assert encoding["rules"][0]["note"] == rule.note.in_lang(lang)
    assert encoding["reason"] == decision.reason.in_lang(lang)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_round_table_not_encoded_with_its_reason_date_note_and_links(kb, lang):
    detail = instrument_detail(kb, ROUND_TABLE, kb.meta.last_checked, lang)
    inst = kb.instruments[ROUND_TABLE]
    assert detail["encoding"]["decision"] == "not_encoded"
    assert detail["encoding"]["reason"] == inst.encoding.reason.in_lang(lang) and not detail["encoding"]["rules"]
    assert detail["date_note"] == inst.date_note.in_lang(lang)
    related = {r["id"]: r for r in detail["related"]}
    assert list(related) == inst.related  # its own links, in their order
    statement = related["cis-execcom-statement-2024-02-01"]
    assert statement["date"] == D(2024, 2, 1)
    assert statement["type_label"] == kb.label("instrument_type", "statement", lang)
    assert statement["sources"][0]["id"] == "embassylife-2024-02-02-roundtable"
    # a link goes both ways: the statement shows the round table that links to it, never itself
    back = [r["id"] for r in instrument_detail(kb, "cis-execcom-statement-2024-02-01", D(2026, 1, 1), lang)["related"]]
    assert ROUND_TABLE in back and "cis-execcom-statement-2024-02-01" not in back


def test_an_instrument_without_a_decision_says_none(kb):
    undecided = next(i for i in kb.instruments.values() if i.encoding is None)
    assert instrument_detail(kb, undecided.id, kb.meta.last_checked, "en")["encoding"] is None


def test_the_scenarios_related_records_name_the_round_table_with_its_source(kb):
    records = related_records(kb, list(kb.scenarios["cis-vhi-recognition"].related), "ru")
    first = records[0]
    assert first["id"] == ROUND_TABLE and first["date"] == D(2024, 2, 1)
    assert first["name"] == kb.instruments[ROUND_TABLE].short_name.ru
    assert [s["id"] for s in first["sources"]] == kb.instruments[ROUND_TABLE].sources
    assert related_records(kb, ["no-such-record", ROUND_TABLE, ROUND_TABLE], "en")[0]["id"] == ROUND_TABLE
    assert len(related_records(kb, ["no-such-record", ROUND_TABLE, ROUND_TABLE], "en")) == 1


# --- the timeline's styles for every type --------------------------------------------------------

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
NEW_TYPES = ("memorandum", "statement", "model_agreement", "event")


def test_every_instrument_type_has_a_colour_blind_safe_style():
    assert set(TYPE_STYLE) == set(INSTRUMENT_TYPES), "no type falls back to the grey of 'other'"
    assert {colour for colour, _ in TYPE_STYLE.values()} <= OKABE_ITO
    families = {}
    for kind, style in TYPE_STYLE.items():
        families.setdefault(style, []).append(kind)
    for kind in NEW_TYPES:  # each new type is told apart from every other type, by colour or by mark
        assert families[TYPE_STYLE[kind]] == [kind], kind


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_timeline_draws_the_round_table_as_a_mark_and_names_every_style(kb, lang):
    frame = instrument_timeline(kb, lang).copy()  # the timeline is kept: changed here, it would be changed for all
    # the model agreement has no date yet: given one here, it is drawn dotted
    frame.loc[frame["instrument_id"] == "cis-model-agreement-doc-recognition", ["start", "end"]] = [
        D(2025, 9, 26), D(2025, 12, 1)]
    chart = instrument_timeline_chart(frame, lang)
    rows = {r["instrument_id"]: r for r in chart.rows}
    table = rows[ROUND_TABLE]
    assert (table["mark"], table["start"], table["end"], table["in_force"]) == ("star", "2024-02-01", "2024-02-01", "")
    stars = [tr for tr in chart.figure.data if tr.mode == "markers" and tr.marker.symbol == "star"]
    assert len(stars) == 1 and table["label"] in stars[0].y and "2024-02-01" in stars[0].x
    diamonds = next(tr for tr in chart.figure.data if tr.marker.symbol == "diamond")
    assert table["label"] not in diamonds.y, "a one-day event has no entry into force"
    dotted = [tr for tr in chart.figure.data if tr.mode == "lines" and tr.line.dash == "dot"]
    assert len(dotted) == 1 and rows["cis-model-agreement-doc-recognition"]["label"] in dotted[0].y
    legend = {item.label: (item.colour, item.symbol) for item in chart.legend}
    for kind in NEW_TYPES:
        colour, mark = TYPE_STYLE[kind]
        label = kb.label("instrument_type", kind, lang)
        assert legend[label] == (colour, LEGEND_SYMBOL[mark]), kind
