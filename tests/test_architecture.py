"""The layers (ARCHITECTURE.md) hold: pages -> components -> explorer -> policy, the two pure packages
never import Streamlit, no module imports itself back through others, and app.py keeps the same rule.

The import contracts live in pyproject.toml and are checked by import-linter; scripts/lint runs it
too, and this test runs it with the tests (and shows it fails on a crossing it should catch)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("pages", "components", "explorer", "policy", "api", "benchmarks", "deploy", "scripts")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_import_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_ignore_nothing():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert config["contracts"], "no contracts"
    assert not any("ignore_imports" in contract for contract in config["contracts"])
    assert set(config["root_packages"]) == set(PACKAGES)


def test_the_contracts_catch_a_crossing(tmp_path):
    """A copy of the tree where the view layer imports Streamlit and the domain imports the view layer."""
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "explorer" / "sneaky.py").write_text("import streamlit\n")
    (tmp_path / "policy" / "sneaky.py").write_text("from explorer import share\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "explorer.sneaky" in result.stdout and "policy.sneaky" in result.stdout


def test_app_py_follows_the_same_rule():
    """app.py is a file Streamlit runs, not a package import-linter can take as a root: it may import
    the layers below it and Streamlit, never pages (Streamlit runs them by path) or tests."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
    ours = imported & {"pages", "components", "explorer", "policy", "tests", "benchmarks", "deploy", "scripts"}
    assert ours <= {"components", "explorer", "policy"}, ours


def test_no_import_circles_in_the_pure_packages():
    """No module of policy/ or explorer/ reaches itself through its imports (late imports included)."""
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("policy", "explorer")
    modules = {m for m in graph.modules if m.split(".")[0] in ("policy", "explorer")}
    circles = []
    for module in sorted(modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported in modules and graph.chain_exists(importer=imported, imported=module):
                circles.append(f"{module} <-> {imported}")
    assert not circles, circles
