"""Static guards on the UI code: no raw HTML rendering, nothing fetched from the internet."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "components").glob("*.py"))]


def test_no_raw_html() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in UI_FILES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"unsafe_allow_html\s*=\s*True|\bst\.html\(|unsafe_allow_javascript", line)
    ]
    assert offenders == []


def test_streamlit_config_is_offline_and_quiet() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["headless"] is True
    assert config["server"]["maxUploadSize"] <= 1
    assert "http" not in str(config.get("theme", {})), "no remote fonts or theme files"
