"""Grids of coverage levels (host × origin, person × care) in the shared level palette, as Plotly figures.

Each level has a symbol as well as a colour; "not applicable", "no data" and low confidence ("?" on the
level's colour) are display states, never levels. A go.Heatmap fills each cell at any width and, in a
grid nobody clicks, takes the hover. A clickable grid adds a scatter of square markers over it (in
Streamlit 1.67 a click on a go.Heatmap returns no selected point; a scatter point does, with its
customdata: the row and column codes)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from explorer.charts.frame import SOURCE_SIZE, Chart, LegendItem, text_width
from explorer.charts.palette import (
    LEVEL_COLOURS,
    LEVEL_SHAPE,
    LEVEL_SYMBOL,
    LOW_CONFIDENCE_MARK,
    MARKS,
    NO_DATA,
    NOT_APPLICABLE,
    SYMBOLS,
)
from explorer.i18n import t
from explorer.views.common import basis_column, split_basis
from policy.knowledge_base import KnowledgeBase
from policy.models import CARES, LEVELS, PERSONS

NA = {"en": "not applicable", "ru": "не применимо"}
STATES = (*LEVELS, "not_applicable", "no_data")  # display states, in legend order
STATE_COLOURS = {**LEVEL_COLOURS, "not_applicable": NOT_APPLICABLE, "no_data": NO_DATA}
STATE_SYMBOL = {**LEVEL_SYMBOL, "not_applicable": "–", "no_data": ""}
AXIS_SIZE = 11
SHAPE_SCALE = 0.8  # a symbol marker's size against the size of the text symbol it replaces
CELLS = "cells"  # the name of a grid's heatmap trace


def state_label(kb: KnowledgeBase, state: str, lang: str) -> str:
    if state == "not_applicable":
        return NA[lang]
    if state == "no_data":
        return t("chart.no_data", lang)
    return kb.label("level", state, lang)


# The two pale display states as the legend shows them: their cells' own marks (a light-grey dash, nothing
# on near-white) could not be seen in a line of text. A light-grey square is the not-applicable cell; an
# outlined square the empty one.
LEGEND_MARK = {"not_applicable": (NOT_APPLICABLE, "■"), "no_data": ("#666666", "□")}


def level_legend(kb: KnowledgeBase, lang: str, states: tuple[str, ...] = STATES) -> tuple[LegendItem, ...]:
    """The levels with their colour and symbol, then the display states, then "? low confidence"."""
    items = [LegendItem(*LEGEND_MARK.get(s, (STATE_COLOURS[s], STATE_SYMBOL[s])), state_label(kb, s, lang))
             for s in states]
    return (*items, LegendItem("#111111", LOW_CONFIDENCE_MARK, t("chart.low_confidence", lang)))


def _basis(kb: KnowledgeBase, ids: str, text: str, lang: str) -> str:
    """The legal basis in words: instrument names, with the article the rule cites (in ``lang``)."""
    parts = split_basis(ids, text)
    if not parts:  # already in words (the Family page's grid names its instruments itself)
        return str(text or ids or "")
    out = []
    for code, article in parts:
        inst = kb.instruments.get(code)
        name = inst.name.in_lang(lang) if inst is not None else code
        out.append(name + (f" — {article}" if article else ""))
    return "; ".join(out)


def _sources(kb: KnowledgeBase, rules: str) -> str:
    ids = [s for r in str(rules or "").split() if r in kb.rules_by_id for s in kb.rules_by_id[r].sources]
    return "; ".join(dict.fromkeys(kb.sources[s].publisher for s in ids if s in kb.sources))


def _lines(text: str, width: int = 60, most: int = 8) -> str:
    """A hover's long text on several lines (a hover box does not wrap either)."""
    import textwrap

    lines = [line for part in text.split("; ") for line in textwrap.wrap(part, width)]
    return "<br>".join(lines[:most]) + ("<br>…" if len(lines) > most else "")


def cells(frame: pd.DataFrame, row: str, col: str, row_labels: dict[str, str], col_labels: dict[str, str],
          kb: KnowledgeBase, lang: str) -> list[dict[str, Any]]:
    """One record per cell drawn: codes, labels, display state, level, symbol, confidence, basis, source."""
    # One pass over plain records: a .loc lookup per cell cost ≈ 0.05 s per 100-cell grid.
    found = {(r[row], r[col]): r for r in frame.to_dict("records")}
    out = []
    for r in row_labels:
        for c in col_labels:
            cell = found.get((r, c))
            record: dict[str, Any] = {"row": r, "col": c, "row_label": row_labels[r], "col_label": col_labels[c]}
            if cell is None:
                record.update(state="no_data", level=state_label(kb, "no_data", lang), mark="", confidence="",
                              basis="", source="")
            elif not bool(cell["applicable"]):
                reason = cell.get("not_applicable_reason")
                # a national in their own state; a care the member's age puts out of question (Family: its why)
                why = (kb.message("note_host_is_origin", lang) if reason == "host_is_origin"
                       else str(cell.get("explanation") or "") if reason == "age" else "")
                record.update(state="not_applicable", level=NA[lang], mark="", confidence="", basis=why, source="")
            else:
                level = str(cell["level"])
                low = cell["confidence"] == "low"
                record.update(
                    state=level,
                    level=kb.label("level", level, lang),
                    mark=LEVEL_SYMBOL[level] + (LOW_CONFIDENCE_MARK if low else ""),
                    confidence=kb.label("confidence", str(cell["confidence"]), lang),
                    basis=_basis(kb, str(cell.get("basis_ids", "")),
                                 str(cell.get(basis_column(lang), cell.get("basis", ""))), lang),
                    source=_sources(kb, str(cell.get("rules", ""))),
                )
            out.append(record)
    return out


def _details(record: dict[str, Any], lang: str) -> str:
    """What differs from cell to cell in a hover: the legal basis, the confidence, the source."""
    labels = {"basis": "", "confidence": t("common.confidence", lang) + ": ",
              "source": t("col.source", lang) + ": "}
    return "<br>".join(_lines(label + str(record[key])) for key, label in labels.items() if record.get(key))


def _hover_template(row_title: str | None, col_title: str | None, level: str, marked: bool = True) -> str:
    """One hover per trace (one trace per display state): the row, the column and the symbol come from
    each point, the level is the trace's own; only the details travel with every point (customdata),
    not a whole hover text per cell (a third of a grid's figure JSON)."""
    head = f"{row_title + ': ' if row_title else ''}%{{y}}<br>{col_title + ': ' if col_title else ''}%{{x}}"
    return f"<b>{head}</b><br><b>{'%{text} ' if marked else ''}{level}</b><br>%{{customdata[2]}}<extra></extra>"


def _axis_room(labels: list[str], size: float, angle: float = 0.0) -> int:
    widest = max((text_width(str(label), size) for label in labels), default=0.0)
    return math.ceil(widest * math.sin(math.radians(angle)) + size * 1.5) if angle else math.ceil(widest)


def grid_traces(records: list[dict[str, Any]], selectable: bool, row_title: str | None, col_title: str | None,
                marker_size: float, text_size: int, lang: str = "en") -> list[Any]:
    """A heatmap filling every cell with its state's colour, and the cells' symbols over it: a level's
    shape as a marker (one trace), and as text only where a cell carries the low-confidence mark too.

    A clickable grid draws one scatter of square markers per display state between the two (the hover;
    the click target). A grid nobody clicks lets the heatmap take the hover instead, each cell's
    codes, details, symbol and level in its customdata: its 100 markers cost the browser ≈ 0.04 s a
    grid (bench_chart_cost.py, `heatonly`).

    Why symbols as markers and not text: Plotly measures every text point it draws (a forced layout in
    the browser), ≈ 0.04 s per 10 × 10 grid."""
    xs = list(dict.fromkeys(r["col_label"] for r in records))
    ys = list(dict.fromkeys(r["row_label"] for r in records))
    index = {s: i for i, s in enumerate(STATES)}
    z = [[math.nan] * len(xs) for _ in ys]
    # The heatmap's hover data, only where it takes the hover (a clickable grid's markers carry their own).
    custom: list[list[list[str]]] = [[["", "", "", "", ""] for _ in xs] for _ in ys]
    for r in records:
        i, j = ys.index(r["row_label"]), xs.index(r["col_label"])
        z[i][j] = index[r["state"]]
        if not selectable:
            custom[i][j] = [r["row"], r["col"], _details(r, lang), r["mark"], r["level"]]
    n = len(STATES)
    scale = []
    for i, s in enumerate(STATES):  # a stepped scale: value i is exactly the colour of state i
        scale += [[i / n, STATE_COLOURS[s]], [(i + 1) / n, STATE_COLOURS[s]]]
    heat = {"x": xs, "y": ys, "z": z, "zmin": -0.5, "zmax": n - 0.5, "colorscale": scale, "showscale": False,
            "xgap": 2, "ygap": 2, "name": CELLS}
    if selectable:
        return [go.Heatmap(**heat, hoverinfo="skip"), *state_traces(records, row_title, col_title, marker_size, lang),
                *symbol_traces(records, text_size)]
    hover = _hover_template(row_title, col_title, "%{customdata[3]} %{customdata[4]}", marked=False)
    return [go.Heatmap(**heat, customdata=custom, hovertemplate=hover), *symbol_traces(records, text_size)]


def state_traces(records: list[dict[str, Any]], row_title: str | None, col_title: str | None, marker_size: float,
                 lang: str) -> list[Any]:
    """A clickable grid's cells: one scatter of square markers per display state (in Streamlit 1.67 a
    click on a go.Heatmap returns no selected point; a scatter point does, with its customdata: the
    row and column codes)."""
    traces: list[Any] = []
    for state in STATES:
        part = [r for r in records if r["state"] == state]
        if not part:
            continue
        traces.append(go.Scatter(
            # the text is the cell's symbol for the hover (%{text}); the symbol traces draw it
            x=[r["col_label"] for r in part], y=[r["row_label"] for r in part], mode="markers",
            name=state, text=[r["mark"] for r in part],
            # unseen: the heatmap below fills the cells at any width, while a marker keeps its size in px and
            # ran over its neighbours on a phone (10 columns of about 19 px under 26-px squares); a click and the
            # hover find an unseen marker all the same
            marker={"symbol": "square", "size": marker_size, "color": STATE_COLOURS[state], "line": {"width": 0},
                    "opacity": 0},
            customdata=[[r["row"], r["col"], _details(r, lang)] for r in part],
            hovertemplate=_hover_template(row_title, col_title, part[0]["level"], any(r["mark"] for r in part)),
            hoverlabel={"bgcolor": STATE_COLOURS[state]},
            selected={"marker": {"opacity": 0}}, unselected={"marker": {"opacity": 0}},
            showlegend=False,
        ))
    return traces


def symbol_traces(records: list[dict[str, Any]], text_size: float) -> list[Any]:
    """The cells' symbols: a level's shape as a marker where the mark is the level's symbol alone,
    the mark as text where it says more (the low-confidence "?"). Neither hovers nor takes a click
    (the square under it does), and neither fades when a cell is selected."""
    def alone(r: dict[str, Any]) -> bool:  # the mark is the level's symbol and nothing more
        return r["state"] in LEVEL_SHAPE and r["mark"] == LEVEL_SYMBOL[r["state"]]

    shaped = [r for r in records if alone(r)]
    written = [r for r in records if r["mark"] and not alone(r)]
    steady = {"marker": {"opacity": 1}}
    traces: list[Any] = []
    if shaped:
        traces.append(go.Scatter(
            x=[r["col_label"] for r in shaped], y=[r["row_label"] for r in shaped], mode="markers", name=SYMBOLS,
            hoverinfo="skip", showlegend=False, selected=steady, unselected=steady,
            marker={"symbol": [LEVEL_SHAPE[r["state"]] for r in shaped], "size": round(text_size * SHAPE_SCALE),
                    "color": "white", "line": {"width": 0}},
        ))
    if written:
        colour = {"textfont": {"color": "white"}}
        traces.append(go.Scatter(
            x=[r["col_label"] for r in written], y=[r["row_label"] for r in written], mode="text", name=MARKS,
            text=[r["mark"] for r in written], textfont={"size": text_size, "color": "white"},
            hoverinfo="skip", showlegend=False, selected=colour, unselected=colour,
        ))
    return traces


def coverage_heatmap(
    frame: pd.DataFrame,
    row: str,
    col: str,
    row_labels: dict[str, str],
    col_labels: dict[str, str],
    kb: KnowledgeBase,
    lang: str,
    row_title: str | None = None,
    col_title: str | None = None,
    selectable: bool = False,
    height: int = 420,
    outlined: set[tuple[str, str]] | None = None,
) -> Chart:
    """``outlined``: (row, col) cells drawn with a black frame (e.g. those a scenario changes)."""
    records = cells(frame, row, col, row_labels, col_labels, kb, lang)
    step = height / max(1, len(row_labels))
    fig = go.Figure(grid_traces(records, selectable, row_title, col_title, min(step * 0.6, 26), 13, lang))
    if outlined:
        hits = [r for r in records if (r["row"], r["col"]) in outlined]
        fig.add_trace(go.Scatter(
            x=[r["col_label"] for r in hits], y=[r["row_label"] for r in hits], mode="markers", hoverinfo="skip",
            marker={"symbol": "square-open", "size": min(step * 0.9, 40), "color": "#000000", "line": {"width": 3}},
            showlegend=False, name="changed",
        ))
        for record in records:
            record["outlined"] = (record["row"], record["col"]) in outlined
    x_labels, y_labels = list(col_labels.values()), list(row_labels.values())
    angle = 45 if max((len(x) for x in x_labels), default=0) > 4 else 0
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x_labels, tickangle=-angle, dtick=1,
                     automargin=False, showgrid=False, zeroline=False, tickfont={"size": AXIS_SIZE}, fixedrange=True)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=y_labels, autorange="reversed", dtick=1,
                     automargin=False, showgrid=False, zeroline=False, tickfont={"size": AXIS_SIZE}, fixedrange=True)
    # A clickable grid comes with the drag mode Streamlit's chart gives a chart with selections ("pan", a
    # no-op on fixed axes): sent False, Streamlit changed it after the first draw and Plotly redid its toolbar.
    fig.update_layout(clickmode="event+select" if selectable else "none", dragmode="pan" if selectable else False,
                      hovermode="closest")
    left = _axis_room(y_labels, AXIS_SIZE) + 16  # the frame adds the axis titles' room
    bottom = _axis_room(x_labels, AXIS_SIZE, angle) + 8
    return Chart("coverage_heatmap", fig, records, plot_height=height, left=left, bottom=bottom,
                 x_title=col_title or "", y_title=row_title or "", legend=level_legend(kb, lang),
                 alt=_alt(records, lang), extra={"grid": True})


def corridor_heatmap(corridor: pd.DataFrame, kb: KnowledgeBase, lang: str, height: int) -> Chart:
    """One corridor's person × care grid (explorer.views.coverage.corridor_grid), as the Coverage page
    and meeting mode draw it."""
    return coverage_heatmap(corridor, "person", "care", {p: kb.label("person", p, lang) for p in PERSONS},
                            {c: kb.label("care", c, lang) for c in CARES}, kb, lang, height=height)


def fixed_width_grid(fig: go.Figure) -> None:
    """For an image file: each cell a filled rectangle in its state's colour (vector; a go.Heatmap is a
    raster image in SVG), the cells' symbols kept on top; a clickable grid's square markers hidden."""
    xs = list(fig.layout.xaxis.categoryarray or ())
    ys = list(fig.layout.yaxis.categoryarray or ())
    shapes = []
    for trace in fig.data:
        if trace.type != "heatmap":
            continue
        for y, row in zip(trace.y, trace.z, strict=True):
            for x, value in zip(trace.x, row, strict=True):
                if value is None or math.isnan(value):
                    continue
                i, j = xs.index(x), ys.index(y)
                shapes.append({"type": "rect", "xref": "x", "yref": "y", "x0": i - 0.48, "x1": i + 0.48,
                               "y0": j - 0.46, "y1": j + 0.46, "fillcolor": STATE_COLOURS[STATES[int(value)]],
                               "line": {"width": 0}, "layer": "below"})
    fig.data = tuple(trace for trace in fig.data if trace.type != "heatmap")
    for trace in fig.data:
        if trace.type == "scatter" and trace.name in STATES:
            trace.marker.opacity = 0
    fig.update_layout(shapes=[*shapes, *(fig.layout.shapes or ())])


def _alt(records: list[dict[str, Any]], lang: str) -> str:
    counts: dict[str, int] = {}
    for r in records:
        counts[r["level"]] = counts.get(r["level"], 0) + 1
    words = ", ".join(f"{label}: {n}" for label, n in counts.items())
    return (f"{len(records)} ячеек; {words}" if lang == "ru" else f"{len(records)} cells; {words}")


def care_small_multiples_chart(
    frame: pd.DataFrame, states: dict[str, str], kb: KnowledgeBase, lang: str, columns: int = 3
) -> Chart:
    """One host × origin panel per care type, state codes on the axes (full names in the hover)."""
    from plotly.subplots import make_subplots

    cares = [c for c in CARES if c in set(frame["care"])]
    rows_n = math.ceil(len(cares) / columns)
    titles = [kb.label("care", c, lang) for c in cares]
    fig = make_subplots(rows=rows_n, cols=columns, subplot_titles=titles, horizontal_spacing=0.06,
                        vertical_spacing=0.14 / max(1, rows_n - 1) * 1.4 if rows_n > 1 else 0.1)
    codes = {c: c for c in states}
    drawn: list[dict[str, Any]] = []
    for i, care in enumerate(cares):
        records = cells(frame[frame["care"] == care], "host", "origin", codes, codes, kb, lang)
        for r in records:
            r["row_label"], r["col_label"] = r["row"], r["col"]
            r["care"] = kb.label("care", care, lang)
            r["host_name"], r["origin_name"] = states[r["row"]], states[r["col"]]
        row_i, col_i = i // columns + 1, i % columns + 1
        for trace in grid_traces(records, False, None, None, 9, 7, lang):
            if isinstance(trace, go.Heatmap) and trace.customdata is not None:  # the hover names both states
                trace.customdata = [[[*c[:2], f"{states[c[0]]} ← {states[c[1]]}<br>" + c[2], *c[3:]] if c[0] else c
                                     for c in row] for row in trace.customdata]
            fig.add_trace(trace, row=row_i, col=col_i)
        drawn += records
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(codes), tickangle=-90,
                     tickfont={"size": 8}, showgrid=False, zeroline=False, fixedrange=True, automargin=False)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(codes), autorange="reversed",
                     tickfont={"size": 8}, showgrid=False, zeroline=False, fixedrange=True, automargin=False)
    fig.update_annotations(font={"size": SOURCE_SIZE + 1})  # the panels' titles
    fig.update_layout(dragmode=False, hovermode="closest")
    return Chart("care_small_multiples", fig, drawn, plot_height=230 * rows_n, left=30, bottom=28,
                 legend=level_legend(kb, lang), alt=_alt(drawn, lang))
