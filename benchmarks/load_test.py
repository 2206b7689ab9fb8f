"""Load test through nginx: API clients and Streamlit sessions at protocol level (no browsers).

    .venv/bin/python benchmarks/load_test.py [--sessions 20] [--concurrency 20] [--duration 30]
                                             [--max-requests 400] [--url http://127.0.0.1:PORT]
    .venv/bin/python benchmarks/load_test.py --mix all [--duration 20] [--no-api-cache] [--cases shared]
    .venv/bin/python benchmarks/load_test.py --mix api|sessions|sessions-25|both [--api-clients N] [--sessions N]

Without --url it starts two replicas and nginx itself (deploy/serve.py, with the X-Upstream
header; nginx's caches on unless --no-cache) and stops them afterwards. With --url the
target must be on 127.0.0.1 and must send X-Upstream (`python -m deploy.serve --upstream-header`).
Nothing but loopback is ever contacted.

Default (``--mix visitors``, the CI test's load): each simulated visitor does what a browser does,
with its own cookie jar:
1. GET /  (nginx sets the ce_route sticky cookie), GET /_stcore/health (Streamlit sets its XSRF
   cookie), GET /_stcore/host-config;
2. opens the WebSocket /_stcore/stream (subprotocol "streamlit", the XSRF token, Origin), sends a
   rerun request (Streamlit's protobuf BackMsg) and reads until the script run has finished;
3. closes it and reconnects with its session id (what the frontend does after a network blip),
   sends a second rerun with another query string (as a widget change does) and reads to the end.

The issue's mixes (``--mix``): ``api`` 200 API clients; ``sessions`` 50 sessions; ``both`` 150 API
clients + 25 sessions; ``sessions-25`` the same 25 sessions with the API idle (the reference for
"script runs while the API is busy"); ``all`` the four in turn on one warmed cluster. API clients
ask ``resolve`` (nine in ten) and other routes, each on one kept-alive connection; sessions hold a
WebSocket, run a page (--page, default coverage) every --think seconds and reconnect once. Each
mix prints requests/s, p50/p95 per kind, errors, lost sessions, nginx cache statuses, answers per
replica, the load average before it and the generator's own CPU (process CPU time / wall / cores).

A request is an error if its HTTP status is not 200, the WebSocket closes before the run has
finished, the run does not finish successfully, or it takes longer than --timeout (API:
--api-timeout). A session is lost if any of its requests reached another replica than its first
one (X-Upstream), or if the reconnect did not get the same Streamlit session back. Bounded:
visitors: at most --sessions, at most --max-requests requests, no new visitor after --duration
seconds; mixes: --duration seconds each, at most --max-requests requests each, fixed clients.

Exits 1 on any error or lost session (or if no session ran at all).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
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

LOOPBACK = "127.0.0.1"
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


def _rerun_msg(query_string: str, page: str = "") -> bytes:
    """A rerun request as the browser sends it; ``page`` is a page's url_path ("" = the default page)."""
    msg = BackMsg()
    msg.rerun_script.query_string = query_string
    msg.rerun_script.page_script_hash = ""
    msg.rerun_script.page_name = page
    return msg.SerializeToString()


def _read_run(ws, deadline: float, timeout: float) -> str:
    """Read ForwardMsgs until the script run has finished; returns the session id if one was announced."""
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
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # the app asked for a rerun (e.g. st.navigation moving to the asked page): read on
            if msg.script_finished not in OK_FINISH:
                raise RuntimeError(f"script finished with status {msg.script_finished}")
            return got_session


def _open_stream(base: str, cookies: dict[str, str], session_id: str | None, timeout: float):
    ws_url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    protocols = ["streamlit", cookies.get(XSRF_COOKIE, "")] + ([session_id] if session_id else [])
    cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return ws_connect(
        ws_url, subprotocols=protocols, origin=base, additional_headers={"Cookie": cookie_header},
        open_timeout=timeout, close_timeout=2, max_size=64 * 1024 * 1024, proxy=None,
    )


def _run_over_websocket(
    base: str, cookies: dict[str, str], query: str, session_id: str | None, timeout: float, page: str = ""
) -> tuple[str, str]:
    """One WebSocket connection with one script run. Returns (upstream, streamlit session id)."""
    deadline = time.monotonic() + timeout
    with _open_stream(base, cookies, session_id, timeout) as ws:
        upstream = ws.response.headers.get("X-Upstream", "")
        ws.send(_rerun_msg(query, page))
        return upstream, _read_run(ws, deadline, timeout)


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


# --- the load mixes: API clients and Streamlit sessions together ---------------------------
#
# API clients are asyncio coroutines on one thread, each with one kept-alive HTTP/1.1 connection and a
# minimal client (a request line, read the headers, read Content-Length bytes): the `requests`
# library cost the generator 40 % of the two cores at 200 clients, which then competed with the
# server it measures. Sessions are threads (websockets' sync client), each holding one WebSocket
# open for the whole visit and asking for a script run every --think seconds, as a person changing a
# widget does, then reconnecting once with its session id (lost if another replica or another
# session answers).

MIXES: dict[str, tuple[int, int]] = {  # name: (API clients, sessions)
    "api": (200, 0),
    "sessions": (0, 50),
    "sessions-25": (0, 25),  # the reference for "both": the same sessions with the API idle
    "both": (150, 25),
}
ALL_MIXES = ("api", "sessions", "sessions-25", "both")
KINDS = ("resolve", "other API", "session script run")
FIRST_DAY = dt.date(2010, 1, 1)
DAYS = (dt.date(2035, 12, 31) - FIRST_DAY).days + 1


class Recorder:
    """Every request's kind, latency and outcome, from any thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.first_errors: list[str] = []
        self.cache: Counter[str] = Counter()
        self.per_replica: Counter[str] = Counter()
        self.sessions = 0
        self.lost: list[str] = []

    def ok(self, kind: str, seconds: float, upstream: str = "", cache: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if upstream:
                self.per_replica[upstream] += 1
            if cache:
                self.cache[cache] += 1

    def error(self, kind: str, what: str) -> None:
        with self.lock:
            self.errors[kind] += 1
            if len(self.first_errors) < 5:
                self.first_errors.append(f"{kind}: {what}")


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


class Questions:
    """The API questions, in turn. ``unique``: every resolve a new case (host, origin, care and date vary
    together, none repeats within a run: each one a cache miss); ``shared``: a few dozen questions asked
    by everyone (the twins of a shared link; after the first, cache hits). One in ``other_every`` is
    another route (matrix, compare, family, findings, the tables)."""

    asked = 0  # across the mixes of one run: a later mix's unique questions are new to the cache too

    def __init__(self, states: list[str], cases: str, other_every: int) -> None:
        self.pairs = [(h, o) for h in states for o in states if h != o]
        self.cares = ["emergency", "primary", "inpatient", "childbirth"]
        self.cases = cases
        self.other_every = other_every
        self.n = Questions.asked if cases == "unique" else 0

    def _day(self, n: int) -> str:
        span = DAYS if self.cases == "unique" else 3  # shared: three dates in all
        return (FIRST_DAY + dt.timedelta(days=(n * 7919) % span + (0 if self.cases == "unique" else 6000))).isoformat()

    def next(self) -> tuple[str, str]:
        n = self.n
        self.n += 1
        Questions.asked = max(Questions.asked, self.n)
        k = n if self.cases == "unique" else n % 40
        host, origin = self.pairs[k % len(self.pairs)]
        day = self._day(k)
        if self.other_every and n % self.other_every == self.other_every - 1:
            j = (n // self.other_every) % 8
            other = (
                f"/api/v1/matrix?date={day}&host={host}&origin={origin}",
                f"/api/v1/compare?states={host},{origin}&date={day}",
                f"/api/v1/family?host={host}&origin={origin}&date={day}",
                f"/api/v1/findings?date={day}",
                "/api/v1/states",
                "/api/v1/instruments",
                "/api/v1/sources?format=csv",
                "/api/v1/scenarios",
            )[j]
            return "other API", other
        care = self.cares[(k // 7) % len(self.cares)]
        return "resolve", (f"/api/v1/resolve?host={host}&origin={origin}&person=spouse&status=auto&residence=stay"
                           f"&care={care}&date={day}")


async def _http_get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str,
                    path: str) -> tuple[int, dict[str, str], int]:
    """One GET on a kept-alive connection: (status, headers in lower case, body length)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: ce-load-test\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
        size = len(body)
    elif headers.get("transfer-encoding") == "chunked":
        size = 0
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                break
    else:
        raise RuntimeError(f"no length for {path}")
    return status, headers, size


async def _api_client(base: str, questions: Questions, rec: Recorder, stop_at: float, timeout: float,
                      budget: Budget) -> None:
    parts = urlsplit(base)
    host, port = parts.hostname or LOOPBACK, parts.port or 80
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def ask(path: str) -> tuple[int, dict[str, str], int]:
        nonlocal conn
        if conn is None:
            conn = await asyncio.open_connection(host, port)
        return await _http_get(conn[0], conn[1], f"{host}:{port}", path)

    while time.monotonic() < stop_at and budget.take():
        kind, path = questions.next()
        start = time.perf_counter()
        try:
            status, headers, _ = await asyncio.wait_for(ask(path), timeout)
        except (TimeoutError, OSError, RuntimeError, ValueError, asyncio.IncompleteReadError) as exc:
            rec.error(kind, f"{path[:80]}: {type(exc).__name__} {exc}"[:200])
            if conn is not None:
                conn[1].close()
                conn = None
            continue
        elapsed = time.perf_counter() - start
        if status != 200:
            rec.error(kind, f"{path[:80]}: HTTP {status}")
        else:
            rec.ok(kind, elapsed, headers.get("x-upstream", ""), headers.get("x-cache-status", ""))
        if headers.get("connection", "").lower() == "close" and conn is not None:
            conn[1].close()
            conn = None
    if conn is not None:
        conn[1].close()


def _api_clients(base: str, clients: int, questions: Questions, rec: Recorder, stop_at: float, timeout: float,
                 budget: Budget) -> None:
    async def everyone() -> None:
        await asyncio.gather(*(_api_client(base, questions, rec, stop_at, timeout, budget) for _ in range(clients)))

    asyncio.run(everyone())


SESSION_QUERIES = ("lang=en", "lang=ru", "lang=en&care=emergency", "lang=en&person=child&residence=temporary_permit")


def _session(index: int, base: str, rec: Recorder, stop_at: float, timeout: float, think: float, page: str,
             budget: Budget) -> None:
    """One visitor's session for the whole mix: the page's GETs, then a script run every ``think`` seconds
    on one WebSocket (at least one run, however late it starts); after the second run it reconnects with
    its session id, as the browser does after a network blip, and goes on there. Lost: any request on
    another replica, or a run answered by another session."""
    http = requests.Session()
    http.trust_env = False
    upstreams: list[str] = []
    sids: set[str] = set()
    ws = None
    try:
        for path in ("/" + page, "/_stcore/health", "/_stcore/host-config"):
            if not budget.take():
                return
            start = time.perf_counter()
            r = http.get(base + path, timeout=timeout, allow_redirects=False)
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code} for {path}")
            rec.ok("session page GET", time.perf_counter() - start)
            upstreams.append(r.headers.get("X-Upstream", ""))
        cookies = dict(http.cookies.items())
        if STICKY_COOKIE not in cookies or XSRF_COOKIE not in cookies:
            raise RuntimeError(f"missing cookie(s): {sorted(cookies)}")
        runs = 0
        while runs < 3 or (time.monotonic() < stop_at and budget.take()):
            kind = "session script run"
            start = time.perf_counter()
            if ws is None or runs == 2:
                if ws is not None:
                    ws.__exit__(None, None, None)
                    kind = "session reconnect+run"
                ws = _open_stream(base, cookies, next(iter(sids)) if sids else None, timeout).__enter__()
                upstreams.append(ws.response.headers.get("X-Upstream", ""))
                if runs == 0:
                    kind = "session first run"
            ws.send(_rerun_msg(SESSION_QUERIES[runs % len(SESSION_QUERIES)], page))
            sids.add(_read_run(ws, time.monotonic() + timeout, timeout))
            rec.ok(kind, time.perf_counter() - start)
            runs += 1
            if time.monotonic() < stop_at:
                time.sleep(think)
        with rec.lock:
            rec.sessions += 1
            if not all(upstreams) or len(set(upstreams)) != 1:
                rec.lost.append(f"session {index}: requests reached {sorted(set(upstreams))}")
            elif len(sids) != 1 or "" in sids:
                rec.lost.append(f"session {index}: runs answered by sessions {sorted(x[:8] for x in sids)}")
    except Exception as exc:  # noqa: BLE001 - every failure is an error and loses the session
        rec.error("session script run", f"session {index}: {type(exc).__name__}: {exc}"[:200])
        with rec.lock:
            rec.lost.append(f"session {index}: did not complete ({type(exc).__name__})")
    finally:
        if ws is not None:
            ws.__exit__(None, None, None)
        http.close()


@dataclass
class MixOptions:
    duration: float = 20.0
    api_timeout: float = 10.0
    session_timeout: float = 30.0
    think: float = 5.0
    page: str = "coverage"
    cases: str = "unique"
    other_every: int = 10
    max_requests: int = 100_000


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system), from /proc: other processes on the machine do not
    inflate it, unlike wall-clock latency."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(cluster) -> dict[str, int]:
    """The replicas' and nginx's processes (its workers are the master's children) of a local cluster."""
    pids = {f"replica {r.port}": r.process.pid for r in cluster.replicas}
    if cluster.nginx is not None:
        pids["nginx"] = cluster.nginx.pid
        children = Path(f"/proc/{cluster.nginx.pid}/task/{cluster.nginx.pid}/children")
        for child in children.read_text().split() if children.exists() else []:
            pids[f"nginx {child}"] = int(child)
    return pids


def run_mix(url: str, name: str, api_clients: int, sessions: int, options: MixOptions,
            pids: dict[str, int] | None = None) -> dict:
    """One mix for ``options.duration`` seconds; a summary (see ``format_mix``). With ``pids`` (the
    servers' processes), their CPU time during the mix too."""
    base = require_loopback(url)
    meta = requests.get(base + "/api/v1/meta", timeout=60, proxies={"http": "", "https": ""}).json()
    questions = Questions(list(meta["states"]), options.cases, options.other_every)
    rec = Recorder()
    budget = Budget(options.max_requests)
    load_before = os.getloadavg()[0]
    server0 = {}
    for key, pid in (pids or {}).items():
        try:
            server0[key] = cpu_seconds(pid)
        except OSError:
            continue
    pids = {k: v for k, v in (pids or {}).items() if k in server0}
    cpu0, wall0 = time.process_time(), time.perf_counter()
    stop_at = time.monotonic() + options.duration
    threads = [threading.Thread(target=_session, args=(i, base, rec, stop_at, options.session_timeout,
                                                        options.think, options.page, budget), daemon=True)
               for i in range(sessions)]
    if api_clients:
        threads.append(threading.Thread(target=_api_clients, args=(base, api_clients, questions, rec, stop_at,
                                                                   options.api_timeout, budget), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(options.duration + options.session_timeout * 2 + 30)  # bounded even if a server hangs
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    server_cpu = {}
    for key, pid in (pids or {}).items():
        try:
            server_cpu[key] = round(cpu_seconds(pid) - server0[key], 2)
        except OSError:  # gone (nginx's cache loader exits a minute after the start)
            continue
    kinds = {}
    for kind in sorted(set(rec.latencies) | set(rec.errors)):
        values = rec.latencies.get(kind, [])
        kinds[kind] = {"n": len(values), "rps": round(len(values) / wall, 1),
                       "p50_ms": round(_pct(values, 0.5) * 1000) if values else None,
                       "p95_ms": round(_pct(values, 0.95) * 1000) if values else None,
                       "errors": rec.errors.get(kind, 0)}
    done = sum(len(v) for v in rec.latencies.values())
    return {
        "mix": name, "api_clients": api_clients, "sessions": sessions, "duration_s": options.duration,
        "cases": options.cases, "page": options.page or "(default)", "think_s": options.think,
        "load_average_before": round(load_before, 2), "wall_s": round(wall, 1),
        "requests": done + sum(rec.errors.values()), "rps": round(done / wall, 1),
        "errors": sum(rec.errors.values()), "sessions_done": rec.sessions, "lost_sessions": len(rec.lost),
        "per_replica": dict(sorted(rec.per_replica.items())), "cache": dict(sorted(rec.cache.items())),
        "generator_cpu": round(cpu / wall / (os.cpu_count() or 1), 2),
        "server_cpu_s": server_cpu,
        "kinds": kinds, "first_errors": rec.first_errors, "first_lost": rec.lost[:5],
    }


def format_mix(s: dict) -> str:
    lines = [
        f"== {s['mix']}: {s['api_clients']} API clients ({s['cases']} cases) + {s['sessions']} sessions "
        f"(page {s['page']}, a run every {s['think_s']:g} s) for {s['duration_s']:g} s; load average before "
        f"{s['load_average_before']}",
        f"   {s['requests']} requests, {s['rps']} /s, errors {s['errors']}, sessions {s['sessions_done']}, "
        f"lost {s['lost_sessions']}; generator CPU {s['generator_cpu']:.0%} of the machine",
    ]
    if s.get("server_cpu_s"):
        replicas = sum(v for k, v in s["server_cpu_s"].items() if k.startswith("replica"))
        nginx = sum(v for k, v in s["server_cpu_s"].items() if k.startswith("nginx"))
        runs = sum(v["n"] for k, v in s["kinds"].items() if k.startswith("session") and "run" in k)
        api = sum(v["n"] for k, v in s["kinds"].items() if k in ("resolve", "other API"))
        line = f"   server CPU: replicas {replicas:.1f} s, nginx {nginx:.1f} s"
        if runs and not api:
            line += f"; replicas per script run {replicas / runs * 1000:.0f} ms"
        if api and not runs:
            line += f"; replicas per API answer {replicas / api * 1000:.2f} ms"
        lines.append(line)
    if s["per_replica"]:
        lines.append("   API answers per replica: " + ", ".join(f"{k} {v}" for k, v in s["per_replica"].items()))
    if s["cache"]:
        lines.append("   nginx cache: " + ", ".join(f"{k} {v}" for k, v in s["cache"].items()))
    for kind, v in s["kinds"].items():
        lines.append(f"   {kind:<24} n={v['n']:<6} {v['rps']:>7}/s  p50 {v['p50_ms']} ms  p95 {v['p95_ms']} ms  "
                     f"errors {v['errors']}")
    for e in s["first_errors"] + s["first_lost"]:
        lines.append(f"   ! {e}")
    return "\n".join(lines)


def busy_vs_alone(results: list[dict]) -> str | None:
    """Session script runs in 'both' against the same number of sessions alone ('sessions-25')."""
    by = {r["mix"]: r for r in results}
    kind = "session script run"
    if "both" not in by or "sessions-25" not in by:
        return None
    busy, alone = by["both"]["kinds"].get(kind), by["sessions-25"]["kinds"].get(kind)
    if not busy or not alone or not busy["n"] or not alone["n"]:
        return None
    return (f"session script run with the API busy vs alone ({by['both']['sessions']} sessions): "
            f"p50 {busy['p50_ms']} vs "
            f"{alone['p50_ms']} ms ({busy['p50_ms'] / alone['p50_ms']:.2f}x), p95 {busy['p95_ms']} vs "
            f"{alone['p95_ms']} ms ({busy['p95_ms'] / alone['p95_ms']:.2f}x)")


def run_mixes(url: str, names: list[str], options: MixOptions, api_clients: int | None = None,
              sessions: int | None = None, settle: float = 5.0, pids: dict[str, int] | None = None) -> list[dict]:
    results = []
    for i, name in enumerate(names):
        if i:
            time.sleep(settle)  # the previous mix's sessions close
        clients, count = MIXES[name]
        if api_clients is not None and clients:
            clients = api_clients
        if sessions is not None and count:
            count = sessions
        results.append(run_mix(url, name, clients, count, options, pids))
        print(format_mix(results[-1]), flush=True)
    return results


def _warm(url: str, rounds: int = 6) -> None:
    """Every replica loads its knowledge base and runs the page once before the clock starts."""
    base = require_loopback(url)
    for _ in range(rounds):
        requests.get(base + "/api/v1/meta", timeout=90, proxies={"http": "", "https": ""})
    for _ in range(rounds):
        http = requests.Session()
        http.trust_env = False
        http.get(base + "/", timeout=90)
        http.get(base + "/_stcore/health", timeout=90)
        _run_over_websocket(base, dict(http.cookies.items()), "lang=en", None, 90, "coverage")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load test through nginx (loopback only).")
    parser.add_argument("--url", help="an already running nginx on http://127.0.0.1:PORT (else one is started)")
    parser.add_argument("--mix", choices=["visitors", *ALL_MIXES, "all"], default="visitors",
                        help="visitors: the short visitor test (default); api: 200 API clients; sessions: 50 "
                             "sessions; sessions-25: 25 sessions alone; both: 150 API clients + 25 sessions; "
                             "all: the four in turn")
    parser.add_argument("--sessions", type=int, default=None,
                        help="visitors (default 20), or the sessions of a mix (default: the mix's)")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--api-clients", type=int, default=None, help="the API clients of a mix (default: the mix's)")
    parser.add_argument("--duration", type=float, default=None,
                        help="visitors: no new visitor after this (default 30); a mix: its length (default 20)")
    parser.add_argument("--max-requests", type=int, default=None,
                        help="visitors: default 400; each mix: default 100,000")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request / script run (sessions)")
    parser.add_argument("--api-timeout", type=float, default=10.0, help="per API request; past it, an error")
    parser.add_argument("--think", type=float, default=5.0, help="a session's pause between script runs")
    parser.add_argument("--page", default="coverage", help="the page a mix's sessions run (url path; '' = Overview)")
    parser.add_argument("--cases", choices=["unique", "shared"], default="unique",
                        help="API questions: all different (cache misses) or a few dozen asked by all (hits)")
    parser.add_argument("--other-every", type=int, default=10, help="one API request in N is not resolve (0: none)")
    parser.add_argument("--no-cache", action="store_true", help="start nginx without its caches (/api/, /static/)")
    parser.add_argument("--replicas", type=int, default=2, help="when starting its own (default 2)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    if args.mix == "visitors":
        bounds = dict(sessions=args.sessions or 20, concurrency=args.concurrency,
                      duration=args.duration or 30.0, max_requests=args.max_requests or 400, timeout=args.timeout)
        run = lambda url, pids=None: run_load(url, **bounds)  # noqa: E731
    else:
        options = MixOptions(duration=args.duration or 20.0, api_timeout=args.api_timeout,
                             session_timeout=args.timeout, think=args.think, page=args.page, cases=args.cases,
                             other_every=args.other_every, max_requests=args.max_requests or 100_000)
        names = list(ALL_MIXES) if args.mix == "all" else [args.mix]

        def run(url: str, pids: dict[str, int] | None = None) -> dict:
            _warm(url)
            results = run_mixes(url, names, options, args.api_clients, args.sessions, pids=pids)
            comparison = busy_vs_alone(results)
            if comparison:
                print(comparison, flush=True)
            ok = all(r["errors"] == 0 and r["lost_sessions"] == 0 for r in results)
            return {"ok": ok, "mixes": results, "busy_vs_alone": comparison, "cpu_count": os.cpu_count()}
    try:
        if args.url:
            summary = run(args.url)
        else:
            from deploy.serve import start_cluster

            with start_cluster(replicas=args.replicas, upstream_header=True,
                               cache=not args.no_cache) as cluster:
                summary = run(cluster.url, server_pids(cluster))
    except LoopbackOnly as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary, indent=2))
    elif args.mix == "visitors":
        print(format_summary(summary))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
