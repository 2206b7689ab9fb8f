"""Chart frame: every chart carries its title, subtitle, source line, as-of date and licence inside the
Plotly figure (annotations), so a screenshot, a PNG, an SVG and the chart toolbar's own download all
stand alone. Pure (no Streamlit).

Plotly does not wrap text, so the frame wraps its lines itself, measured in the font the chart uses
(DejaVu Sans, shipped in static/fonts) for the narrowest screen we support (a 390-px phone).

A builder (one module per chart kind) returns a ``Chart``: its bare figure, the rows it draws (the
CSV of a download), its legend and the room its axes need; ``framed`` adds the frame's texts and
``Chart.figure()`` lays them out.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from PIL import ImageFont

from explorer.charts.palette import SYMBOLS
from explorer.i18n import t
from policy.knowledge_base import KnowledgeBase

FONT = "DejaVu Sans, Verdana, sans-serif"  # installed with the app; no web fonts
FONT_FILE = Path(__file__).resolve().parents[2] / "static" / "fonts" / "DejaVuSans.ttf"
FONT_BOLD_FILE = FONT_FILE.with_name("DejaVuSans-Bold.ttf")
PHONE_WIDTH = 390  # px of the narrowest screen we support
PAGE_PADDING = 16  # px Streamlit leaves on each side of the main column on a phone
FRAME_PAD = 8  # px between the figure's edge and the frame's text
RIGHT = 12  # px right of the plot
SLACK = 6  # px a frame line keeps free of the figure's width
TEXT_WIDTH = PHONE_WIDTH - 2 * PAGE_PADDING - 2 * FRAME_PAD - SLACK  # px a frame line may take
# px the chart's toolbar takes from the figure's right edge, 28 px high (Plotly's camera and full-screen
# buttons, measured at 390 px: 284-356 of a 358-px figure): the title's first line ends before it
TOOLBAR_WIDTH = 80
TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE, LEGEND_SIZE = 16, 12, 11, 12
AXIS_TITLE_SIZE = 12
LINE = 1.3  # Plotly's line height, in font sizes
ROW_FILL = 0.8  # a category row's label takes at most this share of the row's height
ROW_LABEL_LEAST = 7  # px of a row's label, times the chart's scale, below which a fitted plot does not shrink
NOTES_SHARE = 0.27  # of a room's figure's width: the column its legend and source line move to when too tall
PLOT_LEAST = 0.6  # share of its own height a fitted plot without rows keeps (a map, a date axis)
INK, GREY = "#111111", "#444444"
# What our charts keep of Plotly's default template ("plotly", ≈ 3.7 kB in every figure's JSON, most of
# it for chart types we never draw): what it drew is what a reader saw, no grid, zero line or tick marks
# (its grid and zero lines were white on the white plot: a chart that wants a grid asks for one).
# Not its axis titles' "standoff", and tick labels are not hidden for overflowing: either makes Plotly
# measure every tick label in the browser, a forced layout each (with its axis titles: 389 → 207 boxes
# measured on a Scenarios page, 167 → 29 on Instruments). The frame leaves each axis the room its labels
# need and draws the axis titles itself (Chart.x_title, Chart.y_title).
# No colours here: the frame writes these into each axis (_as_drawn), and an axis given a grid, zero-line
# or line colour shows that line unless told otherwise.
_AXIS = {"showgrid": False, "zeroline": False, "ticks": "", "ticklabeloverflow": "allow"}
TEMPLATE: dict[str, Any] = {"layout": {"xaxis": _AXIS, "yaxis": _AXIS, "hovermode": "closest",
                                       "hoverlabel": {"align": "left"}}}
# Every figure a builder makes starts from it too: applying Plotly's own template cost ≈ 5 ms per figure.
pio.templates["coverage_explorer"] = go.layout.Template(TEMPLATE)
pio.templates.default = "coverage_explorer"


@functools.lru_cache(maxsize=8)
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_BOLD_FILE if bold else FONT_FILE), size=max(1, round(size)))


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of ``text`` in the chart font at ``size`` px (kept: every rerun measures the same
    labels and frame lines again)."""
    return float(_font(size, bold).getlength(text))


def wrap(text: str, size: float = SOURCE_SIZE, width: float = TEXT_WIDTH, bold: bool = False) -> list[str]:
    """Break text into lines no wider than ``width`` px in the chart font (Plotly does not wrap)."""
    return list(_wrapped(text, size, width, bold))


@functools.lru_cache(maxsize=2048)
def _wrapped(text: str, size: float, width: float, bold: bool) -> tuple[str, ...]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
        while text_width(line, size, bold) > width and len(line) > 1:  # one word wider than a line
            cut = len(line)
            while cut > 1 and text_width(line[:cut], size, bold) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return tuple(lines)


@dataclass(frozen=True)
class LegendItem:
    colour: str
    symbol: str
    label: str


@dataclass(frozen=True)
class Chart:
    """A chart before and after framing. ``figure`` is the bare plot (never changed in place);
    ``rows`` exactly what it draws (one record per mark: the CSV of a download)."""

    kind: str
    figure: go.Figure
    rows: list[dict[str, Any]]
    plot_height: int  # px of the plot area itself
    left: int = 40  # px the y axis labels need
    bottom: int = 30  # px the x axis labels need under the plot
    top: int = 0  # px axis labels need above the plot (x axis on top)
    # Axis titles, drawn by the frame, which adds their room outside ``left`` and ``bottom``: a Plotly
    # axis title makes the browser measure every tick label of its axis, to keep clear of them.
    x_title: str = ""  # centred under the labels, wrapped to the plot's width
    y_title: str = ""  # turned a quarter, where the frame's lines start
    legend: tuple[LegendItem, ...] = ()
    alt: str = ""  # what a screen reader hears beyond the frame (what the chart shows)
    title: str = ""
    subtitle: str = ""
    source_line: str = ""
    licence: str = ""
    text_width: float = TEXT_WIDTH
    scale: float = 1.0
    # A room's frame: the subtitle, legend, source line and licence in type of this scale (0: ``scale``,
    # as the title), and the whole figure at most ``most_height`` px (0: no limit) with the plot shrunk
    # to fit, not below what its rows need to stay legible (ROW_LABEL_LEAST) or PLOT_LEAST of a plot
    # without rows.
    note_scale: float = 0.0
    most_height: int = 0
    # "ink": the frame's text colour (a room's black); "grid": a clickable grid; "fill": with most_height,
    # the plot grows to the height the frame leaves (a room's map)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The chart's accessible name: its frame in words."""
        parts = [self.title, self.subtitle, self.alt, self.source_line, self.licence]
        return ". ".join(p.rstrip(".") for p in parts if p) + "."

    def figure_dict(self) -> dict[str, Any]:
        return self.framed_figure().to_plotly_json()

    def framed_figure(self) -> go.Figure:
        return layout_frame(self)


def framed(chart: Chart, title: str, subtitle: str, source_line: str, licence: str = "") -> Chart:
    """The chart with its title, subtitle and source line (data as-of, version), and the licence."""
    return replace(chart, title=title, subtitle=subtitle, source_line=source_line, licence=licence or chart.licence)


def licence_line(kb: KnowledgeBase, lang: str) -> str:
    url = str(kb.meta.licence_url or "").removeprefix("https://").removeprefix("http://").rstrip("/")
    return t("chart.licence", lang, url=url or "—")


def for_width(chart: Chart, width: float, scale: float = 1.0) -> Chart:
    """The chart framed for a wider screen (meeting mode) and enlarged by ``scale``."""
    return replace(chart, text_width=width, scale=scale)


def _block(lines: Sequence[str], size: float) -> tuple[str, float]:
    return "<br>".join(lines), len(lines) * size * LINE


NBSP = "\u00a0"  # a space Plotly's SVG text keeps at the start of a line


def _title_lines(title: str, size: int, width: float) -> list[str]:
    """The title wrapped to the width, its first line short of the toolbar over the figure's top right
    corner (on a phone the camera and full-screen buttons stood on the title's words)."""
    first_width = width + FRAME_PAD + SLACK - TOOLBAR_WIDTH
    first = wrap(title, size, first_width, bold=True)
    if len(first) <= 1:
        return first
    words = title.split()
    if text_width(title, size, bold=True) <= width and len(words) > 1:
        # two lines where one would have done on a wide screen: split it evenly, not one word left over
        splits = [(" ".join(words[:n]), " ".join(words[n:])) for n in range(1, len(words))]
        fitting = [pair for pair in splits if text_width(pair[0], size, bold=True) <= first_width]
        if fitting:
            return list(min(fitting, key=lambda pair: max(text_width(part, size, bold=True) for part in pair)))
    rest = title[len(first[0]):].strip()
    return [first[0], *wrap(rest, size, width, bold=True)]


def legend_lines(items: Iterable[LegendItem], size: float, width: float) -> list[str]:
    """Legend entries as coloured symbols with their labels, wrapped to the width (no Plotly legend:
    its height cannot be known here, and it would push the frame's texts about)."""
    lines: list[str] = []
    line, used = "", 0.0
    for item in items:
        plain = f"{item.symbol} {item.label}"
        if text_width(plain, size) > width:  # an entry longer than a line: on lines of its own
            if line:
                lines.append(line)
                line, used = "", 0.0
            # its further lines hang under the label, not under the symbol, so the entry reads as one
            lead = f"{item.symbol} "
            indent = NBSP * max(1, round(text_width(lead, size) / text_width(NBSP, size)))
            parts = wrap(item.label, size, width - text_width(indent, size))
            lines += [f"<span style='color:{item.colour}'>{item.symbol}</span> {parts[0]}",
                      *(indent + part for part in parts[1:])]
            continue
        rich = f"<span style='color:{item.colour}'>{item.symbol}</span> {item.label}"
        need = text_width(plain + "   ", size)
        if line and used + need > width:
            lines.append(line)
            line, used = "", 0.0
        line = f"{line}   {rich}" if line else rich
        used += need
    if line:
        lines.append(line)
    return lines


def layout_frame(chart: Chart) -> go.Figure:
    """The bare figure with the frame laid out around the plot, in pixels: title, subtitle and legend
    above it, the source line and the licence below it."""
    s = chart.scale
    note_scale = chart.note_scale or s
    width = chart.text_width
    title_size = round(TITLE_SIZE * s)
    sub_size, source_size, legend_size = (round(v * note_scale) for v in (SUBTITLE_SIZE, SOURCE_SIZE, LEGEND_SIZE))
    title_lines = _title_lines(chart.title, title_size, width) if chart.title else []
    sub_lines = wrap(chart.subtitle, sub_size, width) if chart.subtitle else []
    legend = legend_lines(chart.legend, legend_size, width)
    source_lines = [*wrap(chart.source_line, source_size, width), *wrap(chart.licence, source_size, width)] \
        if chart.source_line or chart.licence else []
    # On plain dicts: copying the bare figure and validating every property again (go.Figure(deepcopy),
    # update_layout) cost ≈ 40 ms per chart on every rerun; the bare figure was validated when built.
    figure = chart.figure.to_dict()
    figure["data"] = [_plain_arrays(trace) for trace in figure.get("data", [])]
    if s != 1:
        enlarged = go.Figure(figure, _validate=False)
        _enlarge(enlarged, s)
        figure = enlarged.to_dict()
    grey = str(chart.extra.get("ink", GREY))
    left, top_axis, bottom_axis = round(chart.left * s), round(chart.top * s), round(chart.bottom * s)
    plot_height = round(chart.plot_height * s)
    left = _fit_row_labels(figure, plot_height, left)
    # The axis titles take the outermost room: the y title left of the labels, the x title under them.
    axis_size = round(AXIS_TITLE_SIZE * s)
    y_lines = wrap(chart.y_title, axis_size, max(60, plot_height)) if chart.y_title else []
    y_text, y_height = _block(y_lines, axis_size)
    if y_lines:
        left += round(y_height + 6 * s)
    x_lines = _x_title_lines(chart, axis_size, left, s)
    x_text, x_height = _block(x_lines, axis_size)
    x_title_top = bottom_axis
    if x_lines:
        bottom_axis += round(x_height + 6 * s)
    right = round(RIGHT * s)
    top, bottom, final = _stacked(title_lines, title_size, sub_lines, sub_size, legend, legend_size, source_lines,
                                  source_size, grey, left, top_axis, bottom_axis)
    if chart.most_height and chart.extra.get("fill") and top + plot_height + bottom < chart.most_height:
        plot_height = chart.most_height - top - bottom  # a map takes the screen's height its frame leaves
    if chart.most_height and top + plot_height + bottom > chart.most_height:
        # Too tall for the screen: the plot shrinks to fit; if it cannot, down to what keeps it legible,
        # the legend, the source line and the licence go to a column right of the plot instead (a room's
        # screen is wider than tall), if that makes the figure shorter.
        stacked_plot = _plot_fit(figure, plot_height, chart.most_height - top - bottom, s)
        column = round(NOTES_SHARE * (width + 2 * FRAME_PAD + SLACK))
        side_legend = legend_lines(chart.legend, legend_size, column - FRAME_PAD)
        side_source = [*wrap(chart.source_line, source_size, column - FRAME_PAD),
                       *wrap(chart.licence, source_size, column - FRAME_PAD)]
        side_top, side_bottom, side_final = _stacked(title_lines, title_size, sub_lines, sub_size, [], legend_size,
                                                     [], source_size, grey, left, top_axis, bottom_axis)
        notes, notes_height = _notes_column(side_legend, legend_size, side_source, source_size, grey, right)
        side_plot = _plot_fit(figure, plot_height, chart.most_height - side_top - side_bottom, s)
        side_bottom = max(side_bottom, round(notes_height + FRAME_PAD - side_plot))  # the column ends in the figure
        if top + stacked_plot + bottom > chart.most_height \
                and side_top + side_plot + side_bottom < top + stacked_plot + bottom:
            top, bottom, final, plot_height = side_top, side_bottom, side_final + notes, side_plot
            right += column
        else:
            plot_height = stacked_plot
        _shrink_rows(figure, plot_height)
    height = top + plot_height + bottom
    axis_font = {"size": axis_size, "color": INK}
    if x_lines:  # under the labels, centred under the plot
        final.append(dict(text=x_text, font=axis_font, showarrow=False, xref="paper",
                          yref="paper", x=0.5, xanchor="center", y=0, yanchor="top", yshift=-x_title_top))
    if y_lines:  # turned a quarter, where the frame's lines start
        final.append(dict(text=y_text, font=axis_font, showarrow=False, textangle=-90,
                          xref="paper", yref="paper", x=0, xanchor="left", xshift=-left + FRAME_PAD, y=0.5,
                          yanchor="middle"))
    layout = figure.setdefault("layout", {})
    layout.update(
        annotations=[*layout.get("annotations", ()), *final],
        height=height,
        margin={"l": left, "r": right, "t": top, "b": bottom, "pad": 0, "autoexpand": False},
        font={"family": FONT, "size": round(11 * s), "color": INK},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
        hoverlabel={"font": {"family": FONT}, "align": "left"},
        # Streamlit's chart hands Plotly a copy of the figure right after its first draw. Without a named
        # revision Plotly takes every array in the copy for new data and draws the chart again, whole;
        # with one, it compares the name.
        datarevision=_data_revision(figure["data"]),
    )
    _as_drawn(layout)
    framed_figure = go.Figure(figure, _validate=False)
    # null, not left out: plotly.py gives a figure without one its default template, an object that
    # Plotly, finding it new in the copy, would draw the chart again for
    framed_figure.layout.template = None
    return framed_figure


def _stacked(title: list[str], title_size: int, sub: list[str], sub_size: int, legend: list[str], legend_size: int,
             source: list[str], source_size: int, grey: str, left: int, top_axis: int,
             bottom_axis: int) -> tuple[int, int, list[dict[str, Any]]]:
    """The frame's texts stacked: title, subtitle and legend above the plot, source and licence below
    it. Returns the room above the plot, below it, and the annotations."""
    final: list[dict[str, Any]] = []
    y = float(FRAME_PAD)  # px from the figure's top edge
    placed: list[tuple[str, dict[str, Any], float]] = []
    for lines, size, colour, bold in ((title, title_size, INK, True), (sub, sub_size, grey, False),
                                      (legend, legend_size, INK, False)):
        if not lines:
            continue
        text, height = _block([f"<b>{line}</b>" for line in lines] if bold else lines, size)
        placed.append((text, {"size": size, "color": colour}, y))
        y += height + 4
    top = round(y + 6 + top_axis)
    for text, font, at in placed:
        final.append(dict(
            text=text, font=font, showarrow=False, align="left", xref="paper", yref="paper",
            x=0, xanchor="left", xshift=-left + FRAME_PAD, y=1, yanchor="top", yshift=top - at,
        ))
    source_text, source_height = _block(source, source_size)
    if source:
        final.append(dict(
            text=source_text, font={"size": source_size, "color": grey}, showarrow=False, align="left",
            xref="paper", yref="paper", x=0, xanchor="left", xshift=-left + FRAME_PAD, y=0, yanchor="top",
            yshift=-(bottom_axis + 6),
        ))
    bottom = round(bottom_axis + (source_height + 10 if source else 0) + FRAME_PAD)
    return top, bottom, final


def _notes_column(legend: list[str], legend_size: int, source: list[str], source_size: int, grey: str,
                  gap: int) -> tuple[list[dict[str, Any]], float]:
    """The legend, then the source line and the licence, in a column right of the plot, from its top.
    Returns the annotations and the column's height."""
    notes: list[dict[str, Any]] = []
    y = 0.0
    for lines, size, colour in ((legend, legend_size, INK), (source, source_size, grey)):
        if not lines:
            continue
        text, height = _block(lines, size)
        notes.append(dict(text=text, font={"size": size, "color": colour}, showarrow=False, align="left",
                          xref="paper", yref="paper", x=1, xanchor="left", xshift=gap, y=1, yanchor="top",
                          yshift=-y))
        y += height + 12
    return notes, y


def _category_rows(figure: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    """The y axis and its category rows (none for any other axis)."""
    axis = figure.get("layout", {}).get("yaxis") or {}
    return axis, (axis.get("categoryarray") or []) if axis.get("type") == "category" else []


def _row_fits(plot_height: int, rows: list[Any]) -> int:
    """Px a row's label (or a symbol in its cells) may take: ROW_FILL of the row."""
    return max(1, int(ROW_FILL * plot_height / len(rows)))


def _plot_fit(figure: dict[str, Any], plot_height: int, room: int, s: float) -> int:
    """The plot's height shrunk to ``room`` px, not below what keeps it legible: its rows' labels at
    ROW_LABEL_LEAST × ``s`` px, a plot without rows at PLOT_LEAST of its height."""
    _, rows = _category_rows(figure)
    least = len(rows) * math.ceil(ROW_LABEL_LEAST * s) / ROW_FILL if rows else PLOT_LEAST * plot_height
    return round(max(least, min(plot_height, room)))


def _shrink_rows(figure: dict[str, Any], plot_height: int) -> None:
    """A row's label and the symbols drawn in its cells no taller than ROW_FILL of the fitted row (they
    were sized for the plot's own height)."""
    _, rows = _category_rows(figure)
    if not rows:
        return
    _fit_row_labels(figure, plot_height, 0)
    fits = _row_fits(plot_height, rows)
    for trace in figure.get("data", []):
        marker, font = trace.get("marker") or {}, trace.get("textfont") or {}
        if trace.get("name") == SYMBOLS and isinstance(marker.get("size"), (int, float)) and marker["size"] > fits:
            marker["size"] = fits
        if trace.get("mode") == "text" and isinstance(font.get("size"), (int, float)) and font["size"] > fits:
            font["size"] = fits


def _fit_row_labels(figure: dict[str, Any], plot_height: int, left: int) -> int:
    """The y axis's category labels no taller than their rows, and the room left of the plot shrunk
    with them. Why: a room enlarges type, not the plot, so a long timeline's labels (28 rows of 15 px
    in 22 px type) were drawn over each other."""
    axis, rows = _category_rows(figure)
    size = (axis.get("tickfont") or {}).get("size")
    if not rows or not isinstance(size, (int, float)):
        return left
    fits = _row_fits(plot_height, rows)
    if size <= fits:
        return left
    axis["tickfont"] = {**axis["tickfont"], "size": fits}
    return round(left * fits / size)


def _plain_arrays(value: Any) -> Any:
    """Number arrays as plain lists, not as Plotly's base64 arrays (how plotly.py keeps a NumPy array):
    the browser decodes those into typed arrays, a copy of the figure holds other typed arrays, and
    Plotly, finding them different, draws the chart again whole."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict) and isinstance(value.get("bdata"), str) and isinstance(value.get("dtype"), str):
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<"))
        shape = [int(n) for n in str(value.get("shape") or -1).split(",")]  # "2, 2" for a 2 × 2 array
        return array.reshape(shape).tolist()
    if isinstance(value, dict):
        return {k: _plain_arrays(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and any(isinstance(v, (np.ndarray, dict)) for v in value):
        return [_plain_arrays(v) for v in value]
    return value


def _data_revision(data: list[dict[str, Any]]) -> str:
    """A name for the data's content: equal data, equal name, so reruns keep the chart's identity."""
    return hashlib.blake2b(json.dumps(data, default=str).encode(), digest_size=8).hexdigest()


def _as_drawn(layout: dict[str, Any]) -> None:
    """The layout as Plotly rewrites it when it draws, so that a copy of it is what Plotly drew: the
    template written into the layout itself, under what the layout sets, every x and y axis included;
    an axis's ``autorange="reversed"`` as Plotly's own ``autorange=True`` over a reversed range."""
    template = layout.pop("template", None) or TEMPLATE
    for key, default in template.get("layout", {}).items():
        if key in ("xaxis", "yaxis"):
            for axis in [k for k in layout if _is_axis(k, key)] or [key]:
                layout[axis] = _under(default, layout.get(axis) or {})
        elif isinstance(default, dict) and isinstance(layout.get(key), dict):
            layout[key] = _under(default, layout[key])
        else:
            layout.setdefault(key, default)
    for key, axis in layout.items():
        if (_is_axis(key, "xaxis") or _is_axis(key, "yaxis")) and axis.get("autorange") == "reversed" \
                and "range" not in axis:
            axis.update(autorange=True, range=[1, 0])


def _is_axis(key: str, kind: str) -> bool:
    return key == kind or (key.startswith(kind) and key[len(kind):].isdigit())


def _under(default: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    merged = dict(default)
    for key, value in own.items():
        merged[key] = _under(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) \
            else value
    return merged


def _x_title_lines(chart: Chart, size: float, left: int, s: float) -> list[str]:
    """The x title wrapped to the plot's width on the narrowest screen the chart is framed for: it is
    centred under the plot, and Plotly does not wrap."""
    figure_width = chart.text_width + 2 * FRAME_PAD + SLACK  # the width text_width was made from
    return wrap(chart.x_title, size, max(60.0, figure_width - left - round(RIGHT * s))) if chart.x_title else []


def _enlarge(fig: go.Figure, s: float) -> None:
    """Type and lines ``s`` times larger (meeting mode); the data stay as they are. Marker sizes
    follow the plot's own height (the builder's), not the type, except a grid's symbols (type drawn
    as markers)."""
    size = lambda value, base: round((value or base) * s)  # noqa: E731
    for trace in fig.data:
        font = getattr(trace, "textfont", None)
        if font is not None and isinstance(font.size, (int, float)):
            font.size = size(font.size, 11)
        if trace.name == SYMBOLS and isinstance(trace.marker.size, (int, float)):  # a grid's symbols: type
            trace.marker.size = size(trace.marker.size, 11)
        line = getattr(trace, "line", None)
        if line is not None and isinstance(getattr(line, "width", None), (int, float)) and line.width > 2:
            line.width = size(line.width, 2)
    fig.for_each_xaxis(lambda a: a.update(tickfont={"size": size(a.tickfont.size, 11)},
                                          title={"font": {"size": size(a.title.font.size, 12)}}))
    fig.for_each_yaxis(lambda a: a.update(tickfont={"size": size(a.tickfont.size, 11)},
                                          title={"font": {"size": size(a.title.font.size, 12)}}))
    for note in fig.layout.annotations or ():  # subplot titles, the map's labels of small states
        note.font.size = size(note.font.size, 12)
        if note.showarrow:  # a label beside its point: its distance grows with its type
            note.ax, note.ay = round((note.ax or 0) * s), round((note.ay or 0) * s)


def source_line(kb: KnowledgeBase, source_ids: Iterable[str], lang: str, limit: int = 6) -> str:
    """The line every chart, table and footer carries: its sources, both dates of the data (the law as
    known from the sources, and when the base was last checked for changes) and the data version."""
    return t("source.line", lang, sources=source_text(kb, source_ids, lang, limit) or "—",
             sources_up_to=kb.sources_up_to, last_checked=kb.last_checked, version=kb.meta.data_version)


def source_text(kb: KnowledgeBase, source_ids: Iterable[str], lang: str, limit: int = 6) -> str:
    """The publishers of the given sources, at most ``limit`` named, then "and N more"."""
    ids = [s for s in dict.fromkeys(source_ids) if s in kb.sources]
    names = [f"{kb.sources[s].publisher}" for s in ids[:limit]]
    more = len(ids) - limit
    text = "; ".join(dict.fromkeys(names))
    if more > 0:
        text += " " + t("source.more", lang, count=more)
    return text
