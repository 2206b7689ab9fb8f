"""Timeline of instruments: a bar from signature (or entry into force) to the end, or to the data's
as-of date if still in force; a diamond marks entry into force. Colour = type (Vega-Lite spec)."""

from __future__ import annotations

from typing import Any

import pandas as pd

TYPE_COLOUR = {
    "treaty": "#0072B2", "protocol": "#0072B2", "agreement": "#56B4E9", "convention": "#56B4E9",
    "national_law": "#009E73", "regulation": "#009E73", "court_opinion": "#CC79A7", "court_ruling": "#CC79A7",
    "draft_agreement": "#E69F00", "draft_law": "#E69F00", "proposal": "#E69F00", "event": "#999999",
}


def _iso(value) -> str | None:
    return (
        None
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else pd.Timestamp(value).date().isoformat()
    )


def instrument_timeline_chart(frame: pd.DataFrame, lang: str) -> dict[str, Any]:
    dated = frame[frame["start"].notna()].copy()
    rows = []
    seen: dict[str, int] = {}
    for _, row in dated.iterrows():
        # Legal names are long: the axis shows a short label, the tooltip and the table the full name.
        name = row["name"]
        label = (name if len(name) <= 34 else name[:33].rstrip() + "…") + f" ({pd.Timestamp(row['start']).year})"
        seen[label] = seen.get(label, -1) + 1
        label += "\u200b" * seen[label]  # two instruments may shorten alike: keep their rows apart
        start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
        if end <= start:
            end = start + pd.Timedelta(days=60)
        rows.append(
            {
                "label": label,
                "name": name,
                "type": row["type_label"],
                "status": row["status_label"],
                "colour": TYPE_COLOUR.get(row["type"], "#777777"),
                "start": start.date().isoformat(),
                "end": end.date().isoformat(),
                "in_force": _iso(row["in_force"]) if _iso(row["signed"]) else None,
            }
        )
    order = [r["label"] for r in rows]
    y = {"field": "label", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 260}}
    tooltip = [
        {"field": "name", "title": " "},
        {"field": "type", "title": "  "},
        {"field": "status", "title": "   "},
        {"field": "start", "title": "→"},
        {"field": "end", "title": "←"},
    ]
    return {
        "width": "container",
        "height": max(200, 18 * len(rows)),
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "bar", "height": 8, "cornerRadius": 2},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "start",
                        "type": "temporal",
                        "title": None,
                        "axis": {"format": "%Y", "tickCount": "year", "labelAngle": 0},
                    },
                    "x2": {"field": "end"},
                    "color": {"field": "colour", "type": "nominal", "scale": None},
                    "tooltip": tooltip,
                },
            },
            {
                "transform": [{"filter": "datum.in_force != null"}],
                "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 90, "color": "#222222"},
                "encoding": {"y": y, "x": {"field": "in_force", "type": "temporal"}, "tooltip": tooltip},
            },
        ],
    }
