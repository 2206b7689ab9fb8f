"""Heatmap of coverage levels (host × origin, or person × care) in the shared level palette."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.palette import LEVEL_COLOURS, LEVEL_SYMBOL, LOW_CONFIDENCE_MARK, NOT_APPLICABLE
from policy import KnowledgeBase
from policy.models import CARES, LEVELS

# z: 0..3 = the four levels, 4 = not applicable (a display state, not a level)
_ORDER = list(LEVELS) + ["na"]


def _colorscale() -> list[list]:
    colours = [LEVEL_COLOURS[level] for level in LEVELS] + [NOT_APPLICABLE]
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def _heatmap_trace(frame: pd.DataFrame, row: str, col: str, row_labels: dict, col_labels: dict,
                   kb: KnowledgeBase, lang: str, showscale: bool = True) -> go.Heatmap:
    rows = list(row_labels)
    cols = list(col_labels)
    cells = frame.set_index([row, col])
    z, text, hover = [], [], []
    for r in rows:
        zr, tr, hr = [], [], []
        for c in cols:
            cell = cells.loc[(r, c)] if (r, c) in cells.index else None
            if cell is None or not bool(cell["applicable"]):
                zr.append(_ORDER.index("na"))
                tr.append("")
                hr.append(kb.message("note_host_is_origin", lang) if cell is not None and cell["not_applicable_reason"] == "host_is_origin" else "—")
                continue
            level = cell["level"]
            zr.append(_ORDER.index(level))
            mark = LOW_CONFIDENCE_MARK if cell["confidence"] == "low" else ""
            tr.append(f"{LEVEL_SYMBOL[level]}{mark}")
            hr.append(
                f"{row_labels[r]} × {col_labels[c]}<br>{kb.label('level', level, lang)}"
                f" ({kb.label('confidence', cell['confidence'], lang)})<br>{cell['basis_ids']}"
            )
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    return go.Heatmap(
        z=z, x=[col_labels[c] for c in cols], y=[row_labels[r] for r in rows],
        text=text, texttemplate="%{text}", hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        colorscale=_colorscale(), zmin=-0.5, zmax=len(_ORDER) - 0.5, xgap=2, ygap=2, showscale=showscale,
        colorbar={
            "tickvals": list(range(len(_ORDER))),
            "ticktext": [f"{LEVEL_SYMBOL[l]} {kb.label('level', l, lang)}" for l in LEVELS] + ["n/a" if lang == "en" else "н/п"],
            "title": "",
        },
    )


def coverage_heatmap(frame: pd.DataFrame, row: str, col: str, row_labels: dict, col_labels: dict,
                     kb: KnowledgeBase, lang: str) -> go.Figure:
    fig = go.Figure(_heatmap_trace(frame, row, col, row_labels, col_labels, kb, lang))
    fig.update_yaxes(autorange="reversed")
    return fig


def care_small_multiples_chart(frame: pd.DataFrame, states: dict[str, str], kb: KnowledgeBase, lang: str,
                               columns: int = 3) -> go.Figure:
    """One host × origin panel per care type, in one shared palette (z scale), state codes on the axes."""
    cares = [c for c in CARES if c in set(frame["care"])]
    rows = (len(cares) + columns - 1) // columns
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[kb.label("care", c, lang) for c in cares],
                        horizontal_spacing=0.04, vertical_spacing=0.12)
    codes = {c: c for c in states}  # panels are small: two-letter codes, full names in the hover
    for i, care in enumerate(cares):
        trace = _heatmap_trace(frame[frame["care"] == care], "host", "origin", codes, codes, kb, lang, showscale=i == 0)
        fig.add_trace(trace, row=i // columns + 1, col=i % columns + 1)
    fig.update_yaxes(autorange="reversed", tickfont={"size": 9})
    fig.update_xaxes(tickfont={"size": 9})
    return fig
