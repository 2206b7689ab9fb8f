"""Downloads made locally: chart images carry their frame, CSVs hold the data drawn, XLSX and the
view bundle stand alone."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image

from explorer.charts.coverage_heatmap import coverage_heatmap
from explorer.charts.frame import framed
from explorer.charts.region_map import region_map
from explorer.export import (
    ViewBundle,
    ViewItem,
    bundle_zip,
    chart_csv,
    chart_json,
    chart_png,
    chart_rows,
    chart_svg,
    export_figure,
    safe_name,
    table_csv,
    table_xlsx,
)
from explorer.views.coverage import corridor_grid
from explorer.views.overview import region_models


@pytest.fixture(scope="module")
def heatmap(kb):
    grid = corridor_grid(kb, kb.meta.as_of, "RU", "KG", "contract", "stay", None)
    chart = coverage_heatmap(grid, "person", "care", {"worker": "Работник", "spouse": "Супруг(а)", "child": "Ребёнок",
                                                      "parent": "Родитель"},
                             {c: c for c in grid["care"].unique()}, kb, "ru", selectable=True, height=220)
    return framed(chart, "Россия ← Кыргызстан", "Подзаголовок 2026", "Источник: тест. Данные на 23.11.2026",
                  "Лицензия: creativecommons.org/licenses/by/4.0")


def _cells_drawn(figure) -> list[list[str]]:
    """The clickable cells a figure draws: its square markers' (row, column) codes."""
    return [list(c[:2]) for trace in figure.data if trace.type == "scatter" and trace.customdata is not None
            for c in trace.customdata]


def test_export_figure_has_a_fixed_width_and_no_interaction(heatmap) -> None:
    out = export_figure(heatmap)
    assert out.layout.width == 760 and out.layout.clickmode == "none" and out.layout.paper_bgcolor == "white"
    assert heatmap.figure.layout.width is None, "the page's own figure is left alone"
    assert heatmap.framed_figure().layout.width is None  # on the page: the container's width


def test_svg_carries_title_subtitle_source_line_and_licence(heatmap) -> None:
    svg = chart_svg(heatmap)
    root = ET.fromstring(svg)
    text = " ".join(t for t in root.itertext())
    for needle in ("Россия ← Кыргызстан", "Подзаголовок 2026", "Источник: тест. Данные на 23.11.2026",
                   "Лицензия: creativecommons.org/licenses/by/4.0"):
        assert needle in text


def test_png_is_an_image_at_twice_the_size(heatmap) -> None:
    image = Image.open(io.BytesIO(chart_png(heatmap)))
    assert image.format == "PNG" and image.width >= 2 * 760


def test_chart_csv_holds_exactly_the_cells_drawn(kb, heatmap) -> None:
    rows = list(csv.DictReader(io.StringIO(chart_csv(heatmap).decode("utf-8-sig"))))
    assert len(rows) == len(chart_rows(heatmap)) == 4 * 6  # persons × cares
    assert {"row", "col", "level", "basis", "confidence", "source"} <= set(rows[0])
    assert sorted([r["row"], r["col"]] for r in rows) == sorted(_cells_drawn(heatmap.figure))


@pytest.mark.parametrize("selectable", [True, False])
def test_an_image_draws_each_cell_as_a_rectangle_in_its_states_colour(kb, selectable) -> None:
    """Clickable or not (a grid nobody clicks has no square markers, only its heatmap), the image's
    grid is one vector rectangle per cell, in the colour of the cell's state, and no raster heatmap."""
    from explorer.charts.coverage_heatmap import STATE_COLOURS

    grid = corridor_grid(kb, kb.meta.as_of, "RU", "KG", "contract", "stay", None)
    chart = coverage_heatmap(grid, "person", "care", {p: p for p in grid["person"].unique()},
                             {c: c for c in grid["care"].unique()}, kb, "en", selectable=selectable)
    out = export_figure(framed(chart, "T", "S", "Source: test", "Licence"))
    assert not [t for t in out.data if t.type == "heatmap"]
    xs, ys = list(out.layout.xaxis.categoryarray), list(out.layout.yaxis.categoryarray)
    drawn = sorted((ys[round((s.y0 + s.y1) / 2)], xs[round((s.x0 + s.x1) / 2)], s.fillcolor)
                   for s in out.layout.shapes if s.type == "rect" and s.xref == "x")
    assert drawn == sorted((r["row_label"], r["col_label"], STATE_COLOURS[r["state"]]) for r in chart.rows)


def test_chart_json_reads_back_with_plotly(heatmap) -> None:
    import plotly.io as pio

    figure = pio.from_json(chart_json(heatmap).decode("utf-8"))
    assert len(figure.data) == len(heatmap.figure.data)
    assert sorted(_cells_drawn(figure)) == sorted(_cells_drawn(heatmap.figure))
    frame = " ".join(a.text for a in figure.layout.annotations)
    assert "Россия ← Кыргызстан" in frame and "Источник: тест." in frame


def test_a_map_csv_holds_each_state_not_its_shape(kb) -> None:
    chart = region_map(region_models(kb, kb.meta.as_of, "en"), kb, "en")
    rows = chart_rows(chart)
    shapes = [r for r in rows if "model" in r]
    assert sorted(r["state"] for r in shapes) == sorted(kb.states)
    assert not any("coordinates" in r or "geometry" in r for r in rows)
    filled = [trace for trace in chart.figure.data if trace.fill == "toself"]
    assert sorted(trace.name for trace in filled) == sorted(r["state"] for r in rows)  # one shape per row


def test_xlsx_has_the_table_and_an_about_sheet() -> None:
    frame = pd.DataFrame({"государство": ["Россия", "Казахстан"], "n": [1, 2.5], "day": [dt.date(2026, 1, 1), None]})
    book = load_workbook(io.BytesIO(table_xlsx(frame, {"Источник": "тест", "Версия": "2026.11.3"})))
    assert book.sheetnames == ["data", "about"]
    assert [c.value for c in book["data"][1]] == ["государство", "n", "day"]
    assert book["data"]["A2"].value == "Россия" and book["data"]["B3"].value == 2.5
    assert [c.value for c in book["about"]["A"]] == ["Источник", "Версия"]


def test_csv_opens_in_excel_with_cyrillic() -> None:
    data = table_csv(pd.DataFrame({"a": ["Россия"]}))
    assert data.startswith(b"\xef\xbb\xbf") and "Россия" in data.decode("utf-8-sig")


def test_bundle_zip_has_data_metadata_and_a_readme(kb) -> None:
    bundle = ViewBundle(page="coverage")
    source = next(iter(kb.sources))
    bundle.add(ViewItem("chart-cov", "Heatmap", b"a,b\n1,2\n", (source,)))
    bundle.add(ViewItem("chart-cov", "Same name", b"a\n3\n"))
    data = bundle_zip(bundle, kb, "ru", "https://example.org/coverage?v=1", "Цитата", dt.date(2026, 11, 23))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == ["README.md", "chart-cov-2.csv", "chart-cov.csv", "metadata.json"]
    meta = json.loads(archive.read("metadata.json"))
    assert meta["data_version"] == kb.meta.data_version and meta["data_as_of"] == kb.meta.as_of.isoformat()
    # both dates (issue 14): the law as its newest source states it, and when the base was checked
    assert meta["sources_up_to"] == kb.sources_up_to.isoformat() and meta["last_checked"] == kb.last_checked.isoformat()
    assert meta["sources"][0]["id"] == source and meta["link"].startswith("https://example.org/")
    readme = archive.read("README.md").decode("utf-8")
    assert "Цитата" in readme and kb.meta.licence.ru in readme
    from explorer.i18n import t

    assert t("export.readme.version", "ru", version=kb.meta.data_version, as_of=kb.sources_up_to,
             checked=kb.last_checked) in readme


@pytest.mark.parametrize("parts,expected", [(("a", "2026-01-01"), "a-2026-01-01"), (("../x", "<y>"), "x--y"),
                                            (("",), "export")])
def test_file_names_are_safe(parts, expected) -> None:
    assert safe_name(*parts) == expected
