"""The worked examples in tests/cases/ (written from the sources before the rules) all hold."""

from collections import Counter

import pytest

from policy.examples import check_example, load_examples
from policy.models import CARES, PERSONS

EXAMPLES = load_examples()


@pytest.mark.parametrize("example,file", EXAMPLES, ids=[e.id for e, _ in EXAMPLES])
def test_worked_example(kb, example, file):
    result = check_example(kb, example, file)
    assert result.passed, f"{file}: {example.id}: " + "; ".join(result.problems) + f"\n  reasoning: {example.reasoning}"


def test_enough_examples_and_spread():
    examples = [e for e, _ in EXAMPLES]
    assert len(examples) >= 40
    hosts = Counter(e.input.host for e in examples)
    for host in ("RU", "KZ", "BY", "AM", "KG"):
        assert hosts[host] >= 3, host
    for host in ("TJ", "UZ", "AZ", "MD", "TM"):
        assert hosts[host] >= 1, host
    assert {e.input.person for e in examples} >= set(PERSONS)
    assert {e.input.care for e in examples} >= set(CARES)
