"""Rule ids are resolved through the rule set an answer was computed with (issue: the sources of a
scenario's rules were looked up in the baseline, which cited another rule or raised KeyError)."""

from __future__ import annotations

import datetime as dt

import pytest

from policy import load_knowledge_base
from policy.engine import CaseError, matrix, rule_set, rule_sources
from policy.findings import headline_findings

DAY = dt.date(2026, 11, 1)
SCENARIOS = sorted(load_knowledge_base().scenarios)  # every predefined scenario in data/


def _expected(kb, scenario, ids):
    """The sources, looked up by hand in the scenario's own rules."""
    rules = {r.id: r for r in rule_set(kb, scenario).rules}
    out: list[str] = []
    for rid in " ".join(ids).split():
        out += [s for s in rules[rid].sources if s not in out]
    return out


def test_scenario_rules_are_found(kb):
    for scenario, spec in kb.scenarios.items():
        own = [c.rule.id for c in spec.changes if c.rule is not None]
        for rule_id in own:
            assert rule_sources(kb, [rule_id], scenario) == _expected(kb, scenario, [rule_id])


@pytest.mark.parametrize("scenario", [None, *SCENARIOS])
def test_every_cell_of_the_matrix_has_its_sources(kb, scenario):
    frame = matrix(kb, DAY, scenario)
    ids = [r for r in frame["rules"] if r]
    assert rule_sources(kb, ids, scenario) == _expected(kb, scenario, ids)


def test_a_scenario_only_rule_is_not_in_the_baseline(kb):
    added = [(s, c.rule.id) for s, spec in kb.scenarios.items() for c in spec.changes
             if c.op == "add" and c.rule is not None]
    assert added, "the data has scenarios that add rules"
    scenario, rule_id = added[0]
    with pytest.raises(CaseError, match=rule_id):
        rule_sources(kb, [rule_id])  # not a rule of the law in force: said, not a wrong citation
    assert rule_sources(kb, [rule_id], scenario)


def test_sources_are_unique_and_ordered(kb):
    first = kb.rules[0]
    twice = rule_sources(kb, [first.id, f"{first.id} {first.id}"])
    assert twice == list(dict.fromkeys(first.sources))


@pytest.mark.parametrize("scenario", [None, *SCENARIOS])
def test_findings_under_every_scenario_cite_its_rules(kb, scenario):
    findings = headline_findings(kb, DAY, scenario)
    assert findings
    for finding in findings:
        assert set(finding.sources) <= set(kb.sources), finding.id
