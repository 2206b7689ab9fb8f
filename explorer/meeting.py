"""Meeting mode (`?mode=meeting&step=N`): a fixed sequence of key views for a room. Pure (no Streamlit).

Each step is a function of (knowledge base, date, language) that returns a ``Slide``: the framed
chart, enlarged to be read from the back of a room, a one-line takeaway computed from the data (never
a typed-in number), and the page and view-state of the same view in the normal app (the QR code in
the corner opens it on a phone). The corridor comes from the data's default view (data/meta.yaml),
so no state code lives here; the scenario step is shown only when data/meta.yaml names one
(`default_view.scenario`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from explorer.charts.coverage_heatmap import corridor_heatmap, coverage_heatmap
from explorer.charts.frame import Chart, for_width, framed, licence_line, source_line, wrap
from explorer.charts.impact_charts import corridor_bars_spec
from explorer.charts.instrument_timeline import instrument_timeline_chart
from explorer.charts.region_map import region_map
from explorer.i18n import fmt_number, t
from explorer.view_state import Notice, ViewState, default_state, encode
from explorer.views.common import law_notice
from policy.engine import rule_sources
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase

PERSON, STATUS, RESIDENCE, CARE = "spouse", "contract", "stay", "primary"  # the heatmap step's case
SINCE = dt.date(2014, 1, 1)  # the timeline's key instruments: signed or in force since
COVERED = ("free", "insured")  # levels that mean "no out-of-pocket payment"

# Sizes for a room at 1280×720 (chart column ~1000 px wide); LARGE scales type and plot for 1920×1080,
# COMPACT shrinks them for a 4:3 projector at 1024×768 (chart column ~750 px wide).
ROOM_TYPE = 2.0  # the frame's and axes' type at twice the page's: title 32 px, labels 22 px
ROOM_NOTE_TYPE = 1.5  # the subtitle's, legend's and source line's: 18, 18 and 16 px
ROOM_WIDTH = 900  # px a frame line may take in the room
LARGE = 1.4
COMPACT = 0.8
# The screen each size is drawn for (components/meeting_view.py shows one by its CSS): its height, the
# headline's type and line height, the px above the headline and between it and the chart, and the
# width of the column the headline wraps in (measured in Chromium). A slide fits its screen: a room
# must not scroll to see the chart's x axis, its source line and its dates.
SCREENS = {COMPACT: (768, 26, 31.2, 32, 752), 1.0: (720, 30, 36, 32, 957), LARGE: (1080, 42, 50.4, 32, 1469)}
SIZES = tuple(SCREENS)  # every size a slide is drawn in (components/meeting_view.py shows one by CSS)
ROOM_SOURCES = 3  # publishers a slide's source line names
SCREEN_SLACK = 12  # px left free under the figure
KEPT_SLIDES = 64  # slides kept per knowledge base (step, date, language): a room shows a few, often


@dataclass(frozen=True)
class Slide:
    id: str
    title: str
    subtitle: str
    chart: Chart  # the chart's own figure (not framed)
    source_line: str
    takeaway: str
    page: str  # url_path of the same view in the normal app
    params: dict[str, str]  # its query parameters (explorer.view_state.encode)
    licence: str = ""
    notice: str = ""  # "law as last known", when the date is later than the newest source stating the law

    def spec(self, scale: float = 1.0) -> Chart:
        """The chart framed for a room; ``scale`` enlarges type and plot (LARGE for a 1920×1080 screen,
        COMPACT for 1024×768)."""
        return for_the_room(self.chart, self.title, self.subtitle, self.source_line, scale, self.licence,
                            self.room_for_chart(scale))

    def room_for_chart(self, scale: float = 1.0) -> int:
        """Px of the screen's height the framed chart may take under the headline."""
        height, size, line, above, width = SCREENS[scale]
        headline = len(wrap(self.takeaway, size, width, bold=True)) * line
        return round(height - above - headline - SCREEN_SLACK)


def _line(kb: KnowledgeBase, sources: list[str], lang: str) -> str:
    # Three publishers named, then "and N more": a room reads the dates; the app lists every source.
    return source_line(kb, sources, lang, limit=ROOM_SOURCES)


def for_the_room(chart: Chart, title: str, subtitle: str, source_line: str, scale: float = 1.0,
                 licence: str = "", most_height: int = 0) -> Chart:
    """``framed`` with type and marks sized for a projector, black on white (contrast > 7:1). The plot
    itself grows by ``scale`` only; the title's and axes' type by ROOM_TYPE × ``scale``, the other frame
    texts' by ROOM_NOTE_TYPE × ``scale``; the plot shrinks so the whole is at most ``most_height`` px."""
    room = framed(chart, title, subtitle, source_line, licence)
    room = for_width(room, ROOM_WIDTH * scale, ROOM_TYPE * scale)
    return replace(room, plot_height=round(chart.plot_height / ROOM_TYPE), extra={**chart.extra, "ink": "#000000"},
                   note_scale=ROOM_NOTE_TYPE * scale, most_height=most_height)


def _sentence(text: str) -> str:
    """A takeaway starts with a capital, whatever label it starts with."""
    return text[:1].upper() + text[1:]


def _names(kb: KnowledgeBase, lang: str) -> dict[str, str]:
    return kb.state_names(lang)


def _link(kb: KnowledgeBase, state: ViewState, keep: tuple[str, ...] = ()) -> dict[str, str]:
    return encode(state, kb, keep=keep)


# --- the steps -------------------------------------------------------------------------------------


def region_slide(kb: KnowledgeBase, day: dt.date, lang: str) -> Slide:
    from explorer.views.overview import region_models

    models = region_models(kb, day, lang)
    known = models[models["model"].notna()]
    counts = known["model_label"].value_counts()
    takeaway = t(
        "meeting.takeaway.region",
        lang,
        model=counts.index[0],
        count=int(counts.iloc[0]),
        total=len(models),
        kinds=len(counts),
    )
    sources = [s for s in models["source_id"] if isinstance(s, str)]
    title, subtitle = t("overview.region", lang), t("overview.region_subtitle", lang, date=day)
    line = _line(kb, sources, lang) + " " + t("common.boundaries", lang)
    chart = region_map(models, kb, lang, height=330)
    chart = replace(chart, extra={**chart.extra, "fill": True})  # as tall as the screen allows
    state = default_state(kb).replace(lang=lang, date=day)
    return Slide("region", title, subtitle, chart, line, _sentence(takeaway), "overview", _link(kb, state))


def heatmap_slide(kb: KnowledgeBase, day: dt.date, lang: str) -> Slide:
    from explorer.views.coverage import coverage_grid

    grid = coverage_grid(kb, day, PERSON, STATUS, RESIDENCE, CARE, None)
    possible = grid[grid["applicable"].astype(bool)]
    covered = possible[possible["level"].isin(COVERED)]
    takeaway = t(
        "meeting.takeaway.heatmap",
        lang,
        covered=len(covered),
        total=len(possible),
        person=kb.label("person", PERSON, lang),
        care=kb.label("care", CARE, lang),
    )
    names = _names(kb, lang)
    title = t("coverage.title", lang)
    subtitle = t(
        "coverage.subtitle",
        lang,
        person=kb.label("person", PERSON, lang),
        status=kb.label("status", STATUS, lang),
        residence=kb.label("residence", RESIDENCE, lang),
        care=kb.label("care", CARE, lang),
        date=day,
    )
    sources = rule_sources(kb, grid.rules)  # the law in force: these slides draw no scenario
    chart = coverage_heatmap(
        grid,
        "host",
        "origin",
        names,
        names,
        kb,
        lang,
        row_title=t("coverage.host", lang),
        col_title=t("coverage.origin", lang),
        height=300,
    )
    state = default_state(kb).replace(
        lang=lang, date=day, person=PERSON, status=STATUS, residence=RESIDENCE, care=CARE, view="one_care"
    )
    return Slide(
        "heatmap",
        title,
        subtitle,
        chart,
        _line(kb, sources, lang),
        _sentence(takeaway),
        "coverage",
        _link(kb, state, keep=("person", "status", "residence", "care")),
    )


def corridor_slide(kb: KnowledgeBase, day: dt.date, lang: str) -> Slide:
    from explorer.views.coverage import corridor_grid

    host, origin = kb.meta.default_view.host, kb.meta.default_view.origin
    grid = corridor_grid(kb, day, host, origin, STATUS, RESIDENCE, None)
    names = _names(kb, lang)
    possible = grid[grid["applicable"].astype(bool)]
    family = possible[possible["person"] != "worker"]
    covered = family[family["level"].isin(COVERED)]
    takeaway = t(
        "meeting.takeaway.corridor",
        lang,
        covered=len(covered),
        total=len(family),
        origin=names[origin],
        host=names[host],
    )
    title = t("coverage.corridor", lang, host=names[host], origin=names[origin])
    subtitle = t(
        "coverage.corridor_subtitle",
        lang,
        status=kb.label("status", STATUS, lang),
        residence=kb.label("residence", RESIDENCE, lang),
        date=day,
    )
    sources = rule_sources(kb, grid.rules)  # the law in force: these slides draw no scenario
    chart = corridor_heatmap(grid, kb, lang, height=240)
    state = default_state(kb).replace(lang=lang, date=day, host=host, origin=origin, status=STATUS, residence=RESIDENCE)
    return Slide(
        "corridor",
        title,
        subtitle,
        chart,
        _line(kb, sources, lang),
        _sentence(takeaway),
        "coverage",
        _link(kb, state, keep=("host", "origin", "status", "residence")),
    )


def timeline_slide(kb: KnowledgeBase, day: dt.date, lang: str) -> Slide:
    from explorer.views.instruments import instrument_timeline
    from explorer.views.overview import key_instruments

    # Between states only (more than one party): a room reads 13 rows, not the overview's 28 with each
    # state's own laws (27 rows did not fit a 1280×720 screen at legible type). Those are one scan away.
    ids = [i for i in key_instruments(kb, since=SINCE) if len(kb.instruments[i].parties) > 1]
    timeline = instrument_timeline(kb, lang, ids=ids)
    in_force = [
        i
        for i in ids
        if (inst := kb.instruments[i]).in_force is not None
        and inst.in_force <= day
        and (inst.ended is None or day < inst.ended)
    ]
    pending = int(timeline["start"].isna().sum())
    takeaway = t(
        "meeting.takeaway.timeline",
        lang,
        total=len(ids),
        in_force=len(in_force),
        pending=pending,
        date=day,
        year=str(SINCE.year),
    )
    sources = [s for ids_ in timeline["sources"] for s in ids_.split()]
    title = t("meeting.timeline", lang)
    subtitle = f'{t("overview.timeline_subtitle", lang)}. {t("meeting.timeline_national", lang)}'
    chart = instrument_timeline_chart(timeline, lang, bar_width=5, row_px=28)
    state = default_state(kb).replace(lang=lang, date=day)
    return Slide(
        "timeline", title, subtitle, chart, _line(kb, sources, lang), _sentence(takeaway), "overview", _link(kb, state)
    )


def impact_slide(kb: KnowledgeBase, day: dt.date, lang: str) -> Slide:
    from explorer.views.impact import no_estimate_note
    from policy.impact import corridor_bars, impact

    scenario = kb.meta.default_view.scenario  # data/meta.yaml names it (the step is shown only then)
    assert scenario is not None, "the impact step is in the sequence only when data/meta.yaml names a scenario"
    result = impact(kb, day, scenario)
    bars = corridor_bars(result)
    totals = bars.groupby("series")["central"].sum()
    scenario_name = kb.scenarios[scenario].name.in_lang(lang)
    def rounded(v: float) -> str:
        return fmt_number(round(float(v), -3), lang)  # an estimate: shown to the thousand
    names = _names(kb, lang)
    if result.corridors.empty:  # no corridor has a recent worker count on the date: say so, as the Scenarios page does
        takeaway = no_estimate_note(kb, result, day, lang)
    else:
        takeaway = t("meeting.takeaway.impact", lang, before=rounded(totals["baseline"]),
                     after=rounded(totals["scenario"]))
    title = t("impact.bars.title", lang)
    subtitle = t("impact.subtitle", lang, scenario=scenario_name, date=day, years=fmt_number(0, lang))
    sources = [s for p in result.parameters["sources"] for s in str(p).split()]
    chart = corridor_bars_spec(
        bars,
        names,
        {"baseline": t("scenarios.baseline", lang), "scenario": scenario_name},
        t("impact.bars.axis", lang),
        t("impact.series", lang),
        ",.0f",
        lang,
        step=12,
    )
    line = _line(kb, [*sources, *kb.scenarios[scenario].sources], lang)
    state = default_state(kb).replace(lang=lang, date=day, scenario=scenario)
    return Slide("impact", title, subtitle, chart, line, _sentence(takeaway), "scenarios", _link(kb, state))


STEPS: dict[str, Callable[[KnowledgeBase, dt.date, str], Slide]] = {
    "region": region_slide,
    "heatmap": heatmap_slide,
    "corridor": corridor_slide,
    "timeline": timeline_slide,
    "impact": impact_slide,
}


def sequence(kb: KnowledgeBase) -> list[str]:
    """The step ids in order; the scenario step only when data/meta.yaml names a scenario."""
    return [s for s in STEPS if s != "impact" or kb.meta.default_view.scenario is not None]


def step_count(kb: KnowledgeBase) -> int:
    return len(sequence(kb))


def checked_step(kb: KnowledgeBase, step: int) -> tuple[int, Notice | None]:
    """The link's step if the sequence has it, else step 1 and the plain-text notice a bad link gets
    (it says how many steps there are: a link pinned to an older data version may have fewer)."""
    if 1 <= step <= step_count(kb):
        return step, None
    return 1, Notice("step", str(step), "no_such_step", (("steps", str(step_count(kb))),))


def slide(kb: KnowledgeBase, step: int, day: dt.date, lang: str) -> Slide:
    """Step ``step`` (1-based; out of range is clamped) of the sequence on ``day``. Kept per knowledge
    base, step, date and language: a room's every Back, Next and reload draws one of the same few
    slides. Built anew, a slide and its chart framed in two sizes took a run 0.11–0.17 s of CPU; kept,
    0.03–0.04 s (the framed figures are kept per bare figure, so they are reused too). Shared: never
    changed in place."""
    ids = sequence(kb)
    step_id = ids[min(max(step, 1), len(ids)) - 1]
    return kept(kb, "slides", (step_id, day, lang), lambda: _built_slide(kb, step_id, day, lang), KEPT_SLIDES)


def _built_slide(kb: KnowledgeBase, step_id: str, day: dt.date, lang: str) -> Slide:
    made = STEPS[step_id](kb, day, lang)
    return replace(made, licence=licence_line(kb, lang), notice=law_notice(kb, day, lang) or "")
