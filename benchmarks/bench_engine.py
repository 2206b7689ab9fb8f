"""Engine benchmark: prints timings and ratios (not a test; run `python benchmarks/bench_engine.py`).

- matrix: the full host × origin × person × status × residence × care matrix for one date,
  against the same cells answered one by one with resolve() (the vectorised speed-up), and against
  the one-second budget a page rerun must stay well under;
- replay: the matrix for 100 dates (the coverage page's date slider);
- scenarios: the matrix under every scenario.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import timed  # noqa: E402

from policy import load_knowledge_base, make_case, matrix, resolve  # noqa: E402
from policy.engine import rule_set  # noqa: E402
from policy.kept import forget  # noqa: E402

BUDGET_SECONDS = 1.0


def main() -> None:
    start = time.perf_counter()
    kb = load_knowledge_base(Path(os.environ["POLICY_DATA"]) if "POLICY_DATA" in os.environ else None)
    load = time.perf_counter() - start
    day = dt.date(2026, 6, 1)
    matrix(kb, day)  # warm the per-date caches once, as a running app would
    warm = timed(lambda: matrix(kb, day))

    def cold():
        forget(kb, "rule_sets")
        matrix(kb, day)

    cold_t = timed(cold, 3)
    frame = matrix(kb, day)
    sample = frame.sample(500, random_state=1)

    def one_by_one():
        forget(kb, "rule_sets")
        for row in sample.itertuples():
            resolve(kb, make_case(kb, host=row.host, origin=row.origin, person=row.person, status=row.status,
                                  residence=row.residence, care=row.care, date=day))

    per_cell = timed(one_by_one, 3) / len(sample)
    loop_estimate = per_cell * len(frame)
    days = [dt.date(2010, 1, 1) + dt.timedelta(days=int(i * 9496 / 100)) for i in range(100)]

    def replay():
        forget(kb, "rule_sets")
        for d in days:
            matrix(kb, d)

    replay_t = timed(replay, 1)

    def all_scenarios():
        for sid in [None, *kb.scenarios]:
            rule_set(kb, sid)._contexts.clear()
            matrix(kb, day, sid)

    scen_t = timed(all_scenarios, 3)
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"data: {len(kb.rules)} rules, {len(kb.instruments)} instruments; cells per matrix: {len(frame)}")
    print(f"load + validate knowledge base: {load:.3f} s")
    print(f"matrix, one date (cold caches):  {cold_t:.3f} s  = {cold_t / BUDGET_SECONDS:.2f}x the 1 s budget")
    print(f"matrix, one date (warm caches):  {warm:.3f} s  = {warm / BUDGET_SECONDS:.2f}x the 1 s budget")
    print(
        f"resolve() cell by cell (est.):   {loop_estimate:.3f} s  -> vectorised matrix is {loop_estimate / cold_t:.1f}x faster"  # noqa: E501
    )
    print(f"matrix, 100 dates (replay):      {replay_t:.3f} s  = {replay_t / 100 / cold_t:.2f}x one cold date per date")
    print(
        f"matrix, baseline + {len(kb.scenarios)} scenarios: {scen_t:.3f} s  = {scen_t / BUDGET_SECONDS:.2f}x the 1 s budget"  # noqa: E501
    )


if __name__ == "__main__":
    main()
