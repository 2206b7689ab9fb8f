import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy import load_knowledge_base

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("POLICY_TEST_DATA", ROOT / "data"))


@pytest.fixture(scope="session")
def kb():
    return load_knowledge_base(DATA)


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def run_cli(*args: str, data: Path | None = None, process: bool = False) -> subprocess.CompletedProcess:
    """`python -m policy --data DATA *args`: its exit code, stdout and stderr.

    By default in this process (``policy.cli.main`` with stdout, stderr and the log captured; the
    shipped data loaded once): a new interpreter for each call cost 2–3 s of imports and loading, about
    150 s of the tests' time. ``process=True`` runs the real command, as a shell does."""
    argv = ["--data", str(data if data is not None else DATA), *args]
    if process:
        command = [sys.executable, "-m", "policy", *argv]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    return _run_in_process(argv, shipped=data is None)


_SHIPPED: list = []  # the shipped data's KnowledgeBase, loaded once (never changed in place)


def _run_in_process(argv: list[str], shipped: bool) -> subprocess.CompletedProcess:
    import contextlib
    import io
    import logging

    from policy import cli

    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    real_load = cli._load

    def load(folder):
        if not shipped:
            return real_load(folder)
        if not _SHIPPED:
            _SHIPPED.append(real_load(folder))
        return _SHIPPED[0]

    root.addHandler(handler)
    cli._load = load  # type: ignore[assignment]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as stop:  # argparse's errors, and --help
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        cli._load = real_load  # type: ignore[assignment]
        root.removeHandler(handler)
    return subprocess.CompletedProcess(["python", "-m", "policy", *argv], code, out.getvalue(), err.getvalue())
