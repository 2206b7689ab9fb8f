"""Plotly charts (explorer/charts): the frame fits a phone, levels stay distinct, hovers name the legal
basis, dates follow the language, and server-side images make no look-up or connection off the machine."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import plotly.graph_objects as go
import plotly.io
import pytest

from explorer.charts.axes import date_ticks
from explorer.charts.coverage_heatmap import STATE_COLOURS, STATE_SYMBOL, care_small_multiples_chart, coverage_heatmap
from explorer.charts.frame import (
    FRAME_PAD,
    LEGEND_SIZE,
    NBSP,
    PAGE_PADDING,
    PHONE_WIDTH,
    TEMPLATE,
    TOOLBAR_WIDTH,
    Chart,
    LegendItem,
    framed,
    legend_lines,
    licence_line,
    text_width,
)
from explorer.charts.impact_charts import corridor_bars_spec
from explorer.charts.instrument_timeline import instrument_timeline_chart
from explorer.charts.palette import LEVEL_COLOURS, LEVEL_SHAPE, LEVEL_SYMBOL, LOW_CONFIDENCE_MARK, MARKS, SYMBOLS
from explorer.charts.party_matrix import party_matrix_chart
from explorer.charts.region_map import region_map
from explorer.export import chromium_available
from explorer.i18n import t
from explorer.views.coverage import care_small_multiples, corridor_grid, coverage_grid
from explorer.views.instruments import instrument_timeline, party_matrix
from explorer.views.overview import region_models
from policy.kept import forget
from policy.models import CARES, PERSONS

ROOT = Path(__file__).resolve().parents[2]
LONG_TITLE = {
    "en": "Who gets which medical care where: host state × state of citizenship, for a spouse",
    "ru": "Кто получает какую медицинскую помощь: страна трудоустройства × страна гражданства, для супруга",
}


def all_charts(kb, lang: str) -> dict[str, Chart]:
    day = kb.meta.as_of
    names = {c: getattr(s.name, lang) for c, s in kb.states.items()}
    grid = coverage_grid(kb, day, "spouse", "contract", "stay", "primary")
    corridor = corridor_grid(kb, day, "RU", "KG", "contract", "stay")
    timeline = instrument_timeline(kb, lang)  # every instrument: every type in the legend
    from policy.impact import corridor_bars, impact

    bars = corridor_bars(impact(kb, day, kb.meta.default_view.scenario))
    return {
        "map": region_map(region_models(kb, day, lang), kb, lang),
        "heatmap": coverage_heatmap(grid, "host", "origin", names, names, kb, lang, "host", "origin", selectable=True),
        "corridor": coverage_heatmap(corridor, "person", "care", {p: kb.label("person", p, lang) for p in PERSONS},
                                     {c: kb.label("care", c, lang) for c in CARES}, kb, lang),
        "multiples": care_small_multiples_chart(care_small_multiples(kb, day, "spouse", "contract", "stay"), names,
                                                kb, lang),
        "timeline": instrument_timeline_chart(timeline, lang),
        "parties": party_matrix_chart(party_matrix(kb, day, list(timeline["instrument_id"])),
                                      dict(zip(timeline["instrument_id"], timeline["name"], strict=True)), names, lang),
        "impact": corridor_bars_spec(bars, names, {"baseline": "base", "scenario": "scenario"},
                                     t("impact.bars.axis", lang), "series", ",.0f", lang),
    }


def _lines(annotation) -> list[str]:
    return [re.sub(r"<[^>]+>", "", line) for line in annotation.text.split("<br>")]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_frame_text_overflows_a_390_px_phone(kb, lang):
    """Plotly does not wrap: every line of the frame (title, subtitle, legend, source, licence), measured
    in the chart's font, fits the figure Streamlit draws on a 390-px phone, from where it starts."""
    source = t("source.line", lang, sources="; ".join(s.publisher for s in list(kb.sources.values())[:6]),
               sources_up_to=kb.sources_up_to, last_checked=kb.last_checked, version=kb.meta.data_version)
    figure_width = PHONE_WIDTH - 2 * PAGE_PADDING
    for kind, chart in all_charts(kb, lang).items():
        framed_chart = framed(chart, LONG_TITLE[lang], LONG_TITLE[lang] + " " + str(kb.meta.as_of), source,
                              licence_line(kb, lang))
        figure = framed_chart.framed_figure()
        # the frame's lines (an axis title, turned or centred under the plot, is checked below)
        frame = [a for a in figure.layout.annotations if a.xshift is not None and not a.textangle]
        assert len(frame) >= 3, kind
        for annotation in frame:
            start = figure.layout.margin.l + annotation.xshift  # px from the figure's left edge
            assert start == FRAME_PAD
            for line in _lines(annotation):
                width = text_width(line, annotation.font.size, bold=annotation.font.size >= 16)
                assert start + width <= figure_width - FRAME_PAD, (kind, line, width)
        text = " ".join(" ".join(_lines(a)) for a in frame)
        assert str(kb.meta.data_version) in text and "creativecommons.org" in text, kind
        # the title's first line ends short of the toolbar over the top right corner (camera, full screen)
        title = frame[0]
        first = _lines(title)[0]
        end = figure.layout.margin.l + title.xshift + text_width(first, title.font.size, bold=True)
        assert end <= figure_width - TOOLBAR_WIDTH, (kind, first, end)


def _axes(layout: dict) -> dict[str, dict]:
    return {name: axis for name, axis in layout.items() if re.fullmatch(r"[xy]axis[0-9]*", name)}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_axis_makes_plotly_measure_its_labels(kb, lang):
    """In the browser Plotly measures every tick label of an axis (a forced layout each: about half of the
    390 boxes a Scenarios page measured) for an axis title, a title standoff, or labels it may hide for
    overflowing. So no chart has a Plotly axis title or a standoff (the frame draws the titles), and only
    a numeric axis may hide a label (a number turned on a phone at the plot's right edge), never one that
    names a row or a column."""
    assert "standoff" not in str(TEMPLATE) and TEMPLATE["layout"]["xaxis"]["ticklabeloverflow"] == "allow"
    for kind, chart in all_charts(kb, lang).items():
        layout = framed(chart, "T", "S", "Src").framed_figure().to_plotly_json()["layout"]
        # written into the layout: test_the_figure_is_sent_as_plotly_will_have_drawn_it
        assert layout["template"] is None, kind
        for name, axis in _axes(layout).items():
            assert set(TEMPLATE["layout"]["xaxis"]) <= set(axis), (kind, name)  # the template's or its own
            title = axis.get("title") or {}
            assert not title.get("text") and "standoff" not in title, (kind, name)
            if axis.get("ticklabeloverflow", "allow") != "allow":
                assert axis.get("type") != "category", (kind, name)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_figure_is_sent_as_plotly_will_have_drawn_it(kb, lang):
    """Streamlit's chart hands Plotly a copy of the figure (JSON in, JSON out) right after the first draw,
    and Plotly draws the chart again whole for anything in the copy that differs from what it drew: a
    template (an object), an array in base64 (a typed array in the browser), an axis "reversed" (which
    Plotly rewrites as it draws), or any data array at all unless the layout names the data's revision.
    The browser test counts the draws (tests/e2e/test_chart_draws.py)."""
    for kind, chart in all_charts(kb, lang).items():
        figure = framed(chart, "T", "S", "Src").framed_figure()
        sent = json.loads(plotly.io.to_json(figure, validate=False))
        text = json.dumps(sent)
        assert sent["layout"]["template"] is None and '"bdata"' not in text, kind
        assert all(axis.get("autorange") != "reversed" for axis in _axes(sent["layout"]).values()), kind
        assert sent["layout"]["datarevision"] == framed(chart, "T2", "S", "Src").framed_figure().layout.datarevision
    impact = all_charts(kb, lang)["impact"]
    assert _axes(impact.framed_figure().to_plotly_json()["layout"])["yaxis"]["range"] == [1, 0]  # still top down
    other = replace(impact, figure=go.Figure(impact.figure).update_traces(x=[1] * 9, selector={"type": "bar"}))
    assert other.framed_figure().layout.datarevision != impact.framed_figure().layout.datarevision


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_axis_titles_are_drawn_by_the_frame_in_the_room_left_for_them(kb, lang):
    """The y title is turned a quarter and starts where the frame's lines start, no longer than the plot is
    high; the x title is centred under the labels, wrapped to the plot's width on a 390-px phone."""
    names = kb.state_names(lang)
    grid = coverage_grid(kb, kb.meta.as_of, "spouse", "patent", "stay", "primary", None)
    host, origin = t("coverage.host", lang), t("coverage.origin", lang)
    long = t("impact.bars.axis", lang)
    charts = {"grid": coverage_heatmap(grid, "host", "origin", names, names, kb, lang, host, origin),
              "impact": all_charts(kb, lang)["impact"]}
    figure_width = PHONE_WIDTH - 2 * PAGE_PADDING
    for kind, chart in charts.items():
        figure = framed(chart, "T", "S", "Src").framed_figure()
        margin, notes = figure.layout.margin, figure.layout.annotations
        x_title = [a for a in notes if a.yref == "paper" and a.y == 0 and a.xanchor == "center"]
        assert len(x_title) == 1, kind
        lines = _lines(x_title[0])
        assert " ".join(lines) == (origin if kind == "grid" else long)
        assert x_title[0].yshift == -chart.bottom  # under the room the labels take
        for line in lines:
            assert text_width(line, x_title[0].font.size) <= figure_width - margin.l - margin.r, (kind, line)
        turned = [a for a in notes if a.textangle == -90]
        if kind == "impact":
            assert turned == [] and margin.b > chart.bottom + 15 * len(lines)
            assert lang == "en" or len(lines) > 1, "the long Russian title is wrapped"
            continue
        assert len(turned) == 1 and turned[0].text == host
        assert margin.l + turned[0].xshift == FRAME_PAD and turned[0].xanchor == "left"
        assert margin.l >= chart.left + FRAME_PAD + turned[0].font.size  # the labels keep their room
        plot_height = figure.layout.height - margin.t - margin.b
        assert text_width(host, turned[0].font.size) <= plot_height


def test_levels_keep_their_palette_and_a_symbol_each_and_display_states_stay_apart():
    assert {s: STATE_COLOURS[s] for s in LEVEL_COLOURS} == LEVEL_COLOURS
    assert len(set(STATE_COLOURS.values())) == len(STATE_COLOURS)  # not applicable, no data: own colours
    assert len(set(LEVEL_SYMBOL.values())) == len(LEVEL_SYMBOL) and set(LEVEL_SYMBOL) <= set(STATE_SYMBOL)


def _symbols_drawn(figure) -> dict[tuple[str, str, str], str]:
    """What each cell shows over its square: (panel, row label, col label) → its symbol, read from the
    symbol traces (a shape named back to its symbol, or the text written)."""
    symbol_of = {shape: LEVEL_SYMBOL[level] for level, shape in LEVEL_SHAPE.items()}
    drawn: dict[tuple[str, str, str], str] = {}
    for trace in figure.data:
        if trace.name == SYMBOLS:
            marks = [symbol_of[shape] for shape in trace.marker.symbol]
        elif trace.name == MARKS:
            marks = list(trace.text)
        else:
            continue
        for x, y, mark in zip(trace.x, trace.y, marks, strict=True):
            key = (str(trace.xaxis or "x"), y, x)
            assert key not in drawn, f"{key} drawn twice"
            drawn[key] = mark
    return drawn


def test_each_cell_shows_its_symbol_once_as_a_shape_or_as_text(kb):
    """A level's symbol is a marker shape (Plotly measures every text it draws); a cell marked low
    confidence keeps its text (symbol and "?"); not applicable and no data show none."""
    states = kb.state_names("en")
    grid = coverage_grid(kb, kb.meta.as_of, "spouse", "patent", "stay", "primary", None)
    chart = coverage_heatmap(grid, "host", "origin", states, states, kb, "en", selectable=True)
    expected = {("x", r["row_label"], r["col_label"]): r["mark"] for r in chart.rows if r["mark"]}
    assert any(LOW_CONFIDENCE_MARK in m for m in expected.values()), "the default grid has a low-confidence cell"
    assert _symbols_drawn(chart.figure) == expected
    shapes = next(trace for trace in chart.figure.data if trace.name == SYMBOLS)
    assert shapes.hoverinfo == "skip"  # the square under it takes the hover and the click
    text = next(trace for trace in chart.figure.data if trace.name == MARKS)
    assert text.mode == "text" and all(LOW_CONFIDENCE_MARK in m for m in text.text)
    assert all(t.mode == "markers" for t in chart.figure.data if t.name in STATE_COLOURS)  # no text on the squares
    # the small multiples: per panel
    frame = care_small_multiples(kb, kb.meta.as_of, "spouse", "patent", "stay", None)
    multiples = care_small_multiples_chart(frame, states, kb, "en")
    panels = {a.text: "x" if i == 0 else f"x{i + 1}" for i, a in enumerate(multiples.figure.layout.annotations)}
    assert _symbols_drawn(multiples.figure) == {(panels[r["care"]], r["row_label"], r["col_label"]): r["mark"]
                                                for r in multiples.rows if r["mark"]}


def _hovers(figure) -> dict[tuple[str, str], str]:
    """Each cell's hover as Plotly shows it: its trace's template filled with the point's values (a
    clickable grid: the square markers, one trace per state; a grid nobody clicks: the heatmap)."""
    out = {}
    for trace in figure.data:
        if trace.type == "scatter" and trace.name in STATE_COLOURS:
            for x, y, mark, c in zip(trace.x, trace.y, trace.text, trace.customdata, strict=True):
                out[tuple(c[:2])] = (trace.hovertemplate.replace("%{y}", y).replace("%{x}", x)
                                     .replace("%{text}", mark).replace("%{customdata[2]}", c[2]))
        elif trace.type == "heatmap" and trace.hoverinfo != "skip":
            for y, row in zip(trace.y, trace.customdata, strict=True):
                for x, c in zip(trace.x, row, strict=True):
                    hover = trace.hovertemplate.replace("%{y}", y).replace("%{x}", x)
                    for i, value in enumerate(c):
                        hover = hover.replace(f"%{{customdata[{i}]}}", value)
                    out[tuple(c[:2])] = hover
    return out


@pytest.mark.parametrize("selectable", [False, True])
def test_a_grid_cell_hovers_with_level_basis_confidence_and_source(kb, selectable):
    grid = corridor_grid(kb, kb.meta.as_of, "RU", "KG", "contract", "stay")
    chart = coverage_heatmap(grid, "person", "care", {p: p for p in PERSONS}, {c: c for c in CARES}, kb, "en",
                             selectable=selectable)
    hovers = _hovers(chart.figure)
    assert len(hovers) == len(chart.rows) == len(PERSONS) * len(CARES)  # every cell hovers
    kinds = {t.type for t in chart.figure.data if t.type == "heatmap" or t.name in STATE_COLOURS}
    assert kinds == ({"heatmap", "scatter"} if selectable else {"heatmap"})  # nobody clicks: no squares
    cell = next(r for r in chart.rows if r["row"] == "worker" and r["col"] == "primary")
    hover = hovers[("worker", "primary")]
    assert cell["mark"] and f"<b>{cell['mark']} {cell['level']}</b>" in hover  # the symbol and the level
    assert "%{" not in hover and hover.startswith("<b>worker<br>primary</b>")
    flat = hover.replace("<br>", " ")
    assert cell["level"] in flat and f"Confidence: {cell['confidence']}" in flat
    assert cell["source"] and f"Source: {cell['source'].split(';')[0]}" in flat
    first = grid[(grid.person == "worker") & (grid.care == "primary")].iloc[0]
    code, _, article = first["basis"].split(";")[0].partition(" (")
    name = kb.instruments[code.strip()].name.en
    assert name in cell["basis"] and article.rstrip(")") in cell["basis"]  # the instrument by name, its article
    assert name.split()[0] in flat and name.split()[-1] in flat


def test_not_applicable_and_no_data_are_distinct_states(kb):
    grid = corridor_grid(kb, kb.meta.as_of, "RU", "RU", "contract", "stay")  # host = origin: not applicable
    chart = coverage_heatmap(grid.iloc[:-1], "person", "care", {p: p for p in PERSONS}, {c: c for c in CARES}, kb,
                             "en")
    states = {r["state"] for r in chart.rows}
    assert {"not_applicable", "no_data"} <= states and not states & set(LEVEL_COLOURS)


def test_russian_date_ticks_are_written_in_russian():
    values, labels = date_ticks(dt.date(2025, 3, 1), dt.date(2026, 1, 15), "ru")
    assert labels[0] == "мар 2025" and "янв 2026" in labels and "май" in labels and len(values) == len(labels)
    years, year_labels = date_ticks(dt.date(1994, 4, 15), dt.date(2026, 11, 23), "ru")
    assert all(label.isdigit() for label in year_labels) and years[0].endswith("-01-01")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_timeline_has_a_colour_legend_and_labels_with_room(kb, lang):
    chart = all_charts(kb, lang)["timeline"]
    assert len(chart.legend) >= 3 and any(item.symbol == "◆" for item in chart.legend)
    labels = chart.figure.layout.yaxis.categoryarray
    assert all(text_width(label, 11) <= chart.left - 8 for label in labels)  # none cut off
    assert chart.figure.layout.xaxis.ticktext  # our own tick labels, never Plotly's English months


def test_a_legend_entry_longer_than_a_line_hangs_under_its_label():
    """The Russian timeline's "■ постановление суда / консультативное заключение суда" on a phone: its
    second line starts under the label, not under the symbol, so it reads as the same entry."""
    label = "постановление суда / консультативное заключение суда"
    width = text_width("■ постановление суда / консультативное", LEGEND_SIZE) + 4
    lines = legend_lines([LegendItem("#CC79A7", "■", label), LegendItem("#222222", "◆", "вступил в силу")],
                         LEGEND_SIZE, width)
    plain = [re.sub(r"<[^>]+>", "", line) for line in lines]
    assert len(plain) == 3 and plain[0].startswith("■ постановление") and plain[2] == "◆ вступил в силу"
    indent = len(plain[1]) - len(plain[1].lstrip(NBSP))
    assert plain[1].lstrip(NBSP) == "заключение суда"
    assert abs(text_width(NBSP * indent, LEGEND_SIZE) - text_width("■ ", LEGEND_SIZE)) <= text_width(NBSP, LEGEND_SIZE)
    assert all(text_width(line, LEGEND_SIZE) <= width for line in plain)
    assert " ".join(p.strip(NBSP + " ■") for p in plain[:2]) == label


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_timeline_label_names_its_year_once(kb, lang):
    """A short name that carries its year ("… statement (2024)") does not get it twice."""
    labels = [label.rstrip("\u200b") for label in all_charts(kb, lang)["timeline"].figure.layout.yaxis.categoryarray]
    assert not [label for label in labels if re.search(r"\((\d{4})\)\s*\(\1\)", label)]
    statement = {"en": "CIS Exec. Committee", "ru": "Заявление Исполкома СНГ"}[lang]
    found = [label for label in labels if label.startswith(statement)]  # its short name ends in "(2024)"
    assert found and all(label.count("(2024)") == 1 for label in found)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_impact_charts_accessible_name_is_in_its_language(kb, lang):
    alt = all_charts(kb, lang)["impact"].alt
    assert re.search(r"\d", alt) and ("corridors" in alt) == (lang == "en")


def test_the_map_draws_ten_states_from_the_shipped_shapes(kb):
    chart = all_charts(kb, "en")["map"]
    filled = [trace for trace in chart.figure.data if trace.fill == "toself"]
    assert len(filled) == 10 and not chart.figure.layout.geo.to_plotly_json()  # no geo subplot: nothing fetched


def test_server_side_images_make_no_lookup_or_connection_off_the_machine(tmp_path):
    """kaleido's Chromium, traced: no DNS, no TCP connect and no datagram to any address off the machine.
    Chromium's routing probe (a UDP socket connected to a public address, asked for its local address and
    closed: no packet is sent) is the one thing allowed, and only in exactly that shape."""
    assert shutil.which("strace"), "this test traces Chromium with strace (scripts/test installs it)"
    assert chromium_available(), "server-side images need Debian's chromium"
    script = tmp_path / "render.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        import plotly.graph_objects as go
        from explorer.charts.frame import Chart, framed
        from explorer.export import chart_png, chart_svg
        chart = framed(Chart("bar", go.Figure(go.Bar(x=["Россия"], y=[1])), [], plot_height=100), "T", "S", "Src")
        assert "Src" in chart_svg(chart) and chart_png(chart)[:4] == b"\\x89PNG"
    """), encoding="utf-8")
    trace = tmp_path / "trace.txt"
    # --seccomp-bpf: stop only at the calls traced (inherited by Chromium), not at every system call
    subprocess.run(["strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=%network,write,close", "-o", str(trace),
                    sys.executable, str(script)], check=True, timeout=180, cwd=ROOT)
    problems, probes = [], {}
    for line in trace.read_text(errors="replace").splitlines():
        pid, _, call = line.partition(" ")
        call = call.strip()
        fd = re.match(r"\w+\((\d+)", call)
        key = (pid, fd.group(1)) if fd else None
        if key in probes and not call.startswith(("getsockname", "close")):
            problems.append(f"used after the routing probe: {line}")
        if call.startswith("close(") and key in probes:
            del probes[key]
        addresses = re.findall(r'inet_(?:addr|pton)\((?:AF_INET6?, )?"([^"]+)"', call)
        outside = [a for a in addresses if not (a.startswith("127.") or a in ("::1", "0.0.0.0", "::"))]
        if "htons(53)" in call or re.search(r"nscd|resolve", call):
            problems.append(f"look-up: {line}")
        elif call.startswith("connect(") and outside:
            if "sin6_port=htons(443)" in call or "sin_port=htons(443)" in call:
                probes[key] = line  # allowed only if nothing but getsockname/close follows on it
            else:
                problems.append(f"connection: {line}")
        elif call.startswith(("sendto(", "sendmsg(")) and outside:
            problems.append(f"datagram: {line}")
    # a probe socket that was never closed could still be used: count it
    tcp = [p for p in probes.values() if "SOCK_STREAM" in p]
    assert problems == [] and tcp == []


def _label_boxes(figure, width: float) -> dict[str, tuple[float, float, float, float]]:
    """Every state code's box on the map in px (left, top, right, bottom), estimated from the
    figure's own numbers at a figure ``width`` px wide: the plot's size from its margins, Plotly's
    equal-aspect scale (data fitted in the plot), the label's width in the chart font."""
    layout = figure.layout
    plot_w = width - layout.margin.l - layout.margin.r
    plot_h = layout.height - layout.margin.t - layout.margin.b
    xs = [x for trace in figure.data if trace.fill == "toself" for x in trace.x if x is not None]
    ys = [y for trace in figure.data if trace.fill == "toself" for y in trace.y if y is not None]
    k = min(plot_w / (max(xs) - min(xs)), plot_h / (max(ys) - min(ys)))

    def box(x: float, y: float, dx: float, dy: float, text: str, size: float) -> tuple[float, float, float, float]:
        cx, cy = x * k + dx, -y * k + dy  # px, y downwards
        half_w, half_h = text_width(text, size) / 2, size * 1.2 / 2
        return cx - half_w, cy - half_h, cx + half_w, cy + half_h

    boxes = {}
    (codes,) = [trace for trace in figure.data if trace.name == "codes"]
    for x, y, text in zip(codes.x, codes.y, codes.text, strict=True):
        boxes[text] = box(x, y, 0, 0, text, codes.textfont.size)
    for note in layout.annotations:
        if note.showarrow:  # a code beside its state, with a leader line
            boxes[note.text] = box(note.x, note.y, note.ax, note.ay, note.text, note.font.size)
    return boxes


def _overlapping(boxes: dict[str, tuple[float, float, float, float]], gap: float = 1.0) -> list[tuple[str, str]]:
    names = sorted(boxes)
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
            if not (boxes[a][2] + gap <= boxes[b][0] or boxes[b][2] + gap <= boxes[a][0]
                    or boxes[a][3] + gap <= boxes[b][1] or boxes[b][3] + gap <= boxes[a][1])]


def _map_sizes(kb) -> dict[str, tuple[object, float]]:
    """The map as drawn on a phone, on the Overview, in a room at 1280×720 and on a 1920×1080 screen:
    (framed figure, figure width in px)."""
    from explorer import meeting

    models = region_models(kb, kb.meta.as_of, "en")
    page = framed(region_map(models, kb, "en"), "Title", "Subtitle", "Source", "Licence").framed_figure()
    sizes = {"phone": (page, PHONE_WIDTH - 2 * PAGE_PADDING), "overview": (page, 900)}
    for lang in ("en", "ru"):  # a room's plot is fitted to its screen under the headline: per language
        slide = meeting.slide(kb, 1, kb.meta.as_of, lang)
        sizes[f"meeting {lang}"] = (slide.spec().framed_figure(), 957)
        sizes[f"meeting large {lang}"] = (slide.spec(meeting.LARGE).framed_figure(), 1469)
        sizes[f"meeting compact {lang}"] = (slide.spec(meeting.COMPACT).framed_figure(), 752)
    return sizes


def test_no_two_state_codes_overlap_on_the_map_at_any_size(kb):
    for size, (figure, width) in _map_sizes(kb).items():
        boxes = _label_boxes(figure, width)
        assert set(boxes) == set(kb.states), size  # every state labelled, once
        assert not _overlapping(boxes), (size, _overlapping(boxes))


def _inside(x: float, y: float, xs, ys) -> bool:
    """Whether (x, y) lies inside the shape's rings (x/y lists with None between rings), even-odd."""
    inside, ring = False, []
    for px, py in [*zip(xs, ys, strict=True), (None, None)]:
        if px is None or py is None:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
            ring = []
        else:
            ring.append((px, py))
    return inside


def _codes_outside_their_state(figure, width: float) -> list[str]:
    """The codes written on their state (not beside it) whose box reaches beyond that state's shape."""
    layout = figure.layout
    plot_w = width - layout.margin.l - layout.margin.r
    plot_h = layout.height - layout.margin.t - layout.margin.b
    shapes = {trace.name: trace for trace in figure.data if trace.fill == "toself"}
    xs = [x for trace in shapes.values() for x in trace.x if x is not None]
    ys = [y for trace in shapes.values() for y in trace.y if y is not None]
    k = min(plot_w / (max(xs) - min(xs)), plot_h / (max(ys) - min(ys)))
    (codes,) = [trace for trace in figure.data if trace.name == "codes"]
    out = []
    for box_text, (left, top, right, bottom) in _label_boxes(figure, width).items():
        if box_text not in codes.text:
            continue
        shape = shapes[box_text]
        corners = [(left, top), (right, top), (left, bottom), (right, bottom)]
        if not all(_inside(px / k, -py / k, shape.x, shape.y) for px, py in corners):
            out.append(box_text)
    return out


def test_a_code_written_on_its_state_stays_inside_it_at_every_size(kb):
    """On a 1920×1080 room screen MD covered Moldova and ran over its outline, and BY Belarus's; UZ and
    KG crossed their borders on a phone and in a room: a code too wide for its state goes beside it,
    with a leader line."""
    for size, (figure, width) in _map_sizes(kb).items():
        assert _codes_outside_their_state(figure, width) == [], size


def test_the_inside_check_sees_the_old_labels(kb, monkeypatch):
    from explorer.charts import region_map as module

    monkeypatch.setattr(module, "LABEL_OFFSETS", {k: v for k, v in module.LABEL_OFFSETS.items()
                                                  if k not in ("MDA", "BLR")})
    forget(kb, "slides")
    try:
        figure, width = _map_sizes(kb)["meeting large en"]
        assert {"MD", "BY"} <= set(_codes_outside_their_state(figure, width))
    finally:
        forget(kb, "slides")


def test_the_inside_check_sees_uz_and_kg_on_their_states(kb, monkeypatch):
    from explorer.charts import region_map as module

    monkeypatch.setattr(module, "LABEL_OFFSETS", {k: v for k, v in module.LABEL_OFFSETS.items()
                                                  if k not in ("UZB", "KGZ")})
    forget(kb, "slides")
    try:
        for size in ("phone", "meeting en", "meeting large en", "meeting ru"):
            assert {"UZ", "KG"} <= set(_codes_outside_their_state(*_map_sizes(kb)[size])), size
    finally:
        forget(kb, "slides")


def test_the_label_check_sees_the_old_overlaps(kb, monkeypatch):
    """Without the leader lines, AM/AZ overlap everywhere and TM/UZ in a room: the check finds them."""
    from explorer.charts import region_map as module

    monkeypatch.setattr(module, "LABEL_OFFSETS", {})
    forget(kb, "slides")  # a slide kept by an earlier test was drawn with the leader lines
    try:
        sizes = _map_sizes(kb)
        assert ("AM", "AZ") in _overlapping(_label_boxes(*sizes["overview"]))
        assert ("TM", "UZ") in _overlapping(_label_boxes(*sizes["meeting en"]))
    finally:
        forget(kb, "slides")  # and no later test may get one drawn without them


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_timeline_row_reads_whole_and_unlike_the_others(kb, lang):
    """The timeline's row labels were cut at 30 characters: 46 of 58 ended in "…", and two pairs read
    the same ("Treaty on the Accession of th… (2014)" for Armenia and Kyrgyzstan). Each instrument now
    has a short name that fits; the hover and the tables keep the full title."""
    from explorer.charts.instrument_timeline import instrument_timeline_chart
    from explorer.views.instruments import instrument_timeline

    timeline = instrument_timeline(kb, lang)
    chart = instrument_timeline_chart(timeline, lang)
    labels = [label.replace("\u200b", "") for label in chart.figure.layout.yaxis.categoryarray]
    assert len(labels) == len(timeline[timeline["start"].notna()])
    assert [label for label in labels if "…" in label] == []
    assert len(set(labels)) == len(labels), sorted(label for label in labels if labels.count(label) > 1)
    full = dict(zip(timeline["instrument_id"], timeline["full_name"], strict=True))
    assert all(row["name"] == full[row["instrument_id"]] for row in chart.rows)  # hover and CSV: the full title
    assert all(full[i] == kb.instruments[i].name.in_lang(lang) for i in full)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_two_instruments_share_a_short_name(kb, lang):
    """A legal basis names its instrument by its short name, without a year (the Family page): the
    three Russian rules on foreigners' care (2005, 2013, 2025) must not read alike."""
    names = [(inst.short_name or inst.name).in_lang(lang) for inst in kb.instruments.values()]
    assert len(set(names)) == len(names)


def test_a_clickable_grids_markers_are_unseen_and_its_heatmap_fills_every_cell(kb):
    """Square markers keep their size in px: on a phone (10 columns of about 19 px) 26-px squares ran over
    their neighbours. The heatmap fills each cell at any width; the markers only take clicks and hovers."""
    names = {c: s.name.en for c, s in kb.states.items()}
    grid = coverage_grid(kb, kb.meta.as_of, "spouse", "auto", "stay", "primary")
    fig = coverage_heatmap(grid, "host", "origin", names, names, kb, "en", selectable=True).figure
    states = [tr for tr in fig.data if tr.type == "scatter" and tr.marker.symbol == "square"]
    assert states and all(tr.marker.opacity == 0 for tr in states)
    assert all(tr.selected.marker.opacity == 0 and tr.unselected.marker.opacity == 0 for tr in states)
    heat = next(tr for tr in fig.data if tr.type == "heatmap")
    filled = sum(v is not None and v == v for row in heat.z for v in row)
    assert filled == len(names) ** 2  # every cell has its state's colour from the heatmap


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_legend_mark_can_be_seen_on_white(kb, lang):
    """"Not applicable" was a light-grey dash and "no data" a near-white square: in a line of legend text
    neither could be seen. A mark is a filled shape in a colour that stands off white, or drawn dark."""
    from explorer.charts.coverage_heatmap import level_legend

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for item in level_legend(kb, lang):
        contrast = 1.05 / (luminance(item.colour) + 0.05)
        filled = item.symbol in {"■", "●", "◆", "▲", "★"}
        assert item.symbol.strip() and item.symbol not in {"–", "-"}, item
        assert contrast >= (1.3 if filled else 3.0), (item, round(contrast, 2))


def test_a_title_split_for_the_toolbar_is_split_evenly():
    """A title that fits one line but not beside the toolbar read "Coverage by host and origin / state": a
    word left on its own. It is split evenly, its first line still short of the toolbar."""
    from explorer.charts.frame import SLACK, TEXT_WIDTH, TITLE_SIZE, _title_lines

    title = "Coverage by host and origin state"
    lines = _title_lines(title, TITLE_SIZE, TEXT_WIDTH)
    assert len(lines) == 2 and " ".join(lines) == title
    widths = [text_width(line, TITLE_SIZE, bold=True) for line in lines]
    assert widths[0] <= TEXT_WIDTH + FRAME_PAD + SLACK - TOOLBAR_WIDTH
    assert min(widths) >= 0.4 * max(widths), lines  # not one short word on its own line
    long = "Health-financing models of the ten states and how each pays for a migrant's family members' care"
    assert " ".join(_title_lines(long, TITLE_SIZE, TEXT_WIDTH)) == long  # a longer title wraps as before
