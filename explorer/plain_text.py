"""Text from data files shown where Streamlit reads Markdown (``st.table`` cells): every Markdown
character is escaped, so the text shows exactly as written and never becomes a link or an image
(an image would make the browser fetch its address)."""

from __future__ import annotations

import re

import pandas as pd

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones Markdown acts on.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: object) -> object:
    """``text`` with every Markdown character escaped; anything not a string as it is."""
    return _SPECIAL.sub(r"\\\1", text) if isinstance(text, str) else text


def escaped_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every string cell and header escaped."""
    out = frame.map(escape_markdown)
    out.columns = [escape_markdown(str(c)) for c in frame.columns]
    return out
