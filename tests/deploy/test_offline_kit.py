"""The offline kit (scripts/offline_kit.sh), for real: build it, unpack it in a temp dir, install it
into a fresh venv with pip --no-index and start the app, then check /_stcore/health, the main page
and one full script run over the WebSocket.

When the tests run as root (CI), the install and the app run inside `unshare --net`: a network
namespace with only loopback, so any attempt to reach the network would fail. Otherwise the install
still uses `pip --isolated --no-index --find-links wheelhouse`, which does not look anywhere else.
Building the kit needs the network (pip download), as it does for a person building it.
About 45 s here (build ~17 s, install + start ~26 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORT = 8599  # inside the namespace nothing else listens; without it, see _free_port below


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _can_unshare_net() -> bool:
    if os.geteuid() != 0:
        return False
    try:
        return subprocess.run(["unshare", "--net", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit")
    built = subprocess.run(["bash", str(ROOT / "scripts/offline_kit.sh"), "--out", str(out)],
                           capture_output=True, text=True, timeout=400, cwd=ROOT)
    assert built.returncode == 0, built.stderr[-3000:]
    archive = Path(built.stdout.strip().splitlines()[-1])
    version = next(
        line.split(":", 1)[1].strip().strip('"')
        for line in (ROOT / "data/meta.yaml").read_text().splitlines()
        if line.startswith("data_version:")
    )
    assert archive.name == f"coverage-explorer-offline-{version}.tar.gz"
    with tarfile.open(archive) as tar:
        tar.extractall(out / "unpacked", filter="data")
    (folder,) = (out / "unpacked").iterdir()
    return folder


def test_kit_contents(kit: Path) -> None:
    for path in (
        "app.py",
        "requirements.txt",
        ".streamlit/config.toml",
        "data/meta.yaml",
        "policy/engine.py",
        "explorer/view_state.py",
        "api/server.py",
        "pages/overview.py",
        "locales/app.yaml",
        "install-and-run.sh",
        "install-and-run.bat",
        "OFFLINE.txt",
    ):
        assert (kit / path).is_file(), path
    assert os.access(kit / "install-and-run.sh", os.X_OK)
    assert not (kit / "tests").exists() and not (kit / ".venv").exists()
    wheels = sorted(p.name for p in (kit / "wheelhouse").iterdir())
    assert wheels and all(name.endswith(".whl") for name in wheels), "wheels only: nothing built on the laptop"
    assert any(name.startswith("streamlit-1.67.0-") for name in wheels)
    check = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=kit, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_kit_installs_and_runs_with_no_network(kit: Path) -> None:
    isolated = _can_unshare_net()
    port = PORT if isolated else _free_port()
    base_python = getattr(sys, "_base_executable", sys.executable)
    # Runs in the kit folder, inside the namespace when possible: install, start, probe, stop.
    script = textwrap.dedent(f"""\
        set -u
        {"ip link set lo up || exit 3" if isolated else ""}
        PYTHON={base_python} ./install-and-run.sh --server.port {port} >app.log 2>&1 &
        app=$!
        status=1
        for i in $(seq 1 360); do
            if ! kill -0 $app 2>/dev/null; then echo "app exited"; break; fi
            if [ -f .venv/.installed ] && .venv/bin/python probe.py; then status=0; break; fi
            sleep 0.5
        done
        kill $app 2>/dev/null; wait $app 2>/dev/null
        exit $status
    """)
    probe = textwrap.dedent(f"""\
        import sys, urllib.request
        sys.path.insert(0, {str(ROOT)!r})
        base = "http://127.0.0.1:{port}"
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.read().strip() != b"ok":
                    sys.exit(1)
        except OSError:
            sys.exit(1)  # not up yet
        with urllib.request.urlopen(base + "/", timeout=10) as r:
            page = r.read()
        assert r.status == 200 and b'<div id="root">' in page, page[:200]
        # One full run of app.py (data loaded, page drawn) over Streamlit's WebSocket.
        from http.cookiejar import CookieJar
        jar = CookieJar()
        urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)).open(base + "/_stcore/health").read()
        from benchmarks.load_test import _run_over_websocket
        _, session = _run_over_websocket(base, {{c.name: c.value for c in jar}}, "lang=en", None, timeout=60)
        assert session
        print("offline app healthy, page served, script run finished")
    """)
    (kit / "probe.py").write_text(probe)
    command = ["sh", "-c", script]
    if isolated:
        command = ["unshare", "--net", *command]
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(kit), "LANG": "C.UTF-8"}
    done = subprocess.run(command, cwd=kit, env=env, capture_output=True, text=True, timeout=240)
    log = (kit / "app.log").read_text(errors="replace") if (kit / "app.log").exists() else ""
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n--- app.log ---\n{log[-3000:]}"
    assert "script run finished" in done.stdout
    assert "Successfully installed" in log and "streamlit-1.67.0" in log
