"""Golden files: each predefined scenario's corridor table is checked in and compared exactly.

A change in data or rules that shifts a result fails here and shows up in review as a diff of
tests/golden/*.csv (rewrite them with `python scripts/update_golden.py` when the change is meant)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy.impact import golden_csv
from policy.strict_yaml import load_file

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
GOLDEN_CASES: dict[str, dict] = load_file(GOLDEN / "cases.yaml")[0]


def test_every_scenario_has_a_golden_file(kb):
    named = {case["scenario"] for case in GOLDEN_CASES.values()}
    assert named == {None, *kb.scenarios}
    assert {p.name for p in GOLDEN.glob("impact-*.csv")} == {f"impact-{name}.csv" for name in GOLDEN_CASES}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_corridor_table_matches_the_golden_file(kb, name):
    expected = (GOLDEN / f"impact-{name}.csv").read_text(encoding="utf-8")
    actual = golden_csv(kb, **GOLDEN_CASES[name])
    if actual != expected:
        old, new = expected.splitlines(), actual.splitlines()
        changed = [f"- {a}\n+ {b}" for a, b in zip(old, new, strict=False) if a != b][:3]
        pytest.fail(f"impact-{name}.csv differs ({len(old)} → {len(new)} lines); first changes:\n" + "\n".join(changed))
