"""Timeline of instruments: a bar from signature (or entry into force) to the end, or to the data's
as-of date if still in force; a diamond marks entry into force. Colour = type, with a legend; the
labels get the room they need (measured), so none is cut off."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from explorer.charts.axes import date_ticks
from explorer.charts.frame import Chart, LegendItem, text_width
from explorer.i18n import fmt_date

TYPE_COLOUR = {
    "treaty": "#0072B2", "protocol": "#0072B2", "agreement": "#56B4E9", "convention": "#56B4E9",
    "national_law": "#009E73", "regulation": "#009E73", "court_opinion": "#CC79A7", "court_ruling": "#CC79A7",
    "draft_agreement": "#E69F00", "draft_law": "#E69F00", "proposal": "#E69F00", "event": "#999999",
}
LABEL_CHARS = 30
AXIS_SIZE = 11
IN_FORCE = {"en": "in force", "ru": "вступил в силу"}


def _date(value: object) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def instrument_timeline_chart(frame: pd.DataFrame, lang: str, bar_width: int = 8, row_px: int = 18) -> Chart:
    dated = frame[frame["start"].notna()]
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for record in dated.to_dict("records"):
        # Legal names are long: the axis shows a short label, the hover and the table the full name.
        name = str(record["name"])
        start, end = _date(record["start"]), _date(record["end"])
        assert start is not None and end is not None
        label = (name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…") + f" ({start.year})"
        seen[label] = seen.get(label, -1) + 1
        label += "\u200b" * seen[label]  # two instruments may shorten alike: keep their rows apart
        if end <= start:
            end = start + dt.timedelta(days=60)
        in_force = _date(record["in_force"]) if _date(record["signed"]) else None
        rows.append({
            "instrument_id": record["instrument_id"], "label": label, "name": name, "type": record["type_label"],
            "status": record["status_label"], "colour": TYPE_COLOUR.get(str(record["type"]), "#777777"),
            "start": start.isoformat(), "end": end.isoformat(), "in_force": in_force.isoformat() if in_force else "",
        })
    fig = go.Figure()
    for colour in dict.fromkeys(r["colour"] for r in rows):
        part = [r for r in rows if r["colour"] == colour]
        xs: list[str | None] = []
        ys: list[str | None] = []
        hover: list[str | None] = []
        for r in part:
            text = (f"<b>{r['name']}</b><br>{r['type']} · {r['status']}<br>"
                    f"{fmt_date(dt.date.fromisoformat(r['start']), lang)} → "
                    f"{fmt_date(dt.date.fromisoformat(r['end']), lang)}")
            xs += [r["start"], r["end"], None]
            ys += [r["label"], r["label"], None]
            hover += [text, text, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": bar_width},
                                 text=hover, hovertemplate="%{text}<extra></extra>", showlegend=False))
    marks = [r for r in rows if r["in_force"]]
    fig.add_trace(go.Scatter(
        x=[r["in_force"] for r in marks], y=[r["label"] for r in marks], mode="markers",
        marker={"symbol": "diamond", "size": bar_width + 4, "color": "#222222"},
        text=[f"<b>{r['name']}</b><br>{IN_FORCE.get(lang, IN_FORCE['en'])}: "
              f"{fmt_date(dt.date.fromisoformat(r['in_force']), lang)}" for r in marks],
        hovertemplate="%{text}<extra></extra>", showlegend=False,
    ))
    labels = [r["label"] for r in rows]
    first = min((dt.date.fromisoformat(r["start"]) for r in rows), default=dt.date.today())
    last = max((dt.date.fromisoformat(r["end"]) for r in rows), default=dt.date.today())
    values, texts = date_ticks(first, last, lang)
    fig.update_xaxes(type="date", tickvals=values, ticktext=texts, showgrid=True, gridcolor="#eeeeee",
                     automargin=False, fixedrange=True, tickfont={"size": AXIS_SIZE})
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", dtick=1,
                     automargin=False, fixedrange=True, tickfont={"size": AXIS_SIZE})
    fig.update_layout(dragmode=False, hovermode="closest")
    legend: dict[str, list[str]] = {}
    for r in rows:
        names = legend.setdefault(r["colour"], [])
        if r["type"] not in names:
            names.append(r["type"])
    items = tuple(LegendItem(c, "■", " / ".join(n)) for c, n in legend.items())
    items += (LegendItem("#222222", "◆", IN_FORCE.get(lang, IN_FORCE["en"])),)
    left = int(max((text_width(label, AXIS_SIZE) for label in labels), default=40)) + 12
    return Chart("instrument_timeline", fig, rows, plot_height=max(200, row_px * len(rows)), left=left, bottom=26,
                 legend=items, alt=f"{len(rows)}: " + "; ".join(r["name"] for r in rows[:40]))
