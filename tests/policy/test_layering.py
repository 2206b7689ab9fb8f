"""policy/ never imports Streamlit: it could serve another front end (DEVELOPERS.md)."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import policy

ROOT = Path(__file__).resolve().parents[2]


def test_no_policy_module_imports_streamlit():
    modules = [m.name for m in pkgutil.walk_packages(policy.__path__, "policy.") if m.name != "policy.__main__"]
    assert "policy.engine" in modules and "policy.matrices" in modules
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stdout
