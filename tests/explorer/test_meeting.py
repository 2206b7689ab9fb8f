"""Meeting mode's fixed sequence of key views (explorer/meeting.py): every step builds in both languages."""

from __future__ import annotations

import math

import pytest

from explorer import meeting
from explorer.charts.frame import ROW_FILL
from explorer.charts.palette import MARKS, SYMBOLS
from explorer.i18n import LANGS
from explorer.view_state import decode


def _frame(chart) -> list:
    """The frame's lines of a framed chart's figure: title, subtitle (+ legend), source and licence (not
    the y axis title, which the frame also draws, turned a quarter)."""
    return [a for a in chart.framed_figure().layout.annotations if a.xshift is not None and not a.textangle]


def test_the_sequence(kb):
    assert meeting.sequence(kb) == ["region", "heatmap", "corridor", "timeline", "impact"]
    assert meeting.step_count(kb) == 5


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_every_step_builds_framed_and_large(kb, step, lang):
    slide = meeting.slide(kb, step, kb.meta.as_of, lang)
    assert slide.id == meeting.sequence(kb)[step - 1]
    spec = slide.spec()
    title, subtitle, *_, source = _frame(spec)
    assert title.font.size >= 30 and subtitle.font.size >= 18
    assert {a.font.color.lower() for a in _frame(spec)} <= {"#000000", "#111111"}  # black on white
    assert str(kb.meta.data_version) in source.text  # the source line, as-of and version are in the image
    figure = spec.framed_figure()
    assert figure.layout.xaxis.tickfont.size >= 18 or figure.layout.yaxis.tickfont.size >= 18
    large = slide.spec(meeting.LARGE)
    assert _frame(large)[0].font.size >= 40
    large_figure = large.framed_figure()
    assert max(large_figure.layout.xaxis.tickfont.size or 0, large_figure.layout.yaxis.tickfont.size or 0) >= 24
    assert [trace.to_plotly_json().get("x") for trace in large_figure.data] == [
        trace.to_plotly_json().get("x") for trace in figure.data]  # the same data, only larger
    assert slide.takeaway and not slide.takeaway[0].islower() and "{" not in slide.takeaway
    # the QR code's link reopens the same view in the normal app, with a valid view state
    state, notices = decode(slide.params, kb)
    assert notices == [] and state.lang == lang and state.mode is None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_row_labels_fit_their_rows_in_both_sizes(kb, step, lang):
    """A room enlarges type, not the plot: each row's label still fits its row (the timeline's 27 labels,
    22 px type in 15 px rows, were drawn over each other), and stays legible across a room."""
    slide = meeting.slide(kb, step, kb.meta.as_of, lang)
    for scale, legible in ((meeting.COMPACT, 12), (1.0, 14), (meeting.LARGE, 20)):
        layout = slide.spec(scale).framed_figure().layout
        rows = layout.yaxis.categoryarray
        if layout.yaxis.type != "category" or not rows:
            assert slide.id == "region"  # the map has no rows
            continue
        row = (layout.height - layout.margin.t - layout.margin.b) / len(rows)
        assert legible <= layout.yaxis.tickfont.size <= 0.8 * row, (scale, row, layout.yaxis.tickfont.size)


def test_a_slide_is_kept_per_step_date_and_language_and_is_what_building_it_gives(kb):
    """Back, Next and every rerun draw the kept slide (its chart's figure too, so the framed figures are
    reused); another date or language gets its own; a step out of range is step 1's."""
    import datetime as dt

    from policy.kept import forget

    forget(kb, "slides")
    first = meeting.slide(kb, 2, kb.meta.as_of, "en")
    assert meeting.slide(kb, 2, kb.meta.as_of, "en") is first
    assert meeting.slide(kb, 2, kb.meta.as_of, "ru") is not first
    earlier = meeting.slide(kb, 2, dt.date(2020, 1, 1), "en")
    assert earlier is not first and earlier.subtitle != first.subtitle
    assert meeting.slide(kb, 0, kb.meta.as_of, "en") is meeting.slide(kb, 1, kb.meta.as_of, "en")
    forget(kb, "slides")
    built = meeting.slide(kb, 2, kb.meta.as_of, "en")
    assert built is not first
    assert built.spec().framed_figure().to_plotly_json() == first.spec().framed_figure().to_plotly_json()
    assert (built.takeaway, built.params, built.chart.rows) == (first.takeaway, first.params, first.chart.rows)


def test_titles_and_takeaways_are_translated(kb):
    for step in range(1, meeting.step_count(kb) + 1):
        en, ru = (meeting.slide(kb, step, kb.meta.as_of, lang) for lang in ("en", "ru"))
        assert en.title != ru.title and en.takeaway != ru.takeaway
        assert _frame(en.spec())[0].text != _frame(ru.spec())[0].text


def test_takeaways_are_computed_from_the_data(kb):
    from explorer.views.coverage import coverage_grid
    from explorer.views.overview import region_models

    models = region_models(kb, kb.meta.as_of, "en")
    region = meeting.slide(kb, 1, kb.meta.as_of, "en")
    assert f"{len(models)} states" in region.takeaway
    grid = coverage_grid(kb, kb.meta.as_of, meeting.PERSON, meeting.STATUS, meeting.RESIDENCE, meeting.CARE, None)
    possible = grid[grid["applicable"].astype(bool)]
    covered = possible["level"].isin(meeting.COVERED).sum()
    heatmap = meeting.slide(kb, 2, kb.meta.as_of, "en")
    assert f"{covered} of {len(possible)}" in heatmap.takeaway
    corridor = meeting.slide(kb, 3, kb.meta.as_of, "en")
    view = kb.meta.default_view
    assert corridor.params["host"] == view.host and corridor.params["origin"] == view.origin


def test_steps_follow_the_date(kb):
    import datetime as dt

    early = meeting.slide(kb, 4, dt.date(2015, 1, 1), "en")
    late = meeting.slide(kb, 4, kb.meta.as_of, "en")
    assert early.takeaway != late.takeaway


def test_out_of_range_steps_are_clamped(kb):
    assert meeting.slide(kb, 0, kb.meta.as_of, "en").id == "region"
    assert meeting.slide(kb, 99, kb.meta.as_of, "en").id == meeting.sequence(kb)[-1]


def test_no_scenario_no_scenario_step(kb):
    import dataclasses

    view = kb.meta.default_view.model_copy(update={"scenario": None})
    without = dataclasses.replace(kb, meta=kb.meta.model_copy(update={"default_view": view}))
    assert "impact" not in meeting.sequence(without) and meeting.step_count(without) == 4
    assert "impact" in meeting.sequence(kb) and meeting.step_count(kb) == 5


def test_enlarging_leaves_the_data_alone(kb):
    slide = meeting.slide(kb, 2, kb.meta.as_of, "en")
    before = slide.chart.figure.to_json()
    figure = slide.spec().framed_figure()
    symbols = [trace for trace in figure.data if trace.name in (SYMBOLS, MARKS)]
    base = [trace for trace in slide.chart.figure.data if trace.name in (SYMBOLS, MARKS)]
    assert [s.name for s in symbols] == [b.name for b in base] and SYMBOLS in [s.name for s in symbols]
    layout = figure.layout
    row = (layout.height - layout.margin.t - layout.margin.b) / len(layout.yaxis.categoryarray)
    for s, b in zip(symbols, base, strict=True):  # the cells' symbols, enlarged: shapes and text alike
        size, base_size = (s.marker.size, b.marker.size) if s.name == SYMBOLS else (s.textfont.size, b.textfont.size)
        # as large as the room's type, unless the plot was fitted to the screen: then as large as a row allows
        assert size == min(round(base_size * meeting.ROOM_TYPE), math.floor(ROW_FILL * row)) > base_size
    cells = [trace for trace in figure.data if trace.customdata is not None]
    assert cells and [c.customdata for c in cells] == [
        b.customdata for b in slide.chart.figure.data if b.customdata is not None]  # the data, untouched
    assert slide.chart.figure.to_json() == before  # the base figure is untouched


def test_an_unknown_meeting_scenario_is_a_data_error(data_copy):
    import pytest

    from policy import DataError, load_knowledge_base

    meta = data_copy / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("scenario: ru-oms-eaeu-families", "scenario: no-such"),
                    encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_knowledge_base(data_copy)
    assert any("default_view.scenario" in e and "no-such" in e for e in error.value.errors)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("day", ["2010-01-01", "2035-12-31"])
def test_the_impact_step_on_a_date_without_recent_worker_counts_says_so(kb, day, lang):
    """Before the first worker count, or when every count is too old, the step names why it has no
    bars (it raised KeyError 'baseline' on such a date, and a room saw Streamlit's error box)."""
    import datetime as dt

    slide = meeting.impact_slide(kb, dt.date.fromisoformat(day), lang)
    why = {"2010-01-01": "2015", "2035-12-31": "→"}[day]  # the first count's year; the corridors left out
    assert why in slide.takeaway and "{" not in slide.takeaway
    assert not any(len(trace.x or ()) for trace in slide.spec().framed_figure().data)  # no bars drawn


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_takes_the_height_the_screen_leaves(kb, lang):
    """On a 1920×1080 screen the map's slide took 822 of the 919 px under the headline (the map about
    430 px wide): its plot now grows to fill the screen, on every size."""
    slide = meeting.slide(kb, 1, kb.meta.as_of, lang)
    for scale in meeting.SIZES:
        assert slide.spec(scale).framed_figure().layout.height == slide.room_for_chart(scale), scale
