"""Text from data files shown where Streamlit reads Markdown (the tables, drawn as Markdown): every
Markdown character is escaped, so the text shows exactly as written and never becomes a link or an
image (an image would make the browser fetch its address)."""

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


def _style_properties(style: str) -> dict[str, str]:
    """A cell style of ours ("background-color: #…; color: #…; font-weight: bold") as a dict."""
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return {name.strip(): value.strip() for name, value in pairs}


def markdown_cell(text: str, style: str = "") -> str:
    """One cell of a Markdown table: ``text`` (escaped already) in the colours of ``style``.

    Streamlit's ``:color[…]{foreground="…" background="…"}`` carries the colours the style names;
    escaped text cannot open or close a directive of its own (``:``, ``[``, ``]``, ``{`` and ``}`` are
    escaped). A line break would end the table's row, so it becomes a space."""
    text = text.replace("\r", " ").replace("\n", " ")
    props = _style_properties(style)
    colours = [f'{attr}="{props[name]}"' for attr, name in (("foreground", "color"), ("background", "background-color"))
               if name in props]
    if colours:
        text = f":color[{text}]{{{' '.join(colours)}}}"
    return f"**{text}**" if props.get("font-weight") == "bold" and text else text


def _shown(value: object) -> str:
    """A cell's text: a missing value shows as nothing, never as "None" or "nan"."""
    return "" if value is None or (not isinstance(value, str) and bool(pd.isna(value))) else str(value)


def markdown_table(display: pd.DataFrame, css: pd.DataFrame | None = None, index: bool = False) -> str:
    """``display`` as one GitHub-flavoured Markdown table. Its cells and labels must be escaped
    (``escaped_frame``); ``css``, of the same shape, colours each cell; with ``index`` the row
    labels come first, in bold, under an empty header.

    Why one Markdown text and not ``st.table``: st.table renders every cell as a Markdown text of
    its own (a Markdown parser set up per cell), ≈ 5 ms a cell in a fresh tab; one text is parsed
    once (docs/performance.md, stop 28)."""
    header = ([""] if index else []) + [markdown_cell(str(c)) for c in display.columns]
    styles = css.to_numpy().tolist() if css is not None else [[""] * display.shape[1]] * len(display)
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for label, texts, row_styles in zip(display.index, display.to_numpy().tolist(), styles, strict=True):
        cells = [markdown_cell(_shown(text), str(style)) for text, style in zip(texts, row_styles, strict=True)]
        if index:
            cells.insert(0, markdown_cell(_shown(label), "font-weight: bold"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
