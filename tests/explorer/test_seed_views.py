"""Issue 14's seed records in the view layer: the EAEU Court's classification beside the dashboard's
model (Overview, Compare), an instrument's encoding decision and related links, the timeline's styles
for the new instrument types, and the records and fields a detail view offers for correction."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.i18n import t
from explorer.views.compare import compare_long, compare_states
from explorer.views.overview import court_classifications

D = dt.date
EAEU = ("AM", "BY", "KZ", "KG", "RU")


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
