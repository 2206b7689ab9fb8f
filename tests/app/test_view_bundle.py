"""The view's ZIP (the Share dialog's bundle) holds, per chart drawn, the CSV of exactly the data its
figure draws: every CSV row is a point of the figure's traces and every point is a CSV row.

Each page is run as a reader opens it (AppTest, app.py with the page); the figures are the Plotly
specifications Streamlit sends to the browser, the CSVs come out of the ZIP that
explorer.export.bundle_zip makes from the view's bundle, as the Share dialog does."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import math
import zipfile
from typing import Any

import numpy as np
import pytest

from explorer.charts.coverage_heatmap import STATES
from explorer.charts.palette import LEVEL_SHAPE, LEVEL_SYMBOL, MARKS, MODEL_COLOURS, SYMBOLS
from explorer.export import bundle_zip
from tests.app.conftest import PAGES, run_app

# What each page draws on opening (and, for Coverage, its other view): the charts the test expects.
VIEWS = [
    ("overview", {}, 2),
    ("coverage", {}, 2),
    ("coverage", {"view": "all_cares"}, 2),
    ("family", {}, 1),
    ("instruments", {}, 1),
    ("instruments", {"view": "parties"}, 1),
    ("scenarios", {}, 3),
    ("briefs", {}, 2),
]


def _values(value: Any) -> list[Any]:
    """A trace's array as a list (Plotly writes numeric arrays as base64 typed arrays)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<"))
        return array.tolist()
    return list(value) if value is not None else []


def _grid_values(value: Any) -> list[list[Any]]:
    """A heatmap's 2-D array as rows of values (a typed array carries its shape)."""
    if isinstance(value, dict) and "bdata" in value:
        rows, cols = (int(n) for n in str(value["shape"]).split(","))
        flat = _values(value)
        return [flat[i * cols:(i + 1) * cols] for i in range(rows)]
    return [list(row) for row in value]


def _number(text: str) -> float:
    return float(text)


def _charts(at: Any) -> list[tuple[str, dict[str, Any]]]:
    """(key, figure) of every Plotly chart drawn, in order."""
    return [(chart.proto.id, json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def _zip_csvs(at: Any, lang: str = "en") -> dict[str, list[dict[str, str]]]:
    bundle = at.session_state["_view_bundle"]
    from components.knowledge import knowledge_base

    data = bundle_zip(bundle, knowledge_base(), lang, "https://example.org/", "citation", dt.date(2026, 12, 5))
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = {}
    for name in archive.namelist():
        if name.startswith("chart-") and name.endswith(".csv"):
            text = archive.read(name).decode("utf-8-sig")
            out[name.removesuffix(".csv")] = list(csv.DictReader(io.StringIO(text)))
    return out


def _grid_points(figure: dict[str, Any]) -> tuple[set[tuple[str, ...]], set[tuple[str, str]], set[tuple[str, ...]]]:
    """A grid's cells as drawn: (row, col, row label, col label, display state, symbol) per marker of
    the scatter traces (one per display state) of a clickable grid, or per hovering heatmap cell of a
    grid nobody clicks (its state from the colour index z, its codes and symbol from its customdata);
    the cells drawn with an outline, and the symbols drawn over the cells (row label, col label, symbol,
    panel: a level's shape, or the text where it says more)."""
    cells: set[tuple[str, ...]] = set()
    outlined: set[tuple[str, str]] = set()
    symbols: set[tuple[str, ...]] = set()
    symbol_of = {shape: LEVEL_SYMBOL[level] for level, shape in LEVEL_SHAPE.items()}
    titles = [a["text"] for a in figure["layout"].get("annotations", [])]
    for trace in figure["data"]:
        xs, ys = _values(trace.get("x")), _values(trace.get("y"))
        panel = str(trace.get("xaxis", "x")).removeprefix("x") or "1"
        care = titles[int(panel) - 1] if trace.get("xaxis") is not None else ""
        if trace["type"] == "heatmap" and trace.get("customdata") is not None:
            for y, z_row, data_row in zip(ys, _grid_values(trace["z"]), trace["customdata"], strict=True):
                for x, z, data in zip(xs, z_row, data_row, strict=True):
                    assert not math.isnan(z), f"cell {y} × {x} has no state"
                    cells.add((str(data[0]), str(data[1]), y, x, STATES[int(z)], data[3], care))
            continue
        if trace["type"] != "scatter":
            continue
        if trace.get("name") == "changed":
            outlined |= {(y, x) for x, y in zip(xs, ys, strict=True)}
            continue
        if trace.get("name") in (SYMBOLS, MARKS):
            marks = ([symbol_of[shape] for shape in trace["marker"]["symbol"]] if trace["name"] == SYMBOLS
                     else _values(trace["text"]))
            symbols |= {(y, x, mark, care) for x, y, mark in zip(xs, ys, marks, strict=True)}
            continue
        for x, y, mark, data in zip(xs, ys, _values(trace["text"]), _values(trace["customdata"]), strict=True):
            cells.add((str(data[0]), str(data[1]), y, x, trace["name"], mark, care))
    return cells, outlined, symbols


def _check_grid(figure: dict[str, Any], rows: list[dict[str, str]]) -> None:
    cells, outlined, symbols = _grid_points(figure)
    panels = any(c[6] for c in cells)
    assert {(r["row"], r["col"], r["row_label"], r["col_label"], r["state"], r["mark"], r["care"] if panels else "")
            for r in rows} == cells
    assert len(rows) == len(cells)  # one row per cell drawn, none twice
    # every cell's symbol is drawn over it, once (a shape or its text), and nothing where it has none
    assert {(r["row_label"], r["col_label"], r["mark"], r["care"] if panels else "") for r in rows if r["mark"]} \
        == symbols
    if "outlined" in rows[0]:
        assert {(r["row_label"], r["col_label"]) for r in rows if r["outlined"] == "True"} == outlined
    else:
        assert not outlined


def _check_map(figure: dict[str, Any], rows: list[dict[str, str]]) -> None:
    shapes = {t["name"]: t["fillcolor"] for t in figure["data"] if t.get("fill") == "toself"}
    assert {r["state"]: MODEL_COLOURS[r["model"]] for r in rows} == shapes
    codes = next(t for t in figure["data"] if t.get("name") == "codes")  # on the states
    beside = [a["text"] for a in figure["layout"]["annotations"] if a.get("showarrow")]  # with leader lines
    assert sorted(_values(codes["text"]) + beside) == sorted(r["state"] for r in rows)


def _check_timeline(figure: dict[str, Any], rows: list[dict[str, str]]) -> None:
    bars, marks = set(), set()
    for trace in figure["data"]:
        xs, ys = _values(trace["x"]), _values(trace["y"])
        if trace.get("mode") == "lines":
            for i in range(0, len(xs), 3):  # start, end, gap
                assert ys[i] == ys[i + 1] and xs[i + 2] is None
                bars.add((ys[i], xs[i], xs[i + 1], trace["line"]["color"]))
        else:
            marks |= set(zip(ys, xs, strict=True))
    # an event or a statement is a mark on its day (start == end), not a bar; every other row is a bar
    days = [r for r in rows if r["start"] == r["end"]]
    spans = [r for r in rows if r["start"] != r["end"]]
    assert {(r["label"], r["start"], r["end"], r["colour"]) for r in spans} == bars and len(bars) == len(spans)
    assert {(r["label"], r["in_force"]) for r in rows if r["in_force"]} | {(r["label"], r["start"]) for r in days} \
        == marks


def _check_party_matrix(figure: dict[str, Any], rows: list[dict[str, str]]) -> None:
    (heatmap,) = figure["data"]
    states = _values(heatmap["x"])
    drawn = [(i, state, mark) for i, line in enumerate(heatmap["text"]) for state, mark in zip(states, line,
                                                                                               strict=True)]
    instruments = list(dict.fromkeys(r["instrument_id"] for r in rows))
    assert [(instruments.index(r["instrument_id"]), r["state_name"], r["mark"]) for r in rows] == drawn


BAR_COLUMNS = {"series_label": ("central", "low", "high"), "level_label": ("people", None, None),
               "what_label": ("usd_central", "usd_low", "usd_high")}


def _check_bars(figure: dict[str, Any], rows: list[dict[str, str]]) -> None:
    group = next(c for c in BAR_COLUMNS if c in rows[0])
    central, low, high = BAR_COLUMNS[group]
    drawn = []
    for trace in figure["data"]:
        xs, ys = _values(trace["x"]), _values(trace["y"])
        error = trace.get("error_x") or {}
        plus, minus = _values(error.get("array")), _values(error.get("arrayminus"))
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            drawn.append((trace["name"], y, x, x - minus[i] if minus else None, x + plus[i] if plus else None))
    listed = [(r[group], r["corridor"], _number(r[central]), _number(r[low]) if low else None,
               _number(r[high]) if high else None) for r in rows]
    assert len(listed) == len(drawn)
    for want, got in zip(sorted(listed, key=str), sorted(drawn, key=str), strict=True):
        assert want[:2] == got[:2]
        assert all(w is None and g is None or math.isclose(w, g, rel_tol=1e-9, abs_tol=1e-6)
                   for w, g in zip(want[2:], got[2:], strict=True)), (want, got)


def _check(figure: dict[str, Any], rows: list[dict[str, str]]) -> str:
    """Compare by what the CSV holds; returns the kind of chart recognised."""
    assert rows, "a chart's CSV has its rows"
    columns = set(rows[0])
    if {"row", "col", "state", "mark"} <= columns:
        _check_grid(figure, rows)
        return "grid"
    if {"iso3", "model"} <= columns:
        _check_map(figure, rows)
        return "map"
    if {"start", "end", "label"} <= columns:
        _check_timeline(figure, rows)
        return "timeline"
    if {"instrument_id", "state_name", "mark"} <= columns:
        _check_party_matrix(figure, rows)
        return "party_matrix"
    if columns & set(BAR_COLUMNS):
        _check_bars(figure, rows)
        return "bars"
    raise AssertionError(f"a chart's CSV of an unknown kind: {sorted(columns)}")


@pytest.mark.parametrize(("page", "query", "count"), VIEWS, ids=[f"{p}-{'-'.join(q.values())}" for p, q, _ in VIEWS])
def test_the_view_zip_holds_per_chart_the_csv_of_exactly_what_its_figure_draws(page, query, count) -> None:
    at = run_app(None if page == "overview" else PAGES[page], lang="en", **query)
    assert not at.exception
    charts = _charts(at)
    csvs = _zip_csvs(at)
    assert len(charts) == count and len(csvs) == count  # one CSV per chart drawn, no CSV of a chart not drawn
    for (element_id, figure), (name, rows) in zip(charts, csvs.items(), strict=True):
        key = name.removeprefix("chart-")
        assert element_id.endswith(f"-{key}"), (element_id, name)  # the CSV of this very chart
        _check(figure, rows)


@pytest.mark.parametrize("view", ["flow", "cost"])
def test_the_impact_charts_csvs_in_the_zip_are_what_they_draw(view) -> None:
    at = run_app(PAGES["scenarios"], lang="en")
    at.session_state["imp-view"] = view
    at.run()
    assert not at.exception
    (element_id, figure), = [c for c in _charts(at) if "-imp-" in c[0]]
    rows = _zip_csvs(at)[f"chart-imp-{view}"]
    assert element_id.endswith(f"-imp-{view}")
    assert _check(figure, rows) == "bars"


def test_the_comparison_catches_a_csv_that_differs_from_the_drawing() -> None:
    """The check is not blind: one cell changed, one row dropped or one bar moved is caught."""
    at = run_app(PAGES["coverage"], lang="en")
    (_, heatmap), _ = _charts(at)
    rows = next(iter(_zip_csvs(at).values()))
    assert _check(heatmap, rows) == "grid"
    changed = [dict(r) for r in rows]
    changed[0]["mark"] = "▲" if changed[0]["mark"] != "▲" else "●"
    for wrong in (changed, rows[1:]):
        with pytest.raises(AssertionError):
            _check(heatmap, wrong)
