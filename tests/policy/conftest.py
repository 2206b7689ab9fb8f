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


def run_cli(*args: str, data: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "policy", "--data", str(data if data is not None else DATA)]
    return subprocess.run(command + list(args), cwd=ROOT, capture_output=True, text=True, timeout=120)
