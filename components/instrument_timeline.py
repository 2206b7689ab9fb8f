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
    fig = go.Figure()
    for _, row in dated.iterrows():
        start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
        if end <= start:
            end = start + pd.Timedelta(days=60)
        colour = TYPE_COLOUR.get(row["type"], "#777")
        fig.add_trace(go.Scatter(
            x=[start, end], y=[row["label"], row["label"]], mode="lines+markers",
            line={"color": colour, "width": 8}, marker={"size": 9, "symbol": ["circle", "line-ns"]},
            hovertemplate=f"{row['name']}<br>{row['type_label']} · {row['status_label']}<br>%{{x|%Y-%m-%d}}<extra></extra>",
            showlegend=False,
        ))
        if row["in_force"] is not None and not pd.isna(row["in_force"]) and row["signed"] is not None and not pd.isna(row["signed"]):
            fig.add_trace(go.Scatter(x=[pd.Timestamp(row["in_force"])], y=[row["label"]], mode="markers",
                                     marker={"size": 11, "symbol": "diamond", "color": "#222"}, showlegend=False,
                                     hoverinfo="skip"))
    fig.update_yaxes(autorange="reversed", automargin=True)
    first = min(pd.Timestamp(v) for v in dated["start"]) if len(dated) else pd.Timestamp("2014-01-01")
    # The axis ends at the latest open end (the data's as-of date), never at "today": reproducible charts.
    last = max(pd.Timestamp(v) for v in dated["end"]) if len(dated) else first
    fig.update_xaxes(type="date", range=[first - pd.Timedelta(days=120), last + pd.Timedelta(days=120)])
    return fig
