"""Matrix ranges: the cost grows with the law, not with the question (not a test; run
`python benchmarks/bench_matrix_range.py`).

For 2010-01-01 .. 2035-12-31, under the law in force and every scenario, measured in the same run:
- one date's cost: the full matrix of one date with cold per-date caches (the floor);
- the range: `policy.matrices.matrix_states`, each distinct legal state once (what /api/v1/matrix?from=&to=
  answers), also cold;
- ratio = range / (distinct legal states × one date). Goal: ≤ 1.2. Also shown: what one matrix per
  day would cost (days × one date), and the change dates the range looked at.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policy import load_knowledge_base  # noqa: E402
from policy.engine import matrix, rule_set  # noqa: E402
from policy.matrices import change_dates, matrix_states  # noqa: E402

START, END = dt.date(2010, 1, 1), dt.date(2035, 12, 31)
GOAL = 1.2
ROUNDS = 3  # CPU time (process_time), best of: other processes on a shared machine add wall time only


def _cold(kb, scenario: str | None) -> None:
    rule_set(kb, scenario)._contexts.clear()


def main() -> None:
    kb = load_knowledge_base(Path(os.environ["POLICY_DATA"]) if "POLICY_DATA" in os.environ else None)
    days = (END - START).days + 1
    print(f"range {START} .. {END} ({days} days); goal: range <= {GOAL} x (distinct legal states x one date)")
    print(f"{'scenario':<24} {'change dates':>12} {'states':>7} {'one date s':>10} {'range s':>8} {'ratio':>6}"
          f" {'per day s (est.)':>16}")
    worst = 0.0
    for scenario in [None, *kb.scenarios]:
        # one date: the mean over the states' own first days (the dates a range computes), so the
        # floor is the same work, once each; interleaved with the range runs, best of ROUNDS each
        states = matrix_states(kb, START, END, scenario)
        probe = [s.valid_from for s in states]
        singles, ranges = [], []
        for _ in range(ROUNDS):
            start = time.process_time()
            for day in probe:
                _cold(kb, scenario)
                matrix(kb, day, scenario)
            singles.append((time.process_time() - start) / len(probe))
            _cold(kb, scenario)
            start = time.process_time()
            matrix_states(kb, START, END, scenario)
            ranges.append(time.process_time() - start)
        one, whole = min(singles), min(ranges)
        ratio = whole / (len(states) * one)
        worst = max(worst, ratio)
        print(f"{scenario or 'baseline':<24} {len(change_dates(kb, START, END, scenario)):>12} {len(states):>7}"
              f" {one:>10.3f} {whole:>8.2f} {ratio:>6.2f} {days * one:>16.0f}")
    print(f"worst ratio: {worst:.2f} (goal <= {GOAL}: {'met' if worst <= GOAL else 'NOT met'})")


if __name__ == "__main__":
    main()
