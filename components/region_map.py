"""Region view: the ten states coloured by health-financing model, drawn from shapes the app serves."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.palette import MODEL_COLOURS
from policy import KnowledgeBase


def region_map(models: pd.DataFrame, kb: KnowledgeBase, lang: str) -> go.Figure:
    """One trace per model, so the legend is a wrapping row of labelled swatches under the map (it
    fits a phone as well as a projector); every state also carries its code as a text label."""
    known = models[models["model"].notna()]
    fig = go.Figure()
    for model, colour in MODEL_COLOURS.items():
        rows = known[known["model"] == model]
        if rows.empty:
            continue
        fig.add_trace(go.Choropleth(
            locations=rows["iso3"], locationmode="ISO-3", z=[1] * len(rows),
            colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True,
            name=kb.label("health_model", model, lang),
            text=[f"{name}: {label}" for name, label in zip(rows["name"], rows["model_label"])],
            hovertemplate="%{text}<extra></extra>", marker_line_color="white", marker_line_width=0.8,
        ))
    fig.add_trace(go.Scattergeo(
        locations=known["iso3"], locationmode="ISO-3", text=known["state"], mode="text", showlegend=False,
        textfont={"size": 11, "color": "#111"}, hoverinfo="skip",
    ))
    fig.update_geos(fitbounds="locations", visible=False, showcountries=True, countrycolor="#bbb",
                    showland=True, landcolor="#f5f5f5", projection_type="conic equal area")
    fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top"})
    return fig
