"""Load test through nginx: simulated visitors, sticky sessions, no errors, no lost sessions.

    .venv/bin/python benchmarks/load_test.py [--sessions 20] [--concurrency 20] [--duration 30]
                                             [--max-requests 400] [--url http://127.0.0.1:PORT]

Without --url it starts two replicas and nginx itself (deploy/serve.py, with the X-Upstream
header) and stops them afterwards. With --url the target must be on 127.0.0.1 and must send
X-Upstream (`python -m deploy.serve --upstream-header`). Nothing but loopback is ever contacted.

Each simulated visitor does what a browser does, with its own cookie jar:
1. GET /  (nginx sets the ce_route sticky cookie), GET /_stcore/health (Streamlit sets its XSRF
   cookie), GET /_stcore/host-config;
2. opens the WebSocket /_stcore/stream (subprotocol "streamlit", the XSRF token, Origin), sends a
   rerun request (Streamlit's protobuf BackMsg) and reads until the script run has finished;
3. closes it and reconnects with its session id (what the frontend does after a network blip),
   sends a second rerun with another query string (as a widget change does) and reads to the end.

A request is an error if its HTTP status is not 200, the WebSocket closes before the run has
finished, the run does not finish successfully, or it takes longer than --timeout. A session is
lost if any of its requests reached another replica than its first one (X-Upstream), or if the
reconnect did not get the same Streamlit session back. Bounded: at most --sessions visitors, at
most --max-requests requests, and no new visitor starts after --duration seconds.

Prints requests, errors, p50/p95 latency per kind, sessions per replica, lost sessions; exits 1
on any error or lost session (or if no session ran at all).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests
from websockets.sync.client import connect as ws_connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

XSRF_COOKIE = "_streamlit_xsrf"
STICKY_COOKIE = "ce_route"
OK_FINISH = {ForwardMsg.FINISHED_SUCCESSFULLY}


class LoopbackOnly(ValueError):
    pass


def require_loopback(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1":
        raise LoopbackOnly(f"refusing {url!r}: the load test only targets http://127.0.0.1:PORT")
    return f"http://127.0.0.1:{parts.port or 80}"


@dataclass
class Result:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    sessions: int = 0
    lost: list[str] = field(default_factory=list)
    per_replica: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def summary(self, elapsed: float) -> dict:
        def pct(values: list[float], q: float) -> float:
            values = sorted(values)
            return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0

        return {
            "sessions": self.sessions,
            "requests": self.requests,
            "errors": len(self.errors),
            "lost_sessions": len(self.lost),
            "sessions_per_replica": dict(sorted(self.per_replica.items())),
            "elapsed_s": round(elapsed, 1),
            "latency_ms": {
                kind: {"n": len(v), "p50": round(pct(v, 0.5) * 1000), "p95": round(pct(v, 0.95) * 1000)}
                for kind, v in sorted(self.latencies.items())
            },
            "first_errors": self.errors[:5],
            "first_lost": self.lost[:5],
        }


class Budget:
    """Shared request budget: a visitor stops as soon as the total is spent."""

    def __init__(self, max_requests: int) -> None:
        self.left = max_requests
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


def _rerun_msg(query_string: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query_string
    msg.rerun_script.page_script_hash = ""
    return msg.SerializeToString()


def _run_over_websocket(
    base: str, cookies: dict[str, str], query: str, session_id: str | None, timeout: float
) -> tuple[str, str]:
    """One WebSocket connection with one script run. Returns (upstream, streamlit session id)."""
    ws_url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    protocols = ["streamlit", cookies.get(XSRF_COOKIE, "")] + ([session_id] if session_id else [])
    cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    deadline = time.monotonic() + timeout
    with ws_connect(
        ws_url, subprotocols=protocols, origin=base, additional_headers={"Cookie": cookie_header},
        open_timeout=timeout, close_timeout=2, max_size=64 * 1024 * 1024, proxy=None,
    ) as ws:
        upstream = ws.response.headers.get("X-Upstream", "")
        ws.send(_rerun_msg(query))
        got_session = ""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"script run not finished within {timeout:.0f}s")
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=left))
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                got_session = msg.new_session.initialize.session_id
            elif kind == "script_finished":
                if msg.script_finished not in OK_FINISH:
                    raise RuntimeError(f"script finished with status {msg.script_finished}")
                return upstream, got_session


def visitor(index: int, base: str, result: Result, budget: Budget, timeout: float) -> None:
    http = requests.Session()
    http.trust_env = False  # never a proxy from the environment
    upstreams: list[str] = []
    sid = ""

    def step(kind: str, fn) -> object | None:
        if not budget.take():
            return None
        start = time.perf_counter()
        try:
            value = fn()
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            with result.lock:
                result.requests += 1
                result.errors.append(f"visitor {index} {kind}: {type(exc).__name__}: {exc}")
            raise
        with result.lock:
            result.requests += 1
            result.latencies[kind].append(time.perf_counter() - start)
        return value

    def get(path: str, expect: bytes | None = None):
        def fn():
            r = http.get(base + path, timeout=timeout, allow_redirects=False)
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code} for {path}")
            if expect is not None and r.content.strip() != expect:
                raise RuntimeError(f"unexpected body for {path}: {r.content[:60]!r}")
            upstreams.append(r.headers.get("X-Upstream", ""))
            return r
        return fn

    try:
        for kind, path, expect in (("GET /", "/", None), ("GET health", "/_stcore/health", b"ok"),
                                   ("GET host-config", "/_stcore/host-config", None)):
            if step(kind, get(path, expect)) is None:
                return
        if STICKY_COOKIE not in http.cookies or XSRF_COOKIE not in http.cookies:
            raise RuntimeError(f"visitor {index}: missing cookie(s): {sorted(http.cookies.keys())}")
        cookies = {k: v for k, v in http.cookies.items()}

        first = step("ws run", lambda: _run_over_websocket(base, cookies, "lang=en", None, timeout))
        if first is None:
            return
        upstreams.append(first[0])
        sid = first[1]
        second = step("ws reconnect+rerun", lambda: _run_over_websocket(base, cookies, "lang=ru", sid, timeout))
        if second is None:
            return
        upstreams.append(second[0])
        with result.lock:
            result.sessions += 1
            if not all(upstreams) or len(set(upstreams)) != 1:
                result.lost.append(f"visitor {index}: requests reached {upstreams}")
            elif second[1] != sid:
                result.lost.append(f"visitor {index}: reconnect got session {second[1][:8]} instead of {sid[:8]}")
            else:
                result.per_replica[upstreams[0]] += 1
    except Exception as exc:  # noqa: BLE001
        with result.lock:
            if not any(e.startswith(f"visitor {index} ") for e in result.errors):
                result.errors.append(f"visitor {index}: {type(exc).__name__}: {exc}")
            result.lost.append(f"visitor {index}: did not complete ({type(exc).__name__})")
    finally:
        http.close()


def run_load(url: str, sessions: int = 20, concurrency: int = 20, duration: float = 30.0,
             max_requests: int = 400, timeout: float = 30.0) -> dict:
    base = require_loopback(url)
    result = Result()
    budget = Budget(max_requests)
    start = time.monotonic()

    def one(i: int) -> None:
        if time.monotonic() - start > duration:
            return  # the time bound: no new visitor after --duration
        visitor(i, base, result, budget, timeout)

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, sessions))) as pool:
        list(pool.map(one, range(sessions)))
    summary = result.summary(time.monotonic() - start)
    summary["ok"] = summary["errors"] == 0 and summary["lost_sessions"] == 0 and summary["sessions"] > 0
    return summary


def format_summary(s: dict) -> str:
    lines = [
        f"sessions {s['sessions']}  requests {s['requests']}  errors {s['errors']}  "
        f"lost sessions {s['lost_sessions']}  in {s['elapsed_s']} s",
        "sessions per replica: " + ", ".join(f"{k} {v}" for k, v in s["sessions_per_replica"].items()),
    ]
    for kind, v in s["latency_ms"].items():
        lines.append(f"  {kind:<20} n={v['n']:<4} p50 {v['p50']:>6} ms  p95 {v['p95']:>6} ms")
    for e in s["first_errors"] + s["first_lost"]:
        lines.append(f"  ! {e}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load test through nginx (loopback only).")
    parser.add_argument("--url", help="an already running nginx on http://127.0.0.1:PORT (else one is started)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0, help="no new visitor after this many seconds")
    parser.add_argument("--max-requests", type=int, default=400)
    parser.add_argument("--timeout", type=float, default=30.0, help="per request / script run")
    parser.add_argument("--replicas", type=int, default=2, help="when starting its own (default 2)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    bounds = dict(sessions=args.sessions, concurrency=args.concurrency, duration=args.duration,
                  max_requests=args.max_requests, timeout=args.timeout)
    try:
        if args.url:
            summary = run_load(args.url, **bounds)
        else:
            from deploy.serve import start_cluster

            with start_cluster(replicas=args.replicas, upstream_header=True) as cluster:
                summary = run_load(cluster.url, **bounds)
    except LoopbackOnly as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=2) if args.json else format_summary(summary))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
