"""Timeline of instruments: a bar from signature (or entry into force) to the end, or to the data's
as-of date if still in force; a diamond marks entry into force. A record of one day (an event such as
the 1 Feb 2024 round table, a statement) is a mark on its date, not a bar. Colour = type (colour-blind
safe), with a legend; the labels get the room they need (measured), so none is cut off."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from explorer.charts.axes import date_ticks
from explorer.charts.frame import Chart, LegendItem, text_width
from explorer.i18n import fmt_date

# One colour per family of types (Okabe–Ito: told apart with any colour vision); a dotted bar and the
# marks of one-day records add a cue that does not rest on colour at all.
BAR, DOTTED, STAR, CIRCLE = "bar", "dotted", "star", "circle"
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "treaty": ("#0072B2", BAR), "protocol": ("#0072B2", BAR),  # blue
    "agreement": ("#56B4E9", BAR), "convention": ("#56B4E9", BAR),  # sky blue
    "memorandum": ("#D55E00", BAR),  # vermillion: a memorandum between governments
    "national_law": ("#009E73", BAR), "regulation": ("#009E73", BAR),  # bluish green
    "court_opinion": ("#CC79A7", BAR), "court_ruling": ("#CC79A7", BAR),  # reddish purple
    "draft_agreement": ("#E69F00", BAR), "draft_law": ("#E69F00", BAR), "proposal": ("#E69F00", BAR),  # orange
    "model_agreement": ("#E69F00", DOTTED),  # orange, dotted: a model (soft-law) text, binding no one
    "event": ("#000000", STAR),  # a meeting on one day (the 1 Feb 2024 round table): a star, not a bar
    "statement": ("#000000", CIRCLE),  # a statement made on one day: a dot
}
TYPE_COLOUR = {kind: colour for kind, (colour, _) in TYPE_STYLE.items()}
OTHER_STYLE = ("#777777", BAR)
POINT_MARKS = {STAR: "star", CIRCLE: "circle"}  # Plotly marker symbols of one-day records
LEGEND_SYMBOL = {BAR: "■", DOTTED: "┅", STAR: "★", CIRCLE: "●"}
LABEL_CHARS = 30
AXIS_SIZE = 11
IN_FORCE = {"en": "in force", "ru": "вступил в силу"}


def _date(value: object) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _hover(r: dict[str, Any], lang: str) -> str:
    start, end = dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"])
    when = fmt_date(start, lang) if start == end else f"{fmt_date(start, lang)} → {fmt_date(end, lang)}"
    return f"<b>{r['name']}</b><br>{r['type']} · {r['status']}<br>{when}"


def instrument_timeline_chart(frame: pd.DataFrame, lang: str, bar_width: int = 8, row_px: int = 18) -> Chart:
    dated = frame[frame["start"].notna()]
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for record in dated.to_dict("records"):
        # Legal names are long: the axis shows a short label, the hover and the table the full name.
        name = str(record["name"])
        full = str(record.get("full_name") or name)
        start, end = _date(record["start"]), _date(record["end"])
        assert start is not None and end is not None
        year = f" ({start.year})"
        short = name.removesuffix(year)  # a short name may carry its year already: say it once
        label = (short if len(short) <= LABEL_CHARS else short[: LABEL_CHARS - 1].rstrip() + "…") + year
        seen[label] = seen.get(label, -1) + 1
        label += "\u200b" * seen[label]  # two instruments may shorten alike: keep their rows apart
        colour, mark = TYPE_STYLE.get(str(record["type"]), OTHER_STYLE)
        point = mark in POINT_MARKS
        if point:
            end = start  # it happened on that day: no span, no entry into force
        elif end <= start:
            end = start + dt.timedelta(days=60)
        in_force = _date(record["in_force"]) if _date(record["signed"]) and not point else None
        rows.append({
            "instrument_id": record["instrument_id"], "label": label, "name": full, "type": record["type_label"],
            "status": record["status_label"], "colour": colour, "mark": mark,
            "start": start.isoformat(), "end": end.isoformat(), "in_force": in_force.isoformat() if in_force else "",
        })
    fig = go.Figure()
    for colour, mark in dict.fromkeys((r["colour"], r["mark"]) for r in rows):
        part = [r for r in rows if (r["colour"], r["mark"]) == (colour, mark)]
        hover = [_hover(r, lang) for r in part]
        if mark in POINT_MARKS:
            fig.add_trace(go.Scatter(
                x=[r["start"] for r in part], y=[r["label"] for r in part], mode="markers",
                marker={"symbol": POINT_MARKS[mark], "size": bar_width + 8, "color": colour},
                text=hover, hovertemplate="%{text}<extra></extra>", showlegend=False))
            continue
        xs: list[str | None] = []
        ys: list[str | None] = []
        hovers: list[str | None] = []
        for r, text in zip(part, hover, strict=True):
            xs += [r["start"], r["end"], None]
            ys += [r["label"], r["label"], None]
            hovers += [text, text, None]
        line = {"color": colour, "width": bar_width, "dash": "dot" if mark == DOTTED else "solid"}
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=line,
                                 text=hovers, hovertemplate="%{text}<extra></extra>", showlegend=False))
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
    legend: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        names = legend.setdefault((r["colour"], r["mark"]), [])
        if r["type"] not in names:
            names.append(r["type"])
    items = tuple(LegendItem(c, LEGEND_SYMBOL[m], " / ".join(n)) for (c, m), n in legend.items())
    items += (LegendItem("#222222", "◆", IN_FORCE.get(lang, IN_FORCE["en"])),)
    left = int(max((text_width(label, AXIS_SIZE) for label in labels), default=40)) + 12
    return Chart("instrument_timeline", fig, rows, plot_height=max(200, row_px * len(rows)), left=left, bottom=26,
                 legend=items, alt=f"{len(rows)}: " + "; ".join(r["name"] for r in rows[:40]))
