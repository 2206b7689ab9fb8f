"""Heatmaps of coverage levels (host × origin, person × care, and small multiples by care) in the
shared level palette, as Vega-Lite specs. Each level has a symbol as well as a colour; "not
applicable" is grey and low confidence adds "?", display states, never levels."""

from __future__ import annotations

from typing import Any

import pandas as pd

from explorer.charts.palette import LEVEL_COLOURS, LEVEL_SYMBOL, LOW_CONFIDENCE_MARK, NOT_APPLICABLE
from policy.knowledge_base import KnowledgeBase
from policy.models import CARES, LEVELS

NA = {"en": "not applicable", "ru": "не применимо"}


def _cells(frame: pd.DataFrame, row: str, col: str, row_labels: dict, col_labels: dict,
           kb: KnowledgeBase, lang: str) -> list[dict[str, Any]]:
    # One pass over plain records: a .loc lookup per cell cost ≈ 0.05 s per 100-cell heatmap.
    cells = {(record[row], record[col]): record for record in frame.to_dict("records")}
    care = (kb.label("care", str(frame["care"].iloc[0]), lang) if len(frame) else "") \
        if "care" in frame.columns and col != "care" and row != "care" else None
    out = []
    for r in row_labels:
        for c in col_labels:
            cell = cells.get((r, c))
            record = {"row": r, "col": c, "row_label": row_labels[r], "col_label": col_labels[c]}
            if cell is None or not bool(cell["applicable"]):
                why = (kb.message("note_host_is_origin", lang)
                       if cell is not None and cell["not_applicable_reason"] == "host_is_origin" else "")
                record.update(level=NA[lang], mark="", confidence="", basis=why)
            else:
                level = cell["level"]
                record.update(
                    level=kb.label("level", level, lang),
                    mark=LEVEL_SYMBOL[level] + (LOW_CONFIDENCE_MARK if cell["confidence"] == "low" else ""),
                    confidence=kb.label("confidence", cell["confidence"], lang),
                    basis=str(cell["basis_ids"]),
                )
            if care is not None:
                record["care"] = care
            out.append(record)
    return out


def level_colour(kb: KnowledgeBase, lang: str, legend: dict | None = None) -> dict[str, Any]:
    domain = [f"{kb.label('level', l, lang)}" for l in LEVELS] + [NA[lang]]
    return {"field": "level", "type": "nominal", "title": None,
            "scale": {"domain": domain, "range": [LEVEL_COLOURS[l] for l in LEVELS] + [NOT_APPLICABLE]},
            "legend": legend or {"orient": "bottom", "direction": "horizontal", "symbolType": "square",
                                 "labelExpr": _legend_symbols(kb, lang)}}


def _legend_symbols(kb: KnowledgeBase, lang: str) -> str:
    """Legend labels with the level's symbol, so the legend reads without colour too."""
    def quote(text):
        return text.replace("\\", "\\\\").replace("'", "\\'")
    parts = [
        f"datum.label == '{quote(kb.label('level', l, lang))}' ? '{LEVEL_SYMBOL[l]} ' + datum.label" for l in LEVELS
    ]
    return " : ".join(parts) + " : datum.label"


def _layers(
    kb: KnowledgeBase,
    lang: str,
    row_title: str | None,
    col_title: str | None,
    row_sort: list[str],
    col_sort: list[str],
    selectable: bool,
    axis_size: int = 11,
) -> list[dict[str, Any]]:
    x = {
        "field": "col_label",
        "type": "nominal",
        "sort": col_sort,
        "title": col_title,
        "axis": {"labelAngle": -45, "labelFontSize": axis_size},
    }
    y = {
        "field": "row_label",
        "type": "nominal",
        "sort": row_sort,
        "title": row_title,
        "axis": {"labelFontSize": axis_size},
    }
    rect: dict[str, Any] = {
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
        "encoding": {
            "x": x,
            "y": y,
            "color": level_colour(kb, lang),
            "tooltip": [
                {"field": "row_label", "title": row_title or " "},
                {"field": "col_label", "title": col_title or " "},
                {"field": "level", "title": " "},
                {"field": "confidence", "title": "  "},
                {"field": "basis", "title": "   "},
            ],
        },
    }
    if selectable:
        rect["params"] = [{"name": "cell", "select": {"type": "point", "fields": ["row", "col"]}}]
    text = {
        "mark": {"type": "text", "fontSize": 13, "color": "white", "fontWeight": "bold"},
        "encoding": {"x": x, "y": y, "text": {"field": "mark"}},
    }
    return [rect, text]


def coverage_heatmap(
    frame: pd.DataFrame,
    row: str,
    col: str,
    row_labels: dict,
    col_labels: dict,
    kb: KnowledgeBase,
    lang: str,
    row_title: str | None = None,
    col_title: str | None = None,
    selectable: bool = False,
    height: int = 420,
    outlined: set[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """``outlined``: (row, col) cells drawn with a black frame (e.g. those a scenario changes)."""
    values = _cells(frame, row, col, row_labels, col_labels, kb, lang)
    layers = _layers(kb, lang, row_title, col_title, list(row_labels.values()), list(col_labels.values()), selectable)
    if outlined:
        for record in values:
            record["outlined"] = (record["row"], record["col"]) in outlined
        frame_layer = {
            "transform": [{"filter": "datum.outlined"}],
            "mark": {"type": "rect", "fillOpacity": 0, "stroke": "#000", "strokeWidth": 3},
            "encoding": {"x": layers[0]["encoding"]["x"], "y": layers[0]["encoding"]["y"]},
        }
        layers.append(frame_layer)
    return {"width": "container", "height": height, "data": {"values": values}, "layer": layers}


def care_small_multiples_chart(
    frame: pd.DataFrame, states: dict[str, str], kb: KnowledgeBase, lang: str, columns: int = 3
) -> dict[str, Any]:
    """One host × origin panel per care type, state codes on the axes (full names in the tooltip)."""
    cares = [c for c in CARES if c in set(frame["care"])]
    values = []
    codes = {c: c for c in states}
    for care in cares:
        for record in _cells(frame[frame["care"] == care], "host", "origin", codes, codes, kb, lang):
            record["care"] = kb.label("care", care, lang)
            values.append(record)
    return {
        "data": {"values": values},
        "facet": {
            "field": "care",
            "type": "nominal",
            "sort": [kb.label("care", c, lang) for c in cares],
            "title": None,
            "header": {"labelFontSize": 12, "labelFontWeight": "bold"},
        },
        "columns": columns,
        "spec": {
            "width": 170,
            "height": 170,
            "layer": _layers(kb, lang, None, None, list(codes), list(codes), False, axis_size=9),
        },
        "resolve": {"scale": {"color": "shared"}},
    }
