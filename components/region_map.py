"""Region view: the ten states coloured by health-financing model, drawn from shapes the app serves."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.palette import MODEL_COLOURS
from policy import KnowledgeBase


def region_map(models: pd.DataFrame, kb: KnowledgeBase, lang: str) -> go.Figure:
    order = list(MODEL_COLOURS)
    n = len(order)
    scale = []
    for i, key in enumerate(order):
        scale += [[i / n, MODEL_COLOURS[key]], [(i + 1) / n, MODEL_COLOURS[key]]]
    known = models[models["model"].notna()]
    fig = go.Figure(
        go.Choropleth(
            locations=known["iso3"], locationmode="ISO-3",
            z=[order.index(m) for m in known["model"]], zmin=-0.5, zmax=n - 0.5, colorscale=scale,
            text=[f"{name}: {label}" for name, label in zip(known["name"], known["model_label"])],
            hovertemplate="%{text}<extra></extra>", marker_line_color="white", marker_line_width=0.8,
            colorbar={"tickvals": list(range(n)), "ticktext": [kb.label("health_model", m, lang) for m in order], "title": ""},
        )
    )
    fig.update_geos(fitbounds="locations", visible=False, showcountries=True, countrycolor="#bbb",
                    showland=True, landcolor="#f5f5f5", projection_type="conic equal area")
    return fig
