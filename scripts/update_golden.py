"""Rewrite the golden corridor tables in tests/golden/ from the current data and engine.

Run after a deliberate change to data or rules, then review the diff of tests/golden/*.csv: every
shifted number is a result that changed. `tests/policy/test_impact_golden.py` compares exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policy import load_knowledge_base  # noqa: E402
from policy.impact import golden_csv  # noqa: E402
from policy.strict_yaml import load_file  # noqa: E402


def main() -> None:
    kb = load_knowledge_base()
    folder = ROOT / "tests" / "golden"
    folder.mkdir(exist_ok=True)
    cases, _ = load_file(folder / "cases.yaml")
    for name, case in cases.items():
        (folder / f"impact-{name}.csv").write_text(golden_csv(kb, **case), encoding="utf-8")
        print(f"wrote tests/golden/impact-{name}.csv")


if __name__ == "__main__":
    main()
