"""Static guards on the UI code: no raw HTML rendering, nothing fetched from the internet."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "components").glob("*.py"))]


def _style_constants(path: Path) -> dict[str, str]:
    """Module-level NAME_CSS = "<style>…</style>" string literals (no f-string, no concatenation)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id.endswith("_CSS") and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            out[node.targets[0].id] = node.value.value
    return out


# The one script (explorer/page_script.py): Streamlit's own widget texts in Russian, built from our
# catalogue alone, and Streamlit's fonts loaded (a constant). Its builders take no argument: no data, no
# URL text can reach it. Exactly this line.
PAGE_SCRIPT_LINE = ("components/layout.py", "st.html(page_script_html(), unsafe_allow_javascript=True)")


def test_no_raw_html() -> None:
    """No Markdown with HTML, no JavaScript but the page script; st.html only of a constant style sheet
    of our own, or of that script."""
    import inspect

    from explorer import page_script, widget_texts

    for builder in (page_script.script, widget_texts.script):  # nothing from outside goes into the script
        assert not inspect.signature(builder).parameters
    assert isinstance(page_script.FONTS_SCRIPT, str)
    offenders = []
    allowed = 0
    for path in UI_FILES:
        styles = _style_constants(path)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (str(path.relative_to(ROOT)), line.strip()) == PAGE_SCRIPT_LINE:
                allowed += 1
                continue
            if re.search(r"unsafe_allow_html\s*=\s*True|unsafe_allow_javascript", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
            for call in re.findall(r"\bst\.html\(([^)]*)\)", line):
                css = styles.get(call.strip())
                if css is None or not css.strip().startswith("<style>") or not css.strip().endswith("</style>") \
                        or re.search(r"<script|javascript:|@import|url\(", css, re.I):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert offenders == []
    assert allowed >= 1  # the allowance names a line that exists (it cannot quietly cover another)


def test_streamlit_config_is_offline_and_quiet() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["headless"] is True
    assert config["server"]["maxUploadSize"] <= 1
    assert "http" not in str(config.get("theme", {})), "no remote fonts or theme files"
