"""Chart frame: every chart carries its title, subtitle, source line and as-of date in the image, so a
screenshot or a downloaded PNG/SVG stands alone. Pure (no Streamlit).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from explorer.i18n import t
from policy.knowledge_base import KnowledgeBase

FONT = "DejaVu Sans, Verdana, sans-serif"  # installed with the tests; no web fonts
TITLE_WIDTH = 34  # characters per line of a chart title (fits a 390-px phone)
TEXT_WIDTH = 52  # per line of a subtitle or source line


def wrap(text: str, width: int = TEXT_WIDTH) -> list[str]:
    """Break text into lines (Vega-Lite does not wrap titles): fits a phone, reads the same everywhere."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def framed(spec: dict[str, Any], title: str, subtitle: str, source_line: str) -> dict[str, Any]:
    """The spec with its title, subtitle and source line (data as-of, version) drawn into the chart."""
    out = dict(spec)
    # Read out by screen readers as the chart's label (Vega sets it as the SVG's aria-label).
    out["description"] = f"{title}. {subtitle}. {source_line}"
    out["title"] = {
        "text": wrap(title, TITLE_WIDTH),
        "subtitle": [*wrap(subtitle), " ", *wrap(source_line)],
        "anchor": "start",
        "fontSize": 15,
        "subtitleFontSize": 11,
        "subtitleColor": "#444",
        "offset": 12,
        "limit": 0,  # never cut a title line short: they are wrapped to fit already
    }
    config = dict(out.get("config", {}))
    config.update({"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12},
                   "legend": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 320}})
    out["config"] = config
    # The spec's height is the plot's own; title, subtitle, source and legend add to it (Vega-Lite's
    # default would squeeze the plot into the given height). Width follows the container.
    out["autosize"] = {"type": "fit-x" if out.get("width") == "container" else "pad", "contains": "padding"}
    return out


def source_text(kb: KnowledgeBase, source_ids: Iterable[str], lang: str, limit: int = 6) -> str:
    """The publishers of the given sources, at most ``limit`` named, then "and N more"."""
    ids = [s for s in dict.fromkeys(source_ids) if s in kb.sources]
    names = [f"{kb.sources[s].publisher}" for s in ids[:limit]]
    more = len(ids) - limit
    text = "; ".join(dict.fromkeys(names))
    if more > 0:
        text += " " + t("source.more", lang, count=more)
    return text
