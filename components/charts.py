"""Chart frame: every chart carries its title, subtitle, source line and as-of date in the image."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

# Plotly geo maps fetch their shapes from a CDN by default; ours are served by the app itself.
PLOTLY_CONFIG = {
    "topojsonURL": "/app/static/topojson/",
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def framed(fig: go.Figure, title: str, subtitle: str, source_line: str, height: int = 460,
           legend_space: int = 0) -> go.Figure:
    """Title, subtitle and source line drawn into the figure, so a screenshot or PNG stands alone.

    Plotly never wraps text and the server does not know the screen: lines are broken at widths
    that fit a 390-px phone, so nothing is cut off there and the PNG reads the same everywhere."""
    title_lines = _wrap(title, TITLE_WIDTH).count("<br>") + 1
    sub_lines = _wrap(subtitle, TEXT_WIDTH).count("<br>") + 1
    source_lines = _wrap(source_line, TEXT_WIDTH).count("<br>") + 1
    top = 24 + 24 * title_lines + 16 * sub_lines
    bottom = 70 + 13 * source_lines + legend_space  # legend_space: a legend drawn under the plot
    fig.update_layout(
        title={"text": f"{_wrap(title, TITLE_WIDTH)}<br><sup>{_wrap(subtitle, TEXT_WIDTH)}</sup>", "x": 0, "xanchor": "left",
               "y": 1, "yanchor": "top", "yref": "container", "pad": {"t": 10, "l": 4}},
        height=height + top - 80 + bottom - 150,
        margin={"l": 10, "r": 10, "t": top, "b": bottom},
        font={"family": "DejaVu Sans, Arial, sans-serif"},
    )
    fig.add_annotation(
        text=_wrap(source_line, TEXT_WIDTH), xref="paper", yref="paper", x=0, y=0, yshift=-(bottom - 13 * source_lines - 10),
        # the source line sits at the very bottom, under any legend
        xanchor="left", yanchor="top", showarrow=False, font={"size": 10, "color": "#555"}, align="left",
    )
    return fig


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


TITLE_WIDTH = 38  # characters per line of a chart title (fits a phone at 16 px)
TEXT_WIDTH = 58  # per line of a subtitle or source line


def _wrap(text: str, width: int = TEXT_WIDTH) -> str:
    """Break a long source line into lines (plotly does not wrap annotations)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)
