"""Simulator benchmark: prints timings and ratios to the 1-second rerun budget (not a test; run
`python benchmarks/bench_impact.py`).

What the Scenarios page recomputes after an input change:
- the full matrix under one scenario (cold: a new scenario or date; warm: cached);
- the corridor impact for one scenario (cold: matrices computed; warm: matrices cached, as when an
  assumption slider moves);
- the corridor impact for every scenario (the golden tables), cold and warm.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import timed  # noqa: E402

from policy import load_knowledge_base, matrix  # noqa: E402
from policy.impact import impact  # noqa: E402
from policy.kept import forget  # noqa: E402

BUDGET_SECONDS = 1.0
SCENARIO = "ru-oms-eaeu-families"


def _forget(kb) -> None:
    forget(kb, "rule_sets")
    forget(kb, "matrices")
    forget(kb, "impacts")


def main() -> None:
    kb = load_knowledge_base(Path(os.environ["POLICY_DATA"]) if "POLICY_DATA" in os.environ else None)
    day = dt.date(2026, 11, 1)

    def cold(fn):
        def run():
            _forget(kb)
            fn()
        return run

    matrix_cold = timed(cold(lambda: matrix(kb, day, SCENARIO)), 3)
    impact_cold = timed(cold(lambda: impact(kb, day, SCENARIO)), 3)
    impact(kb, day, SCENARIO)

    def warm(fn):
        def run():
            forget(kb, "impacts")
            fn()
        return run

    impact_warm = timed(warm(lambda: impact(kb, day, SCENARIO, overrides={"ratio.spouses_per_worker": 0.2})))
    everything = [None, *kb.scenarios]
    all_cold = timed(cold(lambda: [impact(kb, day, s) for s in everything]), 3)
    all_warm = timed(warm(lambda: [impact(kb, day, s) for s in everything]), 3)
    all_kept = timed(lambda: [impact(kb, day, s) for s in everything], 3)
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}, {os.cpu_count()} CPUs"  # noqa: E501
    )
    rows = [
        (f"full matrix, {SCENARIO} (cold)", matrix_cold),
        (f"corridor impact, {SCENARIO} (cold: baseline and scenario matrices computed)", impact_cold),
        (f"corridor impact, {SCENARIO} (warm: an assumption slider moved)", impact_warm),
        (f"corridor impact, baseline + {len(kb.scenarios)} scenarios (cold)", all_cold),
        (f"corridor impact, baseline + {len(kb.scenarios)} scenarios (warm)", all_warm),
        (f"corridor impact, baseline + {len(kb.scenarios)} scenarios (asked again: kept per knowledge base)", all_kept),
    ]
    for label, seconds in rows:
        print(f"{label:<80} {seconds:.3f} s = {seconds / BUDGET_SECONDS:.2f}x the 1 s budget")


if __name__ == "__main__":
    main()
