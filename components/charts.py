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


def framed(fig: go.Figure, title: str, subtitle: str, source_line: str, height: int = 460) -> go.Figure:
    """Title, subtitle and source line drawn into the figure, so a screenshot or PNG stands alone."""
    fig.update_layout(
        title={"text": f"{title}<br><sup>{subtitle}</sup>", "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 80, "b": 150},
        font={"family": "DejaVu Sans, Arial, sans-serif"},
    )
    fig.add_annotation(
        text=_wrap(source_line), xref="paper", yref="paper", x=0, y=0, yshift=-105, xanchor="left", yanchor="top",
        showarrow=False, font={"size": 10, "color": "#555"}, align="left",
    )
    return fig


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def _wrap(text: str, width: int = 120) -> str:
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
