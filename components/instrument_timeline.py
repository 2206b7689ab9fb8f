"""Timeline of instruments: a bar from signed/in force to ended (or the data's as-of date)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.palette import LEVEL_COLOURS

TYPE_COLOUR = {
    "treaty": "#0072B2", "protocol": "#0072B2", "agreement": "#56B4E9", "convention": "#56B4E9",
    "national_law": "#009E73", "regulation": "#009E73", "court_opinion": "#CC79A7", "court_ruling": "#CC79A7",
    "draft_agreement": "#E69F00", "draft_law": "#E69F00", "proposal": "#E69F00", "event": "#999999",
}


def instrument_timeline_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    dated = frame[frame["start"].notna()].copy()
    # Legal names are long: the axis shows a short label, the hover and the table the full name.
    dated["label"] = [
        (n if len(n) <= 34 else n[:33].rstrip() + "…") + f" ({pd.Timestamp(d).year})"
        for n, d in zip(dated["name"], dated["start"])
    ]
    # Two instruments may shorten to the same label: a trailing zero-width space keeps their rows apart.
    seen: dict[str, int] = {}
    unique = []
    for label in dated["label"]:
        seen[label] = seen.get(label, -1) + 1
        unique.append(label + "\u200b" * seen[label])
    dated["label"] = unique
    fig = go.Figure()
    # One trace per type (bars joined by gaps), not one per instrument: a few traces draw fast.
    for kind, rows in dated.groupby("type", sort=False):
        xs, ys, hover = [], [], []
        for _, row in rows.iterrows():
            start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
            if end <= start:
                end = start + pd.Timedelta(days=60)
            text = f"{row['name']}<br>{row['type_label']} · {row['status_label']}"
            xs += [start, end, None]
            ys += [row["label"], row["label"], None]
            hover += [text, text, None]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers", line={"color": TYPE_COLOUR.get(kind, "#777"), "width": 8},
            marker={"size": 9, "symbol": "circle"}, hovertext=hover,
            hovertemplate="%{hovertext}<br>%{x|%Y-%m-%d}<extra></extra>", showlegend=False,
        ))
    both = dated[dated["in_force"].notna() & dated["signed"].notna()]
    if len(both):
        fig.add_trace(go.Scatter(x=[pd.Timestamp(v) for v in both["in_force"]], y=list(both["label"]), mode="markers",
                                 marker={"size": 11, "symbol": "diamond", "color": "#222"}, showlegend=False,
                                 hoverinfo="skip"))
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array", categoryarray=list(dated["label"]))
    first = min(pd.Timestamp(v) for v in dated["start"]) if len(dated) else pd.Timestamp("2014-01-01")
    # The axis ends at the latest open end (the data's as-of date), never at "today": reproducible charts.
    last = max(pd.Timestamp(v) for v in dated["end"]) if len(dated) else first
    fig.update_xaxes(type="date", range=[first - pd.Timedelta(days=120), last + pd.Timedelta(days=120)])
    return fig
