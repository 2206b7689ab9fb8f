"""API clients through nginx to two replicas (loopback only; not a test). Kept for its old command:

    python benchmarks/api_load.py [--clients 200] [--duration 20] [--timeout 10]

is `python benchmarks/load_test.py --mix api --api-clients 200 --duration 20 --api-timeout 10`
(benchmarks/load_test.py holds the clients, the sessions and the issue's three mixes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.load_test import main as load_test  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--timeout", type=float, default=10)
    args, rest = parser.parse_known_args(argv)
    return load_test(["--mix", "api", "--api-clients", str(args.clients), "--duration", str(args.duration),
                      "--api-timeout", str(args.timeout), *rest])


if __name__ == "__main__":
    sys.exit(main())
