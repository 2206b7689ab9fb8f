"""Party matrix: which state is bound by which instrument on the chosen date (instrument × state)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.i18n import t
from policy import KnowledgeBase

# Okabe–Ito again; meaning carried by a symbol too, so the matrix reads in greyscale.
STATUS_STYLE = {
    "bound": ("#0072B2", "●"),
    "bound_unverified": ("#56B4E9", "◐"),
    "party_not_in_force": ("#E69F00", "○"),
    "": ("#F2F2F2", ""),
}
ORDER = list(STATUS_STYLE)


def party_label(status: str, lang: str) -> str:
    return t(f"instruments.party.{status or 'none'}", lang)


def party_matrix_chart(matrix: pd.DataFrame, names: dict[str, str], states: dict[str, str], lang: str) -> go.Figure:
    """``matrix``: policy.views.party_matrix; ``names``: instrument id -> short name; ``states``: code -> name."""
    codes = list(states)
    z, text, hover = [], [], []
    for _, row in matrix.iterrows():
        z.append([ORDER.index(row[c]) for c in codes])
        text.append([STATUS_STYLE[row[c]][1] for c in codes])
        hover.append([f"{names[row['instrument_id']]}<br>{states[c]}: {party_label(row[c], lang)}" for c in codes])
    n = len(ORDER)
    scale = []
    for i, status in enumerate(ORDER):
        scale += [[i / n, STATUS_STYLE[status][0]], [(i + 1) / n, STATUS_STYLE[status][0]]]
    labels = [names[i] if len(names[i]) <= 40 else names[i][:39] + "…" for i in matrix["instrument_id"]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[states[c] for c in codes], y=labels, text=text, texttemplate="%{text}",
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", colorscale=scale,
        zmin=-0.5, zmax=n - 0.5, xgap=2, ygap=2,
        colorbar={"tickvals": list(range(n)), "ticktext": [f"{STATUS_STYLE[s][1]} {party_label(s, lang)}" for s in ORDER]},
    ))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top")
    return fig
