"""A server that never calls out: the app started as the README says (scripts/run: `python -m streamlit
run app.py` with .streamlit/config.toml), traced with `strace -f` (connect, sendto, sendmmsg), while a
browser opens every page, every API route is called, a WebSocket arrives with a foreign Origin, and a
chart image and a PDF brief are downloaded. Any attempt at an address off the machine fails the test,
and so does any DNS query (port 53, even to a resolver on loopback: the server has no name to look
up). Allowed: loopback, AF_UNIX, and UDP "route probes" that connect and send nothing: Streamlit's
internal-address check (port 1) and Chromium's, when kaleido draws a chart image (a UDP socket connected
to a public address to learn the local one, then closed). A UDP connect puts no packet on the wire;
anything sent on such a socket (sendto, sendmsg, sendmmsg) is traced and fails the test. A network
namespace cannot be the test (the look-ups there fail silently), so the real network is traced.
Needs Debian's strace and chromium: fails, never skips.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.helpers import ARTIFACTS, PAGES, free_port, is_local, wait_for_app

ROOT = Path(__file__).resolve().parents[2]
NETWORK_CALLS = ("connect", "sendto", "sendmsg", "sendmmsg")
SYSCALL = re.compile(r"^(?P<pid>\d+)\s+(?:<\.\.\. )?(?P<call>connect|sendto|sendmsg|sendmmsg)\((?P<args>.*)$")
FD_SOCKET = re.compile(r"^\d+<(?P<proto>[A-Za-z0-9-]+):\[(?P<detail>.*?)\]>")
INET = re.compile(r'sa_family=AF_INET, sin_port=htons\((?P<port>\d+)\), sin_addr=inet_addr\("(?P<addr>[^"]+)"\)')
INET6 = re.compile(r'sa_family=AF_INET6, sin6_port=htons\((?P<port>\d+)\).*?inet_pton\(AF_INET6, "(?P<addr>[^"]+)"')
PEER = re.compile(r"->\[?(?P<addr>[0-9a-fA-F.:]+?)\]?:(?P<port>\d+)$")


@dataclass(frozen=True)
class Attempt:
    call: str
    proto: str
    address: str
    port: int
    line: str


def _local(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def attempts(trace: str) -> list[Attempt]:
    """Every connect/sendto/sendmmsg to an IPv4/IPv6 address in an `strace -f -yy` log."""
    found = []
    for line in trace.splitlines():
        match = SYSCALL.match(line)
        if not match:
            continue
        args = match["args"]
        socket_info = FD_SOCKET.match(args)
        proto = socket_info["proto"] if socket_info else "?"
        address = INET.search(args) or INET6.search(args)
        if address:
            found.append(Attempt(match["call"], proto, address["addr"], int(address["port"]), line))
        elif match["call"] != "connect" and socket_info and (peer := PEER.search(socket_info["detail"])):
            found.append(Attempt(match["call"], proto, peer["addr"], int(peer["port"]), line))  # a connected socket
    return found


def violations(found: list[Attempt]) -> list[str]:
    bad = []
    for a in found:
        route_probe = a.call == "connect" and a.proto.startswith("UDP")  # no packet: sends are traced
        if a.port == 53 or not (_local(a.address) or route_probe):
            bad.append(a.line)
    return bad


# --- the detector itself can fire ------------------------------------------------------------------

SAMPLE = """\
27445 connect(3<UDP:[83899]>, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("8.8.8.8")}, 16) = 0
27445 connect(4<UNIX-STREAM:[83901]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT
27445 connect(4<UDP:[83906]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0
27445 sendmmsg(4<UDP:[192.0.2.2:35646->10.255.255.53:53]>, [{msg_hdr={msg_name=NULL, msg_namelen=0}}], 2, 0) = 2
27445 connect(4<TCP:[84429]>, {sa_family=AF_INET, sin_port=htons(8501), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
27446 connect(7<TCP:[9]>, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("52.1.2.3")}, 16) = -1 EINPROGRESS
27446 connect(8<UDP:[10]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0
27447 connect(9<TCPv6:[11]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), \
inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH
27447 sendto(10<UDP:[12]>, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("8.8.8.8")}, 16) = 1
27448 connect(11<UDPv6:[13]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), \
inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0
27448 sendmsg(11<UDPv6:[[2001:db8::2]:5000->[2001:4860:4860::8888]:443]>, {msg_name=NULL}, 0) = 20
"""


def test_the_detector_flags_lookups_and_outside_connections_only() -> None:
    lines = SAMPLE.replace("\\\n", "").splitlines()
    flagged = violations(attempts("\n".join(lines)))
    # the route probe, AF_UNIX and loopback pass; DNS (even to a loopback resolver), outside TCP
    # (IPv4 and IPv6) and anything sent to the probe's address do not
    assert flagged == [lines[2], lines[3], lines[5], lines[6], lines[7], lines[8], lines[10]]


# --- the server, traced ------------------------------------------------------------------------------


def _readme_command() -> list[str]:
    """What scripts/run (the README's way to start the app) runs, after installing what it needs."""
    run = (ROOT / "scripts" / "run").read_text()
    assert 'exec "$PY" -m streamlit run app.py "$@"' in run, "scripts/run changed: update this test"
    return [sys.executable, "-m", "streamlit", "run", "app.py"]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the traced server exited:\n{log.read_text(errors='replace')[-3000:]}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail("the traced server did not become healthy in 90 s", pytrace=False)


def _stop_traced(strace: subprocess.Popen) -> None:
    """Stop the server (strace's child), then strace, which exits when its tracee does."""
    children = Path(f"/proc/{strace.pid}/task/{strace.pid}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        strace.wait(timeout=30)
    except subprocess.TimeoutExpired:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        strace.wait(timeout=30)


def _foreign_origin_websocket(port: int) -> None:
    from websockets.exceptions import InvalidStatus, WebSocketException
    from websockets.sync.client import connect

    try:
        with connect(f"ws://127.0.0.1:{port}/_stcore/stream", origin="https://elsewhere.example",
                     subprotocols=["streamlit"], open_timeout=20) as ws:
            ws.recv(timeout=5)
    except (InvalidStatus, WebSocketException, TimeoutError, OSError):
        pass  # refused or closed: what matters is what the server did meanwhile


def _api_calls(url: str) -> int:
    from tests.api.test_routes import GOOD

    calls = 0
    for name, query in GOOD.items():
        for extra in ("", "format=csv"):
            if extra and name in ("resolve", "meta", "openapi.json"):
                continue
            full = "&".join(p for p in (query, extra) if p)
            with urllib.request.urlopen(f"{url}/api/v1/{name}" + (f"?{full}" if full else ""), timeout=120) as r:
                assert r.status == 200, name
            calls += 1
    return calls


def _download(page, button) -> str:
    with page.expect_download(timeout=120_000) as info:
        button.click()
    return info.value.suggested_filename


@pytest.mark.e2e
def test_the_server_started_as_the_readme_says_never_calls_out(browser, tmp_path: Path) -> None:
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace not found: `apt-get install strace` (scripts/test does). This test never skips.",
                    pytrace=False)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    trace_path, log_path = ARTIFACTS / "no-egress.strace", ARTIFACTS / "no-egress-server.log"
    port = free_port()
    # Only the port is added (scripts/run passes its arguments on): no --server.address, no headless
    # flag, so the start-up path is the README's, banner and all.
    # --seccomp-bpf: the traced processes (the server, and the Chromium kaleido starts: the filter is
    # inherited) stop only at the calls traced, not at every system call: the same trace in half the
    # time (135 → 68 s). Where the filter cannot be set up strace says so and stops at every call.
    command = [strace, "-f", "--seccomp-bpf", "-yy", "-qq", "-e", "trace=" + ",".join(NETWORK_CALLS),
               "-o", str(trace_path), *_readme_command(), "--server.port", str(port)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=log,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    downloads: list[str] = []
    try:
        _wait_healthy(url, server, log_path)
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
        for path in PAGES:
            page.goto(f"{url}/{path}", wait_until="domcontentloaded")
            wait_for_app(page, timeout_ms=90_000)
        # a chart image: the first chart's Download menu on the overview, its PNG
        page.goto(f"{url}/overview", wait_until="domcontentloaded")
        wait_for_app(page, timeout_ms=90_000)
        menus = page.get_by_test_id("stMain").locator("[class*='-downloads'] [data-testid='stPopoverButton']:visible")
        menus.first.click()
        buttons = page.get_by_test_id("stPopoverBody").get_by_test_id("stDownloadButton")
        downloads.append(_download(page, buttons.locator("button:visible", has_text="PNG").first))
        # a PDF brief
        page.goto(f"{url}/briefs?brief=corridor&host=RU&origin=KG", wait_until="domcontentloaded")
        wait_for_app(page, timeout_ms=90_000)
        downloads.append(_download(page, page.locator(".st-key-brief-pdf button").first))
        context.close()
        assert _api_calls(url) >= 20
        _foreign_origin_websocket(port)
        time.sleep(3)  # Streamlit's own look-up has a 1 s timeout per try: give it time to show
        assert _healthy_after(url)
    finally:
        _stop_traced(server)
    assert downloads[0].endswith(".png") and downloads[1].endswith(".pdf"), downloads
    trace = trace_path.read_text(errors="replace")
    found = attempts(trace)
    # The trace saw the server: its loopback traffic and the foreign Origin's route probe are there.
    assert any(a.port == 1 and a.proto.startswith("UDP") for a in found), "the foreign-Origin check did not run"
    assert violations(found) == [], "\n".join(violations(found))


def _healthy_after(url: str) -> bool:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        return response.read().strip() == b"ok"
