"""Party matrix: which state is bound by which instrument on the chosen date (a Plotly heatmap with
a symbol in every cell, so it reads in greyscale too)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from explorer.charts.frame import Chart, LegendItem, text_width
from explorer.i18n import t

# Okabe–Ito again; meaning carried by a symbol too, so the matrix reads in greyscale.
STATUS_STYLE = {
    "bound": ("#0072B2", "●"),
    "bound_unverified": ("#56B4E9", "◐"),
    "not_binding": ("#CC79A7", "◇"),
    "party_not_in_force": ("#E69F00", "○"),
    "": ("#F2F2F2", ""),
}
AXIS_SIZE = 11
LABEL_CHARS = 40


def party_label(status: str, lang: str) -> str:
    return t(f"instruments.party.{status or 'none'}", lang)


def party_matrix_chart(
    matrix: pd.DataFrame, names: dict[str, str], states: dict[str, str], lang: str
) -> Chart:
    """``matrix``: explorer.views.instruments.party_matrix; ``names``: instrument id -> short name;
    ``states``: code -> name."""
    order = list(STATUS_STYLE)
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    z: list[list[int]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for record in matrix.to_dict("records"):
        name = names[record["instrument_id"]]
        label = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
        label += "\u200b" * labels.count(label)
        labels.append(label)
        z_row, text_row, hover_row = [], [], []
        for code, state_name in states.items():
            status = str(record[code] or "")
            z_row.append(order.index(status))
            text_row.append(STATUS_STYLE[status][1])
            hover_row.append(f"<b>{name}</b><br>{state_name}<br>{party_label(status, lang)}")
            rows.append({"instrument_id": record["instrument_id"], "instrument": name, "state": code,
                         "state_name": state_name, "status": party_label(status, lang),
                         "mark": STATUS_STYLE[status][1]})
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    n = len(order)
    scale = []
    for i, status in enumerate(order):
        scale += [[i / n, STATUS_STYLE[status][0]], [(i + 1) / n, STATUS_STYLE[status][0]]]
    fig = go.Figure(go.Heatmap(
        x=list(states.values()), y=labels, z=z, zmin=-0.5, zmax=n - 0.5, colorscale=scale, showscale=False,
        xgap=2, ygap=2, text=text, texttemplate="%{text}", textfont={"size": 12, "color": "#111111"},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>",
    ))
    fig.update_xaxes(side="top", tickangle=-45, type="category", dtick=1, automargin=False, fixedrange=True,
                     tickfont={"size": AXIS_SIZE})
    fig.update_yaxes(type="category", autorange="reversed", dtick=1, automargin=False, fixedrange=True,
                     tickfont={"size": AXIS_SIZE})
    fig.update_layout(dragmode=False)
    left = int(max((text_width(label, AXIS_SIZE) for label in labels), default=40)) + 12
    top = int(max((text_width(s, AXIS_SIZE) for s in states.values()), default=20) * 0.72) + 12
    legend = tuple(LegendItem(STATUS_STYLE[s][0], STATUS_STYLE[s][1] or "□", party_label(s, lang)) for s in order)
    return Chart("party_matrix", fig, rows, plot_height=max(200, 20 * len(labels)), left=left, top=top, bottom=6,
                 legend=legend, alt=f"{len(labels)} × {len(states)}")
