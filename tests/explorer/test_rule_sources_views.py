"""Every predefined scenario through the briefs (host and corridor) and meeting mode: each source line
cites the sources of the rules the answers rest on, under that scenario (it used to crash or cite a
baseline rule's source)."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer import meeting
from explorer.brief.model import build_brief
from explorer.charts.frame import source_text
from explorer.views.coverage import coverage_grid
from policy import load_knowledge_base
from policy.engine import rule_set, rule_sources

DAY = dt.date(2026, 11, 1)
SCENARIOS = sorted(load_knowledge_base().scenarios)


def _sources_by_hand(kb, scenario, rule_ids):
    rules = {r.id: r for r in rule_set(kb, scenario).rules}
    return [s for rid in " ".join(rule_ids).split() for s in rules[rid].sources]


@pytest.mark.parametrize("scenario", [None, *SCENARIOS])
@pytest.mark.parametrize("origin", [None, "KG", "UZ"])
def test_brief_under_every_scenario(kb, scenario, origin):
    brief = build_brief(kb, "en", DAY, "RU", origin, scenario=scenario)
    assert brief.sources, "a brief lists its sources"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_coverage_source_line_is_the_scenarios(kb, scenario):
    grid = coverage_grid(kb, DAY, "spouse", "contract", "stay", "primary", scenario)
    assert rule_sources(kb, grid.rules, scenario) == list(dict.fromkeys(_sources_by_hand(kb, scenario, grid.rules)))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_meeting_slides_cite_their_rules(kb, lang):
    for step in range(1, meeting.step_count(kb) + 1):
        slide = meeting.slide(kb, step, DAY, lang)
        assert slide.source_line
    heat = meeting.heatmap_slide(kb, DAY, lang)
    grid = coverage_grid(kb, DAY, meeting.PERSON, meeting.STATUS, meeting.RESIDENCE, meeting.CARE, None)
    assert source_text(kb, _sources_by_hand(kb, None, grid.rules), lang, meeting.ROOM_SOURCES) in heat.source_line
