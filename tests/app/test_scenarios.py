"""Scenarios page: the chosen scenario comes from the link; baseline and scenario side by side."""

from __future__ import annotations

import pytest

from policy import load_knowledge_base
from tests.app.conftest import PAGES, run_app


def _by_key(at, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def _picker(at):
    # its key carries the number of scenarios (so a new one starts out chosen)
    return next(w for w in at.selectbox if w.key.startswith("scn-pick-"))


def test_scenario_from_the_link_and_its_changes_listed():
    at = run_app(PAGES["scenarios"], lang="en", scenario="ru-oms-eaeu-families", person="spouse", care="primary",
                 status="contract", date="2026-06-01")
    assert not at.exception
    assert _picker(at).value == "ru-oms-eaeu-families"
    assert len(at.get("vega_lite_chart")) == 2  # baseline and scenario side by side
    header = next(s.value for s in at.subheader if s.value.startswith("Cells the scenario changes"))
    assert int(header.rsplit(" ", 1)[1]) > 0
    changes = at.dataframe[0].value  # the changed cells (the rule table of the builder comes later)
    assert set(changes["host"]) == {"Russia"}


def test_choosing_another_scenario_goes_into_the_link():
    at = run_app(PAGES["scenarios"], lang="en")
    _picker(at).set_value("cis-vhi-recognition").run()
    value = at.query_params["scenario"]
    assert (value[0] if isinstance(value, list) else value) == "cis-vhi-recognition"


@pytest.mark.parametrize("scenario", sorted(load_knowledge_base().scenarios))
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_predefined_scenario_opens_with_its_assumptions(scenario, lang):
    at = run_app(PAGES["scenarios"], lang=lang, scenario=scenario, date="2026-11-01")
    assert not at.exception
    assert _picker(at).value == scenario
    kb = load_knowledge_base()
    texts = " ".join(x.value for x in at.text) + " ".join(c.value for c in at.caption)
    assert getattr(kb.scenarios[scenario].description, lang) in texts
    for qid in kb.scenarios[scenario].open_questions:
        assert getattr(kb.open_questions[qid].question, lang) in texts
    if scenario == "uz-joins-eaeu":
        assert ("Uzbekistan" if lang == "en" else "Узбекистан") in texts
