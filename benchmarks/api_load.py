"""API clients through nginx to two replicas (loopback only; not a test):

    python benchmarks/api_load.py [--clients 200] [--duration 20] [--timeout 10]

Starts 2 replicas + nginx (deploy/serve.py), warms each replica, then runs CLIENTS concurrent clients
(threads, one kept-alive connection each) that ask `resolve` (varying the case) for DURATION seconds.
Prints requests per second, p50/p95, errors (a non-200 or a request past TIMEOUT counts as one), the
share per replica and the load generator's own CPU. A first step towards issue 15's load mixes:
Streamlit sessions driven at protocol level are in benchmarks/load_test.py.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from deploy.serve import start_cluster  # noqa: E402

STATES = ["AM", "BY", "KG", "KZ", "RU", "TJ", "UZ"]
CARES = ["emergency", "primary", "inpatient", "childbirth"]


def _queries() -> list[str]:
    out = []
    for host, origin, care in itertools.product(STATES, STATES, CARES):
        if host != origin:
            out.append(f"host={host}&origin={origin}&person=spouse&status=contract&residence=stay&care={care}"
                       "&date=2026-06-01")
    return out


def run(url: str, clients: int, duration: float, timeout: float) -> dict[str, object]:
    queries = _queries()
    latencies: list[float] = []
    errors = [0]
    upstreams: dict[str, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def client(index: int) -> None:
        session = requests.Session()
        session.trust_env = False
        n = index
        while time.monotonic() < stop:
            query = queries[n % len(queries)]
            n += clients
            start = time.perf_counter()
            try:
                r = session.get(f"{url}/api/v1/resolve?{query}", timeout=timeout)
                ok = r.status_code == 200
                upstream = r.headers.get("X-Upstream", "?")
            except requests.RequestException:
                ok, upstream = False, "?"
            elapsed = time.perf_counter() - start
            with lock:
                if ok:
                    latencies.append(elapsed)
                    upstreams[upstream] = upstreams.get(upstream, 0) + 1
                else:
                    errors[0] += 1

    cpu0, wall0 = time.process_time(), time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + timeout + 30)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    latencies.sort()
    done = len(latencies)
    return {
        "clients": clients,
        "requests": done + errors[0],
        "rps": round(done / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000) if done else None,
        "p95_ms": round(latencies[int(0.95 * (done - 1))] * 1000) if done else None,
        "errors": errors[0],
        "per_replica": upstreams,
        "generator_cpu_share": round(cpu / wall / 2, 2),  # of the machine's 2 cores
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--timeout", type=float, default=10)
    args = parser.parse_args()
    with start_cluster(replicas=2, upstream_header=True) as cluster:
        for _ in range(4):  # both replicas load their knowledge base before the clock starts
            requests.get(f"{cluster.url}/api/v1/meta", timeout=60)
        print(run(cluster.url, args.clients, args.duration, args.timeout), flush=True)


if __name__ == "__main__":
    main()
