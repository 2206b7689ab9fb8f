"""Party matrix: which state is bound by which instrument on the chosen date (Vega-Lite spec)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from explorer.i18n import t

# Okabe–Ito again; meaning carried by a symbol too, so the matrix reads in greyscale.
STATUS_STYLE = {
    "bound": ("#0072B2", "●"),
    "bound_unverified": ("#56B4E9", "◐"),
    "party_not_in_force": ("#E69F00", "○"),
    "": ("#F2F2F2", ""),
}


def party_label(status: str, lang: str) -> str:
    return t(f"instruments.party.{status or 'none'}", lang)


def party_matrix_chart(
    matrix: pd.DataFrame, names: dict[str, str], states: dict[str, str], lang: str
) -> dict[str, Any]:
    """``matrix``: explorer.views.instruments.party_matrix; ``names``: instrument id -> short name; ``states``: code -> name."""
    values = []
    labels = []
    for _, row in matrix.iterrows():
        name = names[row["instrument_id"]]
        label = name if len(name) <= 40 else name[:39] + "…"
        label += "\u200b" * labels.count(label)
        labels.append(label)
        for code, state_name in states.items():
            status = row[code]
            values.append(
                {
                    "instrument": label,
                    "name": name,
                    "state": state_name,
                    "status": party_label(status, lang),
                    "mark": STATUS_STYLE[status][1],
                }
            )
    domain = [party_label(s, lang) for s in STATUS_STYLE]
    x = {
        "field": "state",
        "type": "nominal",
        "sort": list(states.values()),
        "title": None,
        "axis": {"orient": "top", "labelAngle": -45},
    }
    y = {"field": "instrument", "type": "nominal", "sort": labels, "title": None, "axis": {"labelLimit": 280}}
    return {
        "width": "container",
        "height": max(200, 20 * len(labels)),
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": domain, "range": [c for c, _ in STATUS_STYLE.values()]},
                        "legend": {"orient": "bottom", "direction": "vertical", "symbolType": "square"},
                    },
                    "tooltip": [
                        {"field": "name", "title": " "},
                        {"field": "state", "title": "  "},
                        {"field": "status", "title": "   "},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12, "color": "#111"},
                "encoding": {"x": x, "y": y, "text": {"field": "mark"}},
            },
        ],
    }
