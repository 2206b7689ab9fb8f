"""Heatmap of coverage levels (host × origin, or person × care) in the shared level palette."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.palette import LEVEL_COLOURS, LEVEL_SYMBOL, LOW_CONFIDENCE_MARK, NOT_APPLICABLE
from policy import KnowledgeBase
from policy.models import LEVELS

# z: 0..3 = the four levels, 4 = not applicable (a display state, not a level)
_ORDER = list(LEVELS) + ["na"]


def _colorscale() -> list[list]:
    colours = [LEVEL_COLOURS[level] for level in LEVELS] + [NOT_APPLICABLE]
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def coverage_heatmap(frame: pd.DataFrame, row: str, col: str, row_labels: dict, col_labels: dict,
                     kb: KnowledgeBase, lang: str) -> go.Figure:
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
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[col_labels[c] for c in cols], y=[row_labels[r] for r in rows],
            text=text, texttemplate="%{text}", hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            colorscale=_colorscale(), zmin=-0.5, zmax=len(_ORDER) - 0.5, xgap=2, ygap=2,
            colorbar={
                "tickvals": list(range(len(_ORDER))),
                "ticktext": [f"{LEVEL_SYMBOL[l]} {kb.label('level', l, lang)}" for l in LEVELS] + ["n/a" if lang == "en" else "н/п"],
                "title": "",
            },
        )
    )
    fig.update_yaxes(autorange="reversed")
    return fig
