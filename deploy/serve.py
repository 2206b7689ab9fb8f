"""Run N Streamlit replicas of the app behind nginx on loopback (sticky sessions, shared secret).

    python -m deploy.serve [--replicas 2] [--port 8080] [--base-port 8701] [--upstream-header]

(or `scripts/serve_replicas`, which installs what it needs first). It:

1. takes the cookie secret from COVERAGE_COOKIE_SECRET, or generates one for this run, and gives
   it to every replica (as STREAMLIT_SERVER_COOKIE_SECRET, so it never shows in `ps`);
2. starts the replicas: `python -m streamlit run app.py` on 127.0.0.1, one port each;
3. polls each replica's /_stcore/health until it answers "ok" (nginx open source has only passive
   health checks, so nothing is put behind nginx before it is healthy);
4. renders deploy/nginx.conf.template into a temp dir and runs nginx in the foreground there (its
   own pid, logs and temp paths: no system configuration is read or changed);
5. stops nginx and every replica on exit, Ctrl+C or SIGTERM.

`start_cluster()` does the same as a context manager, for the tests and the load test.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
LOOPBACK = "127.0.0.1"
HEALTH_TIMEOUT = 90.0
# nginx's caches (proxy_cache), both below the run's PREFIX:
# - the API (/api/): answers depend only on the full URI and the data version, and say
#   "Cache-Control: public, max-age=300", which nginx obeys. The key is the whole request URI with its
#   query, so a different question is never answered from another's entry. proxy_cache_lock: many
#   clients asking the same new URL at once wait for one answer instead of asking every replica;
# - Streamlit's own static files (/static/: the browser code, hashed names, "public, immutable").
CACHE_PATH_LINES = (
    "proxy_cache_path {prefix}/api_cache levels=1:2 keys_zone=api_cache:10m max_size=256m inactive=10m"
    " use_temp_path=off;\n"
    "    proxy_cache_path {prefix}/static_cache levels=1:2 keys_zone=static_cache:2m max_size=256m"
    " inactive=1d use_temp_path=off;"
)
API_CACHE_LINES = """proxy_cache api_cache;
            proxy_cache_key $scheme://$host$request_uri;
            proxy_cache_methods GET HEAD;
            proxy_cache_lock on;
            proxy_cache_lock_timeout 10s;
            proxy_cache_use_stale error timeout updating http_502 http_503;
            add_header X-Cache-Status $upstream_cache_status always;"""
STATIC_CACHE_LINES = """proxy_cache static_cache;
            proxy_cache_key $scheme://$host$request_uri;
            proxy_cache_lock on;
            add_header X-Cache-Status $upstream_cache_status always;"""


class ClusterError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def find_nginx() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if not found:
        raise ClusterError("nginx not found: install it (Debian: `apt-get install nginx`; scripts/test does)")
    return found


def render_config(
    prefix: Path, listen: str, replica_ports: list[int], upstream_header: bool = False,
    max_fails: int = 3, fail_timeout: str = "10s", cache: bool = True,
) -> str:
    servers = "\n".join(
        f"        server {LOOPBACK}:{port} max_fails={max_fails} fail_timeout={fail_timeout};"
        for port in replica_ports
    )
    values = {
        "@@PREFIX@@": str(prefix),
        "@@USER_LINE@@": "user nobody nogroup;" if os.geteuid() == 0 else "",
        "@@LISTEN@@": listen,
        "@@SERVERS@@": servers,
        "@@UPSTREAM_HEADER@@": "add_header X-Upstream $upstream_addr always;" if upstream_header else "",
        "@@CACHE_PATHS@@": CACHE_PATH_LINES.format(prefix=prefix) if cache else "",
        "@@API_CACHE@@": API_CACHE_LINES if cache else "",
        "@@STATIC_CACHE@@": STATIC_CACHE_LINES if cache else "",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(key, value)
    if "@@" in text:
        raise ClusterError("nginx template has an unreplaced @@placeholder@@")
    return text


@dataclass
class Replica:
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class Cluster:
    port: int
    replicas: list[Replica]
    workdir: Path
    nginx: subprocess.Popen | None = None
    cookie_secret_generated: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def nginx_error_log(self, lines: int = 30) -> str:
        try:
            return "\n".join((self.workdir / "error.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no nginx error log)"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _wait_healthy(replicas: list[Replica], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pending = list(replicas)
    while pending:
        for replica in list(pending):
            if replica.process.poll() is not None:
                raise ClusterError(
                    f"replica on port {replica.port} exited with code {replica.process.returncode}:\n"
                    f"{replica.log_tail()}"
                )
            if _healthy(replica.url):
                pending.remove(replica)
        if pending and time.monotonic() > deadline:
            raise ClusterError(
                f"replica on port {pending[0].port} not healthy within {timeout:.0f}s:\n{pending[0].log_tail()}"
            )
        if pending:
            time.sleep(0.25)


def _stop(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


@contextmanager
def start_cluster(
    replicas: int = 2,
    port: int | None = None,
    base_port: int | None = None,
    upstream_header: bool = False,
    env: dict[str, str] | None = None,
    workdir: Path | None = None,
    cache: bool = True,
) -> Iterator[Cluster]:
    """Replicas + nginx on loopback until the block exits. Raises ClusterError if anything fails."""
    nginx_bin = find_nginx()  # fail before starting anything
    if replicas < 1:
        raise ClusterError("need at least one replica")
    secret = os.environ.get("COVERAGE_COOKIE_SECRET", "")
    generated = not secret
    if generated:
        secret = secrets.token_hex(32)
    with ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="coverage-nginx-")))
        workdir.mkdir(parents=True, exist_ok=True)
        # nginx workers run as nobody when started as root: they must reach the temp paths.
        workdir.chmod(0o755)
        ports = [base_port + i for i in range(replicas)] if base_port else [free_port() for _ in range(replicas)]
        listen_port = port or free_port()
        replica_env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            # The same secret on every replica: a cookie signed by one (st.login's auth cookie)
            # must validate on all of them. Environment, not argv: argv is visible in `ps`.
            "STREAMLIT_SERVER_COOKIE_SECRET": secret,
            **(env or {}),
        }
        started: list[Replica] = []
        cluster = Cluster(listen_port, started, workdir, cookie_secret_generated=generated)
        try:
            for replica_port in ports:
                log_path = workdir / f"replica-{replica_port}.log"
                command = [
                    sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                    "--server.address", LOOPBACK,
                    "--server.port", str(replica_port),
                    "--server.headless", "true",
                    "--server.fileWatcherType", "none",
                    "--global.developmentMode", "false",
                ]  # fmt: skip
                with open(log_path, "w") as log:
                    process = subprocess.Popen(
                        command, cwd=ROOT, env=replica_env, stdout=log, stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                    )
                started.append(Replica(replica_port, process, log_path))
            _wait_healthy(started, HEALTH_TIMEOUT)

            conf = workdir / "nginx.conf"
            conf.write_text(
                render_config(workdir, f"{LOOPBACK}:{listen_port}", ports, upstream_header, cache=cache),
                encoding="utf-8",
            )
            check = subprocess.run(
                [nginx_bin, "-t", "-q", "-p", str(workdir), "-c", str(conf)], capture_output=True, text=True
            )
            if check.returncode != 0:
                raise ClusterError(f"nginx -t failed:\n{check.stderr}")
            with open(workdir / "nginx.stderr", "w") as nginx_stderr:
                cluster.nginx = subprocess.Popen(
                    [nginx_bin, "-p", str(workdir), "-c", str(conf)],
                    stdout=subprocess.DEVNULL, stderr=nginx_stderr, stdin=subprocess.DEVNULL,
                )
            deadline = time.monotonic() + 15
            while not _healthy(cluster.url):
                if cluster.nginx.poll() is not None or time.monotonic() > deadline:
                    raise ClusterError(f"nginx did not come up on {cluster.url}:\n{cluster.nginx_error_log()}")
                time.sleep(0.1)
            yield cluster
        finally:
            if cluster.nginx is not None:
                _stop(cluster.nginx)
            for replica in started:
                _stop(replica.process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1 (default 8080)")
    parser.add_argument("--base-port", type=int, default=None, help="first replica port (default: free ports)")
    parser.add_argument("--upstream-header", action="store_true",
                        help="add X-Upstream (the replica's address) to every response, for the load test")
    parser.add_argument("--no-cache", action="store_true",
                        help="no nginx cache (default: /api/ answers for their max-age, 300 s; /static/ files)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep nginx.conf, logs and replica logs here (default: a temp dir, removed)")
    args = parser.parse_args(argv)

    # SIGTERM ends the block like Ctrl+C, so everything is stopped.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        with start_cluster(args.replicas, args.port, args.base_port, args.upstream_header,
                           workdir=args.workdir, cache=not args.no_cache) as cluster:
            ports = ", ".join(str(r.port) for r in cluster.replicas)
            print(f"{len(cluster.replicas)} replicas healthy on 127.0.0.1 ports {ports}", flush=True)
            if cluster.cookie_secret_generated:
                print("cookie secret: generated for this run (set COVERAGE_COOKIE_SECRET to keep one)", flush=True)
            print(f"nginx: {cluster.url}  (config and logs in {cluster.workdir}); Ctrl+C stops everything",
                  flush=True)
            while cluster.nginx.poll() is None and all(r.process.poll() is None for r in cluster.replicas):
                time.sleep(0.5)
            print("a process exited; stopping everything", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
        return 0
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
