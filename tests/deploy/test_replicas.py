"""Two replicas behind nginx on loopback (deploy/serve.py): sticky sessions, shared cookie secret,
health passed through, a short bounded load with no errors and no lost sessions, and a real browser
page rendered through nginx.

Needs Debian's nginx (scripts/test installs it). If it is missing these tests FAIL, never skip.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from benchmarks.load_test import LoopbackOnly, _run_over_websocket, require_loopback, run_load
from deploy.serve import Cluster, ClusterError, find_nginx, render_config, start_cluster


@pytest.fixture(scope="module")
def nginx_bin() -> str:
    try:
        return find_nginx()
    except ClusterError as exc:
        pytest.fail(f"{exc}. These tests never skip: run scripts/test, which installs it.", pytrace=False)


@pytest.fixture(scope="module")
def cluster(nginx_bin: str) -> Iterator[Cluster]:
    try:
        with start_cluster(replicas=2, upstream_header=True) as running:
            yield running
    except ClusterError as exc:
        pytest.fail(f"could not start replicas + nginx: {exc}", pytrace=False)


def _fresh() -> requests.Session:
    s = requests.Session()
    s.trust_env = False
    return s


def test_template_renders_to_a_valid_config(nginx_bin: str, tmp_path: Path) -> None:
    conf = tmp_path / "nginx.conf"
    text = render_config(tmp_path, "127.0.0.1:18999", [18901, 18902, 18903])
    conf.write_text(text)
    assert "@@" not in text
    # every replica in both upstreams: the app's (sticky) and the API's (not sticky)
    assert text.count("server 127.0.0.1:189") == 6 and "max_fails=3 fail_timeout=10s" in text
    assert "hash $ce_route consistent;" in text
    api = text[text.index("location /api/"):]
    api = api[: api.index("}")]
    assert "proxy_pass http://streamlit_api;" in api and "Set-Cookie $ce_route" not in api
    assert 'proxy_set_header Cookie "";' in api and "proxy_hide_header Set-Cookie;" in api
    assert "proxy_cache api_cache;" in api and "proxy_cache_key $scheme://$host$request_uri;" in api
    assert f"proxy_cache_path {tmp_path}/api_cache " in text  # inside the run's own folder
    assert f"proxy_cache_path {tmp_path}/static_cache " in text and "proxy_cache static_cache;" in text
    # a new connection to a replica per API request: on a reused one Streamlit's answers wait 40 ms
    # for a delayed ACK (no TCP_NODELAY on its sockets; see the template)
    upstream_api = text[text.index("upstream streamlit_api"):]
    assert "keepalive" not in upstream_api[: upstream_api.index("}")]
    assert "proxy_set_header Connection close;" in api
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $connection_upgrade;", "proxy_read_timeout 1d;"):
        assert line in text
    directives = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "X-Upstream" not in directives  # only for the load test
    check = subprocess.run([nginx_bin, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_health_through_nginx(cluster: Cluster) -> None:
    r = _fresh().get(cluster.url + "/_stcore/health", timeout=10)
    assert r.status_code == 200 and r.text.strip() == "ok"
    assert r.headers.get("Server") == "nginx"  # no version (server_tokens off)


def test_sticky_cookie_pins_a_visitor_to_one_replica(cluster: Cluster) -> None:
    s = _fresh()
    first = s.get(cluster.url + "/", timeout=10)
    assert first.status_code == 200
    assert "ce_route=" in first.headers.get("Set-Cookie", "") and "HttpOnly" in first.headers["Set-Cookie"]
    upstreams = {first.headers["X-Upstream"]}
    for path in ["/_stcore/health", "/_stcore/host-config", "/", "/compare"] * 4:
        r = s.get(cluster.url + path, timeout=10)
        assert r.status_code == 200, path
        assert "ce_route=" not in r.headers.get("Set-Cookie", ""), "the sticky cookie is set once"
        upstreams.add(r.headers["X-Upstream"])
    assert len(upstreams) == 1, upstreams


def test_the_api_through_nginx_sets_no_cookie_and_is_not_sticky(cluster: Cluster) -> None:
    s = _fresh()
    s.get(cluster.url + "/", timeout=10)  # a visitor with the sticky cookie
    assert "ce_route" in s.cookies
    upstreams = set()
    for day in range(1, 13):  # a new question each time: nginx's API cache must not answer it
        r = s.get(cluster.url + f"/api/v1/findings?date=2026-01-{day:02d}", timeout=30)
        assert r.status_code == 200 and r.json()["meta"]["data_version"]
        assert "Set-Cookie" not in r.headers
        assert r.headers["X-Cache-Status"] == "MISS"
        upstreams.add(r.headers["X-Upstream"])
    assert len(upstreams) == 2, upstreams  # any replica answers, whatever the cookie says
    missing = _fresh().get(cluster.url + "/api/v1/nope", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert "Set-Cookie" not in missing.headers


def test_nginx_caches_an_api_answer_under_its_full_uri(cluster: Cluster) -> None:
    """A second identical request is answered by nginx (HIT, same bytes, no replica asked); a different
    query, even one parameter's value, is a MISS asked of a replica; pages are never cached."""
    url = cluster.url + "/api/v1/matrix?date=2026-02-03&host=KZ&origin=UZ&care=primary"
    first = _fresh().get(url, timeout=30)
    second = _fresh().get(url, timeout=30)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache-Status"] == "MISS" and first.headers.get("X-Upstream")
    assert second.headers["X-Cache-Status"] == "HIT" and "X-Upstream" not in second.headers
    assert second.content == first.content
    assert second.headers["X-Data-Version"] == first.headers["X-Data-Version"]
    assert "Set-Cookie" not in second.headers
    assert second.headers["Cache-Control"] == "public, max-age=300"
    other = _fresh().get(url.replace("care=primary", "care=emergency"), timeout=30)
    assert other.status_code == 200 and other.headers["X-Cache-Status"] == "MISS"
    assert other.content != first.content
    csv = _fresh().get(url + "&format=csv", timeout=30)
    assert csv.headers["X-Cache-Status"] == "MISS" and csv.headers["Content-Type"].startswith("text/csv")
    # errors are not kept: a bad question is asked of a replica every time
    for _ in range(2):
        bad = _fresh().get(cluster.url + "/api/v1/matrix?date=nope", timeout=30)
        assert bad.status_code == 400 and bad.headers.get("X-Cache-Status") == "MISS"
    page = _fresh().get(cluster.url + "/", timeout=10)
    assert "X-Cache-Status" not in page.headers
    # Streamlit's browser code (hashed, "public, immutable"): kept too, from any replica, no cookie
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', page.text)
    assert script, page.text[:300]
    first_js, second_js = (_fresh().get(f"{cluster.url}/{script.group(1)}", timeout=30) for _ in range(2))
    assert first_js.status_code == second_js.status_code == 200
    assert first_js.headers["X-Cache-Status"] == "MISS" and second_js.headers["X-Cache-Status"] == "HIT"
    assert second_js.content == first_js.content and "Set-Cookie" not in second_js.headers
    assert any((cluster.workdir / "static_cache").rglob("*"))
    # the cache is on disk inside the run's temp dir, nowhere else
    assert any((cluster.workdir / "api_cache").rglob("*"))


def test_the_caches_can_be_left_out(nginx_bin: str, tmp_path: Path) -> None:
    text = render_config(tmp_path, "127.0.0.1:18999", [18901], cache=False)
    assert "proxy_cache" not in "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    check = subprocess.run([nginx_bin, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_new_visitors_are_spread_over_both_replicas(cluster: Cluster) -> None:
    seen = set()
    for _ in range(60):
        seen.add(_fresh().get(cluster.url + "/_stcore/health", timeout=10).headers["X-Upstream"])
        if len(seen) == 2:
            break
    assert seen == {r.url.removeprefix("http://") for r in cluster.replicas}


def test_replicas_share_one_cookie_secret(cluster: Cluster) -> None:
    secrets = []
    for replica in cluster.replicas:
        environ = Path(f"/proc/{replica.process.pid}/environ").read_bytes().split(b"\0")
        found = [e for e in environ if e.startswith(b"STREAMLIT_SERVER_COOKIE_SECRET=")]
        assert len(found) == 1
        secrets.append(found[0].split(b"=", 1)[1])
        # Not on the command line, where `ps` would show it.
        assert b"cookieSecret" not in Path(f"/proc/{replica.process.pid}/cmdline").read_bytes()
    assert len(secrets[0]) >= 32 and secrets[0] == secrets[1]


def test_a_reconnect_to_another_replica_would_lose_the_session(cluster: Cluster) -> None:
    """Why sticky sessions matter, and proof that the load test's lost-session check can fire."""
    a, b = cluster.replicas
    s = _fresh()
    assert s.get(a.url + "/_stcore/health", timeout=10).status_code == 200
    cookies = dict(s.cookies.items())
    _, sid = _run_over_websocket(a.url, cookies, "lang=en", None, timeout=30)
    _, same = _run_over_websocket(a.url, cookies, "lang=ru", sid, timeout=30)
    _, other = _run_over_websocket(b.url, cookies, "lang=ru", sid, timeout=30)
    assert sid and same == sid
    assert other and other != sid


def test_short_load_through_nginx_has_no_errors_and_no_lost_sessions(cluster: Cluster) -> None:
    summary = run_load(cluster.url, sessions=10, concurrency=10, duration=15, max_requests=100, timeout=30)
    assert summary["errors"] == 0, summary
    assert summary["lost_sessions"] == 0, summary
    assert summary["sessions"] == 10 and summary["requests"] == 50, summary
    assert sum(summary["sessions_per_replica"].values()) == 10


def test_load_test_only_targets_loopback() -> None:
    for url in ("http://example.org:8080", "http://10.0.0.1:8080", "https://127.0.0.1:8080", "http://localhost:80"):
        with pytest.raises(LoopbackOnly):
            require_loopback(url)
    with pytest.raises(LoopbackOnly):
        run_load("http://192.0.2.1:8080", sessions=1)
    assert require_loopback("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080"


@pytest.mark.e2e
def test_a_browser_page_renders_through_nginx(cluster: Cluster, browser) -> None:
    from tests.e2e.helpers import app_exceptions, wait_for_app

    context = browser.new_context()
    try:
        page = context.new_page()
        external: list[str] = []
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(cluster.url)
                   else (external.append(route.request.url), route.abort()))
        page.goto(cluster.url + "/?lang=en", wait_until="domcontentloaded")
        wait_for_app(page)
        assert page.get_by_test_id("stMain").inner_text().strip()
        assert app_exceptions(page) == []
        # A rerun over the proxied WebSocket: switch to the Russian interface by link.
        page.goto(cluster.url + "/compare?lang=ru", wait_until="domcontentloaded")
        wait_for_app(page)
        assert app_exceptions(page) == []
        assert not external, external
    finally:
        context.close()


def test_missing_nginx_is_an_error_not_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    import deploy.serve as serve

    monkeypatch.setattr(serve.shutil, "which", lambda name: None)
    monkeypatch.setattr(serve.os, "access", lambda path, mode: False)
    with pytest.raises(ClusterError, match="nginx not found"):
        with start_cluster():
            pass
