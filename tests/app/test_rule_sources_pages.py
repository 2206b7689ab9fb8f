"""Every predefined scenario through the pages that draw sources: Coverage's and Scenarios' source
lines cite the scenario's rules (Coverage used to cite a baseline rule's source), and Briefs renders
(it used to raise KeyError for host Russia under two scenarios)."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.charts.frame import source_text
from explorer.views.coverage import coverage_grid
from policy import load_knowledge_base
from policy.engine import rule_set
from tests.app.conftest import PAGES, run_app

KB = load_knowledge_base()
SCENARIOS = sorted(KB.scenarios)
DAY = "2026-11-01"


def _source_line_of(at) -> str:
    return " ".join(t.value for t in at.text)


def _by_hand(scenario: str, *more: str) -> str:
    """The source line's sources, looked up by hand in the scenario's own rules."""
    grid = coverage_grid(KB, dt.date.fromisoformat(DAY), "spouse", "contract", "stay", "primary", scenario)
    rules = {r.id: r for r in rule_set(KB, scenario).rules}
    return source_text(KB, [*(s for rid in " ".join(grid.rules).split() for s in rules[rid].sources), *more], "en")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_coverage_cites_the_scenarios_rules(scenario):
    at = run_app(PAGES["coverage"], lang="en", scenario=scenario, date=DAY, status="contract")
    assert not at.exception
    assert _by_hand(scenario) in _source_line_of(at)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenarios_page_renders_with_its_sources(scenario):
    at = run_app(PAGES["scenarios"], lang="en", scenario=scenario, date=DAY, status="contract")
    assert not at.exception
    assert _by_hand(scenario, *KB.scenarios[scenario].sources) in _source_line_of(at)


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("brief", ["host", "corridor"])
def test_briefs_page_under_every_scenario(scenario, brief):
    at = run_app(PAGES["briefs"], lang="en", scenario=scenario, date=DAY, host="RU", origin="KG", brief=brief)
    assert not at.exception, at.exception
