"""The Dockerfile cannot be built here (no container engine): check what can be checked without one.
Every COPY source exists and is not excluded by .dockerignore, every folder the app reads is copied,
the image runs as a non-root user, has a HEALTHCHECK on /_stcore/health and serves on 0.0.0.0."""

from __future__ import annotations

import fnmatch
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_FOLDERS = {"components", "pages", "policy", "explorer", "locales", "static", "data"}


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    rows = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(row.split(None, 1)[0].upper(), row.split(None, 1)[1] if " " in row else "") for row in rows]


def test_dockerfile_copies_the_whole_app_and_nothing_ignored() -> None:
    ignored = [
        p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and not p.startswith("#")
    ]
    copied = set()
    for op, args in _instructions():
        if op == "COPY":
            *sources, _dest = shlex.split(args)
            for source in sources:
                source = source.rstrip("/")
                assert (ROOT / source).exists(), source
                assert not any(fnmatch.fnmatch(source, pat) or source.split("/")[0] == pat for pat in ignored), source
                copied.add(source.split("/")[0])
    assert APP_FOLDERS | {"app.py", "requirements.txt", ".streamlit"} <= copied
    # Every top-level Python package the app imports is copied.
    for folder in ROOT.iterdir():
        if (
            folder.is_dir()
            and (folder / "__init__.py").exists()
            and folder.name not in {"tests", "benchmarks", "deploy", "scripts"}  # not imported by the app
        ):
            assert folder.name in copied, folder.name


def test_dockerfile_runs_as_non_root_with_a_healthcheck() -> None:
    ops = _instructions()
    assert ops[0] == ("FROM", "python:3.11-slim")
    users = [args for op, args in ops if op == "USER"]
    assert users and users[-1] not in {"root", "0"}
    health = " ".join(args for op, args in ops if op == "HEALTHCHECK")
    assert "/_stcore/health" in health
    cmd = " ".join(args for op, args in ops if op == "CMD")
    assert '"streamlit", "run", "app.py"' in cmd and '"--server.address", "0.0.0.0"' in cmd
    assert "pip install --no-cache-dir -r requirements.txt" in " ".join(args for op, args in ops if op == "RUN")
